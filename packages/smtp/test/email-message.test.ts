// send_message() with @inetlib/email messages: CPython's test_smtplib testSendMessage* and
// SMTPUTF8 tests, ported with the objects they use (MIMEText('A test message'), EmailMessage),
// asserting the bytes on the wire are what smtplib sends.
import { EmailMessage, Header, MIMEText } from "@inetlib/email";
import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { SMTP, SMTPNotSupportedError } from "../src/index.js";
import { serve } from "./helpers.js";

const opts = { local_hostname: "localhost", timeout: 10 };

/** What Python's MIMEText('A test message') with those headers is on the wire. */
const wire = (...headers: string[]) =>
  [
    'Content-Type: text/plain; charset="us-ascii"',
    "MIME-Version: 1.0",
    "Content-Transfer-Encoding: 7bit",
    ...headers,
    "",
    "A test message\r\n",
  ].join("\r\n");

describe("send_message(email.message.Message) as smtplib", () => {
  it("sends Python's bytes with the given addresses (testSendMessage)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = new MIMEText("A test message");
    expect(await s.send_message(m, "John", "Sally")).toEqual({});
    const got = server.messages[0]!;
    expect(got.mail_from).toBe("John");
    expect(got.rcpt_tos).toEqual(["Sally"]);
    expect(got.data.toString()).toBe(wire());
    // smtplib asks for nothing but SIZE when the message and addresses are ASCII.
    expect(got.mail_options).toEqual([`size=${wire().length - 2}`]);
  });

  it("takes To, Bcc, Cc and strips Bcc from the copy sent (testSendMessageWithAddresses)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = new MIMEText("A test message");
    m.set("From", "foo@bar.com");
    m.set("To", "John");
    m.set("CC", "Sally, Fred");
    m.set("Bcc", 'John Root <root@localhost>, "Dinsdale" <warped@silly.walks.com>');
    await s.send_message(m);
    const got = server.messages[0]!;
    expect(got.mail_from).toBe("foo@bar.com");
    expect(got.rcpt_tos).toEqual(["John", "root@localhost", "warped@silly.walks.com", "Sally", "Fred"]);
    expect(got.data.toString()).toBe(wire("From: foo@bar.com", "To: John", "CC: Sally, Fred"));
    expect(String(m.get("Bcc"))).toContain("root@localhost");
  });

  it("uses only the addresses there are (testSendMessageWithSomeAddresses)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = new MIMEText("A test message");
    m.set("From", "foo@bar.com");
    m.set("To", "John, Dinsdale");
    await s.send_message(m);
    expect(server.messages[0]!.rcpt_tos).toEqual(["John", "Dinsdale"]);
  });

  it("prefers the given addresses to the headers (testSendMessageWithSpecifiedAddresses)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = new MIMEText("A test message");
    m.set("From", "foo@bar.com");
    m.set("To", "John, Dinsdale");
    await s.send_message(m, { from_addr: "joe@example.com", to_addrs: "foo@example.net" });
    expect(server.messages[0]).toMatchObject({ mail_from: "joe@example.com", rcpt_tos: ["foo@example.net"] });
    expect(server.messages[0]!.data.toString()).toBe(wire("From: foo@bar.com", "To: John, Dinsdale"));
  });

  it("takes the sender from Sender when there is one (testSendMessageWithMultipleFrom)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = new MIMEText("A test message");
    m.set("From", "Bernard, Bianca");
    m.set("Sender", "the_rescuers@Rescue-Aid-Society.com");
    m.set("To", "John, Dinsdale");
    await s.send_message(m);
    expect(server.messages[0]!.mail_from).toBe("the_rescuers@Rescue-Aid-Society.com");
  });

  it("uses the Resent- block and strips Resent-Bcc (testSendMessageResent)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = new MIMEText("A test message");
    m.set("From", "foo@bar.com");
    m.set("To", "John");
    m.set("CC", "Sally, Fred");
    m.set("Bcc", 'John Root <root@localhost>, "Dinsdale" <warped@silly.walks.com>');
    m.set("Resent-Date", "Thu, 1 Jan 1970 17:42:00 +0000");
    m.set("Resent-From", "holy@grail.net");
    m.set("Resent-To", "Martha <my_mom@great.cooker.com>, Jeff");
    m.set("Resent-Bcc", "doe@losthope.net");
    await s.send_message(m);
    const got = server.messages[0]!;
    expect(got.mail_from).toBe("holy@grail.net");
    expect(got.rcpt_tos).toEqual(["my_mom@great.cooker.com", "Jeff", "doe@losthope.net"]);
    expect(got.data.toString()).toBe(
      wire(
        "From: foo@bar.com",
        "To: John",
        "CC: Sally, Fred",
        "Resent-Date: Thu, 1 Jan 1970 17:42:00 +0000",
        "Resent-From: holy@grail.net",
        "Resent-To: Martha <my_mom@great.cooker.com>, Jeff",
      ),
    );
  });

  it("refuses two Resent- blocks (testSendMessageMultipleResentRaises)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = new MIMEText("A test message");
    m.set("From", "foo@bar.com");
    m.set("To", "John");
    m.set("Resent-Date", "Thu, 1 Jan 1970 17:42:00 +0000");
    m.set("Resent-From", "holy@grail.net");
    m.set("Resent-Date", "Thu, 2 Jan 1970 17:42:00 +0000");
    await expect(s.send_message(m)).rejects.toThrow(ValueError);
    expect(server.messages).toHaveLength(0);
  });

  it("folds an encoded Header as BytesGenerator does, with CRLF", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const m = new MIMEText("hello", "plain", "utf-8");
    m.set(
      "Subject",
      new Header("Grüße aus Köln und noch viel mehr Text, damit die Zeile gefaltet werden muss", "utf-8"),
    );
    m.set("From", "a@example.com");
    m.set("To", "b@example.com");
    await s.send_message(m);
    expect(server.messages[0]!.data.toString()).toBe(
      [
        'Content-Type: text/plain; charset="utf-8"',
        "MIME-Version: 1.0",
        "Content-Transfer-Encoding: base64",
        "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln_und_noch_viel_mehr_Text=2C_damit_die?=",
        " =?utf-8?q?_Zeile_gefaltet_werden_muss?=",
        "From: a@example.com",
        "To: b@example.com",
        "",
        "aGVsbG8=",
        "",
      ].join("\r\n"),
    );
  });

  it("asks for SMTPUTF8 and 8BITMIME for non-ASCII addresses (test_send_message_uses_smtputf8_if_addrs_non_ascii)", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const msg = new EmailMessage();
    msg.set("From", "Páolo <főo@bar.com>");
    msg.set("To", "Dinsdale");
    msg.set("Subject", "Nudge nudge, wink, wink \u1F609");
    msg.set_content("oh là là, know what I mean, know what I mean?\n\n");
    expect(await s.send_message(msg)).toEqual({});
    const got = server.messages[0]!;
    expect(got.mail_from).toBe("főo@bar.com");
    expect(got.rcpt_tos).toEqual(["Dinsdale"]);
    expect(got.data.toString()).toBe(
      [
        "From: Páolo <főo@bar.com>",
        "To: Dinsdale",
        "Subject: Nudge nudge, wink, wink \u1F609",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: 8bit",
        "MIME-Version: 1.0",
        "",
        "oh là là, know what I mean, know what I mean?",
        "",
        "",
      ].join("\r\n"),
    );
    expect(got.mail_options).toContain("BODY=8BITMIME");
    expect(got.mail_options).toContain("SMTPUTF8");
    expect(got.rcpt_options).toEqual([]);
  });

  it("refuses non-ASCII addresses without SMTPUTF8 (test_send_message_error_on_non_ascii_addrs_if_no_smtputf8)", async () => {
    const server = await serve({ smtputf8: false });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const msg = new EmailMessage();
    msg.set("From", "Páolo <főo@bar.com>");
    msg.set("To", "Dinsdale");
    msg.set("Subject", "Nudge nudge, wink, wink \u1F609");
    await expect(s.send_message(msg)).rejects.toThrow(SMTPNotSupportedError);
    expect(server.messages).toHaveLength(0);
  });
});
