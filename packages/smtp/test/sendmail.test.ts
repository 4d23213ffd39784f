// sendmail(): bytes on the wire, the refused map, and every exception at smtplib's point, with
// PIPELINING on and off (same results, same exceptions).
import { createHash } from "node:crypto";
import { oserror, ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import {
  SMTP,
  SMTPDataError,
  SMTPNotSupportedError,
  SMTPRecipientsRefused,
  SMTPSenderRefused,
  SMTPServerDisconnected,
} from "../src/index.js";
import { Scripted, serve } from "./helpers.js";

const b = (s: string) => Buffer.from(s);
const received = (server: { lastConnection(): { received: Buffer } }) =>
  server.lastConnection().received.toString();

describe.each([
  ["one by one", false],
  ["pipelined", true],
])("sendmail, %s", (_name, pipelining) => {
  const opts = { local_hostname: "localhost", timeout: 10, pipelining };

  it("sends a text message (testSend): golden transcript", async () => {
    const server = await serve();
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(await s.sendmail("John", "Sally", "A test message")).toEqual({});
    await s.quit();
    expect(received(server)).toBe(
      "ehlo localhost\r\nmail FROM:<John> size=14\r\nrcpt TO:<Sally>\r\ndata\r\nA test message\r\n.\r\nquit\r\n",
    );
    expect(server.messages[0]).toMatchObject({
      mail_from: "John",
      rcpt_tos: ["Sally"],
      mail_options: ["size=14"],
      data: b("A test message\r\n"),
      helo: "localhost",
    });
  });

  it("quotes leading dots and fixes line endings of text (testSendNeedingDotQuote)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.sendmail("John", ["Sally"], ".A test\n.mes.sage.");
    expect(server.messages[0]!.data).toEqual(b(".A test\r\n.mes.sage.\r\n"));
    expect(received(server)).toContain("data\r\n..A test\r\n..mes.sage.\r\n.\r\n");
  });

  it("sends bytes as they are, bare LF included (testSendBinary)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.sendmail("John", ["Sally"], b("line\n.\nlast\r\n.."));
    expect(received(server)).toContain("size=15\r\n");
    expect(received(server)).toContain("data\r\nline\n..\nlast\r\n...\r\n.\r\n");
    expect(server.messages[0]!.data).toEqual(b("line\n.\nlast\r\n..\r\n"));
  });

  it("sends the null sender (testSendNullSender)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.sendmail("<>", "Sally", "A test message");
    expect(received(server)).toContain("mail FROM:<> size=14\r\n");
    expect(server.messages[0]!.mail_from).toBe("");
  });

  it("returns the refused recipients and passes rcpt_options", async () => {
    const server = await serve({
      refuse: { "bad@x": "550 5.1.1 No such user", "full@x": "452 4.2.2 Mailbox full" },
    });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const refused = await s.sendmail(
      "a@x",
      ["bad@x", "ok@x", "full@x"],
      "m",
      ["BODY=7BIT"],
      ["NOTIFY=NEVER"],
    );
    expect(refused).toEqual({
      "bad@x": [550, b("5.1.1 No such user")],
      "full@x": [452, b("4.2.2 Mailbox full")],
    });
    expect(received(server)).toContain(
      "mail FROM:<a@x> size=1 BODY=7BIT\r\nrcpt TO:<bad@x> NOTIFY=NEVER\r\nrcpt TO:<ok@x> NOTIFY=NEVER\r\nrcpt TO:<full@x> NOTIFY=NEVER\r\ndata\r\n",
    );
    expect(server.messages[0]).toMatchObject({ rcpt_tos: ["ok@x"], rcpt_options: ["NOTIFY=NEVER"] });
  });

  it("raises SMTPRecipientsRefused when all are refused, after RSET", async () => {
    const server = await serve({ refuse: { "a@x": "550 no", "b@x": "551 moved" } });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    const err = await s.sendmail("f@x", ["a@x", "b@x"], "m").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPRecipientsRefused);
    expect((err as SMTPRecipientsRefused).recipients).toEqual({
      "a@x": [550, b("no")],
      "b@x": [551, b("moved")],
    });
    expect(s.sock).not.toBeNull();
    await s.quit();
    expect(received(server)).toBe(
      "ehlo localhost\r\nmail FROM:<f@x> size=1\r\nrcpt TO:<a@x>\r\nrcpt TO:<b@x>\r\nrset\r\nquit\r\n",
    );
    expect(server.messages).toEqual([]);
  });

  it("raises SMTPRecipientsRefused({}) for no recipients, as Python", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await expect(s.sendmail("f@x", [], "m")).rejects.toMatchObject({ recipients: {} });
    expect(received(server)).toBe("ehlo localhost\r\nmail FROM:<f@x> size=1\r\nrset\r\n");
  });

  it("raises SMTPSenderRefused after RSET", async () => {
    const server = await serve({
      respond: (cmd) => (cmd === "MAIL" ? "553 5.1.8 bad sender\r\n" : undefined),
    });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    const err = await s.sendmail("f@x", ["a@x"], "m").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPSenderRefused);
    expect(err).toMatchObject({ smtp_code: 553, smtp_error: b("5.1.8 bad sender"), sender: "f@x" });
    await s.quit();
    const rcpt = pipelining ? "rcpt TO:<a@x>\r\n" : "";
    expect(received(server)).toBe(`ehlo localhost\r\nmail FROM:<f@x> size=1\r\n${rcpt}rset\r\nquit\r\n`);
  });

  it("closes without RSET on 421 to MAIL (test_421_from_mail_cmd)", async () => {
    const server = await serve({
      respond: (cmd) => (cmd === "MAIL" ? "421 closing connection\r\n" : undefined),
    });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.noop();
    await expect(s.sendmail("John", "Sally", "test message")).rejects.toBeInstanceOf(SMTPSenderRefused);
    expect(s.sock).toBeNull();
    await server.lastConnection().closed;
    expect(received(server)).not.toContain("rset");
  });

  it("closes without RSET on 421 to RCPT (test_421_from_rcpt_cmd)", async () => {
    const server = await serve({ refuse: { Frank: "421 closing" } });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.noop();
    const err = await s
      .sendmail("John", ["Sally", "Frank", "George"], "test message")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPRecipientsRefused);
    expect((err as SMTPRecipientsRefused).args[0]).toEqual({ Frank: [421, b("closing")] });
    expect(s.sock).toBeNull();
    await server.lastConnection().closed;
    expect(received(server)).not.toContain("rset");
    expect(received(server)).not.toContain("data");
  });

  it("closes on 421 after the data (test_421_from_data_cmd)", async () => {
    const server = await serve({ deliver: () => "421 closing" });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.noop();
    await expect(s.sendmail("John@foo.org", ["Sally@foo.org"], "test message")).rejects.toMatchObject({
      name: "SMTPDataError",
      smtp_code: 421,
      smtp_error: b("closing"),
    });
    expect(s.sock).toBeNull();
  });

  it("raises SMTPDataError with RSET when the data is refused", async () => {
    const server = await serve({ deliver: () => "554 5.7.1 Rejected: spam" });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    await expect(s.sendmail("a@x", ["b@x"], "m")).rejects.toMatchObject({
      smtp_code: 554,
      smtp_error: b("5.7.1 Rejected: spam"),
    });
    await s.quit();
    expect(received(server)).toMatch(/\r\nm\r\n\.\r\nrset\r\nquit\r\n$/);
  });

  it("raises SMTPDataError from data() when DATA itself is refused, without RSET (as Python)", async () => {
    const server = await serve({
      respond: (cmd) => (cmd === "DATA" ? "451 4.3.0 try later\r\n" : undefined),
    });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    const err = await s.sendmail("a@x", ["b@x"], "m").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPDataError);
    expect(err).toMatchObject({ smtp_code: 451, smtp_error: b("4.3.0 try later") });
    await s.quit();
    expect(received(server)).toMatch(/rcpt TO:<b@x>\r\ndata\r\nquit\r\n$/);
  });

  it("refuses SMTPUTF8 the server does not offer, before sending (test_smtputf8_NotSupportedError...)", async () => {
    const server = await serve({ smtputf8: false });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.ehlo();
    expect(s.does_esmtp).toBe(true);
    expect(s.has_extn("smtputf8")).toBe(false);
    await expect(s.sendmail("John", "Sally", "", ["BODY=8BITMIME", "SMTPUTF8"])).rejects.toThrow(
      new SMTPNotSupportedError("SMTPUTF8 not supported by server"),
    );
    await expect(s.mail("John", ["BODY=8BITMIME", "SMTPUTF8"])).rejects.toBeInstanceOf(SMTPNotSupportedError);
    await s.quit();
    expect(received(server)).toBe("ehlo localhost\r\nquit\r\n");
  });

  it("refuses non-ASCII addresses without SMTPUTF8 (test_send_unicode_without_SMTPUTF8)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await expect(s.sendmail("Alice", "Böb", "")).rejects.toMatchObject({ name: "UnicodeEncodeError" });
    await expect(s.mail("Älice")).rejects.toThrow(
      "'ascii' codec can't encode character '\\xc4' in position 11",
    );
  });

  it("sends UTF-8 commands with SMTPUTF8 (test_send_unicode_with_SMTPUTF8_via_sendmail)", async () => {
    const server = await serve();
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = b("¡a test message containing unicode!");
    await s.sendmail("Jőhn", "Sálly", m, ["BODY=8BITMIME", "SMTPUTF8"]);
    expect(server.messages[0]).toMatchObject({
      mail_from: "Jőhn",
      rcpt_tos: ["Sálly"],
      data: Buffer.concat([m, b("\r\n")]),
    });
    expect(server.messages[0]!.mail_options).toEqual([`size=${m.length}`, "BODY=8BITMIME", "SMTPUTF8"]);
    expect(server.messages[0]!.rcpt_options).toEqual([]);
    expect(s.command_encoding).toBe("utf-8");
    await s.rset();
    expect(s.command_encoding).toBe("ascii");
    await s.quit();
  });

  it("refuses a message over the server's SIZE before sending anything", async () => {
    const server = await serve({ size: 100 });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const err = await s.sendmail("a@x", ["b@x"], "x".repeat(200)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPSenderRefused);
    expect(err).toMatchObject({ smtp_code: 552, sender: "a@x" });
    expect(received(server)).toBe("ehlo localhost\r\n");
    expect(await s.sendmail("a@x", ["b@x"], "x".repeat(50))).toEqual({});
  });

  it("drops ESMTP options for an RFC 821 server", async () => {
    const server = await serve({ esmtp: false });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.sendmail("a@x", ["b@x"], "m", ["BODY=8BITMIME"], ["NOTIFY=NEVER"]);
    expect(received(server)).toBe(
      "ehlo localhost\r\nhelo localhost\r\nmail FROM:<a@x>\r\nrcpt TO:<b@x>\r\ndata\r\nm\r\n.\r\n",
    );
  });

  it("raises SMTPServerDisconnected when the server closes during the data", async () => {
    const server = await serve({ closeDuringData: 1000 });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    async function* big() {
      for (let i = 0; i < 2000; i++) yield b(`${"x".repeat(1000)}\r\n`);
    }
    await expect(s.sendmail("a@x", ["b@x"], big())).rejects.toBeInstanceOf(SMTPServerDisconnected);
    expect(s.sock).toBeNull();
    expect(server.messages).toEqual([]);
  });

  it("streams a large body from an async iterable", async () => {
    const server = await serve({ size: 0 });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const line = b(`.${"y".repeat(998)}\n`);
    const count = 8 * 1024;
    const want = createHash("sha256");
    async function* body() {
      for (let i = 0; i < count; i++) {
        want.update(line);
        yield line;
      }
    }
    expect(await s.sendmail("a@x", ["b@x"], body())).toEqual({});
    const got = server.messages[0]!.data;
    expect(got.length).toBe(count * line.length + 2);
    expect(createHash("sha256").update(got.subarray(0, -2)).digest("hex")).toBe(want.digest("hex"));
    expect(server.messages[0]!.mail_options).toEqual([]);
  });

  it("sends many messages on one connection", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    for (let i = 0; i < 100; i++)
      await s.sendmail("a@x", [`r${i}@x`, "all@x"], `Subject: ${i}\r\n\r\nbody ${i}\r\n`);
    expect(server.messages.length).toBe(100);
    expect(server.messages[99]).toMatchObject({
      rcpt_tos: ["r99@x", "all@x"],
      data: b("Subject: 99\r\n\r\nbody 99\r\n"),
    });
  });
});

describe("injection", () => {
  const opts = { local_hostname: "localhost", timeout: 10 };
  const evil = ["a@x\r\nRCPT TO:<evil@x>", "a@x\nX", "a@x\rX", "a@x\0X"];

  it("refuses CR, LF and NUL in every address, option and argument before sending", async () => {
    const server = await serve();
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.ehlo();
    for (const bad of evil) {
      await expect(s.sendmail(bad, ["b@x"], "m")).rejects.toBeInstanceOf(ValueError);
      await expect(s.sendmail("a@x", ["b@x", bad], "m")).rejects.toBeInstanceOf(ValueError);
      await expect(s.sendmail("a@x", ["b@x"], "m", [bad])).rejects.toBeInstanceOf(ValueError);
      await expect(s.sendmail("a@x", ["b@x"], "m", [], [bad])).rejects.toBeInstanceOf(ValueError);
      await expect(s.mail(bad)).rejects.toBeInstanceOf(ValueError);
      await expect(s.rcpt(bad)).rejects.toBeInstanceOf(ValueError);
      await expect(s.vrfy(bad)).rejects.toBeInstanceOf(ValueError);
      await expect(s.expn(bad)).rejects.toBeInstanceOf(ValueError);
      await expect(s.helo(bad)).rejects.toBeInstanceOf(ValueError);
      await expect(s.ehlo(bad)).rejects.toBeInstanceOf(ValueError);
      await expect(s.help(bad)).rejects.toBeInstanceOf(ValueError);
      await expect(s.docmd("NOOP", bad)).rejects.toBeInstanceOf(ValueError);
      await expect(s.putcmd(bad)).rejects.toBeInstanceOf(ValueError);
      await expect(s.auth(`PLAIN${bad}`, s.auth_plain)).rejects.toBeInstanceOf(ValueError);
    }
    await s.quit();
    // With pipelining on, a bad third recipient stops the whole envelope: nothing was sent.
    expect(received(server)).toBe("ehlo localhost\r\nquit\r\n");
  });

  it("words the error as smtplib (test_issue43124_putcmd_escapes_newline, ..._escape_options)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await expect(s.putcmd("helo\nX-INJECTED")).rejects.toThrow(
      "command and arguments contain prohibited newline characters: helo\\nX-INJECTED",
    );
    await s.sendmail("hi@me.com", "you@me.com", "wazzuuup\nlinetwo");
    const err = await s
      .mail("hi@me.com", ["X-OPTION\nX-INJECTED-1", "X-OPTION2\nX-INJECTED-2"])
      .catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain("X-OPTION\\nX-INJECTED-1 X-OPTION2\\nX-INJECTED-2");
    expect(received(server)).not.toContain("X-OPTION");
  });

  it("refuses a local_hostname with a newline (test_issue43124_escape_localhostname)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, { ...opts, local_hostname: "hi\nX-INJECTED" });
    await expect(s.sendmail("hi@me.com", "you@me.com", "m")).rejects.toThrow(
      "prohibited newline characters: ehlo hi\\nX-INJECTED",
    );
    expect(received(server)).toBe("");
  });
});

describe("on the wire", () => {
  const b2 = (s: string) => Buffer.from(s, "latin1");
  const replies = (ehlo: string) => [
    b2(`220 hi\r\n250-x\r\n${ehlo}250 HELP\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n250 queued\r\n`),
  ];

  it("pipelines MAIL and the RCPTs in one write when offered, one command a write otherwise", async () => {
    const p = new Scripted(replies("250-PIPELINING\r\n"));
    await p.getreply();
    await p.sendmail("a@x", ["b@x", "c@x"], "m");
    expect(p.fake.sent.map((c) => c.toString())).toEqual([
      "ehlo localhost\r\n",
      "mail FROM:<a@x>\r\nrcpt TO:<b@x>\r\nrcpt TO:<c@x>\r\n",
      "data\r\n",
      "m\r\n.\r\n",
    ]);
    const q = new Scripted(replies(""));
    await q.getreply();
    await q.sendmail("a@x", ["b@x", "c@x"], "m");
    expect(q.fake.sent.map((c) => c.toString())).toEqual([
      "ehlo localhost\r\n",
      "mail FROM:<a@x>\r\n",
      "rcpt TO:<b@x>\r\n",
      "rcpt TO:<c@x>\r\n",
      "data\r\n",
      "m\r\n.\r\n",
    ]);
  });

  it("turns a failing write into SMTPServerDisconnected('Server not connected'), closing first", async () => {
    const s = new Scripted([], {}, oserror("EPIPE"));
    await expect(s.noop()).rejects.toThrow(new SMTPServerDisconnected("Server not connected"));
    expect(s.fake.closed).toBe(true);
    expect(s.sock).toBeNull();
  });

  it("mail, rcpt and data with options: golden transcript", async () => {
    const server = await serve({ dsn: true });
    await using s = await SMTP.open("127.0.0.1", server.port, { local_hostname: "localhost" });
    await s.helo();
    // Without EHLO, ESMTP options are dropped, as smtplib drops them.
    expect(await s.mail("a@x", ["RET=HDRS", "ENVID=abc"])).toEqual([250, Buffer.from("2.1.0 Ok")]);
    await s.ehlo();
    expect(s.has_extn("dsn")).toBe(true);
    await s.rset();
    expect(await s.mail("a@x", ["RET=HDRS", "ENVID=abc"])).toEqual([250, Buffer.from("2.1.0 Ok")]);
    expect(await s.rcpt("b@x", ["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;b@x"])).toEqual([
      250,
      Buffer.from("2.1.5 Ok"),
    ]);
    expect(await s.data(Buffer.from("hi\n.\n"))).toEqual([250, expect.any(Buffer)]);
    expect(received(server)).toBe(
      "helo localhost\r\nmail FROM:<a@x>\r\nehlo localhost\r\nrset\r\nmail FROM:<a@x> RET=HDRS ENVID=abc\r\nrcpt TO:<b@x> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@x\r\ndata\r\nhi\n..\n\r\n.\r\n",
    );
    expect(server.messages[0]).toMatchObject({
      mail_options: ["RET=HDRS", "ENVID=abc"],
      rcpt_options: ["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;b@x"],
      data: Buffer.from("hi\n.\n\r\n"),
    });
  });
});
