// Pure functions over POP3 reply bytes, each doing what poplib does, tested without a socket.
import { createHash } from "node:crypto";
import { pyint, pyrepr, ValueError } from "@inetlib/socket";
import { error_proto } from "./errors.js";

const CR = 13;
const LF = 10;

/**
 * stripLine removes a line's terminator as poplib's _getline does, which accepts CRLF, LF and
 * LFCR endings (with LFCR the CR arrives at the start of the next line):
 *
 *	"+OK\r\n" -> "+OK"     "\r+OK\n" -> "+OK"     "+OK\n" -> "+OK"
 *
 * Like Python, it drops the last byte of any other line (one cut off by end of stream).
 */
export function stripLine(raw: Buffer): Buffer {
  const n = raw.length;
  if (n >= 2 && raw[n - 2] === CR && raw[n - 1] === LF) return raw.subarray(0, n - 2);
  if (n >= 1 && raw[0] === CR) return raw.subarray(1, Math.max(1, n - 1));
  return raw.subarray(0, Math.max(0, n - 1));
}

/** Python's bytes.split() with no argument: runs of ASCII whitespace separate, none kept. */
export function splitBytes(line: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const b = i < line.length ? line[i]! : 32;
    const space = b === 32 || (b >= 9 && b <= 13);
    if (space && start !== -1) {
      out.push(line.subarray(start, i));
      start = -1;
    } else if (!space && start === -1) start = i;
  }
  return out;
}

/** pyintBytes is Python's int(b) for one field of a reply; ValueError with Python's message otherwise. */
export function pyintBytes(field: Buffer): number {
  const n = pyint(field);
  if (n === null) throw new ValueError(`invalid literal for int() with base 10: ${pyrepr(field)}`);
  return n;
}

/**
 * parseStat reads a STAT reply as poplib's stat() does:
 *
 *	+OK 10 100  ->  [10, 100]
 *
 * A field that is not a number throws ValueError (int()'s message); a missing one error_proto.
 */
export function parseStat(resp: Buffer): [number, number] {
  const rets = splitBytes(resp);
  if (rets.length < 3) throw new error_proto(resp);
  return [pyintBytes(rets[1]!), pyintBytes(rets[2]!)];
}

/** Capabilities is capa()'s result: capability name -> its arguments, in the server's order. */
export type Capabilities = Record<string, string[]>;

/**
 * parseCapa turns CAPA lines into poplib's dictionary (RFC 2449 5):
 *
 *	TOP / SASL PLAIN LOGIN  ->  { TOP: [], SASL: ["PLAIN", "LOGIN"] }
 *
 * Words are split on whitespace as Python's str.split(); a later line with the same name
 * replaces the earlier one's arguments. A blank or non-ASCII line throws error_proto (Python
 * fails there too, with IndexError or UnicodeDecodeError). The result has no prototype, so
 * `"toString" in caps` is false.
 */
export function parseCapa(lines: readonly Buffer[]): Capabilities {
  const caps: Capabilities = Object.create(null);
  for (const line of lines) {
    if (line.some((b) => b > 0x7f)) throw new error_proto(`malformed CAPA line: ${pyrepr(line)}`);
    const words = line
      .toString("latin1")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: str.split()'s whitespace includes \x1c-\x1f
      .split(/[\t\n\v\f\r \x1c-\x1f]+/)
      .filter((w) => w !== "");
    if (words.length === 0) throw new error_proto(`malformed CAPA line: ${pyrepr(line)}`);
    caps[words[0]!] = words.slice(1);
  }
  return caps;
}

// poplib.POP3.timestamp, br'\+OK.[^<]*(<.*>)' with re.match: Python's "." is any byte but LF
// (JavaScript's would also refuse CR). Linear on hostile input (CPython's test_apop_REDOS).
const TIMESTAMP = /^\+OK[^\n][^<]*(<[^\n]*>)/;

/** timestamp is poplib.POP3.timestamp: the pattern that finds the APOP timestamp in a greeting. */
export const timestamp: RegExp = TIMESTAMP;

/**
 * apopTimestamp returns the `<...>` of a greeting (RFC 1939 7), as poplib's regular expression
 * finds it, or null when the greeting has none:
 *
 *	+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
 */
export function apopTimestamp(welcome: Buffer): Buffer | null {
  const m = TIMESTAMP.exec(welcome.toString("latin1"));
  return m ? Buffer.from(m[1]!, "latin1") : null;
}

/** apopDigest is the APOP digest: hex MD5 of the timestamp followed by the secret (UTF-8). */
export function apopDigest(stamp: Buffer, password: string): string {
  return createHash("md5").update(stamp).update(Buffer.from(password, "utf8")).digest("hex");
}
