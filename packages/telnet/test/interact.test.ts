// interact(), mt_interact() and listener() on injected streams, against the in-process shell.
import { PassThrough } from "node:stream";
import { oserror } from "@inetlib/socket";
import { TelnetServer } from "@inetlib/testing";
import { afterEach, describe, expect, it } from "vitest";
import { Telnet } from "../src/index.js";
import { listener } from "../src/interact.js";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function session(): Promise<{
  server: TelnetServer;
  tn: Telnet;
  stdin: PassThrough;
  stdout: PassThrough;
  out: () => string;
}> {
  const server = await TelnetServer.open({ login: false, propose: { will: [], do: [] } });
  const tn = await Telnet.open("127.0.0.1", server.port, { timeout: 10 });
  cleanup.push(async () => {
    await tn.close();
    await server.close();
  });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let text = "";
  stdout.on("data", (chunk: Buffer) => {
    text += chunk.toString("latin1");
  });
  return { server, tn, stdin, stdout, out: () => text };
}

// Resolves once `out()` contains `what`.
async function shows(out: () => string, what: string): Promise<void> {
  while (!out().includes(what)) await new Promise((r) => setTimeout(r, 5));
}

describe("interact", () => {
  it("copies stdin's lines to the server and its output to stdout until the server closes", async () => {
    const { tn, stdin, stdout, out, server } = await session();
    const done = tn.interact({ stdin, stdout });
    await shows(out, "inetlib@inetlib:~$ ");
    stdin.write("echo hi there\n");
    await shows(out, "hi there\r\n");
    stdin.write("exit\n");
    await done;
    expect(out()).toBe(
      "inetlib@inetlib:~$ hi there\r\ninetlib@inetlib:~$ logout\r\n*** Connection closed by remote host ***\n",
    );
    // Lines go out as read, with their bare LF, as Python's interact() sends them.
    expect(server.connections[0]!.transcript.toString()).toBe("echo hi there\nexit\n");
    expect(stdin.listenerCount("data")).toBe(0);
  });

  it("returns when stdin ends, leaving the connection open", async () => {
    const { tn, stdin, stdout, out } = await session();
    const done = tn.interact({ stdin, stdout });
    await shows(out, "$ ");
    stdin.end("whoami\n");
    await done;
    expect(out()).not.toContain("Connection closed");
    expect(tn.sock).not.toBeNull();
    await tn.write(Buffer.from("echo still open\n"));
    expect((await tn.read_until(Buffer.from("still open\r\n"))).toString()).toMatch(/still open\r\n$/);
  });

  it("with waitForClose, goes on reading after stdin ends until the server closes", async () => {
    const { tn, stdin, stdout, out } = await session();
    stdin.end("echo late answer\nexit\n");
    await tn.interact({ stdin, stdout, waitForClose: true });
    expect(out()).toBe(
      "inetlib@inetlib:~$ late answer\r\ninetlib@inetlib:~$ logout\r\n*** Connection closed by remote host ***\n",
    );
  });

  it("sends a last line without its newline, as readline() returns it", async () => {
    const { tn, stdin, stdout, server } = await session();
    const done = tn.interact({ stdin, stdout });
    stdin.end("echo partial");
    await done;
    await server.connections[0]!.waitFor("echo partial");
    expect(server.connections[0]!.transcript.toString()).toBe("echo partial");
  });
});

describe("mt_interact and listener", () => {
  it("returns when stdin ends; the listener copies output until the connection closes", async () => {
    const { tn, stdin, stdout, out } = await session();
    const done = tn.mt_interact({ stdin, stdout });
    stdin.end("echo one\nexit\n");
    await done;
    await shows(out, "*** Connection closed by remote host ***\n");
    expect(out()).toContain("one\r\n");
    expect(out()).toContain("logout\r\n");
  });

  it("listener() stops quietly when the connection is closed here", async () => {
    const { tn, stdout, out } = await session();
    const listening = tn.listener({ stdout });
    await shows(out, "$ ");
    await tn.close();
    await listening;
    expect(out()).toBe("inetlib@inetlib:~$ ");
  });

  it("listener() stops quietly when close() here fails a read in flight (EBADF)", async () => {
    // The read in flight when close() runs fails with the socket's EBADF, not EOFError.
    const target = {
      sock: {} as unknown,
      read_eager: () => {
        target.sock = null;
        return Promise.reject(oserror("EBADF"));
      },
      write: async () => {},
      _select: async () => true,
    };
    const stdout = new PassThrough();
    await expect(listener(target, { stdout })).resolves.toBeUndefined();
    expect(stdout.read()).toBeNull();
    // Not closed here: the same error is the caller's.
    target.sock = {};
    const failing = { ...target, read_eager: () => Promise.reject(oserror("ECONNRESET")) };
    await expect(listener(failing, { stdout })).rejects.toMatchObject({ errno: 104 });
  });
});
