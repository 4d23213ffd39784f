// The commands on messages: APPEND, FETCH, STORE, SEARCH, COPY, MOVE, EXPUNGE and their UID
// forms (RFC 3501 6.3.11, 6.4; UIDPLUS, MOVE).
import { fetchItems, fetchResponse, parseInternalDate, setsSeen } from "./fetch.js";
import type { CommandView, IMAPServerOptions } from "./options.js";
import { compile, inSet } from "./search.js";
import type { Mailbox, Mailstore, StoredMessage } from "./store.js";
import { type Arg, atom, CommandSyntaxError, text } from "./syntax.js";

/** MessageContext is what these commands need of the session. */
export interface MessageContext {
  readonly store: Mailstore;
  readonly options: IMAPServerOptions;
  readonly user: string | null;
  readonly selected: Mailbox | null;
  readonly readOnly: boolean;
  readonly utf8: boolean;
  view: number[];
  sync(expunges: boolean): string;
}

type Handler = (s: MessageContext, cmd: CommandView, uid: boolean) => Promise<string>;

// The messages a set names, with their sequence numbers, in sequence order.
function resolve(s: MessageContext, set: string, uid: boolean): Array<[number, StoredMessage]> {
  const box = s.selected!;
  const byUid = new Map(box.messages.map((m) => [m.uid, m]));
  const maxUid = box.messages.length > 0 ? box.messages[box.messages.length - 1]!.uid : 0;
  const out: Array<[number, StoredMessage]> = [];
  s.view.forEach((u, i) => {
    const msg = byUid.get(u);
    if (msg && (uid ? inSet(set, u, Math.max(maxUid, u)) : inSet(set, i + 1, s.view.length)))
      out.push([i + 1, msg]);
  });
  return out;
}

function uidSet(uids: number[]): string {
  return uids.join(",");
}

const APPEND: Handler = async (s, { tag, args }) => {
  const name = text(args[0]);
  let i = 1;
  let flags: string[] = [];
  let date: Date | undefined;
  if (Array.isArray(args[i])) flags = (args[i++] as Arg[]).map((f) => text(f));
  if (Buffer.isBuffer(args[i]) && i + 1 < args.length) {
    const d = parseInternalDate(text(args[i++]));
    if (!d) throw new CommandSyntaxError("bad date-time");
    date = d;
  }
  let message = args[i];
  // RFC 6855: APPEND mailbox UTF8 (~{n} message)
  if (typeof message === "string" && message.toUpperCase() === "UTF8") {
    if (!s.utf8) throw new CommandSyntaxError("UTF8 APPEND without ENABLE UTF8=ACCEPT");
    const inner = args[i + 1];
    message = Array.isArray(inner) ? inner[0] : undefined;
  }
  if (!Buffer.isBuffer(message)) throw new CommandSyntaxError("the message must be a literal");
  const box = s.store.mailbox(s.user!, name);
  if (!box) return `${tag} NO [TRYCREATE] Mailbox doesn't exist: ${name}\r\n`;
  const msg = s.store.add(s.user!, box.name, message, { flags, ...(date ? { date } : {}) });
  return `${s.selected === box ? s.sync(false) : ""}${tag} OK [APPENDUID ${box.uidvalidity} ${msg.uid}] APPEND completed\r\n`;
};

const FETCH: Handler = async (s, { tag, name, args }, uid) => {
  const items = fetchItems(args[1]!, uid);
  const seen = setsSeen(items) && !s.readOnly;
  let out = "";
  let changed = false;
  for (const [seq, msg] of resolve(s, text(args[0]), uid)) {
    const before = msg.flags.has("\\Seen");
    if (seen) msg.flags.add("\\Seen");
    changed ||= seen && !before;
    out += fetchResponse(msg, seq, items, seen && !before);
  }
  if (changed) s.store.changed(s.user!, s.selected!.name);
  return `${out}${s.sync(false)}${tag} OK ${uid ? "UID " : ""}${name} completed\r\n`;
};

const STORE: Handler = async (s, { tag, args }, uid) => {
  if (s.readOnly) return `${tag} NO [READ-ONLY] Mailbox is read-only\r\n`;
  const op = atom(args[1]);
  const m = /^([+-]?)FLAGS(\.SILENT)?$/.exec(op);
  if (!m) throw new CommandSyntaxError(`bad STORE item ${op}`);
  const flags = (Array.isArray(args[2]) ? args[2] : args.slice(2)).map((f) => text(f));
  let out = "";
  for (const [seq, msg] of resolve(s, text(args[0]), uid)) {
    if (m[1] === "") msg.flags.clear();
    for (const f of flags) {
      if (m[1] === "-") msg.flags.delete(f);
      else msg.flags.add(f);
    }
    if (!m[2])
      out += `* ${seq} FETCH (${uid ? `UID ${msg.uid} ` : ""}FLAGS (${[...msg.flags].join(" ")}))\r\n`;
  }
  s.store.changed(s.user!, s.selected!.name);
  return `${out}${tag} OK ${uid ? "UID " : ""}STORE completed\r\n`;
};

const SEARCH: Handler = async (s, { tag, args }, uid) => {
  let keys = args;
  if (typeof keys[0] === "string" && keys[0].toUpperCase() === "CHARSET") {
    const charset = text(keys[1]).toUpperCase();
    if (charset !== "UTF-8" && charset !== "US-ASCII")
      return `${tag} NO [BADCHARSET (UTF-8 US-ASCII)] Unknown charset\r\n`;
    keys = keys.slice(2);
  }
  const box = s.selected!;
  const maxUid = box.messages.length > 0 ? box.messages[box.messages.length - 1]!.uid : 0;
  const test = compile(keys, s.view.length, maxUid);
  const hits = resolve(s, "1:*", false).filter(([seq, msg]) => test(msg, seq));
  const numbers = hits.map(([seq, msg]) => (uid ? msg.uid : seq));
  return `* SEARCH${numbers.map((n) => ` ${n}`).join("")}\r\n${tag} OK ${uid ? "UID " : ""}SEARCH completed\r\n`;
};

async function copy(
  s: MessageContext,
  { tag, args }: CommandView,
  uid: boolean,
  move: boolean,
): Promise<string> {
  const dest = s.store.mailbox(s.user!, text(args[1]));
  if (!dest) return `${tag} NO [TRYCREATE] Mailbox doesn't exist: ${text(args[1])}\r\n`;
  if (move && s.readOnly) return `${tag} NO [READ-ONLY] Mailbox is read-only\r\n`;
  const picked = resolve(s, text(args[0]), uid);
  const from: number[] = [];
  const to: number[] = [];
  for (const [, msg] of picked) {
    const copied = s.store.add(s.user!, dest.name, msg.data, { flags: msg.flags, date: msg.internalDate });
    from.push(msg.uid);
    to.push(copied.uid);
  }
  const code = picked.length > 0 ? `[COPYUID ${dest.uidvalidity} ${uidSet(from)} ${uidSet(to)}] ` : "";
  if (!move) return `${tag} OK ${code}${uid ? "UID " : ""}COPY completed\r\n`;
  const box = s.selected!;
  const gone = new Set(from);
  box.messages.splice(0, box.messages.length, ...box.messages.filter((m) => !gone.has(m.uid)));
  s.store.changed(s.user!, box.name);
  return `* OK ${code}Moved\r\n${s.sync(true)}${tag} OK ${uid ? "UID " : ""}MOVE completed\r\n`;
}

const EXPUNGE: Handler = async (s, { tag, args }, uid) => {
  if (s.readOnly) return `${tag} NO [READ-ONLY] Mailbox is read-only\r\n`;
  const box = s.selected!;
  const only = uid ? text(args[0]) : null;
  const maxUid = box.messages.length > 0 ? box.messages[box.messages.length - 1]!.uid : 0;
  const keep = box.messages.filter(
    (m) => !m.flags.has("\\Deleted") || (only !== null && !inSet(only, m.uid, maxUid)),
  );
  if (keep.length !== box.messages.length) {
    box.messages.splice(0, box.messages.length, ...keep);
    s.store.changed(s.user!, box.name);
  }
  return `${s.sync(true)}${tag} OK ${uid ? "UID " : ""}EXPUNGE completed\r\n`;
};

const UID: Handler = async (s, cmd) => {
  const sub = atom(cmd.args[0]);
  const inner: CommandView = { ...cmd, name: sub, args: cmd.args.slice(1) };
  const handler = UID_COMMANDS[sub];
  if (!handler) return `${cmd.tag} BAD Unknown UID command ${sub}\r\n`;
  return handler(s, inner, true);
};

const UID_COMMANDS: Record<string, Handler> = {
  FETCH,
  STORE,
  SEARCH,
  COPY: (s, cmd, uid) => copy(s, cmd, uid, false),
  MOVE: (s, cmd, uid) => copy(s, cmd, uid, true),
  EXPUNGE,
};

/** Commands are the message commands by name (APPEND in AUTH too; the rest need SELECTED). */
export const Commands: Record<string, Handler> = {
  APPEND,
  ...UID_COMMANDS,
  UID,
};
