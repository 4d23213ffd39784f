// Every mailbox with its message and unseen counts: LIST, then STATUS for each.
//
//   tsx examples/imap/list-mailboxes.ts [imap://user:password@host]
import { decode_utf7 } from "@inetlib/imap";
import { type IMAPExample, login, runIfMain } from "./mailbox.js";

/** A LIST response's mailbox name as sent (modified UTF-7), unquoted. */
function mailboxName(line: Buffer): string {
  const m = /^\(([^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (.*)$/.exec(line.toString("latin1"));
  if (!m) return line.toString("latin1");
  return m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/\\(.)/g, "$1") : m[2]!;
}

export const listMailboxes: IMAPExample<Array<[string, number, number]>> = async (t, log) => {
  await using M = await login(t);
  const [, list] = await M.list();
  const out: Array<[string, number, number]> = [];
  for (const line of list) {
    if (!Buffer.isBuffer(line)) continue;
    const raw = mailboxName(line);
    const name = decode_utf7(raw);
    const [, status] = await M.status(raw, "(MESSAGES UNSEEN)");
    const m = /MESSAGES (\d+) UNSEEN (\d+)/.exec(String(status[0]));
    const [messages, unseen] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    log(`${name.padEnd(20)} ${String(messages).padStart(5)} messages, ${unseen} unseen`);
    out.push([name, messages, unseen]);
  }
  return out;
};

await runIfMain(import.meta.url, listMailboxes);
