// urlopen's signal for every scheme: aborting rejects the call (or the body's next read) with
// AbortError at once and closes the connection, against servers that stall on purpose.
import { getEventListeners } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbortError, create_default_context } from "@inetlib/socket";
import { FileTree, FTPServer, HTTPTestServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CA_CERT, serverContext } from "../../socket/test/fixtures/certs.js";
import { build_opener, GopherHandler, HTTPSHandler, urlopen } from "../src/index.js";

/** A TCP server that writes `greeting` to each client, then says nothing more; it records when each client goes. */
class StallServer {
  readonly closed: Array<Promise<void>> = [];
  readonly accepted: Array<Promise<void>> = [];
  #next: (() => void) | null = null;
  port = 0;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  constructor(greeting: string) {
    this.#server = createServer((sock) => {
      this.#sockets.add(sock);
      this.closed.push(new Promise((resolve) => sock.once("close", () => resolve())));
      sock.on("error", () => {});
      sock.on("data", () => {});
      if (greeting) sock.write(greeting);
      this.#next?.();
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.port = (this.#server.address() as { port: number }).port;
    return this;
  }

  /** Resolves when the next client connects. */
  connection(): Promise<void> {
    return new Promise((resolve) => {
      this.#next = resolve;
    });
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

async function abortWhenConnected(server: StallServer, url: string, opener = build_opener()) {
  const controller = new AbortController();
  const connected = server.connection();
  const pending = opener.open(url, null, 30, { signal: controller.signal });
  await connected;
  const reason = new Error("stop");
  controller.abort(reason);
  const err = await pending.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AbortError);
  expect((err as AbortError).cause).toBe(reason);
  // The client's socket was closed: the server sees the end.
  await server.closed.at(-1);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "inetlib-abort-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("urlopen's signal", () => {
  it("http: stops waiting for the head, and stops a body mid-way", async () => {
    const silent = await new StallServer("").start();
    await abortWhenConnected(silent, `http://127.0.0.1:${silent.port}/`);
    await silent.close();

    const partial = await new StallServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this").start();
    const controller = new AbortController();
    const r = await urlopen(`http://127.0.0.1:${partial.port}/`, null, 30, { signal: controller.signal });
    const reading = r.read();
    controller.abort();
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    // Every read after the abort says why, rather than b"" or the close's error.
    await expect(r.read(10)).rejects.toBeInstanceOf(AbortError);
    await expect(r.readline()).rejects.toBeInstanceOf(AbortError);
    await partial.closed.at(-1);
    await partial.close();
  });

  it("http: a signal shared by many urlopens keeps no listener once their bodies are read", async () => {
    await using server = await HTTPTestServer.start({
      routes: { "/": () => ({ raw: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" }) },
    });
    const controller = new AbortController();
    for (let i = 0; i < 10; i++) {
      const r = await urlopen(`http://127.0.0.1:${server.port}/`, null, 30, { signal: controller.signal });
      await r.read();
    }
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("https: stops a request the server never answers", async () => {
    await using server = await HTTPTestServer.start({ tls: serverContext() });
    const context = create_default_context({ cafile: CA_CERT });
    const controller = new AbortController();
    const pending = build_opener(new HTTPSHandler(0, context)).open(
      server.url("/hang").replace("http:", "https:"),
      null,
      30,
      {
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it("ftp: stops a login the server never answers, and a transfer's body", async () => {
    const silent = await new StallServer("220 hello\r\n").start();
    await abortWhenConnected(silent, `ftp://127.0.0.1:${silent.port}/x.txt`);
    await silent.close();

    await using server = await FTPServer.open({
      tree: new FileTree({ "/big.bin": Buffer.alloc(1 << 22, 7) }),
    });
    const controller = new AbortController();
    const r = await urlopen(`ftp://127.0.0.1:${server.port}/big.bin`, null, 30, {
      signal: controller.signal,
    });
    expect((await r.read(10)).length).toBe(10);
    controller.abort();
    await expect(r.read()).rejects.toBeInstanceOf(AbortError);
  });

  it("gopher and gophers: stop a selector the server never answers", async () => {
    const silent = await new StallServer("").start();
    await abortWhenConnected(silent, `gopher://127.0.0.1:${silent.port}/0/x`);
    await silent.close();
    const tls = await new StallServer("").start();
    const opener = build_opener(new GopherHandler(create_default_context({ cafile: CA_CERT })));
    await abortWhenConnected(tls, `gophers://127.0.0.1:${tls.port}/0/x`, opener);
    await tls.close();
  });

  it("file: and data: refuse an aborted signal, and a file's reads stop", async () => {
    const path = join(dir, "f.txt");
    await writeFile(path, "x".repeat(1000));
    const done = AbortSignal.abort();
    await expect(urlopen(`file://${path}`, null, undefined, { signal: done })).rejects.toBeInstanceOf(
      AbortError,
    );
    await expect(urlopen("data:,hello", null, undefined, { signal: done })).rejects.toBeInstanceOf(
      AbortError,
    );
    const controller = new AbortController();
    const r = await urlopen(`file://${path}`, null, undefined, { signal: controller.signal });
    expect((await r.read(10)).toString()).toBe("xxxxxxxxxx");
    controller.abort();
    await expect(r.read()).rejects.toBeInstanceOf(AbortError);
    const d = await urlopen("data:,hello", null, undefined, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(d).toBeInstanceOf(AbortError);
  });
});
