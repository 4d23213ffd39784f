// Encoding a command line. Every argument is checked before any byte is sent: a CR, LF or NUL
// inside an argument would let a caller's data end the command and start another (command
// injection, as CVE-2025-15367 in CPython's imaplib and poplib).
import { ValueError } from "../errors.js";
import { UnicodeEncodeError } from "../textcodec.js";

/** CommandPart is a word of a command: text, or bytes sent as they are. */
export type CommandPart = string | Uint8Array;

/** CommandEncoding is how text is turned into bytes; "ascii" is smtplib's command_encoding. */
export type CommandEncoding = "utf8" | "latin1" | "ascii";

export interface CommandOptions {
  /** How string parts are encoded (default "utf8", as ftplib, poplib and nntplib). */
  encoding?: CommandEncoding;
}

const CRLF = Buffer.from("\r\n");

/**
 * checkArgument throws ValueError when `arg` contains CR, LF or NUL, with ftplib's message for
 * a newline ("an illegal newline character should not be contained").
 */
export function checkArgument(arg: CommandPart): void {
  if (typeof arg === "string") {
    if (arg.includes("\r") || arg.includes("\n")) throw newlineError();
    if (arg.includes("\0")) throw nulError();
    return;
  }
  if (arg.includes(13) || arg.includes(10)) throw newlineError();
  if (arg.includes(0)) throw nulError();
}

/**
 * encodeCommand returns the parts joined by single spaces, followed by CRLF:
 *
 *	encodeCommand("RETR", "a b.txt")  ->  "RETR a b.txt\r\n"
 *	encodeCommand("LIST", { encoding: "latin1" })
 *
 * Every part is checked (checkArgument) and encoded before the line is built, so a refused
 * command sends nothing.
 */
export function encodeCommand(...args: CommandPart[] | [...CommandPart[], CommandOptions]): Buffer {
  // The usual command, one line of text in ASCII without CR, LF or NUL ("RETR 5"), is the
  // same bytes in every encoding and needs no check beyond this one: one native test, one
  // native copy (the general path below iterates code points, once per command sent).
  const first = args[0];
  if (
    typeof first === "string" &&
    (args.length === 1 || (args.length === 2 && isOptions(args[1]))) &&
    PLAIN_ASCII.test(first)
  )
    return Buffer.from(`${first}\r\n`, "latin1");
  const last = args[args.length - 1];
  const options = isOptions(last) ? (args.pop() as CommandOptions) : {};
  const parts = args as CommandPart[];
  const encoding = options.encoding ?? "utf8";
  const chunks: Uint8Array[] = [];
  let position = 0;
  parts.forEach((part, i) => {
    checkArgument(part);
    if (i > 0) chunks.push(SPACE);
    const bytes = typeof part === "string" ? encodeText(part, encoding, position + i) : part;
    position += typeof part === "string" ? codePoints(part) : part.length;
    chunks.push(bytes);
  });
  chunks.push(CRLF);
  return Buffer.concat(chunks);
}

/**
 * encodeText encodes `text` as Python's str.encode(encoding) would, throwing
 * UnicodeEncodeError with Python's message where Python's strict codec would (`offset` is
 * added to the position the message names).
 */
export function encodeText(text: string, encoding: CommandEncoding = "utf8", offset = 0): Buffer {
  const [codec, max, reason] =
    encoding === "ascii"
      ? ["ascii", 0x7f, "ordinal not in range(128)"]
      : encoding === "latin1"
        ? ["latin-1", 0xff, "ordinal not in range(256)"]
        : ["utf-8", 0x10ffff, "surrogates not allowed"];
  let position = offset;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c > max || (codec === "utf-8" && c >= 0xd800 && c <= 0xdfff))
      throw new UnicodeEncodeError(
        `'${codec}' codec can't encode character '${escapeChar(c)}' in position ${position}: ${reason}`,
      );
    position++;
  }
  return Buffer.from(text, encoding === "utf8" ? "utf8" : "latin1");
}

const SPACE = Buffer.from(" ");
// biome-ignore lint/suspicious/noControlCharactersInRegex: the controls allowed in a command, all but NUL, LF and CR.
const PLAIN_ASCII = /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/;

function newlineError(): ValueError {
  return new ValueError("an illegal newline character should not be contained");
}

function nulError(): ValueError {
  return new ValueError("an illegal NUL character should not be contained");
}

function isOptions(value: unknown): value is CommandOptions {
  return typeof value === "object" && value !== null && !(value instanceof Uint8Array);
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function escapeChar(c: number): string {
  if (c <= 0xff) return `\\x${c.toString(16).padStart(2, "0")}`;
  if (c <= 0xffff) return `\\u${c.toString(16).padStart(4, "0")}`;
  return `\\U${c.toString(16).padStart(8, "0")}`;
}
