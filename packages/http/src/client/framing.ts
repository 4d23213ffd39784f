// HTTPResponse.begin()'s reading of a response head, as CPython 3.11's http.client does it:
// the status line and header lines read with readline(_MAXLINE + 1) (LineTooLong past
// _MAXLINE), at most _MAXHEADERS lines (HTTPException), the fields parsed as the email package
// parses them, and the body's framing (chunked, Content-Length, or to the close) decided by
// Python's rules, which are also what a response's `length`, `chunked` and `will_close` say.
import type { DebugTrace } from "@inetlib/socket";
import { pyrepr } from "@inetlib/socket";
import { _MAXHEADERS, _MAXLINE } from "../limits.js";
import { parseBufferedHead } from "./buffered-head.js";
import { HTTPException, LineTooLong, RemoteDisconnected, UnknownProtocol } from "./errors.js";
import type { Incoming } from "./incoming.js";
import type { HeaderItem } from "./message.js";
import { parseStatusLine } from "./status-line.js";

/** ResponseHead is what the status line and header block said. */
export interface ResponseHead {
  /** 10 for HTTP/1.0 (and 0.9), 11 for other HTTP/1.x. */
  version: number;
  status: number;
  reason: string;
  headers: HeaderItem[];
  /** The status line as received (for the debug trace). */
  statusLine: string;
}

/**
 * readHead reads one response head. 100 Continue heads are skipped as Python skips them; so
 * are the other informational heads (102, 103) except 101 Switching Protocols, which Python
 * would return as the response and the next read would then miss the real one.
 */
export async function readHead(incoming: Incoming, trace: DebugTrace): Promise<ResponseHead> {
  // The status line's deadline starts before the first wait, as in readline().
  const deadline = incoming.lineDeadline();
  if (incoming.length === 0 && !incoming.eof) await incoming.fill(deadline);
  if (trace.level === 0) {
    const got = parseBufferedHead(incoming.firstChunk());
    if (got) {
      incoming.skip(got.size);
      return got.head;
    }
  }
  return readHeadLines(incoming, trace, deadline);
}

// The general path: line by line, as Python reads it.
async function readHeadLines(
  incoming: Incoming,
  trace: DebugTrace,
  deadline: number | null,
): Promise<ResponseHead> {
  for (let first = true; ; first = false) {
    const raw = await incoming.readline(_MAXLINE + 1, first ? deadline : incoming.lineDeadline());
    if (raw.length > _MAXLINE) throw new LineTooLong("status line");
    const line = raw.toString("latin1");
    if (trace.level > 0) trace.print("reply:", pyrepr(line));
    if (raw.length === 0) throw new RemoteDisconnected("Remote end closed connection without response");
    const { version, status, reason } = parseStatusLine(line);
    const lines = await readHeaderLines(incoming);
    if (status >= 100 && status < 200 && status !== 101) {
      if (trace.level > 0) trace.print("headers:", pyrepr(lines.map((l) => Buffer.from(l, "latin1"))));
      continue;
    }
    return {
      version: versionOf(version),
      status,
      reason,
      headers: parseHeaderLines(lines),
      statusLine: line,
    };
  }
}

function versionOf(version: string): number {
  if (version === "HTTP/1.0" || version === "HTTP/0.9") return 10;
  if (version.startsWith("HTTP/1.")) return 11;
  throw new UnknownProtocol(version);
}

// http.client._read_headers: the lines up to and including the blank one.
async function readHeaderLines(incoming: Incoming): Promise<string[]> {
  const lines: string[] = [];
  for (;;) {
    const raw = incoming.readlineNow(_MAXLINE + 1) ?? (await incoming.readline(_MAXLINE + 1));
    if (raw.length > _MAXLINE) throw new LineTooLong("header line");
    const line = raw.toString("latin1");
    lines.push(line);
    if (lines.length > _MAXHEADERS) throw new HTTPException(`got more than ${_MAXHEADERS} headers`);
    if (line === "\r\n" || line === "\n" || line === "") return lines;
  }
}

// email.feedparser's headerRE: a field name of printable ASCII but ':', a continuation line,
// or a Unix "From " line.
const HEADER_RE = /^(From |[\x21-\x39\x3b-\x7e]*:|[\t ])/;

/**
 * parseHeaderLines parses a head's lines as Python's email parser (compat32) does: lines are
 * split at CRLF, CR or LF; a line that is not a field ends the fields (what follows is
 * "body" to the email parser and never a header); continuation lines join the field before
 * them, keeping their line breaks; a NUL or other byte in a value is kept.
 */
export function parseHeaderLines(lines: readonly string[]): HeaderItem[] {
  const text = lines.join("");
  const split = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const fields: string[][] = [];
  for (const line of split) {
    if (line === "" || !HEADER_RE.test(line)) break;
    if (line[0] === " " || line[0] === "\t") {
      // A continuation with no field before it is a defect the parser skips.
      fields[fields.length - 1]?.push(line);
      continue;
    }
    if (line.startsWith("From ")) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    fields.push([line]);
  }
  return fields.map((parts) => {
    const first = parts[0]!;
    const colon = first.indexOf(":");
    const value = first.slice(colon + 1).replace(/^[ \t]+/, "") + parts.slice(1).join("");
    return [first.slice(0, colon), value.replace(/[\r\n]+$/, "")];
  });
}

/** The body's framing and the connection's fate, by HTTPResponse.begin()'s rules. */
export interface Framing {
  chunked: boolean;
  /** Body bytes by Content-Length (0 for HEAD, 1xx, 204, 304); null: chunked or to the close. */
  length: number | null;
  will_close: boolean;
}

/**
 * The fields begin() decides by: the first value of each, as HTTPMessage.get() gives it
 * (case-insensitive), and how many Content-Length fields came. One pass over the head; a name
 * is lower-cased only when its length is one of theirs (lower-casing keeps these names' length).
 */
interface FramingFields {
  te: string | null;
  cl: string | null;
  lengths: number;
  conn: string | null;
  keepAlive: string | null;
  pconn: string | null;
}

function framingFields(headers: readonly HeaderItem[]): FramingFields {
  const f: FramingFields = { te: null, cl: null, lengths: 0, conn: null, keepAlive: null, pconn: null };
  for (let i = 0; i < headers.length; i++) {
    const [k, v] = headers[i]!;
    switch (k.length) {
      case 10: {
        const name = k.toLowerCase();
        if (name === "connection") f.conn ??= v;
        else if (name === "keep-alive") f.keepAlive ??= v;
        break;
      }
      case 14:
        if (k.toLowerCase() === "content-length") {
          f.cl ??= v;
          f.lengths++;
        }
        break;
      case 16:
        if (k.toLowerCase() === "proxy-connection") f.pconn ??= v;
        break;
      case 17:
        if (k.toLowerCase() === "transfer-encoding") f.te ??= v;
        break;
    }
  }
  return f;
}

/** int(text) as Python parses a decimal: spaces around, a sign, digits grouped by single underscores. */
function pyInt(text: string): number | null {
  if (isDigits(text)) return Number(text);
  const m = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[2]!.replace(/_/g, ""));
  return m[1] === "-" ? -n : n;
}

// The usual Content-Length: 1 to 15 ASCII digits (exact as a double), nothing else.
function isDigits(text: string): boolean {
  if (text.length === 0 || text.length > 15) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** framingOf decides as Python's begin() does, from the head and the request's method. */
export function framingOf(
  version: number,
  status: number,
  headers: readonly HeaderItem[],
  method: string | null,
): Framing {
  const f = framingFields(headers);
  const te = f.te;
  const chunked = te !== null && te !== "" && te.toLowerCase() === "chunked";
  let will_close = checkClose(version, f);
  let length: number | null = null;
  const cl = f.cl;
  if (cl && !chunked) {
    // Python takes the first Content-Length field and ignores one it cannot parse or that is negative.
    const n = pyInt(cl);
    length = n !== null && n >= 0 && Number.isSafeInteger(n) ? n : null;
    // One field that parsed cannot disagree with itself (a comma would not have parsed).
    if (length !== null && f.lengths > 1) checkOneLength(headers, length);
  }
  if (status === 204 || status === 304 || (status >= 100 && status < 200) || method === "HEAD") length = 0;
  if (!will_close && !chunked && length === null) will_close = true;
  return { chunked, length, will_close };
}

/**
 * checkOneLength refuses a response whose Content-Length fields disagree (RFC 9112 6.3: a user
 * agent MUST treat it as unrecoverable and close the connection). Python takes the first and
 * reads the rest of the body as the start of the next response on a kept-alive connection:
 * a deliberate difference, since that is how one response is smuggled into another.
 */
function checkOneLength(headers: readonly HeaderItem[], length: number): void {
  for (const [k, v] of headers) {
    if (k.toLowerCase() !== "content-length") continue;
    for (const part of v.split(",")) {
      if (pyInt(part) !== length)
        throw new HTTPException(`conflicting Content-Length values: ${pyrepr(v)} after ${length}`);
    }
  }
}

// HTTPResponse._check_close.
function checkClose(version: number, f: FramingFields): boolean {
  const conn = f.conn;
  if (version === 11) return conn !== null && conn !== "" && conn.toLowerCase().includes("close");
  if (f.keepAlive) return false;
  if (conn?.toLowerCase().includes("keep-alive")) return false;
  if (f.pconn?.toLowerCase().includes("keep-alive")) return false;
  return true;
}
