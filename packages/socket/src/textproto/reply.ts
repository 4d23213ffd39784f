// Reply readers of the numeric-code protocols (FTP, SMTP, NNTP) and POP3's status line.
import { ResponseTooLarge, UnexpectedEOF } from "./errors.js";
import { type Reader, stripEOL } from "./reader.js";

const DASH = 0x2d;
const SPACE = 0x20;

export interface CodeReplyOptions {
  /**
   * "ftp" (RFC 959 4.2, ftplib.getmultiline): a first line `123-` opens a reply that ends at
   * the first line starting with the same three characters and not followed by "-"; lines in
   * between may be anything.
   * "smtp" (RFC 5321 4.2.1, smtplib.getreply): every line but the last is `250-`; the code is
   * that of the last line read, -1 when it is not a number (reading stops there).
   */
  style: "ftp" | "smtp";
  /** Per-line limit in bytes, terminator included (default: the reader's). */
  maxline?: number;
  /** At most this many lines, or ResponseTooLarge. */
  maxLines?: number;
  /** At most this many bytes in all, terminators included, or ResponseTooLarge. */
  maxBytes?: number;
}

/** CodeReply is a reply of a numeric-code protocol. */
export interface CodeReply {
  /** The three-digit code; -1 when the line does not start with a number (smtplib's errcode). */
  code: number;
  /** The lines as received, code prefixes kept, terminators removed. */
  lines: Buffer[];
}

/**
 * readCodeReply reads one reply of FTP or SMTP:
 *
 *	220-first line
 *	220-second line      (FTP: anything here; SMTP: `220-` on every line)
 *	220 last line
 *
 * End of stream before the reply is complete throws UnexpectedEOF; a last line cut off by
 * end of stream counts as a line, as in Python. Over a bound it throws ResponseTooLarge
 * without reading further, leaving the rest of the reply unread.
 */
export async function readCodeReply(reader: Reader, options: CodeReplyOptions): Promise<CodeReply> {
  const { style, maxline = reader.maxline } = options;
  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const lines: Buffer[] = [];
  let total = 0;
  let opener: Buffer | null = null;
  for (;;) {
    if (lines.length >= maxLines) throw new ResponseTooLarge(maxLines, "lines");
    // Lines already received are parsed without a promise; only a missing one is awaited.
    const raw = reader.tryReadline(maxline) ?? (await reader.readline(maxline));
    if (raw.length === 0) throw new UnexpectedEOF();
    total += raw.length;
    if (total > maxBytes) throw new ResponseTooLarge(maxBytes, "bytes");
    const line = stripEOL(raw);
    lines.push(line);
    if (style === "smtp") {
      const code = pyint(raw.subarray(0, 3));
      if (code === null) return { code: -1, lines };
      if (raw[3] !== DASH) return { code, lines };
    } else if (opener === null) {
      if (line[3] !== DASH) break;
      opener = line.subarray(0, 3);
    } else if (line.subarray(0, 3).equals(opener) && line[3] !== DASH) break;
  }
  return { code: parseCode(lines[0]!), lines };
}

/** StatusLine is a POP3 reply line: `+OK text`, `-ERR text`, or a SASL `+ challenge`. */
export interface StatusLine {
  /** True when the line starts with "+", the test poplib applies. */
  ok: boolean;
  /** The line without its terminator. */
  line: Buffer;
}

/** readStatusLine reads a POP3 status line (RFC 1939 3). End of stream throws UnexpectedEOF. */
export async function readStatusLine(
  reader: Reader,
  maxline: number | undefined = reader.maxline,
): Promise<StatusLine> {
  const line = strippedLine(reader.tryReadline(maxline) ?? (await reader.readline(maxline)));
  return { ok: line[0] === 0x2b, line };
}

/** NumericLine is a one-line reply `NNN text` (NNTP, RFC 3977 3.2). */
export interface NumericLine {
  /** The three-digit code, -1 when the line does not start with three digits. */
  code: number;
  /** What follows the code and one space (the whole line when there is no code). */
  text: Buffer;
  /** The line without its terminator. */
  line: Buffer;
}

/** readNumericLine reads one `NNN text` line. End of stream throws UnexpectedEOF. */
export async function readNumericLine(
  reader: Reader,
  maxline: number | undefined = reader.maxline,
): Promise<NumericLine> {
  const line = strippedLine(reader.tryReadline(maxline) ?? (await reader.readline(maxline)));
  const code = parseCode(line);
  const text = code === -1 ? line : line.subarray(line[3] === SPACE ? 4 : 3);
  return { code, text, line };
}

function strippedLine(raw: Buffer): Buffer {
  if (raw.length === 0) throw new UnexpectedEOF();
  return stripEOL(raw);
}

/**
 * expectCode tells whether `code` is what was expected, by prefix as Go's textproto does:
 * expected 2 accepts any 2xx, 25 any 25x, 250 only 250; 0 or less accepts anything.
 */
export function expectCode(reply: { code: number } | number, expected: number): boolean {
  const code = typeof reply === "number" ? reply : reply.code;
  if (expected <= 0) return true;
  if (code < 0) return false;
  if (expected < 10) return Math.trunc(code / 100) === expected;
  if (expected < 100) return Math.trunc(code / 10) === expected;
  return code === expected;
}

/** parseCode returns the number in the first three bytes when they are all ASCII digits, else -1. */
export function parseCode(line: Uint8Array): number {
  if (line.length < 3) return -1;
  let code = 0;
  for (let i = 0; i < 3; i++) {
    const d = line[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    code = code * 10 + d;
  }
  return code;
}

/**
 * Python's int(b) for ASCII bytes (smtplib calls int(line[:3])): surrounding whitespace, a
 * sign and single underscores between digits are accepted. null where int() raises ValueError.
 */
export function pyint(bytes: Uint8Array): number | null {
  // Fast path: digits only (every reply code), no copy and no regular expression. Up to 15
  // digits, so the sum stays an exact integer, as Number.parseInt gives it.
  const size = bytes.length;
  if (size > 0 && size <= 15) {
    let value = 0;
    let i = 0;
    for (; i < size; i++) {
      const d = bytes[i]! - 0x30;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    if (i === size) return value;
  }
  const text = Buffer.from(bytes).toString("latin1");
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+(?:_\d+)*)[ \t\n\v\f\r]*$/.exec(text);
  if (!m) return null;
  const n = Number.parseInt(m[2]!.replaceAll("_", ""), 10);
  return m[1] === "-" ? 0 - n : n;
}
