// SELECT and EXAMINE, SUBSCRIBE and UNSUBSCRIBE, LIST and LSUB for the session.
import type { CommandView } from "./options.js";
import { type IMAPSession, mailboxName } from "./session.js";
import { text } from "./syntax.js";

/** select is SELECT, or EXAMINE with `readOnly`: the mailbox's counts and flags, then OK [READ-WRITE] or [READ-ONLY]. */
export async function select(
  s: IMAPSession,
  { tag, args }: CommandView,
  readOnly: boolean,
): Promise<undefined> {
  s.leave();
  const box = s.store.mailbox(s.user!, text(args[0]));
  if (!box) return void (await s.send(`${tag} NO [NONEXISTENT] Mailbox doesn't exist: ${text(args[0])}\r\n`));
  s.selected = box;
  s.readOnly = readOnly;
  s.state = "SELECTED";
  s.view = box.messages.map((m) => m.uid);
  const firstUnseen = box.messages.findIndex((m) => !m.flags.has("\\Seen"));
  const flags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
  await s.send(
    `* FLAGS (${flags})\r\n` +
      `* OK [PERMANENTFLAGS (${readOnly ? "" : `${flags} \\*`})] Flags permitted.\r\n` +
      `* ${box.messages.length} EXISTS\r\n* 0 RECENT\r\n` +
      (firstUnseen >= 0 ? `* OK [UNSEEN ${firstUnseen + 1}] First unseen.\r\n` : "") +
      `* OK [UIDVALIDITY ${box.uidvalidity}] UIDs valid\r\n* OK [UIDNEXT ${box.uidnext}] Predicted next UID\r\n` +
      `${tag} OK [${readOnly ? "READ-ONLY" : "READ-WRITE"}] ${readOnly ? "EXAMINE" : "SELECT"} completed\r\n`,
  );
  return undefined;
}

/** subscribe is SUBSCRIBE, or UNSUBSCRIBE when `on` is false. */
export async function subscribe(s: IMAPSession, { tag, args }: CommandView, on: boolean): Promise<undefined> {
  const box = s.store.mailbox(s.user!, text(args[0]));
  if (!box) return void (await s.send(`${tag} NO [NONEXISTENT] Mailbox doesn't exist: ${text(args[0])}\r\n`));
  box.subscribed = on;
  await s.send(`${tag} OK ${on ? "SUBSCRIBE" : "UNSUBSCRIBE"} completed\r\n`);
  return undefined;
}

/** list is LIST, or LSUB with `subscribed`: `*` matches anything, `%` anything but the "/" delimiter. */
export async function list(
  s: IMAPSession,
  { tag, name, args }: CommandView,
  subscribed: boolean,
): Promise<undefined> {
  const ref = text(args[0]);
  const pattern = text(args[1]);
  if (pattern === "") {
    await s.send(`* ${name} (\\Noselect) "/" ""\r\n${tag} OK ${name} completed\r\n`);
    return undefined;
  }
  const re = new RegExp(
    `^${[...(ref + pattern)].map((c) => (c === "*" ? ".*" : c === "%" ? "[^/]*" : c.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))).join("")}$`,
    "i",
  );
  let out = "";
  for (const box of s.store.mailboxes(s.user!)) {
    if (subscribed && !box.subscribed) continue;
    if (!re.test(box.name)) continue;
    const attrs = ["\\HasNoChildren", ...(box.specialUse && !subscribed ? [box.specialUse] : [])];
    out += `* ${name} (${attrs.join(" ")}) "/" ${mailboxName(box.name)}\r\n`;
  }
  await s.send(`${out}${tag} OK ${name} completed\r\n`);
  return undefined;
}
