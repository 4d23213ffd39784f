import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AF_INET6, AF_UNIX, SOCK_STREAM } from "../src/constants.js";
import { OSError, ValueError } from "../src/errors.js";
import { type AddressInfo, socket } from "../src/socket.js";
import {
  BaseRequestHandler,
  StreamRequestHandler,
  TCPServer,
  ThreadingTCPServer,
  UnixDatagramServer,
  UnixStreamServer,
} from "../src/socketserver/index.js";
import { dial, readAll } from "./fixtures/loopback.js";

/** The Python docs' handler: reads a line, answers it in upper case. */
class UpperHandler extends StreamRequestHandler {
  override async handle(): Promise<void> {
    const data = (await this.rfile.readline()).toString().trim();
    await this.wfile.write(Buffer.from(data.toUpperCase()));
  }
}

function portOf(server: TCPServer): number {
  return (server.server_address as [string, number])[1];
}

/** Sends one line and reads the reply to end of stream. */
async function ask(port: number, line: string, host = "127.0.0.1"): Promise<string> {
  const s = await dial(port, host);
  try {
    await s.sendall(Buffer.from(`${line}\n`));
    return (await readAll(s)).toString();
  } finally {
    await s.close();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("TCPServer", () => {
  it("serves the Python docs' upper-case example until shutdown() from another task", async () => {
    const server = await TCPServer.open(["127.0.0.1", 0], UpperHandler);
    let actions = 0;
    server.service_actions = () => {
      actions++;
    };
    // A poll interval longer than the test timeout: shutdown() must not wait for it.
    const serving = server.serve_forever(60);
    try {
      expect(portOf(server)).toBeGreaterThan(0);
      expect(await ask(portOf(server), "hello world")).toBe("HELLO WORLD");
      expect(await ask(portOf(server), "again")).toBe("AGAIN");
      expect(actions).toBeGreaterThanOrEqual(2);
    } finally {
      await server.shutdown();
      await serving;
      await server.server_close();
    }
    expect(server.fileno()).toBe(-1);
  });

  it("serves many clients at once", async () => {
    const n = 20;
    let waiting = 0;
    let release!: () => void;
    const allIn = new Promise<void>((r) => (release = r));
    class Barrier extends BaseRequestHandler<socket> {
      override async handle(): Promise<void> {
        const line = await this.request.recv(100);
        // No reply until every client is being handled: a server taking one at a time never gets here.
        if (++waiting === n) release();
        await allIn;
        await this.request.sendall(Buffer.from(line.toString().toUpperCase()));
      }
    }
    await using server = await ThreadingTCPServer.open(["127.0.0.1", 0], Barrier);
    const serving = server.serve_forever(0.05);
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => ask(portOf(server), `client ${i}`)),
    );
    expect(replies).toEqual(Array.from({ length: n }, (_, i) => `CLIENT ${i}\n`));
    await server.shutdown();
    await serving;
  });

  it("handle_request() honours timeout and calls handle_timeout()", async () => {
    await using server = await TCPServer.open(["127.0.0.1", 0], UpperHandler);
    server.timeout = 0.05;
    let timeouts = 0;
    server.handle_timeout = () => {
      timeouts++;
    };
    await server.handle_request();
    expect(timeouts).toBe(1);
    const reply = ask(portOf(server), "one");
    await server.handle_request();
    expect(await reply).toBe("ONE");
    expect(timeouts).toBe(1);
  });

  it("a handler that throws goes to handle_error(), printed as Python does, and serving goes on", async () => {
    class Flaky extends StreamRequestHandler {
      override async handle(): Promise<void> {
        const line = (await this.rfile.readline()).toString().trim();
        if (line === "boom") throw new ValueError("boom");
        await this.wfile.write(Buffer.from(line.toUpperCase()));
      }
    }
    const printed: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    await using server = await TCPServer.open(["127.0.0.1", 0], Flaky);
    const seen: Array<[AddressInfo, unknown]> = [];
    const original = server.handle_error.bind(server);
    server.handle_error = (request, client_address, error) => {
      seen.push([client_address, error]);
      return original(request, client_address, error);
    };
    const serving = server.serve_forever(0.05);
    const probe = await dial(portOf(server));
    const clientPort = (probe.getsockname() as [string, number])[1];
    await probe.sendall(Buffer.from("boom\n"));
    expect((await readAll(probe)).length).toBe(0);
    await probe.close();
    expect(await ask(portOf(server), "fine")).toBe("FINE");
    await server.shutdown();
    await serving;
    expect(seen).toHaveLength(1);
    expect(seen[0]![0]).toEqual(["127.0.0.1", clientPort]);
    expect(seen[0]![1]).toBeInstanceOf(ValueError);
    const out = printed.join("");
    expect(out).toContain(
      `${"-".repeat(40)}\nException occurred during processing of request from ('127.0.0.1', ${clientPort})\n`,
    );
    expect(out).toContain("ValueError: boom");
  });

  it("verify_request() returning false closes the connection unhandled", async () => {
    let handled = 0;
    class Counting extends BaseRequestHandler<socket> {
      override handle(): void {
        handled++;
      }
    }
    await using server = await TCPServer.open(["127.0.0.1", 0], Counting);
    server.verify_request = () => false;
    const reply = ask(portOf(server), "x");
    await server.handle_request();
    expect(await reply).toBe("");
    expect(handled).toBe(0);
  });

  it("server_close() waits for running handlers", async () => {
    const events: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    class Slow extends BaseRequestHandler<socket> {
      override async handle(): Promise<void> {
        started();
        await gate;
        await this.request.sendall(Buffer.from("done"));
        events.push("handler done");
      }
    }
    const server = await TCPServer.open(["127.0.0.1", 0], Slow);
    const reply = ask(portOf(server), "x");
    await server.handle_request();
    await running;
    const closing = server.server_close().then(() => events.push("closed"));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(events).toEqual([]);
    open();
    await closing;
    expect(events).toEqual(["handler done", "closed"]);
    expect(await reply).toBe("done");
  });

  it("binds nothing when constructed with bind_and_activate false; server_bind() records the real port", async () => {
    const server = new TCPServer(["127.0.0.1", 0], UpperHandler, false);
    expect(server.server_address).toEqual(["127.0.0.1", 0]);
    expect(server.socket._server).toBeNull();
    server.allow_reuse_address = true;
    await server.server_bind();
    await server.server_activate();
    expect(portOf(server)).toBeGreaterThan(0);
    const reply = ask(portOf(server), "manual");
    await server.handle_request();
    expect(await reply).toBe("MANUAL");
    await server.server_close();
  });

  it("with bind_and_activate (the default), binds on first use", async () => {
    const server = new TCPServer(["127.0.0.1", 0], UpperHandler);
    const serving = server.serve_forever(0.05);
    while (portOf(server) === 0) await new Promise((r) => setImmediate(r));
    expect(await ask(portOf(server), "lazy")).toBe("LAZY");
    await server.shutdown();
    await serving;
    await server.server_close();
  });

  it("`await using` closes the server", async () => {
    let port = 0;
    {
      await using server = await TCPServer.open(["127.0.0.1", 0], UpperHandler);
      port = portOf(server);
    }
    const s = new socket();
    await expect(s.connect(["127.0.0.1", port])).rejects.toMatchObject({ errno: 111 });
    await s.close();
  });

  it("serves IPv6 with address_family = AF_INET6", async () => {
    class TCPServerV6 extends TCPServer {
      override address_family = AF_INET6;
    }
    await using server = await TCPServerV6.open(["::1", 0], UpperHandler);
    expect(server.server_address).toEqual(["::1", expect.any(Number), 0, 0]);
    const reply = ask(portOf(server), "six", "::1");
    await server.handle_request();
    expect(await reply).toBe("SIX");
  });
});

describe("Unix domain servers", () => {
  it("UnixStreamServer serves on a path", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inetlib-ss-"));
    const where = path.join(dir, "sock");
    try {
      await using server = await UnixStreamServer.open(where, UpperHandler);
      expect(server.server_address).toBe(where);
      const client = new socket(AF_UNIX, SOCK_STREAM);
      await client.connect(where);
      const handled = server.handle_request();
      await client.sendall(Buffer.from("unix\n"));
      expect((await readAll(client)).toString()).toBe("UNIX");
      await handled;
      await client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("UnixDatagramServer says Node.js has no Unix datagram sockets", () => {
    let err: unknown;
    try {
      new UnixDatagramServer("/tmp/never", BaseRequestHandler);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OSError);
    expect((err as OSError).errno).toBe(97);
    expect((err as Error).message).toMatch(/Node\.js has no Unix datagram sockets/);
  });
});
