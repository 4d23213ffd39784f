// imaplib's own example (the documentation's IMAP4 Example) line for line: log in, select,
// search ALL, and print every message. Python's `M = imaplib.IMAP4(host)` is
// `await IMAP4.open(host)`; everything else reads the same.
//
//   tsx examples/imap/read-all.ts [imap://user:password@host[:port]]
import { IMAP4 } from "@inetlib/imap";
import { type IMAPExample, runIfMain } from "./mailbox.js";

export const readAll: IMAPExample<number> = async (t, log) => {
  const M = await IMAP4.open(t.host, t.port, { timeout: 30 }); // M = imaplib.IMAP4(host)
  if (M.capabilities.includes("STARTTLS")) await M.starttls(t.context); // (the docs' server has no TLS)
  await M.login(t.user, t.password); // M.login(getpass.getuser(), getpass.getpass())
  await M.select(); // M.select()
  const [, data] = await M.search(null, "ALL"); // typ, data = M.search(None, 'ALL')
  const nums = (data[0] as Buffer).toString().split(" ").filter(Boolean);
  for (const num of nums) {
    // for num in data[0].split():
    const [, msg] = await M.fetch(num, "(RFC822)"); //     typ, data = M.fetch(num, '(RFC822)')
    const [, body] = msg[0] as [Buffer, Buffer];
    log(`Message ${num}\n${body.toString()}\n`); //     print('Message %s\n%s\n' % (num, data[0][1]))
  }
  await M.close(); // M.close()
  await M.logout(); // M.logout()
  return nums.length;
};

await runIfMain(import.meta.url, readAll);
