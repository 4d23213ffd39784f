// poplib's own example (the end of Lib/poplib.py) line for line: log in, list, and print every
// message. Python's `a = POP3(host)` is `await POP3.open(host)`; everything else reads the same.
//
//   tsx examples/pop3/read-mail.ts [pop3://user:password@host[:port]]
import { POP3 } from "@inetlib/pop3";
import { type POP3Example, runIfMain } from "./mailbox.js";

export const readMail: POP3Example<number> = async (t, log) => {
  // a = POP3(sys.argv[1])  (the demo maildrop speaks STLS; poplib's example does not use it)
  const a = await POP3.open(t.host, t.port, { timeout: 30 });
  log(a.getwelcome().toString());
  await a.user(t.user);
  await a.pass_(t.password);
  await a.list();
  const [numMsgs, totalSize] = await a.stat();
  log(`${numMsgs} messages, ${totalSize} octets`);
  for (let i = 1; i <= numMsgs; i++) {
    const [, msg] = await a.retr(i);
    log(`Message ${i}:`);
    for (const line of msg) log(`   ${line.toString()}`);
    log("-----------------------");
  }
  await a.quit();
  return numMsgs;
};

await runIfMain(import.meta.url, readMail);
