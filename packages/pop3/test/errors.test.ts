// -ERR wherever a reply can be one, lines and replies over their bounds, a server that goes
// away or goes quiet, and arguments that would smuggle a second command.
import { AbortError, AF_INET, SOCK_STREAM, socket, TimeoutError, ValueError } from "@inetlib/socket";
import { POP3Server } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { type error_proto, POP3 } from "../src/index.js";
import { FakePOP3, FakeSocket } from "./fake.js";
import { caught, mailbox, pair } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");

describe("-ERR everywhere", () => {
  const calls: [string, (c: POP3) => Promise<unknown>, string][] = [
    ["user", (c) => c.user("u"), "USER u"],
    ["pass_", (c) => c.pass_("p"), "PASS p"],
    ["apop", (c) => c.apop("u", "p"), "APOP u 0123"],
    ["rpop", (c) => c.rpop("u"), "RPOP u"],
    ["stat", (c) => c.stat(), "STAT"],
    ["list", (c) => c.list(), "LIST"],
    ["list n", (c) => c.list(1), "LIST 1"],
    ["retr", (c) => c.retr(1), "RETR 1"],
    ["dele", (c) => c.dele(1), "DELE 1"],
    ["noop", (c) => c.noop(), "NOOP"],
    ["rset", (c) => c.rset(), "RSET"],
    ["top", (c) => c.top(1, 2), "TOP 1 2"],
    ["uidl", (c) => c.uidl(), "UIDL"],
    ["uidl n", (c) => c.uidl(1), "UIDL 1"],
    ["utf8", (c) => c.utf8(), "UTF8"],
    ["auth_plain", (c) => c.auth_plain("u", "p"), "AUTH PLAIN AHUAcA=="],
    ["auth_login", (c) => c.auth_login("u", "p"), "AUTH LOGIN"],
    ["retr_iter", (c) => c.retr_iter(1), "RETR 1"],
    ["list_many", (c) => c.list_many([1, 2]), "LIST 1\r\nLIST 2"],
    ["quit", (c) => c.quit(), "QUIT"],
  ];
  it.each(calls)("%s", async (_name, call, sent) => {
    const respond = (command: string) => (command === "CAPA" ? undefined : `-ERR no ${command}\r\n`);
    await using p = await pair({ greeting: "+OK ready <1@x>", respond });
    const err = await caught(call(p.client));
    const verb = sent.split(" ")[0]!.split("\r")[0]!;
    expect(err.resp).toEqual(b(`-ERR no ${verb}`));
    expect(err.message).toBe(`-ERR no ${verb}`);
    const transcript = p.server.transcript().replace(/^CAPA\r\n/, "");
    if (_name === "apop") expect(transcript).toMatch(/^APOP u [0-9a-f]{32}\r\n$/);
    else expect(transcript).toBe(`${sent}\r\n`);
    // the connection is still in step after every one of them (quit's -ERR leaves it open, as Python's)
    expect(p.client.sock).not.toBeNull();
  });

  it("capa and stls", async () => {
    await using p = await pair({ respond: (c) => `-ERR no ${c}\r\n` });
    expect((await caught(p.client.capa())).args).toEqual(["-ERR CAPA not supported by server"]);
    expect((await caught(p.client.stls())).args).toEqual(["-ERR CAPA not supported by server"]);
    expect(p.server.transcript()).toBe("CAPA\r\nCAPA\r\n");
  });

  it("a -ERR greeting fails connect and closes", async () => {
    const server = await POP3Server.open({ greeting: "-ERR go away" });
    try {
      const pop = new POP3({ timeout: 5 });
      const err = await caught(pop.connect("127.0.0.1", server.port));
      expect(err.resp).toEqual(b("-ERR go away"));
      expect(pop.sock).toBeNull();
    } finally {
      await server.close();
    }
  });

  it("stat with a malformed reply: int()'s ValueError", async () => {
    await using p = await pair({ respond: () => "+OK many bytes\r\n" });
    await expect(p.client.stat()).rejects.toThrow("invalid literal for int() with base 10: b'many'");
  });
});

describe("bounds", () => {
  it("a status line of 2048 bytes passes, 2049 is 'line too long' (poplib._MAXLINE)", async () => {
    const ok = `+${"a".repeat(2045)}\r\n`; // 2048 with CRLF
    const long = `+${"a".repeat(2046)}\r\n`;
    await using p = await pair({ respond: (c) => (c === "NOOP" ? ok : long) });
    expect((await p.client.noop()).length).toBe(2046);
    expect((await caught(p.client.rset())).args).toEqual(["line too long"]);
  });

  it("a body line too long is 'line too long'", async () => {
    await using p = await pair({ respond: () => `+OK\r\n${"x".repeat(3000)}\r\n.\r\n` });
    expect((await caught(p.client.retr(1))).args).toEqual(["line too long"]);
  });

  it("maxline can be raised", async () => {
    await using p = await pair({ respond: () => `+OK\r\n${"x".repeat(3000)}\r\n.\r\n` }, { maxline: 4096 });
    const [, lines, octets] = await p.client.retr(1);
    expect(lines[0]!.length).toBe(3000);
    expect(octets).toBe(3002);
  });

  it("a reply over maxResponseBytes or maxResponseLines throws and closes (the rest cannot be skipped safely)", async () => {
    const body = `+OK\r\n${"0123456789\r\n".repeat(100)}.\r\n`;
    {
      await using p = await pair({ respond: () => body }, { maxResponseBytes: 1000 });
      const err = await caught(p.client.retr(1));
      expect(err.message).toBe("-ERR response too large: more than 1000 bytes");
      expect(p.client.sock).toBeNull();
    }
    await using p = await pair({ respond: () => body }, { maxResponseLines: 99 });
    expect((await caught(p.client.retr(1))).message).toBe("-ERR response too large: more than 99 lines");
    await using q = await pair({ respond: () => body }, { maxResponseLines: 100, maxResponseBytes: 1200 });
    expect((await q.client.retr(1))[2]).toBe(1200);
  });
});

describe("end of stream, timeouts, cancellation", () => {
  it("EOF instead of a reply or inside a body is error_proto('-ERR EOF')", async () => {
    const pop = new FakePOP3(new FakeSocket([b("+OK hi\r\n+OK\r\nline\r\n")]));
    await pop.connect("h");
    expect((await caught(pop.retr(1))).args).toEqual(["-ERR EOF"]);
    expect((await caught(pop.noop())).args).toEqual(["-ERR EOF"]);
    const silent = new FakePOP3(new FakeSocket([]));
    expect((await caught(silent.connect("h"))).args).toEqual(["-ERR EOF"]);
  });

  it("a server that goes quiet: timeout on the greeting and on a reply", async () => {
    await using p = await pair({ respond: (c) => (c === "NOOP" ? "" : undefined) }, { timeout: 0.2 });
    await expect(p.client.noop()).rejects.toThrow(TimeoutError);
    // a listener that never accepts: the kernel completes the connection, nobody greets
    await using quiet = new socket(AF_INET, SOCK_STREAM);
    await quiet.bind(["127.0.0.1", 0]);
    await quiet.listen(1);
    const port = (quiet.getsockname() as [string, number])[1];
    await expect(POP3.open("127.0.0.1", port, { timeout: 0.2 })).rejects.toThrow("timed out");
  });

  it("abort rejects the pending call with AbortError", async () => {
    const ac = new AbortController();
    await using p = await pair({ respond: (c) => (c === "NOOP" ? "" : undefined) }, { signal: ac.signal });
    const pending = p.client.noop();
    setTimeout(() => ac.abort(), 20);
    await expect(pending).rejects.toThrow(AbortError);
  });
});

describe("CR, LF and NUL in arguments are refused before anything is sent (CVE-2025-15367)", () => {
  const bad = ["a\r\nDELE 1", "a\nb", "a\rb", "a\0b"];
  it.each(bad)("%j", async (arg) => {
    await using p = await pair({ maildrop: mailbox() });
    const c = p.client;
    for (const call of [
      () => c.user(arg),
      () => c.pass_(arg),
      () => c.apop(arg, "x"),
      () => c.rpop(arg),
      () => c.list(arg),
      () => c.retr(arg),
      () => c.dele(arg),
      () => c.top(1, arg),
      () => c.uidl(arg),
      () => c._shortcmd(`NOOP ${arg}`),
      () => c.list_many(["1", arg]),
      () => c.dele_many([arg]),
      () => c.retr_iter(arg),
      () => c.auth(arg, () => null),
    ])
      await expect(call()).rejects.toThrow(ValueError);
    // APOP puts the password only in the digest, so it cannot smuggle anything
    expect(await c.noop().catch((e: error_proto) => e.resp)).toEqual(b("-ERR Unknown command: NOOP"));
    expect(p.server.transcript()).toBe("NOOP\r\n");
  });
});
