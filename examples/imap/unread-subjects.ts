// The unread messages' senders and subjects, decoded: SEARCH UNSEEN, then one FETCH of their
// ENVELOPEs, parsed by fetch_messages. Nothing is marked read (ENVELOPE does not set \Seen).
//
//   tsx examples/imap/unread-subjects.ts [imap://user:password@host]
import { decodeWords } from "@inetlib/imap";
import { type IMAPExample, login, runIfMain } from "./mailbox.js";

export const unreadSubjects: IMAPExample<string[]> = async (t, log) => {
  await using M = await login(t);
  await M.select("INBOX", true);
  const unseen = await M.search_messages({ unseen: true }, { uid: true });
  log(`${unseen.length} unread`);
  if (unseen.length === 0) return [];
  const messages = await M.fetch_messages(unseen.join(","), "(UID ENVELOPE)", { uid: true });
  const subjects: string[] = [];
  for (const msg of messages) {
    const env = msg.envelope!;
    const from = env.from[0];
    const who = from ? decodeWords(from.name ?? `${from.mailbox}@${from.host}`) : "(nobody)";
    const subject = decodeWords(env.subject ?? "(no subject)");
    log(`${String(msg.uid).padStart(5)}  ${who.padEnd(20)} ${subject}`);
    subjects.push(subject);
  }
  return subjects;
};

await runIfMain(import.meta.url, unreadSubjects);
