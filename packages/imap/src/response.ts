// The shapes of server responses, matched as imaplib matches them (its regular expressions,
// over the line's bytes read as latin1 so that offsets are byte offsets). Pure.

/** LiteralPair is a response fragment that carried a literal: [the line up to "{n}", the literal's bytes]. */
export type LiteralPair = [prefix: Buffer, literal: Buffer];

/** Datum is one item of a response's data: a line (without CRLF), or a literal pair. */
export type Datum = Buffer | LiteralPair;

/** Data is a result's data list; [null] when the expected untagged response did not come. */
export type Data = Array<Datum | null>;

/** Response is what every command returns: [typ, data], typ being "OK", "NO", "BYE", ... */
export type Response = [typ: string, data: Data];

/** TaggedResult is a command's completion: [typ, [text]]. */
export type TaggedResult = [typ: string, data: Data];

// Python's `.` matches anything but LF; JavaScript's also refuses CR, which a line may hold.
const ANY = "[^\\n]";

/** Continuation matches "+ text" (text optional; anything after "+" makes it one). */
export const Continuation = new RegExp(`^\\+(?: (${ANY}*))?`, "d");
/** Response_code matches a bracketed response code: "[UIDVALIDITY 3857529045] ...". */
export const Response_code = new RegExp(`^\\[([A-Z-]+)(?: (${ANY}*))?\\]`, "d");
/** Untagged_response matches "* TYPE data". */
export const Untagged_response = new RegExp(`^\\* ([A-Z-]+)(?: (${ANY}*))?`, "d");
/** Untagged_status matches "* 23 TYPE data" (EXISTS, RECENT, EXPUNGE, FETCH). */
export const Untagged_status = new RegExp(`^\\* (\\d+) ([A-Z-]+)(?: (${ANY}*))?`, "d");
/** Literal matches a line that ends with a literal's size: "... {123}". */
export const Literal = new RegExp(`^${ANY}*\\{(\\d+)\\}$`, "d");

// The prefix each tagPattern() expression was made for, so that match() can test every response
// line against it by hand: most lines are untagged, and the expression would need each of them
// turned into a string first.
const tagPrefixes = new WeakMap<RegExp, string>();

/** tagPattern matches a tagged completion for tags with prefix `tagpre`: "ABCD12 OK text". */
export function tagPattern(tagpre: string): RegExp {
  const re = new RegExp(`^(${tagpre.replace(/[^A-Za-z0-9]/g, "\\$&")}\\d+) ([A-Z]+) (${ANY}*)`, "d");
  tagPrefixes.set(re, tagpre);
  return re;
}

/** Match holds a match's groups as byte ranges of the line (undefined when a group did not take part). */
export interface Match {
  groups: Array<Buffer | undefined>;
}

/**
 * match runs `re` (made with the d flag) on the start of `line` and returns its groups as slices of `line` (the
 * latin1 text has one character per byte, so offsets carry over), or null.
 */
export function match(re: RegExp, line: Buffer): Match | null {
  // The shapes every response is tried against are matched by hand: on a cold process (a
  // script's one FETCH) V8 runs these regular expressions in its interpreter, and they were a
  // quarter of a 1,000-message FETCH. Same groups as the expressions (see the property test).
  if (re === Literal) return matchLiteral(line);
  if (re === Untagged_status) return matchUntagged(line, true);
  if (re === Untagged_response) return matchUntagged(line, false);
  const tagpre = tagPrefixes.get(re);
  if (tagpre !== undefined) return matchTagged(line, tagpre);
  return matchRegExp(re, line);
}

/** matchRegExp is match() by the regular expression itself. */
export function matchRegExp(re: RegExp, line: Buffer): Match | null {
  const m = re.exec(line.toString("latin1"));
  if (!m?.indices) return null;
  const groups: Array<Buffer | undefined> = [];
  for (let i = 1; i < m.length; i++) {
    const at = m.indices[i];
    groups.push(at ? line.subarray(at[0], at[1]) : undefined);
  }
  return { groups };
}

const LF = 10;
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isAtomUpper = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 0x41 && c <= 0x5a) || c === 0x2d);

/** Literal: "^[^\n]*\{(\d+)\}$". */
function matchLiteral(line: Buffer): Match | null {
  const n = line.length;
  if (n < 3 || line[n - 1] !== 0x7d) return null;
  let i = n - 2;
  while (i >= 0 && isDigit(line[i])) i--;
  if (i === n - 2 || i < 0 || line[i] !== 0x7b) return null;
  if (line.lastIndexOf(LF, i) !== -1) return null;
  return { groups: [line.subarray(i + 1, n - 1)] };
}

/** Untagged_response "^\* ([A-Z-]+)(?: ([^\n]*))?" and, with `numbered`, Untagged_status "^\* (\d+) ([A-Z-]+)(?: ([^\n]*))?". */
function matchUntagged(line: Buffer, numbered: boolean): Match | null {
  if (line[0] !== 0x2a || line[1] !== 0x20) return null;
  let i = 2;
  if (numbered) {
    while (isDigit(line[i])) i++;
    if (i === 2 || line[i] !== 0x20) return null;
    i++;
  }
  const start = i;
  while (isAtomUpper(line[i])) i++;
  if (i === start) return null;
  const groups: Array<Buffer | undefined> = numbered ? [line.subarray(2, start - 1)] : [];
  groups.push(line.subarray(start, i));
  if (line[i] === 0x20) {
    const lf = line.indexOf(LF, i + 1);
    groups.push(line.subarray(i + 1, lf === -1 ? line.length : lf));
  } else groups.push(undefined);
  return { groups };
}

/** A tagPattern(tagpre) expression: "^(tagpre\d+) ([A-Z]+) ([^\n]*)" (tagpre taken literally). */
function matchTagged(line: Buffer, tagpre: string): Match | null {
  const n = tagpre.length;
  for (let k = 0; k < n; k++) if (line[k] !== tagpre.charCodeAt(k)) return null;
  let i = n;
  while (isDigit(line[i])) i++;
  if (i === n || line[i] !== 0x20) return null;
  const tagEnd = i++;
  const typStart = i;
  while (line[i] !== undefined && line[i]! >= 0x41 && line[i]! <= 0x5a) i++;
  if (i === typStart || line[i] !== 0x20) return null;
  const lf = line.indexOf(LF, i + 1);
  return {
    groups: [
      line.subarray(0, tagEnd),
      line.subarray(typStart, i),
      line.subarray(i + 1, lf === -1 ? line.length : lf),
    ],
  };
}

/** isPair tells a literal pair from a line. */
export function isPair(datum: Datum | null | undefined): datum is LiteralPair {
  return Array.isArray(datum);
}
