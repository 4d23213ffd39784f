// @inetlib/telnet against inetutils telnetd under socat, as test/daemons/up.sh starts it (see
// test/daemons/README.md): the login port runs /bin/login for the system user, the program port
// runs test/daemons/telnet-program.sh ("cmd> " prompt, lines back upper-cased, "quit" ends).
// Both telnetlib's way (every option refused) and with the option handlers, which telnetd
// must accept: terminal type, window size and environment reach the shell.
import { PassThrough } from "node:stream";
import {
  BINARY,
  BinaryHandler,
  ECHO,
  EchoHandler,
  EOFError,
  LoginError,
  NAWS,
  NEW_ENVIRON,
  NewEnvironHandler,
  SGA,
  SuppressGoAheadHandler,
  Telnet,
  type TelnetOptions,
  TerminalTypeHandler,
  TTYPE,
  WindowSizeHandler,
} from "@inetlib/telnet";
import { afterEach, describe, expect, it } from "vitest";
import { host, ports, users } from "./env.js";

const b = (s: string) => Buffer.from(s, "latin1");

// When the program or the shell exits, telnetd sometimes closes the connection before it has
// read the last output from the pty (Python's telnetlib misses "bye" as often, about 1 in 20):
// after "quit" or "exit", the connection must close, and what arrives, if anything, is the end.
const BYE = ["bye\r\n", ""];
const LOGOUT = ["logout\n", ""];
const { user, password } = users.system;

let open: Telnet[] = [];
afterEach(async () => {
  await Promise.all(open.map((tn) => tn.close()));
  open = [];
});

async function connect(port: number, options: TelnetOptions = {}): Promise<Telnet> {
  const tn = await Telnet.open(host, port, { timeout: 30, ...options });
  open.push(tn);
  return tn;
}

describe("telnetd with login, telnetlib's way", () => {
  it("read_until / write: the classic script", async () => {
    const tn = await connect(ports.telnetLogin);
    expect((await tn.read_until(b("login: "), 20)).toString()).toMatch(/login: $/);
    await tn.write(b(`${user}\r\n`));
    // Whether the pty echoes depends on when telnetd applies our refusal of its WILL ECHO: a
    // race inside the daemon (seen about 1 in 10). The session either echoes everything or
    // nothing, so the user name's echo says what to expect of the command's.
    const beforePassword = (await tn.read_until(b("Password: "), 20)).toString();
    expect(beforePassword).toMatch(new RegExp(`^(${user}\r\n)?Password: $`));
    const echoes = beforePassword.startsWith(`${user}\r\n`);
    const echo = echoes ? "echo MARK-$((40+2))\r\n" : "";
    await tn.write(b(`${password}\r\n`));
    const [i, , text] = await tn.expect([/[$#] $/], 20);
    expect(i).toBe(0);
    expect(text.toString()).toContain(`${user}@`);
    await tn.write(b("echo MARK-$((40+2))\r\n"));
    expect((await tn.read_until(b("MARK-42\r\n"), 20)).toString()).toBe(`${echo}MARK-42\r\n`);
    expect((await tn.expect([/[$#] $/], 20))[0]).toBe(0);
    await tn.write(b("exit\r\n"));
    expect(`${echoes ? "exit\r\n" : ""}logout\r\n`.startsWith((await tn.read_all()).toString())).toBe(true);
    expect(() => tn.read_very_lazy()).toThrow(EOFError);
  });

  it("login() and run(): log in, run commands, read their output, log out", async () => {
    const tn = await connect(ports.telnetLogin);
    await tn.login(user, password, { timeout: 20 });
    expect(await tn.run("echo MARK-$((40+2))", { timeout: 20 })).toBe("MARK-42\n");
    expect(await tn.run("whoami", { timeout: 20 })).toBe(`${user}\n`);
    expect(await tn.run("printf 'a\\nb\\n'", { timeout: 20 })).toBe("a\nb\n");
    expect(LOGOUT).toContain(await tn.run("exit", { timeout: 20 }));
    expect((await tn.read_all()).length).toBe(0);
  });

  it("raises LoginError on a wrong password", async () => {
    const tn = await connect(ports.telnetLogin);
    const err = await tn.login(user, "wrong-password", { timeout: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).text).toContain("Login incorrect");
  });
});

describe("telnetd with login, with option handlers (RFC 1143)", () => {
  it("agrees on ECHO, SGA, TTYPE, NAWS and NEW-ENVIRON, and the shell sees them", async () => {
    const naws = new WindowSizeHandler(100, 40);
    const tn = await connect(ports.telnetLogin, {
      handlers: [
        new EchoHandler(),
        new SuppressGoAheadHandler(),
        new TerminalTypeHandler("VT100"),
        naws,
        new NewEnvironHandler({ USER: user, INETLIB_VAR: "from-new-environ" }),
      ],
    });
    await tn.login(user, password, { timeout: 20 });
    expect(tn.remote_enabled(ECHO)).toBe(true);
    expect(tn.remote_enabled(SGA)).toBe(true);
    expect(tn.local_enabled(TTYPE)).toBe(true);
    expect(tn.local_enabled(NAWS)).toBe(true);
    expect(tn.local_enabled(NEW_ENVIRON)).toBe(true);
    expect(tn.local_enabled(ECHO)).toBe(false);
    // The server echoes what we type; run() takes that line out of the output.
    expect(await tn.run("echo $TERM", { timeout: 20 })).toBe("vt100\n");
    expect(await tn.run("stty size", { timeout: 20 })).toBe("40 100\n");
    await naws.resize(120, 50);
    expect(await tn.run("stty size", { timeout: 20 })).toBe("50 120\n");
    expect(LOGOUT).toContain(await tn.run("exit", { timeout: 20 }));
  });
});

describe("telnetd with BINARY", () => {
  // telnetd passes a binary client's bytes to the pty as they are (CR LF would be two lines).
  const handlers = () => [new EchoHandler(), new SuppressGoAheadHandler(), new BinaryHandler()];

  it("login() and run() give the same output as without BINARY", async () => {
    const tn = await connect(ports.telnetLogin, { handlers: handlers() });
    await tn.login(user, password, { timeout: 20 });
    expect(tn.local_enabled(BINARY)).toBe(true);
    expect(await tn.run("echo MARK-$((40+2))", { timeout: 20 })).toBe("MARK-42\n");
    expect(await tn.run("whoami", { timeout: 20 })).toBe(`${user}\n`);
    expect(LOGOUT).toContain(await tn.run("exit", { timeout: 20 }));
  });

  it("run() against the fixed program: one answer, one prompt per command", async () => {
    const tn = await connect(ports.telnetProgram, { handlers: handlers() });
    await tn.read_until(b("cmd> "), 20);
    expect(tn.local_enabled(BINARY)).toBe(true);
    expect(await tn.run("hello", { prompt: /cmd> $/, timeout: 20 })).toBe("HELLO\n");
    expect(await tn.run("world", { prompt: /cmd> $/, timeout: 20 })).toBe("WORLD\n");
    // Nothing more is coming: no second prompt from an empty line.
    const [i] = await tn.expect([/cmd> /], 0.5);
    expect(i).toBe(-1);
  });
});

describe("telnetd running a fixed program", () => {
  it("read_until and write, byte for byte as Python reads them", async () => {
    const tn = await connect(ports.telnetProgram);
    expect((await tn.read_until(b("cmd> "), 20)).toString()).toBe("inetlib telnet test program\r\ncmd> ");
    await tn.write(b("hello world\r\n"));
    expect((await tn.read_until(b("cmd> "), 20)).toString()).toBe("HELLO WORLD\r\ncmd> ");
    const [i, m] = await tn.expect([/cmd> $/, /never/], 1);
    expect([i, m]).toEqual([-1, null]);
    await tn.write(b("quit\r\n"));
    expect(BYE).toContain((await tn.read_all()).toString());
    expect(tn.eof).toBe(true);
  });

  it("run() and the async iterator", async () => {
    const tn = await connect(ports.telnetProgram, { handlers: [new SuppressGoAheadHandler()] });
    await tn.read_until(b("cmd> "), 20);
    expect(await tn.run("second line", { prompt: /cmd> $/, timeout: 20 })).toBe("SECOND LINE\n");
    await tn.write(b("quit\r\n"));
    const parts: Buffer[] = [];
    for await (const chunk of tn) parts.push(chunk);
    expect(BYE).toContain(Buffer.concat(parts).toString());
    expect(tn.eof).toBe(true);
  });

  it("interact() on injected streams", async () => {
    const tn = await connect(ports.telnetProgram);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = "";
    stdout.on("data", (d: Buffer) => (out += d.toString()));
    const done = tn.interact({ stdin, stdout, waitForClose: true });
    const shows = async (what: string) => {
      while (!out.includes(what)) await new Promise((r) => setTimeout(r, 10));
    };
    // Typed before the program runs, a line is echoed by the pty: wait for the prompt, as a user does.
    await shows("inetlib telnet test program\r\ncmd> ");
    stdin.write("typed line\n");
    await shows("TYPED LINE\r\ncmd> ");
    stdin.end("quit\n");
    await done;
    expect(out.startsWith("inetlib telnet test program\r\ncmd> TYPED LINE\r\ncmd> ")).toBe(true);
    expect(out.endsWith("*** Connection closed by remote host ***\n")).toBe(true);
  });
});
