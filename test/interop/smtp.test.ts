// @inetlib/smtp against postfix and the aiosmtpd recorder as test/daemons/up.sh configures them
// (see test/daemons/README.md): STARTTLS and AUTH through dovecot SASL, submission, implicit
// TLS, IPv6, refusals, 1,000 messages on one connection, dovecot LMTP on its Unix socket, and
// messages read back over POP3 (postfix -> dovecot) or from the recorder's files byte for byte.
//
// Round trips go to bob and are deleted once read; alice and bulk are never written to. Mail
// to any other domain is accepted by postfix from loopback and discarded.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { POP3 } from "@inetlib/pop3";
import {
  LMTP,
  SMTP,
  SMTP_SSL,
  SMTPAuthenticationError,
  SMTPNotSupportedError,
  type SMTPOptions,
  SMTPRecipientsRefused,
  SMTPSenderRefused,
} from "@inetlib/smtp";
import { create_default_context, SSLCertVerificationError, SSLSocket } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, host6, mailAddress, paths, ports, stateDir, tlsServername, users } from "./env.js";

const b = (s: string) => Buffer.from(s, "utf8");
const ctx = () => create_default_context({ cafile: paths.ca });
const opts: SMTPOptions = { timeout: 30, local_hostname: "client.inetlib.test" };
const bob = mailAddress(users.bob);
const token = () => randomBytes(8).toString("hex");
const SINK = "sink@example.com";

/** A message with what breaks naive clients: leading dots, a lone dot line, a long line. */
function tricky(id: string, extra: string[] = []): Buffer {
  return b(
    [
      `From: Alice <${mailAddress(users.alice)}>`,
      `To: Bob <${bob}>`,
      ...extra,
      "Subject: inetlib smtp interop",
      "Date: Mon, 01 Jan 2024 00:00:00 +0000",
      `Message-ID: <${id}>`,
      "",
      "A line.",
      ".a line starting with a dot",
      "..two dots",
      ".",
      `long ${"y".repeat(900)}`,
      "",
      "end",
      "",
    ].join("\r\n"),
  );
}

/** Finds the messages with Message-ID `id` in bob's mailbox over POP3, returns them and deletes them. */
async function readBack(id: string): Promise<Buffer[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pop = await POP3.open(host, ports.pop3, { timeout: 30 });
    try {
      await pop.stls(ctx());
      await pop.user(users.bob.user);
      await pop.pass_(users.bob.password);
      const [n] = await pop.stat();
      const found: number[] = [];
      for (let i = n; i >= 1; i--) {
        const [, head] = await pop.top(i, 0);
        if (head.some((line) => line.includes(id))) found.push(i);
      }
      if (found.length > 0) {
        const out: Buffer[] = [];
        for (const i of found.reverse()) {
          const [, lines] = await pop.retr(i);
          out.push(Buffer.concat(lines.flatMap((l) => [l, b("\r\n")])));
          await pop.dele(i);
        }
        await pop.quit();
        return out;
      }
    } finally {
      await pop.close();
    }
    if (Date.now() > deadline) throw new Error(`message ${id} did not arrive in bob's mailbox`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The recorder's files for the message its reply "250 OK recorded as NNNNNN" names. */
function recorded(reply: Buffer): { eml: Buffer; meta: Record<string, unknown> } {
  const n = /recorded as (\d+)/.exec(reply.toString())?.[1];
  if (!n) throw new Error(`not a recorder reply: ${reply.toString()}`);
  return {
    eml: readFileSync(join(paths.recorderMessages, `${n}.eml`)),
    meta: JSON.parse(readFileSync(join(paths.recorderMessages, `${n}.json`), "utf8")) as Record<
      string,
      unknown
    >,
  };
}

describe("postfix", () => {
  it("offers AUTH only after STARTTLS; delivers to dovecot, read back over POP3 byte for byte", async () => {
    const id = `smtp-interop-${token()}@inetlib.test`;
    const msg = tricky(id, [`Bcc: ${SINK}`]);
    await using s = await SMTP.open(tlsServername, ports.smtp, opts);
    const [code, features] = await s.ehlo();
    expect(code).toBe(250);
    expect(features.toString()).toMatch(/^mail\.inetlib\.test\n/);
    for (const ext of ["pipelining", "size", "starttls", "8bitmime", "smtputf8", "enhancedstatuscodes"])
      expect(s.has_extn(ext)).toBe(true);
    await expect(s.login(users.bob.user, users.bob.password)).rejects.toBeInstanceOf(SMTPNotSupportedError);
    expect((await s.starttls({ context: ctx() }))[0]).toBe(220);
    expect(s.sock).toBeInstanceOf(SSLSocket);
    expect(s.does_esmtp).toBe(false);
    expect((await s.login(users.bob.user, users.bob.password))[0]).toBe(235);
    expect(s.esmtp_features.auth?.split(/\s+/)).toEqual(expect.arrayContaining(["PLAIN", "LOGIN"]));
    expect(await s.send_message(msg)).toEqual({});
    const [got] = await readBack(id);
    const sent = Buffer.from(msg.toString().replace(`Bcc: ${SINK}\r\n`, ""));
    expect(got!.subarray(got!.length - sent.length)).toEqual(sent);
    expect(got!.toString()).not.toContain("Bcc:");
  });

  it("delivers a message composed by nodemailer (HTML and an attachment)", async () => {
    const id = `smtp-interop-${token()}@inetlib.test`;
    await using s = await SMTP.open(host, ports.smtp, opts);
    await s.starttls({ context: ctx() });
    await s.login(users.bob.user, users.bob.password);
    const attachment = randomBytes(3000);
    await s.send_message({
      from: mailAddress(users.bob),
      to: bob,
      subject: "composed — ünïcödé",
      messageId: `<${id}>`,
      text: "plain text\n.\nwith a dot line",
      html: "<p>html</p>",
      attachments: [{ filename: "random.bin", content: attachment }],
    });
    const [got] = await readBack(id);
    const text = got!.toString();
    expect(text).toContain("Subject: =?UTF-8?");
    expect(text).toContain("plain text\r\n.\r\nwith a dot line");
    expect(text).toContain(attachment.toString("base64").slice(0, 76));
  });

  it("submission refuses mail before STARTTLS and AUTH, then takes it", async () => {
    const s = await SMTP.open(host, ports.submission, opts);
    const err = await s.sendmail(bob, [SINK], "Subject: x\r\n\r\nx\r\n").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPSenderRefused);
    expect((err as SMTPSenderRefused).smtp_code).toBe(530);
    await s.starttls({ context: ctx() });
    await expect(s.login(users.bob.user, "wrong")).rejects.toBeInstanceOf(SMTPAuthenticationError);
    expect((await s.login(users.bob.user, users.bob.password))[0]).toBe(235);
    expect(await s.sendmail(bob, [SINK], "Subject: submission\r\n\r\nbody\r\n")).toEqual({});
    expect((await s.quit())[0]).toBe(221);
  });

  it("speaks implicit TLS (SMTP_SSL), verifying against the project CA only", async () => {
    await using s = await SMTP_SSL.open(tlsServername, ports.smtps, { ...opts, context: ctx() });
    expect(s.sock).toBeInstanceOf(SSLSocket);
    expect((await s.login(users.bob.user, users.bob.password))[0]).toBe(235);
    expect(await s.sendmail(bob, [SINK], "Subject: smtps\r\n\r\nbody\r\n")).toEqual({});
    await expect(SMTP_SSL.open(host, ports.smtps, opts)).rejects.toBeInstanceOf(SSLCertVerificationError);
  });

  it("works over IPv6", async () => {
    await using s = await SMTP.open(host6, ports.smtp, opts);
    expect((await s.ehlo())[0]).toBe(250);
    await s.starttls({ context: ctx() });
    expect((await s.noop())[0]).toBe(250);
  });

  it("returns refused recipients and raises SMTPRecipientsRefused when all are refused", async () => {
    await using s = await SMTP.open(host, ports.smtp, opts);
    const nobody = `nobody-${token()}@inetlib.test`;
    const refused = await s.sendmail(bob, [SINK, nobody], "Subject: x\r\n\r\nx\r\n");
    expect(Object.keys(refused)).toEqual([nobody]);
    expect(refused[nobody]![0]).toBe(550);
    const err = await s.sendmail(bob, [nobody], "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPRecipientsRefused);
    expect((await s.noop())[0]).toBe(250);
  });

  it("takes 1,000 messages on one connection, pipelined", async () => {
    await using s = await SMTP.open(host, ports.smtp, opts);
    await s.ehlo();
    expect(s._pipelining_enabled()).toBe(true);
    for (let i = 0; i < 1000; i++) {
      const refused = await s.sendmail(bob, [SINK], `Subject: bulk ${i}\r\n\r\nmessage ${i}\r\n.\r\n`);
      expect(refused).toEqual({});
    }
    expect((await s.noop())[0]).toBe(250);
  });
});

describe("recorder (aiosmtpd)", () => {
  it("receives exactly the bytes meant: dots, long lines, 8-bit text", async () => {
    await using s = await SMTP.open(host, ports.smtpRecorder, opts);
    await s.ehlo();
    const body = Buffer.concat([
      tricky(`rec-${token()}@inetlib.test`),
      b("café\r\n.\r\n"),
      b(`${"z".repeat(990)}\r\n`),
    ]);
    expect((await s.mail(mailAddress(users.alice), [`SIZE=${body.length}`, "BODY=8BITMIME"]))[0]).toBe(250);
    expect((await s.rcpt("one@example.net"))[0]).toBe(250);
    const [code, reply] = await s.data(body);
    expect(code).toBe(250);
    const { eml, meta } = recorded(reply);
    expect(eml).toEqual(body);
    expect(meta).toMatchObject({
      mail_from: mailAddress(users.alice),
      rcpt_tos: ["one@example.net"],
      mail_options: [`SIZE=${body.length}`, "BODY=8BITMIME"],
      helo: "client.inetlib.test",
      tls: false,
    });
  });

  it("records send_message's envelope: Bcc in RCPT only, SMTPUTF8 for a non-ASCII address", async () => {
    const id = `rec-${token()}@inetlib.test`;
    await using s = await SMTP.open(host, ports.smtpRecorder, opts);
    await s.send_message(
      b(
        `From: Jőhn <jőhn@example.org>\r\nTo: a@example.net\r\nBcc: hidden@example.net\r\nMessage-ID: <${id}>\r\n\r\nhi\r\n`,
      ),
    );
    await s.noop();
    // The transaction's reply is not returned by send_message: find the file by its Message-ID.
    const files = await import("node:fs/promises").then((fs) => fs.readdir(paths.recorderMessages));
    const eml = files
      .filter((f) => f.endsWith(".eml"))
      .sort()
      .reverse()
      .map((f) => ({ f, data: readFileSync(join(paths.recorderMessages, f)) }))
      .find(({ data }) => data.includes(id));
    expect(eml).toBeDefined();
    expect(eml!.data.toString()).not.toContain("Bcc");
    const meta = JSON.parse(
      readFileSync(join(paths.recorderMessages, eml!.f.replace(".eml", ".json")), "utf8"),
    );
    expect(meta).toMatchObject({
      mail_from: "jőhn@example.org",
      rcpt_tos: ["a@example.net", "hidden@example.net"],
    });
    expect(meta.mail_options).toEqual(expect.arrayContaining(["SMTPUTF8", "BODY=8BITMIME"]));
  });

  it("logs in without TLS on loopback, and reports per-recipient refusals", async () => {
    await using s = await SMTP.open(host, ports.smtpRecorder, opts);
    expect((await s.login(users.alice.user, users.alice.password))[0]).toBe(235);
    const refused = await s.sendmail(
      mailAddress(users.alice),
      ["reject@example.net", "tempfail@example.net", "ok@example.net"],
      "x",
    );
    expect(Object.fromEntries(Object.entries(refused).map(([k, [c]]) => [k, c]))).toEqual({
      "reject@example.net": 550,
      "tempfail@example.net": 451,
    });
  });
});

describe("dovecot LMTP", () => {
  it("delivers over the Unix socket with one reply per accepted recipient (RFC 2033 4.2)", async () => {
    const id = `lmtp-interop-${token()}@inetlib.test`;
    const socketPath = join(stateDir, "dovecot", "run", "lmtp");
    await using l = await LMTP.open(socketPath, 0, opts);
    const nobody = `nobody-${token()}@inetlib.test`;
    const msg = tricky(id);
    const refused = await l.sendmail(mailAddress(users.alice), [bob, nobody, bob], msg);
    expect(Object.keys(refused)).toEqual([nobody]);
    expect(refused[nobody]![0]).toBe(550);
    expect(l.data_replies.map(([r, c]) => [r, c])).toEqual([
      [bob, 250],
      [bob, 250],
    ]);
    expect((await l.noop())[0]).toBe(250);
    // dovecot answers each RCPT of the same user, and saves the message once.
    const [got] = await readBack(id);
    expect(got!.subarray(got!.length - msg.length)).toEqual(msg);
  });
});
