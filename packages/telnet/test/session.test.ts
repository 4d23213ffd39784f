// login() and run() against the in-process server's login and shell, with and without option
// handlers, and against its fixed program; what the client sent, byte for byte.
import { DebugTrace, TimeoutError, ValueError } from "@inetlib/socket";
import { TelnetServer, upperProgram } from "@inetlib/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  BinaryHandler,
  EchoHandler,
  EOFError,
  LoginError,
  NewEnvironHandler,
  SuppressGoAheadHandler,
  Telnet,
  TerminalTypeHandler,
  WindowSizeHandler,
} from "../src/index.js";
import { bytes } from "./helpers.js";

const IAC = 255;
const [DONT, WONT] = [254, 252];

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function start(
  options: ConstructorParameters<typeof DebugTrace>[0] & Parameters<typeof TelnetServer.open>[0] = {},
) {
  const server = await TelnetServer.open(options);
  cleanup.push(() => server.close());
  return server;
}

async function connect(port: number, options: Parameters<typeof Telnet.open>[2] = {}) {
  const tn = await Telnet.open("127.0.0.1", port, { timeout: 10, ...options });
  cleanup.push(() => tn.close());
  return tn;
}

describe("login and run, telnetlib's way (every option refused)", () => {
  it("logs in, runs commands, logs out; the client sent exactly this", async () => {
    const server = await start();
    const tn = await connect(server.port);
    expect(await tn.login("inetlib", "inetlib-pass")).toBe("\nWelcome to the inetlib test telnet server.\n");
    expect(await tn.run("echo hello world")).toBe("hello world\n");
    expect(await tn.run("whoami; pwd")).toBe("inetlib\n/home/inetlib\n");
    expect(await tn.run("cat notes.txt")).toBe("telnet is RFC 854\n");
    expect(await tn.run("echo $TERM")).toBe("network\n");
    expect(await tn.run("exit")).toBe("logout\n");
    await expect(tn.read_very_eager()).rejects.toBeInstanceOf(EOFError);
    const conn = server.connections[0]!;
    await conn.closed;
    expect(conn.transcript).toEqual(
      bytes(
        IAC,
        DONT,
        1,
        IAC,
        DONT,
        3,
        IAC,
        WONT,
        24,
        IAC,
        WONT,
        31,
        IAC,
        WONT,
        39,
        "inetlib\r\ninetlib-pass\r\necho hello world\r\nwhoami; pwd\r\ncat notes.txt\r\necho $TERM\r\nexit\r\n",
      ),
    );
  });

  it("masks the password in the debug trace", async () => {
    const server = await start();
    const lines: string[] = [];
    const tn = await connect(server.port, {
      debug: new DebugTrace({ level: 1, sink: (t) => lines.push(t) }),
    });
    await tn.login("inetlib", "inetlib-pass");
    const trace = lines.join("");
    expect(trace).toContain(`Telnet(127.0.0.1,${server.port}): send b'inetlib\\r\\n'\n`);
    expect(trace).toContain(`Telnet(127.0.0.1,${server.port}): send b'************\\r\\n'\n`);
    expect(trace).not.toContain("inetlib-pass");
  });
});

describe("login and run with option handlers", () => {
  it("gives the server the terminal type, window size and environment", async () => {
    const server = await start();
    const naws = new WindowSizeHandler(132, 43);
    const tn = await connect(server.port, {
      handlers: [
        new EchoHandler(),
        new SuppressGoAheadHandler(),
        new TerminalTypeHandler("VT100"),
        naws,
        new NewEnvironHandler({ USER: "inetlib", ORGANIZATION: "inetlib tests" }),
      ],
    });
    await tn.login("inetlib", "inetlib-pass");
    // The server echoes (ECHO is on): run() takes the echoed line out.
    expect(await tn.run("echo $TERM")).toBe("vt100\n");
    expect(await tn.run("stty size")).toBe("43 132\n");
    await naws.resize(100, 30);
    expect(await tn.run("stty size")).toBe("30 100\n");
    expect(await tn.run("echo $ORGANIZATION")).toBe("inetlib tests\n");
    const conn = server.connections[0]!;
    expect(conn.terminalTypes).toEqual(["VT100"]);
    expect(conn.environ).toEqual({ USER: "inetlib", ORGANIZATION: "inetlib tests" });
    expect([...conn.clientDo].sort()).toEqual([1, 3]);
  });
});

describe("login and run with BINARY", () => {
  // Behind telnetd a client's BINARY reaches the pty byte for byte: CR LF is two line ends.
  // inetutils telnetd asks the client for BINARY (DO BINARY) on connect.
  const propose = { will: [1, 3], do: [0, 24, 31, 39] };
  it("sends CR alone as the line end, so the output is as without BINARY", async () => {
    const server = await start({ propose });
    const tn = await connect(server.port, {
      handlers: [new EchoHandler(), new SuppressGoAheadHandler(), new BinaryHandler()],
    });
    expect(await tn.login("inetlib", "inetlib-pass")).toBe("\nWelcome to the inetlib test telnet server.\n");
    expect(await tn.run("echo hello world")).toBe("hello world\n");
    expect(await tn.run("whoami")).toBe("inetlib\n");
    const conn = server.connections[0]!;
    expect(conn.clientWill.has(0)).toBe(true);
    expect(conn.transcript.toString("latin1")).toContain("inetlib\rinetlib-pass\recho hello world\rwhoami\r");
    expect(conn.transcript.includes("\n")).toBe(false);
  });

  it("the fixed program answers each command once", async () => {
    const server = await start({ program: upperProgram, propose });
    const tn = await connect(server.port, {
      handlers: [new EchoHandler(), new SuppressGoAheadHandler(), new BinaryHandler()],
    });
    await tn.read_until(bytes("cmd> "));
    expect(await tn.run("hello", { prompt: /cmd> $/ })).toBe("HELLO\n");
    expect(await tn.run("world", { prompt: /cmd> $/ })).toBe("WORLD\n");
    // No second prompt (from an empty line) comes after the last one.
    await tn.write(bytes("quit\r"));
    expect((await tn.read_all()).toString()).toBe("quit\r\nbye\r\n");
  });
});

describe("login failures", () => {
  it("raises LoginError on a wrong password, with what the server said", async () => {
    const server = await start();
    const tn = await connect(server.port);
    const err = await tn.login("inetlib", "wrong").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).message).toBe("login refused");
    expect((err as LoginError).text).toContain("Login incorrect");
  });

  it("raises LoginError when no login prompt comes in time", async () => {
    const server = await start({ script: async () => {} });
    const tn = await connect(server.port);
    await expect(tn.login("inetlib", "x", { timeout: 0.1 })).rejects.toThrow("no login prompt in time");
  });

  it("refuses CR, LF and NUL in the user name, password and command before sending", async () => {
    const server = await start();
    const tn = await connect(server.port);
    await expect(tn.login("inetlib\r\nroot", "x")).rejects.toBeInstanceOf(ValueError);
    await expect(tn.login("inetlib", "a\0b")).rejects.toBeInstanceOf(ValueError);
    await tn.login("inetlib", "inetlib-pass");
    const before = server.connections[0]!.transcript.length;
    await expect(tn.run("echo a\nrm -rf /")).rejects.toBeInstanceOf(ValueError);
    expect(await tn.run("echo fine")).toBe("fine\n");
    expect(server.connections[0]!.transcript.subarray(before).toString()).toBe("echo fine\r\n");
  });

  it("run() raises a timeout when the prompt does not come back", async () => {
    const server = await start({ commands: { hang: () => new Promise<string>(() => {}) } });
    const tn = await connect(server.port);
    await tn.login("inetlib", "inetlib-pass");
    await expect(tn.run("hang", { timeout: 0.1 })).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("run() against what real shells do", () => {
  it("waits past a prompt redrawn before the echo (SIGWINCH), and drops bracketed-paste toggles", async () => {
    const server = await start({
      script: async (conn) => {
        await conn.send(bytes(IAC, 251, 1, "$ "));
        await conn.waitFor("cmd\r\n");
        await conn.send("\r\x1b[K\r$ ");
        await new Promise((r) => setTimeout(r, 20));
        await conn.send("cmd\r\n\x1b[?2004l\rout 1\r\nout 2\r\n\x1b[?2004h$ ");
      },
    });
    const tn = await connect(server.port, { handlers: [new EchoHandler()] });
    await tn.read_until(bytes("$ "));
    expect(await tn.run("cmd", { prompt: /\$ $/ })).toBe("out 1\nout 2\n");
  });

  it("drops what arrived before the command was sent", async () => {
    const server = await start({
      script: async (conn) => {
        await conn.send("$ stale output\r\n$ ");
        await conn.waitFor("cmd\r\n");
        await conn.send("fresh\r\n$ ");
      },
    });
    const tn = await connect(server.port);
    await tn._select(5);
    await new Promise((r) => setTimeout(r, 20));
    expect(await tn.run("cmd", { prompt: "\\$ $" })).toBe("fresh\n");
  });
});

describe("the fixed program (telnetd -E)", () => {
  it("talks to it with read_until and write", async () => {
    const server = await start({ program: upperProgram, propose: { will: [], do: [] } });
    const tn = await connect(server.port);
    expect((await tn.read_until(bytes("cmd> "))).toString()).toBe("inetlib telnet test program\r\ncmd> ");
    await tn.write(bytes("hello\r\n"));
    expect((await tn.read_until(bytes("cmd> "))).toString()).toBe("HELLO\r\ncmd> ");
    expect(await tn.run("again", { prompt: /cmd> $/ })).toBe("AGAIN\n");
    await tn.write(bytes("quit\r\n"));
    expect((await tn.read_all()).toString()).toBe("bye\r\n");
  });
});

describe("IPv6", () => {
  it("logs in over ::1", async () => {
    const server = await start({ host: "::1" });
    const tn = await Telnet.open("::1", server.port, { timeout: 10 });
    cleanup.push(() => tn.close());
    await tn.login("inetlib", "inetlib-pass");
    expect(await tn.run("whoami")).toBe("inetlib\n");
  });
});
