// SEARCH criteria (RFC 3501 6.4.4) from an object, every string quoted, or sent as a UTF-8
// literal with CHARSET UTF-8 when it is not ASCII: the caller never writes IMAP syntax. Pure.
import { ValueError } from "@inetlib/socket";
import { _quote, type Arg, isAscii, LiteralArg } from "./wire.js";

/** SearchDate is a day: a Date (its UTC date) or "1-Feb-1994". */
export type SearchDate = Date | string;

/**
 * SearchCriteria are the search keys, all of which must match (AND). Flags are true/false
 * (seen: false is UNSEEN); strings match as substrings, case-insensitively on most servers.
 *
 *	{ unseen: true, from: "alice", since: new Date("2024-01-01") }
 *	{ or: [{ subject: "invoice" }, { subject: "receipt" }], not: { deleted: true } }
 */
export interface SearchCriteria {
  all?: boolean;
  seen?: boolean;
  answered?: boolean;
  flagged?: boolean;
  deleted?: boolean;
  draft?: boolean;
  recent?: boolean;
  new?: boolean;
  old?: boolean;
  unseen?: boolean;
  keyword?: string;
  unkeyword?: string;
  from?: string;
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  body?: string;
  text?: string;
  /** HEADER field-name string; several as an array of pairs. */
  header?: [string, string] | Array<[string, string]>;
  since?: SearchDate;
  before?: SearchDate;
  on?: SearchDate;
  sentSince?: SearchDate;
  sentBefore?: SearchDate;
  sentOn?: SearchDate;
  larger?: number;
  smaller?: number;
  /** UIDs: a set ("1:100") or a list. */
  uid?: string | readonly number[];
  /** Message numbers: a set or a list. */
  seq?: string | readonly number[];
  not?: SearchCriteria;
  or?: [SearchCriteria, SearchCriteria];
}

/** BuiltSearch is a search ready to send: the CHARSET it needs (or null) and the arguments. */
export interface BuiltSearch {
  charset: string | null;
  args: Arg[];
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FLAG_KEYS: Array<[keyof SearchCriteria, string, string]> = [
  ["seen", "SEEN", "UNSEEN"],
  ["answered", "ANSWERED", "UNANSWERED"],
  ["flagged", "FLAGGED", "UNFLAGGED"],
  ["deleted", "DELETED", "UNDELETED"],
  ["draft", "DRAFT", "UNDRAFT"],
];
const STRING_KEYS: Array<[keyof SearchCriteria, string]> = [
  ["keyword", "KEYWORD"],
  ["unkeyword", "UNKEYWORD"],
  ["from", "FROM"],
  ["to", "TO"],
  ["cc", "CC"],
  ["bcc", "BCC"],
  ["subject", "SUBJECT"],
  ["body", "BODY"],
  ["text", "TEXT"],
];
const DATE_KEYS: Array<[keyof SearchCriteria, string]> = [
  ["since", "SINCE"],
  ["before", "BEFORE"],
  ["on", "ON"],
  ["sentSince", "SENTSINCE"],
  ["sentBefore", "SENTBEFORE"],
  ["sentOn", "SENTON"],
];

/**
 * searchCriteria turns criteria into SEARCH arguments. Text is quoted; text that is not
 * ASCII becomes a literal of its UTF-8 bytes and the search needs CHARSET UTF-8 (in UTF-8
 * mode, RFC 6855, it is quoted as it is and no CHARSET is given).
 *
 *	searchCriteria({ from: 'Bob "B"', unseen: true })  ->  { charset: null, args: ["FROM", '"Bob \\"B\\""', "UNSEEN"] }
 */
export function searchCriteria(criteria: SearchCriteria, options: { utf8?: boolean } = {}): BuiltSearch {
  const state = { utf8: options.utf8 ?? false, charset: null as string | null };
  const args = keys(criteria, state).flat();
  return { charset: state.charset, args: args.length > 0 ? args : ["ALL"] };
}

// Each search key is one or more arguments (FROM "x" is two): a list per key.
function keys(c: SearchCriteria, state: { utf8: boolean; charset: string | null }): Arg[][] {
  const out: Arg[][] = [];
  const str = (value: string): Arg => {
    if (isAscii(value) || state.utf8) {
      if (value.includes("\r") || value.includes("\n") || value.includes("\0")) return value; // the framing refuses it, with the core's message
      return _quote(value);
    }
    state.charset = "UTF-8";
    return new LiteralArg(Buffer.from(value, "utf8"));
  };
  if (c.all) out.push(["ALL"]);
  for (const [key, yes, no] of FLAG_KEYS) if (c[key] !== undefined) out.push([c[key] ? yes : no]);
  if (c.unseen) out.push(["UNSEEN"]);
  if (c.recent) out.push(["RECENT"]);
  if (c.new) out.push(["NEW"]);
  if (c.old) out.push(["OLD"]);
  for (const [key, name] of STRING_KEYS) {
    const v = c[key];
    if (typeof v === "string") out.push([name, str(v)]);
  }
  if (c.header) {
    const pairs = (Array.isArray(c.header[0]) ? c.header : [c.header]) as Array<[string, string]>;
    for (const [field, value] of pairs) out.push(["HEADER", str(field), str(value)]);
  }
  for (const [key, name] of DATE_KEYS) {
    const v = c[key];
    if (v !== undefined) out.push([name, searchDate(v as SearchDate)]);
  }
  if (c.larger !== undefined) out.push(["LARGER", size(c.larger)]);
  if (c.smaller !== undefined) out.push(["SMALLER", size(c.smaller)]);
  if (c.uid !== undefined) out.push(["UID", sequence(c.uid)]);
  if (c.seq !== undefined) out.push([sequence(c.seq)]);
  if (c.not) out.push(["NOT", ...group(keys(c.not, state))]);
  if (c.or) out.push(["OR", ...group(keys(c.or[0], state)), ...group(keys(c.or[1], state))]);
  return out;
}

// Several keys where one is expected go in parentheses, which attach to the first and last
// argument (a literal carries them as its prefix or suffix).
function group(list: Arg[][]): Arg[] {
  const args = list.flat();
  if (list.length <= 1) return args.length > 0 ? args : ["ALL"];
  const first = args[0];
  const last = args[args.length - 1];
  args[0] =
    first instanceof LiteralArg
      ? new LiteralArg(first.data, { prefix: `(${first.prefix}`, suffix: first.suffix })
      : `(${first as string}`;
  args[args.length - 1] =
    last instanceof LiteralArg
      ? new LiteralArg(last.data, { prefix: last.prefix, suffix: `${last.suffix})` })
      : `${last as string})`;
  return args;
}

/** searchDate formats a day as IMAP's date: 1-Feb-1994 (a Date's UTC date). */
export function searchDate(d: SearchDate): string {
  if (typeof d === "string") {
    if (!/^\d{1,2}-[A-Za-z]{3}-\d{4}$/.test(d))
      throw new ValueError(`not an IMAP date: ${JSON.stringify(d)}`);
    return d;
  }
  if (Number.isNaN(d.getTime())) throw new ValueError("invalid Date");
  return `${d.getUTCDate()}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;
}

function size(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new ValueError(`not a size: ${n}`);
  return String(n);
}

function sequence(s: string | readonly number[]): string {
  const text = typeof s === "string" ? s : s.join(",");
  if (!/^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/.test(text))
    throw new ValueError(`not a sequence set: ${JSON.stringify(text)}`);
  return text;
}
