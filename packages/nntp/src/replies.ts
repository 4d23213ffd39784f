// What nntplib makes of responses: pure functions over the decoded response line and lines.
import { _parse_datetime } from "./datetime.js";
import { NNTPDataError, NNTPReplyError } from "./errors.js";
import { setField } from "./overview.js";
import { int, split, strip } from "./pystr.js";
import { ArticleInfo, GroupInfo } from "./tuples.js";

/** _LONGRESP: the response codes followed by a multi-line block (RFC 3977 3.1.1). */
export const _LONGRESP: ReadonlySet<string> = new Set([
  "100", // HELP
  "101", // CAPABILITIES
  "211", // LISTGROUP (also not multi-line with GROUP)
  "215", // LIST
  "220", // ARTICLE
  "221", // HEAD, XHDR
  "222", // BODY
  "224", // OVER, XOVER
  "225", // HDR
  "230", // NEWNEWS
  "231", // NEWGROUPS
  "282", // XGTITLE
]);

/** Capabilities maps each capability label to its arguments: { VERSION: ["2"], OVER: [] }. */
export type Capabilities = Record<string, string[]>;

/** parseCapabilities turns CAPABILITIES lines into Capabilities, as nntplib's capabilities(). */
export function parseCapabilities(lines: readonly string[]): Capabilities {
  const caps: Capabilities = {};
  for (const line of lines) {
    const [name, ...tokens] = split(line);
    // Python's `name, *tokens = line.split()` fails on a blank line.
    if (name === undefined) throw new NNTPDataError(`blank line in CAPABILITIES response`);
    setField(caps, name, tokens);
  }
  return caps;
}

/** GroupResponse is what group() returns: [resp, count, first, last, name]. */
export type GroupResponse = [resp: string, count: number, first: number, last: number, name: string];

/**
 * parseGroup reads "211 count first last name". As in Python, missing words leave count,
 * first and last 0 and the name as asked; the name given by the server is lower-cased.
 */
export function parseGroup(resp: string, name: string): GroupResponse {
  if (!resp.startsWith("211")) throw new NNTPReplyError(resp);
  const words = split(resp);
  let count = "0";
  let first = "0";
  let last = "0";
  const n = words.length;
  if (n > 1) count = words[1]!;
  if (n > 2) first = words[2]!;
  if (n > 3) last = words[3]!;
  if (n > 4) name = words[4]!.toLowerCase();
  return [resp, int(count), int(first), int(last), name];
}

/** StatResponse is what stat(), next() and last() return: [resp, art_num, message_id]. */
export type StatResponse = [resp: string, art_num: number, message_id: string];

/** _statparse reads "22x number <message-id> ...": the response of STAT, NEXT, LAST, ARTICLE, HEAD, BODY. */
export function _statparse(resp: string): StatResponse {
  if (!resp.startsWith("22")) throw new NNTPReplyError(resp);
  const words = split(resp);
  if (words.length < 3) throw new NNTPDataError(resp);
  return [resp, int(words[1]!), words[2]!];
}

/** articleInfo makes article()'s result from its response and lines. */
export function articleInfo(resp: string, lines: Buffer[]): [string, ArticleInfo] {
  const [, art_num, message_id] = _statparse(resp);
  return [resp, ArticleInfo(art_num, message_id, lines)];
}

/** _grouplist turns "group last first flag" lines into GroupInfo. */
export function _grouplist(lines: readonly string[]): GroupInfo[] {
  return lines.map((line) => {
    const words = split(line);
    if (words.length !== 4) throw new NNTPDataError(line);
    const [group, last, first, flag] = words as [string, string, string, string];
    return GroupInfo(group, last, first, flag);
  });
}

/** XhdrLine is one element of xhdr()'s list: [article number, value], both strings as in Python. */
export type XhdrLine = [string, string];

const XHDR_LINE = /^([0-9]+) ?([^\n]*)\n?/;

/** parseXhdr reads "number value" lines; a line that does not match is kept as it is, as Python does. */
export function parseXhdr(lines: readonly string[]): (XhdrLine | string)[] {
  return lines.map((line) => {
    const m = XHDR_LINE.exec(line);
    return m ? [m[1]!, m[2]!] : line;
  });
}

const DESCRIPTION_LINE = /^([^ \t]+)[ \t]+([^\n]*)$/;

/** parseDescription reads a LIST NEWSGROUPS line "name<TAB>description", or null when it is none. */
export function parseDescription(raw: string): [string, string] | null {
  const m = DESCRIPTION_LINE.exec(strip(raw));
  return m ? [m[1]!, m[2]!] : null;
}

/** parseDate reads DATE's "111 yyyymmddhhmmss": NNTPDataError unless it is two words and 14 digits. */
export function parseDate(resp: string): [string, Date] {
  if (!resp.startsWith("111")) throw new NNTPReplyError(resp);
  const elem = split(resp);
  if (elem.length !== 2) throw new NNTPDataError(resp);
  const date = elem[1]!;
  if ([...date].length !== 14) throw new NNTPDataError(resp);
  return [resp, _parse_datetime(date, null)];
}

/** parseXpath reads XPATH's "223 path" (Python 3.8's xpath()). */
export function parseXpath(resp: string): [string, string] {
  if (!resp.startsWith("223")) throw new NNTPReplyError(resp);
  const words = split(resp);
  if (words.length !== 2) throw new NNTPReplyError(resp);
  return [resp, words[1]!];
}
