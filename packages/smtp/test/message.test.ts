// send_message(): the envelope from the headers by Python's rules (test_smtplib's
// testSendMessage* tests, with Python's MIMEText bytes), Bcc never sent, SMTPUTF8 and
// 8BITMIME chosen from the message, messages built by nodemailer, streamed, DKIM-signed.
import { generateKeyPairSync } from "node:crypto";
import { Readable } from "node:stream";
import { ValueError } from "@inetlib/socket";
import MimeNode from "nodemailer/lib/mime-node";
import { describe, expect, it } from "vitest";
import { SMTP, SMTPNotSupportedError } from "../src/index.js";
import { verifyDkim } from "./dkim.js";
import { serve } from "./helpers.js";

const b = (s: string) => Buffer.from(s);
const opts = { local_hostname: "localhost", timeout: 10 };
const received = (server: { lastConnection(): { received: Buffer } }) =>
  server.lastConnection().received.toString();

/** What Python's MIMEText('A test message') flattens to, plus the given header lines. */
function mimeText(...headers: string[]): Buffer {
  return b(
    [
      'Content-Type: text/plain; charset="us-ascii"',
      "MIME-Version: 1.0",
      "Content-Transfer-Encoding: 7bit",
      ...headers,
      "",
      "A test message",
    ].join("\r\n"),
  );
}

const withoutLines = (msg: Buffer, ...names: string[]) =>
  b(
    msg
      .toString()
      .split("\r\n")
      .filter((l) => !names.some((n) => l.startsWith(`${n}:`)))
      .join("\r\n"),
  );

describe("send_message with RFC 5322 bytes (Python's rules)", () => {
  it("uses the given addresses (testSendMessage)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = mimeText();
    expect(await s.send_message(m, "John", "Sally")).toEqual({});
    expect(server.messages[0]).toMatchObject({
      mail_from: "John",
      rcpt_tos: ["Sally"],
      data: Buffer.concat([m, b("\r\n")]),
    });
    expect(received(server)).toContain(`mail FROM:<John> size=${m.length}\r\nrcpt TO:<Sally>\r\n`);
  });

  it("takes To, Bcc and Cc, and does not send Bcc (testSendMessageWithAddresses)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = mimeText(
      "From: foo@bar.com",
      "To: John",
      "CC: Sally, Fred",
      'Bcc: John Root <root@localhost>, "Dinsdale" <warped@silly.walks.com>',
    );
    const copy = Buffer.from(m);
    await s.send_message(m);
    expect(m).toEqual(copy);
    expect(server.messages[0]).toMatchObject({
      mail_from: "foo@bar.com",
      rcpt_tos: ["John", "root@localhost", "warped@silly.walks.com", "Sally", "Fred"],
      data: Buffer.concat([withoutLines(m, "Bcc"), b("\r\n")]),
    });
  });

  it("works with only some address fields (testSendMessageWithSomeAddresses)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.send_message(mimeText("From: foo@bar.com", "To: John, Dinsdale"));
    expect(server.messages[0]).toMatchObject({ mail_from: "foo@bar.com", rcpt_tos: ["John", "Dinsdale"] });
  });

  it("lets given addresses win over the headers (testSendMessageWithSpecifiedAddresses)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.send_message(mimeText("From: foo@bar.com", "To: John, Dinsdale"), {
      from_addr: "joe@example.com",
      to_addrs: "foo@example.net",
    });
    expect(server.messages[0]).toMatchObject({ mail_from: "joe@example.com", rcpt_tos: ["foo@example.net"] });
  });

  it("prefers Sender over From (testSendMessageWithMultipleFrom)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.send_message(
      mimeText("From: Bernard, Bianca", "Sender: the_rescuers@Rescue-Aid-Society.com", "To: John, Dinsdale"),
    );
    expect(server.messages[0]).toMatchObject({
      mail_from: "the_rescuers@Rescue-Aid-Society.com",
      rcpt_tos: ["John", "Dinsdale"],
    });
  });

  it("uses the Resent- fields of a resent message and drops Bcc and Resent-Bcc (testSendMessageResent)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = mimeText(
      "From: foo@bar.com",
      "To: John",
      "CC: Sally, Fred",
      'Bcc: John Root <root@localhost>, "Dinsdale" <warped@silly.walks.com>',
      "Resent-Date: Thu, 1 Jan 1970 17:42:00 +0000",
      "Resent-From: holy@grail.net",
      "Resent-To: Martha <my_mom@great.cooker.com>, Jeff",
      "Resent-Bcc: doe@losthope.net",
    );
    await s.send_message(m);
    expect(server.messages[0]).toMatchObject({
      mail_from: "holy@grail.net",
      rcpt_tos: ["my_mom@great.cooker.com", "Jeff", "doe@losthope.net"],
      data: Buffer.concat([withoutLines(m, "Bcc", "Resent-Bcc"), b("\r\n")]),
    });
  });

  it("refuses more than one Resent- block (testSendMessageMultipleResentRaises)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = mimeText(
      "From: foo@bar.com",
      "Resent-Date: Thu, 1 Jan 1970 17:42:00 +0000",
      "Resent-From: holy@grail.net",
      "Resent-Date: Thu, 2 Jan 1970 17:42:00 +0000",
      "Resent-To: holy@grail.net",
    );
    await expect(s.send_message(m)).rejects.toThrow(
      new ValueError("message has more than one 'Resent-' header block"),
    );
    expect(received(server)).toBe("ehlo localhost\r\n");
  });

  it("refuses non-ASCII addresses without SMTPUTF8 (test_send_message_error_on_non_ascii_addrs_if_no_smtputf8)", async () => {
    const server = await serve({ smtputf8: false });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = b(
      "From: Páolo <főo@bar.com>\r\nTo: Dinsdale\r\nSubject: Nudge nudge, wink, wink \u1F609\r\n\r\nx\r\n",
    );
    await expect(s.send_message(m)).rejects.toThrow(
      new SMTPNotSupportedError(
        "One or more source or delivery addresses require internationalized email support, but the server does not advertise the required SMTPUTF8 capability",
      ),
    );
    expect(received(server)).toBe("ehlo localhost\r\n");
  });

  it("asks for SMTPUTF8 and BODY=8BITMIME for non-ASCII addresses, keeping the caller's options", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = b("From: Páolo <főo@bar.com>\r\nTo: Dinsdale\r\n\r\noh là là\r\n");
    const mail_options = ["X-OPT"];
    expect(await s.send_message(m, null, null, mail_options)).toEqual({});
    expect(mail_options).toEqual(["X-OPT"]);
    expect(server.messages[0]).toMatchObject({
      mail_from: "főo@bar.com",
      rcpt_tos: ["Dinsdale"],
      mail_options: [`size=${m.length}`, "X-OPT", "SMTPUTF8", "BODY=8BITMIME"],
      data: m,
    });
    expect(received(server)).toContain(
      `mail FROM:<főo@bar.com> size=${m.length} X-OPT SMTPUTF8 BODY=8BITMIME\r\n`,
    );
  });

  it("asks for BODY=8BITMIME for an 8-bit body, SMTPUTF8 for a UTF-8 header (beyond Python)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const body8 = b("From: a@x\r\nTo: b@x\r\n\r\ncafé\r\n");
    const header8 = b("From: a@x\r\nTo: b@x\r\nSubject: café\r\n\r\nx\r\n");
    await s.send_message(body8);
    expect(server.messages[0]!.mail_options).toEqual([`size=${body8.length}`, "BODY=8BITMIME"]);
    await s.send_message(header8);
    expect(server.messages[1]!.mail_options).toEqual([`size=${header8.length}`, "SMTPUTF8", "BODY=8BITMIME"]);
    await s.send_message(body8, { mail_options: ["BODY=BINARYMIME"] });
    expect(server.messages[2]!.mail_options).toEqual([`size=${body8.length}`, "BODY=BINARYMIME"]);
  });

  it("streams a raw message, reading only its header ahead", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    async function* chunks() {
      yield b("From: a@x\r\nTo: b@x\r\nBc");
      yield b("c: hidden@x\r\n\r\n.line one\r\n");
      for (let i = 0; i < 100; i++) yield b(`line ${i}\r\n`);
    }
    await s.send_message(chunks());
    const m = server.messages[0]!;
    expect(m.rcpt_tos).toEqual(["b@x", "hidden@x"]);
    expect(m.mail_options).toEqual([]);
    expect(m.data.toString()).toMatch(/^From: a@x\r\nTo: b@x\r\n\r\n\.line one\r\nline 0\r\n/);
    expect(m.data.toString()).not.toContain("hidden");
  });

  it("refuses a message without a sender", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await expect(s.send_message(b("To: b@x\r\n\r\nx"))).rejects.toBeInstanceOf(ValueError);
  });
});

describe("send_message with nodemailer", () => {
  it("composes a message from nodemailer's options (test_name_field_not_included_in_envelop_addresses)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(
      await s.send_message({
        from: { name: "Michaël", address: "michael@example.com" },
        to: { name: "René", address: "rene@example.com" },
        subject: "hi",
        text: "hello\n.\nbye",
      }),
    ).toEqual({});
    const m = server.messages[0]!;
    expect([m.mail_from, m.rcpt_tos]).toEqual(["michael@example.com", ["rene@example.com"]]);
    expect(m.mail_options[0]).toMatch(/^size=\d+$/);
    const text = m.data.toString();
    expect(text).toMatch(/^From: =\?UTF-8\?Q\?Micha=C3=ABl\?= <michael@example\.com>\r\n/);
    expect(text).toContain("\r\nMessage-ID: <");
    expect(text).toContain("\r\n\r\nhello\r\n.\r\nbye");
  });

  it("keeps bare-name addresses, which nodemailer's headers drop, in the envelope (RCPT TO:<John>)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(
      await s.send_message({
        from: "foo@bar.com",
        to: "John, Dinsdale",
        cc: [{ name: "Sally", address: "sally@example.com" }],
        bcc: "Fred",
        subject: "bare",
        text: "hello",
      }),
    ).toEqual({});
    expect(server.messages[0]).toMatchObject({
      mail_from: "foo@bar.com",
      rcpt_tos: ["John", "Dinsdale", "Fred", "sally@example.com"],
    });
    expect(received(server)).toContain("rcpt TO:<John>\r\nrcpt TO:<Dinsdale>\r\nrcpt TO:<Fred>\r\n");
    // A bare sender too, as Python's MAIL FROM:<root>.
    await s.send_message({ from: "root", to: "x@example.com", subject: "s", text: "t" });
    expect(server.messages[1]).toMatchObject({ mail_from: "root", rcpt_tos: ["x@example.com"] });
  });

  it("sends an HTML mail with an attachment, Bcc in the envelope only", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.send_message({
      from: "a@example.com",
      to: "b@example.com",
      cc: ["c@example.com"],
      bcc: "Secret <d@example.com>",
      subject: "report",
      text: "see attached",
      html: "<p>see attached</p>",
      attachments: [{ filename: "data.bin", content: Buffer.from([0, 1, 2, 255]) }],
    });
    const m = server.messages[0]!;
    expect(m.rcpt_tos).toEqual(["b@example.com", "d@example.com", "c@example.com"]);
    const text = m.data.toString();
    expect(text).not.toMatch(/^Bcc:/im);
    expect(text).toContain("Content-Type: multipart/mixed;");
    expect(text).toMatch(/filename="?data\.bin"?/);
    expect(text).toContain("AAEC/w==");
  });

  it("streams a message whose content is a stream (no SIZE)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.send_message({
      from: "a@example.com",
      to: "b@example.com",
      text: "body",
      attachments: [{ filename: "big.txt", content: Readable.from([b("x".repeat(100_000))]) }],
    });
    const m = server.messages[0]!;
    expect(m.mail_options).toEqual([]);
    expect(m.data.length).toBeGreaterThan(100_000);
  });

  it("honours nodemailer's envelope and takes a MimeNode", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.send_message({
      from: "a@example.com",
      to: "b@example.com",
      text: "x",
      envelope: { from: "bounce@example.com", to: ["list@example.com"] },
    });
    expect(server.messages[0]).toMatchObject({
      mail_from: "bounce@example.com",
      rcpt_tos: ["list@example.com"],
    });
    const node = new MimeNode("text/plain", { newline: "win" });
    node.setHeader({ From: "n@example.com", To: "m@example.com", Bcc: "hidden-node@example.com" });
    node.setContent("from a MimeNode\n");
    await s.send_message(node);
    expect(server.messages[1]).toMatchObject({
      mail_from: "n@example.com",
      rcpt_tos: ["m@example.com", "hidden-node@example.com"],
    });
    expect(server.messages[1]!.data.toString()).not.toContain("hidden-node");
  });

  it("signs with DKIM through nodemailer's signer", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    await s.send_message(
      {
        from: "a@example.com",
        to: "b@example.com",
        bcc: "hidden-bcc@example.com",
        subject: "signed",
        text: "x",
      },
      {
        dkim: {
          domainName: "example.com",
          keySelector: "test",
          privateKey: privateKey.export({ type: "pkcs1", format: "pem" }) as string,
        },
      },
    );
    const text = server.messages[0]!.data.toString();
    expect(text).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.com;/);
    // The signature verifies over what the server received, and fails once a signed byte changes.
    expect(verifyDkim(text, publicKey)).toBeNull();
    expect(verifyDkim(text.replace("Subject: signed", "Subject: Signed"), publicKey)).toBe(
      "signature does not verify",
    );
    expect(verifyDkim(text.replace(/\r\nx/, "\r\ny"), publicKey)).toMatch(/^body hash/);
    expect(text).not.toContain("hidden-bcc");
    expect(server.messages[0]!.rcpt_tos).toEqual(["b@example.com", "hidden-bcc@example.com"]);
  });
});
