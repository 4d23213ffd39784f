import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mailAddress, paths, ports, users } from "../env.js";
import {
  type CodeReply,
  command,
  imapOk,
  LineConn,
  pollUntil,
  pop3Command,
  readCodeReply,
  readDotBlock,
} from "../helpers.js";

const open: LineConn[] = [];
async function dial(port: number, tls = false): Promise<LineConn> {
  const c = await LineConn.dial(port, { tls });
  open.push(c);
  return c;
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function ok(c: LineConn, line: string, code: number): Promise<CodeReply> {
  const r = await command(c, line);
  if (r.code !== code) throw new Error(`${line.split(" ")[0]}: expected ${code}, got ${r.lines.join(" | ")}`);
  return r;
}

function authPlain(user: string, password: string): string {
  return `AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString("base64")}`;
}

/** Send DATA with the given header/body lines (no dots at line starts). */
async function sendData(c: LineConn, lines: string[]): Promise<CodeReply> {
  await ok(c, "DATA", 354);
  await c.write(`${lines.join("\r\n")}\r\n.\r\n`);
  return readCodeReply(c);
}

describe("postfix SMTP", () => {
  it("greets, offers STARTTLS, and allows AUTH PLAIN only after it", async () => {
    const c = await dial(ports.smtp);
    expect((await readCodeReply(c)).code).toBe(220);
    const ehlo = await ok(c, "EHLO client.example.org", 250);
    expect(ehlo.lines.join("\n")).toContain("STARTTLS");
    expect(ehlo.lines.join("\n")).not.toMatch(/AUTH /);
    await ok(c, "STARTTLS", 220);
    await c.starttls();
    expect(c.tlsSocket.authorized).toBe(true);
    const ehlo2 = await ok(c, "EHLO client.example.org", 250);
    expect(ehlo2.lines.join("\n")).toMatch(/AUTH .*PLAIN/);
    await ok(c, authPlain(users.alice.user, users.alice.password), 235);
    await ok(c, "QUIT", 221);
  });

  it("submission port demands STARTTLS before mail", async () => {
    const c = await dial(ports.submission);
    expect((await readCodeReply(c)).code).toBe(220);
    await ok(c, "EHLO client.example.org", 250);
    const r = await command(c, `MAIL FROM:<${mailAddress(users.alice)}>`);
    expect(r.code).toBe(530);
    await ok(c, "STARTTLS", 220);
    await c.starttls();
    expect(c.tlsSocket.authorized).toBe(true);
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, authPlain(users.bob.user, users.bob.password), 235);
    await ok(c, "QUIT", 221);
  });

  it("serves implicit TLS (smtps) with AUTH", async () => {
    const c = await dial(ports.smtps, true);
    expect(c.tlsSocket.authorized).toBe(true);
    expect((await readCodeReply(c)).code).toBe(220);
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, authPlain(users.alice.user, users.alice.password), 235);
    await ok(c, "QUIT", 221);
  });

  it("delivers to a dovecot mailbox: sent over SMTP, read back over IMAP and POP3", async () => {
    const token = `inetlib-roundtrip-${randomUUID()}`;
    const c = await dial(ports.smtp);
    await readCodeReply(c);
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, "STARTTLS", 220);
    await c.starttls();
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, authPlain(users.alice.user, users.alice.password), 235);
    await ok(c, `MAIL FROM:<${mailAddress(users.alice)}>`, 250);
    await ok(c, `RCPT TO:<${mailAddress(users.bob)}>`, 250);
    // Any other domain is accepted (and discarded on this machine).
    await ok(c, "RCPT TO:<somebody@example.com>", 250);
    const sent = await sendData(c, [
      `From: Alice <${mailAddress(users.alice)}>`,
      `To: Bob <${mailAddress(users.bob)}>`,
      `Subject: ${token}`,
      `Message-ID: <${token}@client.example.org>`,
      "",
      "round trip body",
    ]);
    expect(sent.code).toBe(250);
    await ok(c, "QUIT", 221);

    // IMAP: poll until it arrives.
    const imap = await dial(ports.imap);
    await imap.readLine();
    await imapOk(imap, `LOGIN ${users.bob.user} ${users.bob.password}`);
    const uid = await pollUntil(
      async () => {
        await imapOk(imap, "SELECT INBOX");
        const s = await imapOk(imap, `UID SEARCH HEADER Message-ID "${token}"`);
        const line = s.untagged.find((l) => l.startsWith("* SEARCH"));
        const uids = line?.split(" ").slice(2) ?? [];
        return uids.length > 0 ? uids[0] : undefined;
      },
      "the message to reach bob's INBOX",
      30_000,
    );

    // POP3 sees it too (retried: other suites may hold bob's mailbox for a moment).
    await pollUntil(
      async () => {
        const pop = await dial(ports.pop3);
        try {
          await pop.readLine();
          await pop3Command(pop, `USER ${users.bob.user}`);
          await pop3Command(pop, `PASS ${users.bob.password}`);
          const n = Number((await pop3Command(pop, "STAT")).split(" ")[1]);
          for (let i = n; i >= 1; i--) {
            await pop3Command(pop, `TOP ${i} 0`);
            if ((await readDotBlock(pop)).some((l) => l === `Subject: ${token}`)) return true;
          }
          return undefined;
        } catch {
          return undefined;
        } finally {
          pop.close();
        }
      },
      "the message over POP3",
      15_000,
    );

    // Leave bob's mailbox as it was.
    await imapOk(imap, `UID STORE ${uid} +FLAGS.SILENT (\\Deleted)`);
    await imapOk(imap, `UID EXPUNGE ${uid}`);
    await imapOk(imap, "LOGOUT");
  });
});

describe("aiosmtpd recorder", () => {
  it("records a message with its envelope", async () => {
    const token = `inetlib-recorder-${randomUUID()}`;
    const c = await dial(ports.smtpRecorder);
    expect((await readCodeReply(c)).code).toBe(220);
    const ehlo = await ok(c, "EHLO client.example.org", 250);
    expect(ehlo.lines.join("\n")).toContain("SMTPUTF8");
    await ok(c, "MAIL FROM:<sender@example.org>", 250);
    await ok(c, "RCPT TO:<one@example.net>", 250);
    await ok(c, "RCPT TO:<two@example.net>", 250);
    expect((await command(c, "RCPT TO:<reject@example.net>")).code).toBe(550);
    const r = await sendData(c, [`Subject: ${token}`, "", "recorded body"]);
    expect(r.code).toBe(250);
    await ok(c, "QUIT", 221);

    const seq = /recorded as (\d+)/.exec(r.text)?.[1];
    expect(seq).toBeDefined();
    const meta = JSON.parse(await readFile(join(paths.recorderMessages, `${seq}.json`), "utf8")) as {
      mail_from: string;
      rcpt_tos: string[];
    };
    expect(meta.mail_from).toBe("sender@example.org");
    expect(meta.rcpt_tos).toEqual(["one@example.net", "two@example.net"]);
    const eml = await readFile(join(paths.recorderMessages, `${seq}.eml`), "utf8");
    expect(eml).toContain(`Subject: ${token}`);
    expect(await readdir(paths.recorderMessages)).toContain(`${seq}.eml`);
  });

  it("offers STARTTLS with the project certificate", async () => {
    const c = await dial(ports.smtpRecorder);
    await readCodeReply(c);
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, "STARTTLS", 220);
    await c.starttls();
    expect(c.tlsSocket.authorized).toBe(true);
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, "QUIT", 221);
  });
});
