// The hot path of HTTPResponse.begin(): a response head that arrived whole in one received
// chunk is parsed in one pass over one latin-1 string, without a promise, a Buffer or a string
// per line, and without a regular expression. It answers only for heads whose every line the
// general path (framing.ts: readline per line, then the email parser) would read the same way:
// CRLF line ends, no bare CR, no continuation or non-field line, not too many lines, a plain
// "HTTP/1.x NNN reason" status line, not 1xx. For anything else it answers null and consumes
// nothing, so the general path reads the same bytes and raises the same errors.
import { _MAXHEADERS } from "../limits.js";
import type { ResponseHead } from "./framing.js";
import type { HeaderItem } from "./message.js";

/**
 * HEAD_WINDOW: how far into the first chunk the blank line is looked for. Heads longer than
 * this go the general way; it is well under _MAXLINE, so no line here can be too long.
 */
export const HEAD_WINDOW = 16 * 1024;

const BLANK_LINE = Buffer.from("\n\r\n", "latin1");

/** BufferedHead is a head parsed from the front of a chunk, and how many bytes it took. */
export interface BufferedHead {
  head: ResponseHead;
  size: number;
}

/**
 * parseBufferedHead parses the response head at the front of `chunk` when it is all there and
 * plain (see above); null otherwise.
 */
export function parseBufferedHead(chunk: Buffer): BufferedHead | null {
  const window = chunk.length > HEAD_WINDOW ? chunk.subarray(0, HEAD_WINDOW) : chunk;
  const at = window.indexOf(BLANK_LINE);
  if (at < 0) return null;
  const size = at + 3;
  const s = chunk.toString("latin1", 0, size);
  const statusEnd = s.indexOf("\n");
  const status = plainStatus(s, statusEnd);
  if (status === null) return null;
  const headers: HeaderItem[] = [];
  let lines = 1; // the blank line, counted as _read_headers counts it
  for (let a = statusEnd + 1; a < size - 2; ) {
    const lf = s.indexOf("\n", a);
    // A bare CR (the email parser splits there) or a bare LF line end: the general path.
    if (s.indexOf("\r", a) !== lf - 1) return null;
    if (++lines > _MAXHEADERS) return null;
    const colon = fieldName(s, a, lf);
    if (colon < 0) return null;
    let v = colon + 1;
    while (v < lf - 1 && (s.charCodeAt(v) === 0x20 || s.charCodeAt(v) === 0x09)) v++;
    headers.push([s.slice(a, colon), s.slice(v, lf - 1)]);
    a = lf + 1;
  }
  return {
    head: {
      version: s.charCodeAt(7) === 0x30 ? 10 : 11,
      status,
      reason: s.slice(13, statusEnd + 1),
      headers,
      statusLine: s.slice(0, statusEnd + 1),
    },
    size,
  };
}

/**
 * plainStatus reads "HTTP/1.D NNN R..." ending in CRLF, whose reason starts with a letter or
 * digit (so that parseStatusLine would split it at the same places); null for anything else
 * (another version, an informational status, an empty or space-led reason).
 */
function plainStatus(s: string, end: number): number | null {
  if (end < 14 || s.charCodeAt(end - 1) !== 0x0d || !s.startsWith("HTTP/1.")) return null;
  if (!isDigit(s.charCodeAt(7)) || s.charCodeAt(8) !== 0x20 || s.charCodeAt(12) !== 0x20) return null;
  const d0 = s.charCodeAt(9);
  const d1 = s.charCodeAt(10);
  const d2 = s.charCodeAt(11);
  if (!isDigit(d0) || !isDigit(d1) || !isDigit(d2) || !isAlnum(s.charCodeAt(13))) return null;
  const status = (d0 - 0x30) * 100 + (d1 - 0x30) * 10 + (d2 - 0x30);
  return status >= 200 ? status : null;
}

/**
 * fieldName finds the colon ending a field name at `a` (email.feedparser's headerRE: printable
 * ASCII but ':', at least one); -1 when the line is not such a field ("From ", a continuation,
 * a name with a space or control character, a line without a colon).
 */
function fieldName(s: string, a: number, lf: number): number {
  for (let i = a; i < lf; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3a) return i > a ? i : -1;
    if (c < 0x21 || c > 0x7e) return -1;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
