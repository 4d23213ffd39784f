// Every command's bytes on the wire (golden transcripts against the scripted server), and the
// results in smtplib's shape.
import { create_server, OSError, setdefaulttimeout, ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import {
  SMTP,
  SMTPConnectError,
  SMTPHeloError,
  SMTPResponseException,
  SMTPServerDisconnected,
} from "../src/index.js";
import { serve } from "./helpers.js";

const b = (s: string) => Buffer.from(s);
const opts = { local_hostname: "localhost", timeout: 10 };
const opts0 = { local_hostname: "localhost" };

describe("connection", () => {
  it("open() connects, reads the greeting and knows the local host name", async () => {
    const server = await serve({ greeting: "220 Hola mundo" });
    const s = await SMTP.open("127.0.0.1", server.port, { local_hostname: "testhost" });
    expect(s.local_hostname).toBe("testhost");
    expect(s.sock).not.toBeNull();
    await s.close();
    expect(s.sock).toBeNull();
    expect(s.file).toBeNull();
  });

  it("connect() returns the greeting; 'host:port' carries the port", async () => {
    const server = await serve({ greeting: "220-first\r\n220 second" });
    const s = new SMTP(opts);
    expect(s.sock).toBeNull();
    expect(await s.connect(`127.0.0.1:${server.port}`)).toEqual([220, b("first\nsecond")]);
    await s.quit();
    expect(server.lastConnection().received.toString()).toBe("quit\r\n");
  });

  it("works over IPv6 loopback", async () => {
    const server = await serve({ host: "::1" });
    await using s = await SMTP.open("::1", server.port, opts);
    expect((await s.noop())[0]).toBe(250);
  });

  it("refuses a greeting other than 220 with SMTPConnectError and closes (BadHELOServerTests)", async () => {
    const server = await serve({ greeting: "199 no hello for you!" });
    const err = await SMTP.open("127.0.0.1", server.port, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPConnectError);
    expect(err).toMatchObject({ smtp_code: 199, smtp_error: b("no hello for you!") });
    await server.lastConnection().closed;
  });

  it("refuses timeout=0 and a non-numeric port", async () => {
    await expect(SMTP.open("127.0.0.1", 25, { timeout: 0 })).rejects.toThrow(
      new ValueError("Non-blocking socket (timeout=0) is not supported"),
    );
    await expect(new SMTP().connect("localhost:bogus")).rejects.toThrow(new OSError(null, "nonnumeric port"));
  });

  it("takes the default timeout, or none (testTimeoutDefault, testTimeoutNone, testTimeoutValue)", async () => {
    const server = await serve();
    setdefaulttimeout(30);
    try {
      await using s = await SMTP.open("127.0.0.1", server.port, opts0);
      expect(s.sock!.gettimeout()).toBe(30);
      await using t = await SMTP.open("127.0.0.1", server.port, { ...opts0, timeout: null });
      expect(t.sock!.gettimeout()).toBeNull();
    } finally {
      setdefaulttimeout(null);
    }
    await using u = await SMTP.open("127.0.0.1", server.port, opts);
    expect(u.sock!.gettimeout()).toBe(10);
  });

  it("uses source_address and keeps it", async () => {
    // 127.0.0.2 and a chosen port, checked on the server's side: what a client that ignored
    // source_address would not use.
    const listener = await create_server(["127.0.0.1", 0]);
    const probe = await create_server(["127.0.0.2", 0]);
    const port = (probe.getsockname() as [string, number])[1];
    await probe.close();
    const accepted = listener.accept().then(async ([conn, peer]) => {
      await conn.sendall(Buffer.from("220 hi\r\n"));
      return [conn, peer] as const;
    });
    const address = listener.getsockname() as [string, number];
    await using s = await SMTP.open(address[0], address[1], { ...opts, source_address: ["127.0.0.2", port] });
    const [conn, peer] = await accepted;
    expect(peer).toEqual(["127.0.0.2", port]);
    expect(s.source_address).toEqual(["127.0.0.2", port]);
    await conn.close();
    await listener.close();
  });

  it("is not connected before connect() and after close() (testNotConnected)", async () => {
    const s = new SMTP(opts);
    await expect(s.ehlo()).rejects.toThrow(new SMTPServerDisconnected("please run connect() first"));
    await expect(s.send("test msg")).rejects.toThrow(SMTPServerDisconnected);
    await expect(s.getreply()).rejects.toThrow(SMTPServerDisconnected);
  });

  it("await using sends QUIT and closes (test_with_statement)", async () => {
    const server = await serve();
    let kept: SMTP;
    {
      await using s = await SMTP.open("127.0.0.1", server.port, opts);
      kept = s;
      expect((await s.noop())[0]).toBe(250);
    }
    expect(kept.sock).toBeNull();
    await expect(kept.send(b("foo"))).rejects.toThrow(SMTPServerDisconnected);
    expect(server.lastConnection().received.toString()).toBe("noop\r\nQUIT\r\n");
    {
      await using s = await SMTP.open("127.0.0.1", server.port, opts);
      await s.close();
    }
  });

  it("await using raises a QUIT refusal after closing (test_with_statement_QUIT_failure)", async () => {
    const server = await serve({ respond: (cmd) => (cmd === "QUIT" ? "421 QUIT FAILED\r\n" : undefined) });
    let kept: SMTP | undefined;
    const run = async () => {
      await using s = await SMTP.open("127.0.0.1", server.port, opts);
      kept = s;
      await s.noop();
    };
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPResponseException);
    expect(err).toMatchObject({ smtp_code: 421, smtp_error: b("QUIT FAILED") });
    expect(kept!.sock).toBeNull();
  });
});

describe("commands", () => {
  it("helo, ehlo, noop, rset, vrfy, verify, expn, help, docmd, quit: bytes and replies", async () => {
    const server = await serve({
      mailboxes: { "Mr.A@somewhere.com": "John A", "Mrs.C@somewhere.com": "Ruth C" },
      lists: { "list-1": ["Mr.A@somewhere.com", "Mrs.C@somewhere.com"] },
    });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(await s.helo()).toEqual([250, b("mail.inetlib.test")]);
    expect(s.helo_resp).toEqual(b("mail.inetlib.test"));
    expect(s.does_esmtp).toBe(false);
    const [code, msg] = await s.ehlo("client.example");
    expect(code).toBe(250);
    expect(msg.toString()).toBe(
      "mail.inetlib.test\nPIPELINING\nSIZE 10485760\nVRFY\nENHANCEDSTATUSCODES\n8BITMIME\nSMTPUTF8\nHELP",
    );
    expect(s.ehlo_resp).toEqual(msg);
    expect(s.does_esmtp).toBe(true);
    expect(await s.noop()).toEqual([250, b("2.0.0 Ok")]);
    expect(await s.rset()).toEqual([250, b("2.0.0 Ok")]);
    expect(await s.vrfy("John A <Mr.A@somewhere.com>")).toEqual([250, b("John A <Mr.A@somewhere.com>")]);
    expect(await s.verify("nobody@nowhere.com")).toEqual([550, b("5.1.1 No such user: nobody@nowhere.com")]);
    expect(await s.expn("list-1")).toEqual([
      250,
      b("John A <Mr.A@somewhere.com>\nRuth C <Mrs.C@somewhere.com>"),
    ]);
    expect(await s.expn("PSU-Members-List")).toEqual([550, b("5.1.1 No access for you!")]);
    expect(await s.help()).toEqual(
      b("2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT\n2.0.0 VRFY EXPN HELP STARTTLS AUTH"),
    );
    expect(await s.help("DATA")).toEqual(expect.any(Buffer));
    expect(await s.docmd("XFOO", "bar")).toEqual([502, b("5.5.2 Error: command not recognized")]);
    await s.putcmd("EXPN");
    expect(await s.getreply()).toEqual([550, b("5.1.1 No access for you!")]);
    expect(await s.quit()).toEqual([221, b("2.0.0 Bye")]);
    expect(s.sock).toBeNull();
    expect(server.lastConnection().received.toString()).toBe(
      [
        "helo localhost",
        "ehlo client.example",
        "noop",
        "rset",
        "vrfy Mr.A@somewhere.com",
        "vrfy nobody@nowhere.com",
        "expn list-1",
        "expn PSU-Members-List",
        "help",
        "help DATA",
        "XFOO bar",
        "EXPN",
        "quit",
        "",
      ].join("\r\n"),
    );
  });

  it("ehlo fills esmtp_features; has_extn is case-insensitive (testEHLO)", async () => {
    const server = await serve({ features: ["EXPN", "SIZE 20000000", "STARTTLS", "DELIVERBY", "HELP"] });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    expect({ ...s.esmtp_features }).toEqual({});
    await s.ehlo();
    expect({ ...s.esmtp_features }).toEqual({
      expn: "",
      size: "20000000",
      starttls: "",
      deliverby: "",
      help: "",
    });
    for (const k of ["expn", "SIZE", "StartTLS", "deliverby", "help"]) expect(s.has_extn(k)).toBe(true);
    expect(s.has_extn("unsupported-feature")).toBe(false);
    expect(s.has_extn("constructor")).toBe(false);
    expect(server.lastConnection().received.toString()).toBe("ehlo localhost\r\n");
  });

  it("quit forgets the EHLO state; a new connection says EHLO again (test_quit_resets_greeting)", async () => {
    const server = await serve();
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    expect((await s.ehlo())[0]).toBe(250);
    expect(s.has_extn("size")).toBe(true);
    await s.quit();
    expect(s.has_extn("size")).toBe(false);
    expect([s.ehlo_resp, s.helo_resp, s.does_esmtp]).toEqual([null, null, false]);
    await s.connect("127.0.0.1", server.port);
    expect(s.has_extn("size")).toBe(false);
    await s.ehlo_or_helo_if_needed();
    expect(s.has_extn("size")).toBe(true);
    await s.ehlo_or_helo_if_needed();
    await s.quit();
    expect(server.lastConnection().received.toString()).toBe("ehlo localhost\r\nquit\r\n");
  });

  it("ehlo_or_helo_if_needed falls back to HELO, and raises SMTPHeloError when that fails too", async () => {
    const server = await serve({ esmtp: false });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.ehlo_or_helo_if_needed();
    expect([s.does_esmtp, s.ehlo_resp, s.helo_resp]).toEqual([
      false,
      b("5.5.2 Error: command not recognized"),
      b("mail.inetlib.test"),
    ]);
    expect({ ...s.esmtp_features }).toEqual({});
    await s.quit();
    expect(server.lastConnection().received.toString()).toBe("ehlo localhost\r\nhelo localhost\r\nquit\r\n");

    server.options = { respond: (cmd) => (cmd === "EHLO" || cmd === "HELO" ? "501 go away\r\n" : undefined) };
    const t = await SMTP.open("127.0.0.1", server.port, opts);
    const err = await t.ehlo_or_helo_if_needed().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPHeloError);
    expect(err).toMatchObject({ smtp_code: 501, smtp_error: b("go away") });
    await t.close();
  });

  it("ehlo returns a refusal, and raises SMTPServerDisconnected on a reply with no code (RFC 1869)", async () => {
    const server = await serve({ respond: (cmd) => (cmd === "EHLO" ? "554 no ESMTP here\r\n" : undefined) });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(await s.ehlo()).toEqual([554, b("no ESMTP here")]);
    expect([s.does_esmtp, s.ehlo_resp]).toEqual([false, b("no ESMTP here")]);
    await s.close();
    server.options = { respond: (cmd) => (cmd === "EHLO" ? "xyz\r\n" : undefined) };
    const t = await SMTP.open("127.0.0.1", server.port, opts);
    await expect(t.ehlo()).rejects.toThrow(new SMTPServerDisconnected("Server not connected"));
    expect(t.sock).toBeNull();
  });

  it("send() sends bytes and text as they are; putcmd() adds CRLF", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.send("NO");
    await s.send(b("OP\r\n"));
    expect(await s.getreply()).toEqual([250, b("2.0.0 Ok")]);
    await s.putcmd("noop");
    expect((await s.getreply())[0]).toBe(250);
    expect(server.lastConnection().received.toString()).toBe("NOOP\r\nnoop\r\n");
  });

  it("overlapping calls are serialised, never interleaved", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const replies = await Promise.all([s.noop(), s.vrfy("a@b"), s.rset(), s.noop()]);
    expect(replies.map(([c]) => c)).toEqual([250, 252, 250, 250]);
    expect(server.lastConnection().received.toString()).toBe("noop\r\nvrfy a@b\r\nrset\r\nnoop\r\n");
  });

  it("a call overlapping sendmail() waits for its whole exchange; one after it runs too", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.ehlo();
    const before = server.lastConnection().received.length;
    const [refused, noop, after] = await Promise.all([
      s.sendmail("a@x", ["b@x", "c@x"], "hi"),
      s.noop(),
      s.sendmail("d@x", "e@x", "yo"),
    ]);
    expect(refused).toEqual({});
    expect(noop[0]).toBe(250);
    expect(after).toEqual({});
    expect(server.lastConnection().received.subarray(before).toString()).toBe(
      "mail FROM:<a@x> size=2\r\nrcpt TO:<b@x>\r\nrcpt TO:<c@x>\r\ndata\r\nhi\r\n.\r\nnoop\r\n" +
        "mail FROM:<d@x> size=2\r\nrcpt TO:<e@x>\r\ndata\r\nyo\r\n.\r\n",
    );
  });
});
