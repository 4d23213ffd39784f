// SEARCH keys (RFC 3501 6.4.4) evaluated against a mailbox, and sequence sets.
import { decodeWords, field } from "./mime.js";
import type { StoredMessage } from "./store.js";
import { type Arg, CommandSyntaxError, text } from "./syntax.js";

/** inSet tells whether `n` is in sequence set `set` ("1:3,7,9:*"), `max` standing for "*". */
export function inSet(set: string, n: number, max: number): boolean {
  for (const range of set.split(",")) {
    const [a, b = a] = range.split(":");
    const lo = a === "*" ? max : Number(a);
    const hi = b === "*" ? max : Number(b);
    if (!Number.isInteger(lo) || !Number.isInteger(hi))
      throw new CommandSyntaxError(`bad sequence set ${set}`);
    if (n >= Math.min(lo, hi) && n <= Math.max(lo, hi)) return true;
  }
  return false;
}

/** isSet tells whether an atom is a sequence set. */
export function isSet(s: string): boolean {
  return /^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/.test(s);
}

type Test = (msg: StoredMessage, seq: number) => boolean;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * compile turns SEARCH arguments into a test over (message, sequence number); `maxSeq` and
 * `maxUid` stand for "*".
 */
export function compile(args: Arg[], maxSeq: number, maxUid: number): Test {
  let i = 0;
  const next = (): Arg => {
    const a = args[i++];
    if (a === undefined) throw new CommandSyntaxError("missing search argument");
    return a;
  };
  const key = (): Test => {
    const a = next();
    if (Array.isArray(a)) {
      const inner = compile(a, maxSeq, maxUid);
      return inner;
    }
    const word = text(a).toUpperCase();
    if (typeof a === "string" && isSet(a)) return (_m, seq) => inSet(a, seq, maxSeq);
    const flag =
      (f: string, want: boolean): Test =>
      (m) =>
        m.flags.has(f) === want;
    const header = (name: string): Test => {
      const needle = text(next()).toLowerCase();
      return (m) =>
        decodeWords(field(m.mime.fields, name) ?? "")
          .toLowerCase()
          .includes(needle);
    };
    switch (word) {
      case "ALL":
        return () => true;
      case "ANSWERED":
        return flag("\\Answered", true);
      case "UNANSWERED":
        return flag("\\Answered", false);
      case "DELETED":
        return flag("\\Deleted", true);
      case "UNDELETED":
        return flag("\\Deleted", false);
      case "DRAFT":
        return flag("\\Draft", true);
      case "UNDRAFT":
        return flag("\\Draft", false);
      case "FLAGGED":
        return flag("\\Flagged", true);
      case "UNFLAGGED":
        return flag("\\Flagged", false);
      case "SEEN":
      case "OLD":
        return flag("\\Seen", true);
      case "UNSEEN":
      case "NEW":
        return flag("\\Seen", false);
      case "RECENT":
        return () => false;
      case "KEYWORD":
        return flag(text(next()), true);
      case "UNKEYWORD":
        return flag(text(next()), false);
      case "FROM":
      case "TO":
      case "CC":
      case "BCC":
      case "SUBJECT":
        return header(word.toLowerCase());
      case "HEADER": {
        const name = text(next()).toLowerCase();
        return header(name);
      }
      case "BODY": {
        const needle = text(next()).toLowerCase();
        return (m) => m.mime.body.toString("utf8").toLowerCase().includes(needle);
      }
      case "TEXT": {
        const needle = text(next()).toLowerCase();
        return (m) => m.data.toString("utf8").toLowerCase().includes(needle);
      }
      case "BEFORE":
      case "ON":
      case "SINCE":
      case "SENTBEFORE":
      case "SENTON":
      case "SENTSINCE": {
        const day = parseDay(text(next()));
        const sent = word.startsWith("SENT");
        const op = word.replace("SENT", "");
        return (m) => {
          const when = sent
            ? new Date(field(m.mime.fields, "date") ?? m.internalDate.toUTCString())
            : m.internalDate;
          const d = Date.UTC(when.getUTCFullYear(), when.getUTCMonth(), when.getUTCDate());
          return op === "BEFORE" ? d < day : op === "ON" ? d === day : d >= day;
        };
      }
      case "LARGER": {
        const n = Number(text(next()));
        return (m) => m.data.length > n;
      }
      case "SMALLER": {
        const n = Number(text(next()));
        return (m) => m.data.length < n;
      }
      case "UID": {
        const set = text(next());
        return (m) => inSet(set, m.uid, maxUid);
      }
      case "NOT": {
        const inner = key();
        return (m, seq) => !inner(m, seq);
      }
      case "OR": {
        const a1 = key();
        const a2 = key();
        return (m, seq) => a1(m, seq) || a2(m, seq);
      }
      default:
        throw new CommandSyntaxError(`unknown search key ${word}`);
    }
  };
  const tests: Test[] = [];
  while (i < args.length) tests.push(key());
  if (tests.length === 0) throw new CommandSyntaxError("empty search");
  return (m, seq) => tests.every((t) => t(m, seq));
}

function parseDay(s: string): number {
  const m = /^"?(\d{1,2})-([A-Za-z]{3})-(\d{4})"?$/.exec(s);
  const mon = m ? MONTHS.indexOf(m[2]!.toLowerCase()) : -1;
  if (!m || mon < 0) throw new CommandSyntaxError(`bad date ${s}`);
  return Date.UTC(Number(m[3]), mon, Number(m[1]));
}
