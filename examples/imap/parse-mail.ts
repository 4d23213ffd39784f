// imaplib's documentation example with the email package reading what it fetches, as Python
// scripts do: typ, data = M.fetch(num, '(RFC822)'); msg = email.message_from_bytes(data[0][1],
// policy=policy.default); then the decoded sender and subject, the body text, and the
// attachments with their sizes. Nothing is marked read (the mailbox is opened read-only).
//
//   tsx examples/imap/parse-mail.ts [imap://user:password@host]
import { message_from_bytes, policy } from "@inetlib/email";
import { type IMAPExample, login, runIfMain } from "./mailbox.js";

export interface ParsedMail {
  subject: string;
  text: string;
  attachments: [string | null, number][];
}

export const parseMail: IMAPExample<ParsedMail[]> = async (t, log) => {
  await using M = await login(t);
  await M.select("INBOX", true); // M.select('INBOX', readonly=True)
  const [, data] = await M.search(null, "ALL"); // typ, data = M.search(None, 'ALL')
  const out: ParsedMail[] = [];
  for (const num of (data[0] as Buffer).toString().split(" ").filter(Boolean)) {
    const [, fetched] = await M.fetch(num, "(RFC822)"); // typ, data = M.fetch(num, '(RFC822)')
    const [, raw] = fetched[0] as [Buffer, Buffer];
    const msg = message_from_bytes(raw, { policy: policy.default }); // email.message_from_bytes(data[0][1], policy=policy.default)
    const body = msg.get_body(["plain", "html"]);
    const text = String(body?.get_content() ?? "");
    const attachments = [...msg.iter_attachments()].map((a): [string | null, number] => [
      a.get_filename(),
      (a.get_content() as Buffer).length,
    ]);
    log(`${msg.get("From")} | ${msg.get("Subject")}`);
    for (const [name, size] of attachments) log(`  attachment ${name} (${size} bytes)`);
    out.push({ subject: String(msg.get("Subject")), text, attachments });
  }
  return out;
};

await runIfMain(import.meta.url, parseMail);
