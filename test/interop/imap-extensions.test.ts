// @inetlib/imap's extensions against dovecot: COMPRESS=DEFLATE (RFC 4978; test/daemons/extras.sh
// turns on dovecot's zlib and imap_zlib plugins) over STARTTLS and IMAPS, checked byte for byte
// against the seeded maildirs; and the FETCH helpers that decode RFC 2047 subjects and names
// and RFC 2231 file names, on alice's seeded messages (read only) and on a message APPENDed to
// a mailbox of bob's made for the test and deleted after it.
// XOAUTH2 and OAUTHBEARER need an OAuth 2.0 token service dovecot here does not have: they are
// tested against the in-process server only (packages/imap/test/oauth.test.ts).
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  attachments,
  envelopeSubject,
  filename,
  formatAddress,
  IMAP4,
  IMAP4_SSL,
  type IMAP4Options,
} from "@inetlib/imap";
import { create_default_context } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, paths, ports, seeded, stateDir, users } from "./env.js";

const ctx = () => create_default_context({ cafile: paths.ca });
const opts: IMAP4Options = { timeout: 30 };

function seededMessage(user: string, i: number): Buffer {
  const dir = join(stateDir, "mail", user, "Maildir");
  const re = new RegExp(`^\\d+\\.M${i}P1\\.`);
  for (const sub of ["cur", "new"]) {
    const name = readdirSync(join(dir, sub)).find((n) => re.test(n));
    if (name) return readFileSync(join(dir, sub, name));
  }
  throw new Error(`no seeded message ${i} for ${user}`);
}

describe("dovecot COMPRESS=DEFLATE", () => {
  it("after STARTTLS and login: the bulk mailbox's headers and bodies come through byte for byte", async () => {
    await using M = await IMAP4.open(host, ports.imap, opts);
    await M.starttls(ctx());
    await M.login(users.bulk.user, users.bulk.password);
    // dovecot offers it only after login; compress() asks the capabilities again.
    const [typ] = await M.compress();
    expect(typ).toBe("OK");
    expect(M.capabilities).toContain("COMPRESS=DEFLATE");
    expect(M._compressed).toBe(true);
    const [, count] = await M.select("INBOX", true);
    expect(Number(String(count[0]))).toBe(seeded.bulkMessages);
    const msgs = await M.fetch_messages("1:*", "(RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
    expect(msgs).toHaveLength(seeded.bulkMessages);
    expect(msgs.map((m) => m.sections["BODY[HEADER.FIELDS (SUBJECT)]"]!.toString())).toEqual(
      msgs.map((_, i) => `Subject: Bulk message ${i + 1}\r\n\r\n`),
    );
    const bodies = await M.fetch_messages("1:50", "(BODY.PEEK[])");
    for (const [i, m] of bodies.entries()) expect(m.sections["BODY[]"]).toEqual(seededMessage("bulk", i + 1));
    // A second COMPRESS is refused here, before dovecot would say NO [COMPRESSIONACTIVE].
    await expect(M.compress()).rejects.toThrow(/already active/);
    expect((await M.logout())[0]).toBe("BYE");
  });

  it("over IMAPS: STATUS and LIST through the compressed stream", async () => {
    await using M = await IMAP4_SSL.open(host, ports.imaps, { ...opts, ssl_context: ctx() });
    await M.login(users.alice.user, users.alice.password);
    await M.compress();
    const [typ, data] = await M.status("INBOX", "(MESSAGES)");
    expect(typ).toBe("OK");
    expect(String(data[0])).toContain(`MESSAGES ${seeded.aliceInboxMessages}`);
    const [, list] = await M.list("", "*");
    expect(list.map(String).some((l) => l.endsWith("Archive"))).toBe(true);
  });
});

describe("dovecot FETCH decoded for people", () => {
  it("alice's seeded messages: the RFC 2047 subject and the attachment's file name", async () => {
    await using M = await IMAP4.open(host, ports.imap, opts);
    await M.starttls(ctx());
    await M.login(users.alice.user, users.alice.password);
    await M.select("INBOX", true);
    const msgs = await M.fetch_messages("1:*", "(ENVELOPE BODYSTRUCTURE)");
    const subjects = msgs.map((m) => envelopeSubject(m.envelope));
    expect(subjects).toContain("Grüße aus Köln ✓");
    expect(msgs.map((m) => m.envelope!.subject)).toContain(
      `=?UTF-8?B?${Buffer.from("Grüße aus Köln ✓").toString("base64")}?=`,
    );
    const report = msgs.find((m) => envelopeSubject(m.envelope) === "Report attached")!;
    expect(attachments(report.bodyStructure!).map(filename)).toEqual(["report.bin"]);
  });

  it("an appended message with RFC 2231 and RFC 2047 file names and an encoded sender", async () => {
    await using M = await IMAP4.open(host, ports.imap, opts);
    await M.starttls(ctx());
    await M.login(users.bob.user, users.bob.password);
    const box = `imap-ext-${randomBytes(6).toString("hex")}`;
    await M.create(box);
    try {
      const message = Buffer.from(
        [
          "From: =?ISO-8859-1?Q?J=F6rg?= <joerg@example.org>",
          "To: bob@inetlib.test",
          "Subject: =?UTF-8?Q?R=C3=A9sum=C3=A9?= and =?UTF-8?B?0L7RgtGH0ZHRgg==?=",
          "MIME-Version: 1.0",
          'Content-Type: multipart/mixed; boundary="b"',
          "",
          "--b",
          "Content-Type: text/plain",
          "",
          "see attached",
          "--b",
          "Content-Type: application/pdf",
          "Content-Disposition: attachment;",
          " filename*0*=UTF-8''%E2%82%AC%20rates;",
          ' filename*1="2026.pdf"',
          "Content-Transfer-Encoding: base64",
          "",
          "AAEC",
          "--b",
          'Content-Type: image/png; name="=?UTF-8?B?0L7RgtGH0ZHRgi5wbmc=?="',
          "Content-Disposition: attachment",
          "Content-Transfer-Encoding: base64",
          "",
          "AAEC",
          "--b--",
          "",
        ].join("\r\n"),
      );
      expect((await M.append(box, null, null, message))[0]).toBe("OK");
      await M.select(box, true);
      const [m] = await M.fetch_messages("1", "(ENVELOPE BODYSTRUCTURE)");
      expect(envelopeSubject(m!.envelope)).toBe("Résumé and отчёт");
      expect(formatAddress(m!.envelope!.from[0]!)).toBe("Jörg <joerg@example.org>");
      expect(attachments(m!.bodyStructure!).map(filename)).toEqual(["€ rates2026.pdf", "отчёт.png"]);
    } finally {
      await M.select("INBOX", true).catch(() => {});
      await M.delete(box);
    }
  });
});
