// Replies read as smtplib.getreply() reads them: multi-line replies split at every byte, codes
// that are not numbers, lines over _MAXLINE, bounds, end of stream, timeouts, the debug trace.
import { TimeoutError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { _MAXLINE, SMTP, SMTPResponseException, SMTPServerDisconnected } from "../src/index.js";
import { debugSink, Scripted, serve } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");

function splits(data: Buffer): Buffer[][] {
  const out: Buffer[][] = [[data], [...data].map((c) => Buffer.from([c]))];
  for (let i = 1; i < data.length; i++) out.push([data.subarray(0, i), data.subarray(i)]);
  return out;
}

const EHLO =
  "250-mail.example.com Hello\r\n250-SIZE 35882577\r\n250-AUTH LOGIN PLAIN\r\n250-AUTH=CRAM-MD5\r\n250-8BITMIME\r\n250 PIPELINING\r\n";

describe("getreply", () => {
  it("reads a multi-line EHLO reply split at every byte", async () => {
    for (const chunks of splits(b(EHLO))) {
      const s = new Scripted(chunks);
      expect(await s.ehlo()).toEqual([
        250,
        b("mail.example.com Hello\nSIZE 35882577\nAUTH LOGIN PLAIN\nAUTH=CRAM-MD5\n8BITMIME\nPIPELINING"),
      ]);
      expect({ ...s.esmtp_features }).toEqual({
        size: "35882577",
        auth: " LOGIN PLAIN CRAM-MD5",
        "8bitmime": "",
        pipelining: "",
      });
      expect(Buffer.concat(s.fake.sent).toString()).toBe("ehlo localhost\r\n");
    }
  });

  it("strips each line's text and joins with LF; a bare LF ends a line too", async () => {
    const s = new Scripted([b("250-  a \t\r\n250-\r\n250 b\n251 next\r\n")]);
    expect(await s.getreply()).toEqual([250, b("a\n\nb")]);
    expect(await s.getreply()).toEqual([251, b("next")]);
  });

  it("takes the code as Python's int() does, and stops at a line without one (-1)", async () => {
    const s = new Scripted([b(" 25 ok\r\n2_5 ok\r\n+25 ok\r\n250-a\r\nxyz-b\r\n250 c\r\n")]);
    expect(await s.getreply()).toEqual([25, b("ok")]);
    expect(await s.getreply()).toEqual([25, b("ok")]);
    expect(await s.getreply()).toEqual([25, b("ok")]);
    expect(await s.getreply()).toEqual([-1, b("a\nb")]);
    expect(await s.getreply()).toEqual([250, b("c")]);
  });

  it("accepts a last line cut off by end of stream, as Python", async () => {
    const s = new Scripted([b("220 Hola mundo")]);
    expect(await s.getreply()).toEqual([220, b("Hola mundo")]);
    await expect(s.getreply()).rejects.toThrow(new SMTPServerDisconnected("Connection unexpectedly closed"));
    expect(s.fake.closed).toBe(true);
    expect(s.sock).toBeNull();
  });

  it("refuses a line over _MAXLINE with (500, 'Line too long.') and closes (TooLongLineTests)", async () => {
    const ok = new Scripted([b(`250 ${"a".repeat(_MAXLINE - 6)}\r\n`)]);
    expect((await ok.getreply())[1].length).toBe(_MAXLINE - 6);
    for (const chunks of [
      [b(`250 OK${".".repeat(_MAXLINE * 2)}\n`)],
      [b(`250-x\r\n250 ${"a".repeat(_MAXLINE)}`)],
    ]) {
      const s = new Scripted(chunks);
      const err = await s.getreply().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SMTPResponseException);
      expect(err).toMatchObject({ smtp_code: 500, smtp_error: "Line too long." });
      expect(s.fake.closed).toBe(true);
    }
  });

  it("bounds a reply's lines and bytes", async () => {
    const many = new Scripted([b("250-x\r\n".repeat(20))], { maxReplyLines: 10 });
    await expect(many.getreply()).rejects.toMatchObject({
      smtp_code: 500,
      smtp_error: "Response too large.",
    });
    expect(many.fake.closed).toBe(true);
    const big = new Scripted([b(`250-${"x".repeat(60)}\r\n`.repeat(20))], { maxReplyBytes: 512 });
    await expect(big.getreply()).rejects.toBeInstanceOf(SMTPResponseException);
  });

  it("turns a failing read into SMTPServerDisconnected, closing first", async () => {
    const s = new Scripted([new TimeoutError()]);
    await expect(s.getreply()).rejects.toThrow(
      new SMTPServerDisconnected("Connection unexpectedly closed: timed out"),
    );
    expect(s.fake.closed).toBe(true);
  });

  it("times out on a silent server with SMTPServerDisconnected", async () => {
    const server = await serve({ respond: (cmd) => (cmd === "NOOP" ? "" : undefined) });
    const s = await SMTP.open("127.0.0.1", server.port, { local_hostname: "x", timeout: 0.2 });
    await expect(s.noop()).rejects.toThrow("Connection unexpectedly closed: timed out");
    expect(s.sock).toBeNull();
  });

  it("rejects with AbortError and closes when aborted", async () => {
    const server = await serve({ respond: (cmd) => (cmd === "NOOP" ? "" : undefined) });
    const ac = new AbortController();
    const s = await SMTP.open("127.0.0.1", server.port, { local_hostname: "x", signal: ac.signal });
    const pending = s.noop();
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(s.sock).toBeNull();
  });
});

describe("set_debuglevel", () => {
  it("prints smtplib's trace to the sink, credentials masked", async () => {
    const server = await serve({ greeting: "220 Hello world", users: { u: "hunter2" } });
    const dbg = debugSink();
    const s = new SMTP({ local_hostname: "localhost", debugSink: dbg.sink });
    s.set_debuglevel(1);
    await s.connect("127.0.0.1", server.port);
    await s.noop();
    await s.login("u", "hunter2");
    await s.data(b("x")).catch(() => undefined);
    await s.quit();
    const lines = dbg.text().split("\n");
    expect(lines.slice(0, 5)).toEqual([
      `connect: to ('127.0.0.1', ${server.port}) None`,
      "reply: b'220 Hello world\\r\\n'",
      "reply: retcode (220); Msg: b'Hello world'",
      "connect: b'Hello world'",
      "send: 'noop\\r\\n'",
    ]);
    expect(lines).toContain("send: 'AUTH CRAM-MD5\\r\\n'");
    expect(lines.some((l) => /^send: '\*{40,}\\r\\n'$/.test(l))).toBe(true);
    expect(lines).toContain("data: (503, b'5.5.1 Error: need RCPT command')");
    expect(dbg.text()).not.toContain(Buffer.from("u hunter2").toString("base64").slice(0, 8));
    expect(dbg.text()).not.toContain("hunter2");
  });

  it("masks AUTH initial responses, and prints timestamps from level 2 (test_debuglevel_2)", async () => {
    const server = await serve({ users: { u: "hunter2" }, mechanisms: ["PLAIN"] });
    const dbg = debugSink();
    const s = new SMTP({ local_hostname: "localhost", debugSink: dbg.sink });
    s.set_debuglevel(2);
    await s.connect("127.0.0.1", server.port);
    await s.login("u", "hunter2");
    await s.close();
    expect(dbg.text()).toMatch(/^\d{2}:\d{2}:\d{2}(\.\d{6})? connect: /m);
    expect(dbg.text()).toMatch(/ send: 'AUTH PLAIN \*{16}\\r\\n'$/m);
    expect(dbg.text()).not.toContain(Buffer.from("\0u\0hunter2").toString("base64"));
  });
});
