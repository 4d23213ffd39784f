import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mailAddress, paths, ports, users } from "../env.js";
import {
  command,
  commandOk,
  imapOk,
  LineConn,
  pollUntil,
  pop3Command,
  type Reply,
  readDotBlock,
  readReply,
} from "../helpers.js";

const open: LineConn[] = [];
async function dial(port: number, tls = false): Promise<LineConn> {
  const c = await LineConn.dial(port, { tls });
  open.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

const ok = (c: LineConn, line: string, code: number): Promise<Reply> => commandOk(c, "smtp", line, code);

function authPlain(user: string, password: string): string {
  return `AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString("base64")}`;
}

/** Send DATA with the given header/body lines, dot-stuffed by textproto's Writer. */
async function sendData(c: LineConn, lines: string[]): Promise<Reply> {
  await ok(c, "DATA", 354);
  await c.writeDotBody(lines);
  return readReply(c, "smtp");
}

describe("postfix SMTP", () => {
  it("greets, offers STARTTLS, and allows AUTH PLAIN only after it", async () => {
    const c = await dial(ports.smtp);
    expect((await readReply(c, "smtp")).code).toBe(220);
    const ehlo = await ok(c, "EHLO client.example.org", 250);
    expect(ehlo.lines.join("\n")).toContain("STARTTLS");
    expect(ehlo.lines.join("\n")).not.toMatch(/AUTH /);
    await ok(c, "STARTTLS", 220);
    const ssl = await c.starttls();
    expect(ssl._tls.authorized).toBe(true);
    expect(ssl.discarded).toBe(0);
    const ehlo2 = await ok(c, "EHLO client.example.org", 250);
    expect(ehlo2.lines.join("\n")).toMatch(/AUTH .*PLAIN/);
    await ok(c, authPlain(users.alice.user, users.alice.password), 235);
    await ok(c, "QUIT", 221);
  });

  it("submission port demands STARTTLS before mail", async () => {
    const c = await dial(ports.submission);
    expect((await readReply(c, "smtp")).code).toBe(220);
    await ok(c, "EHLO client.example.org", 250);
    const r = await command(c, "smtp", `MAIL FROM:<${mailAddress(users.alice)}>`);
    expect(r.code).toBe(530);
    await ok(c, "STARTTLS", 220);
    const ssl = await c.starttls();
    expect(ssl._tls.authorized).toBe(true);
    expect(ssl.discarded).toBe(0);
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, authPlain(users.bob.user, users.bob.password), 235);
    await ok(c, "QUIT", 221);
  });

  it("serves implicit TLS (smtps) with AUTH", async () => {
    const c = await dial(ports.smtps, true);
    expect(c.ssl._tls.authorized).toBe(true);
    expect((await readReply(c, "smtp")).code).toBe(220);
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, authPlain(users.alice.user, users.alice.password), 235);
    await ok(c, "QUIT", 221);
  });

  it("delivers to a dovecot mailbox: sent over SMTP, read back over IMAP and POP3", async () => {
    const token = `inetlib-roundtrip-${randomUUID()}`;
    const c = await dial(ports.smtp);
    await readReply(c, "smtp");
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
          await pop.close();
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
    expect((await readReply(c, "smtp")).code).toBe(220);
    const ehlo = await ok(c, "EHLO client.example.org", 250);
    expect(ehlo.lines.join("\n")).toContain("SMTPUTF8");
    await ok(c, "MAIL FROM:<sender@example.org>", 250);
    await ok(c, "RCPT TO:<one@example.net>", 250);
    await ok(c, "RCPT TO:<two@example.net>", 250);
    expect((await command(c, "smtp", "RCPT TO:<reject@example.net>")).code).toBe(550);
    const r = await sendData(c, [`Subject: ${token}`, "", "recorded body", ".a line starting with a dot"]);
    expect(r.code).toBe(250);
    await ok(c, "QUIT", 221);

    const seq = /recorded as (\d+)/.exec(r.last)?.[1];
    expect(seq).toBeDefined();
    const meta = JSON.parse(await readFile(join(paths.recorderMessages, `${seq}.json`), "utf8")) as {
      mail_from: string;
      rcpt_tos: string[];
    };
    expect(meta.mail_from).toBe("sender@example.org");
    expect(meta.rcpt_tos).toEqual(["one@example.net", "two@example.net"]);
    const eml = await readFile(join(paths.recorderMessages, `${seq}.eml`), "utf8");
    expect(eml).toContain(`Subject: ${token}`);
    // Stuffed on the way out, unstuffed by the server: the line arrives as written.
    expect(eml).toMatch(/\n\.a line starting with a dot(\r?\n|$)/);
    expect(eml).not.toContain("..a line");
    expect(await readdir(paths.recorderMessages)).toContain(`${seq}.eml`);
  });

  it("offers STARTTLS with the project certificate", async () => {
    const c = await dial(ports.smtpRecorder);
    await readReply(c, "smtp");
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, "STARTTLS", 220);
    const ssl = await c.starttls();
    expect(ssl._tls.authorized).toBe(true);
    expect(ssl.discarded).toBe(0);
    await ok(c, "EHLO client.example.org", 250);
    await ok(c, "QUIT", 221);
  });
});
