// Command arguments to bytes: quoting (imaplib's _quote, Python 2's _checkquote), literals
// (synchronizing, LITERAL+ and LITERAL-, RFC 7888; literal8 for UTF8 APPEND) and the
// refusal of CR, LF and NUL. Pure: the exchange itself is in core.ts.
import { checkArgument, encodeText, TextCodec, ValueError } from "@inetlib/socket";
import { LITERAL_MINUS_MAX } from "./limits.js";

/** LiteralOptions shape a literal argument. */
export interface LiteralOptions {
  /** Send as literal8 (~{n}, RFC 3516 / RFC 6855) rather than {n}. */
  binary?: boolean;
  /** Text sent right before the literal's size marker, without a space ("UTF8 (" for RFC 6855 APPEND). */
  prefix?: string;
  /** Text sent right after the literal's bytes (")" closing the prefix). */
  suffix?: string;
}

/**
 * LiteralArg is a command argument sent as an IMAP literal: its size in braces at the end of
 * the line, then its bytes as they are (CR and LF included), after the server's "+" go-ahead
 * unless LITERAL+ lets the client send it at once.
 */
export class LiteralArg {
  readonly data: Buffer;
  readonly binary: boolean;
  readonly prefix: string;
  readonly suffix: string;

  constructor(data: Uint8Array | string, options: LiteralOptions = {}) {
    this.data = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    this.binary = options.binary ?? false;
    this.prefix = options.prefix ?? "";
    this.suffix = options.suffix ?? "";
  }
}

/** literal(data) makes a LiteralArg: `imap.xatom("X", literal("any\r\nbytes"))`. */
export function literal(data: Uint8Array | string, options: LiteralOptions = {}): LiteralArg {
  return new LiteralArg(data, options);
}

/** Arg is one command argument: text (encoded as the session encodes), bytes as they are, a literal, or null (skipped, as Python skips None). */
export type Arg = string | Uint8Array | LiteralArg | null | undefined;

/** LiteralMode is how literals go out: waiting for "+" (sync), or at once (LITERAL+; LITERAL- up to 4096 bytes). */
export type LiteralMode = "sync" | "literal+" | "literal-";

/** Chunk is a piece of a framed command: text, or a literal (its marker already ends the text before it). */
export type Chunk = { text: Buffer } | { literal: Buffer; sync: boolean; suffix: Buffer };

const CRLF = Buffer.from("\r\n");
const SP = Buffer.from(" ");
// A size marker the caller's own text would end the line with: the server would take our next
// bytes (another command) as the literal's contents.
const TRAILING_MARKER = /~?\{\d+\+?\}$/;

/**
 * _quote is imaplib's: backslashes and double quotes escaped, the whole in double quotes.
 *
 *	_quote('se"cret')  ->  '"se\\"cret"'
 */
export function _quote(arg: string): string {
  return `"${arg.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

// ASTRING-CHAR (RFC 3501 9): any CHAR but atom-specials, "]" allowed.
const ASTRING = /^[\x21\x23-\x24\x26-\x27\x2b-\x5b\x5d-\x7a\x7c-\x7e]+$/;
// list-mailbox also allows the wildcards % and *.
const LIST_MAILBOX = /^[\x21\x23-\x27\x2a-\x5b\x5d-\x7a\x7c-\x7e]+$/;

/** AstringOptions say how astring() may send a value that is not an atom. */
export interface AstringOptions {
  /** Allow the list wildcards % and * unquoted (LIST and LSUB patterns). */
  wildcards?: boolean;
  /** UTF8=ACCEPT is enabled: UTF-8 may go in a quoted string (RFC 6855 3). */
  utf8?: boolean;
  /** Send non-ASCII text as a literal of its UTF-8 bytes (a LOGIN user name or password). */
  literal8bit?: boolean;
}

/**
 * astring returns `value` fit to be an IMAP astring, as Python 2's _checkquote did: as it is
 * when it is an atom or already in double quotes, else quoted (_quote); with `literal8bit`,
 * non-ASCII text becomes a literal. Bytes and literals are returned as they are. CR, LF and
 * NUL are refused by the framing, whatever the form.
 *
 *	astring("INBOX") -> INBOX    astring("My Folder") -> "My Folder"    astring("") -> ""
 */
export function astring(value: Arg, options: AstringOptions = {}): Arg {
  if (typeof value !== "string") return value;
  if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') return value;
  if (value.length > 0 && (options.wildcards ? LIST_MAILBOX : ASTRING).test(value)) return value;
  if (isAscii(value) || options.utf8) return _quote(value);
  if (options.literal8bit) return new LiteralArg(Buffer.from(value, "utf8"));
  return value; // the encoder refuses it, with the message Python gives for the same argument
}

/**
 * frame builds the bytes of `tag name args...`: every argument is checked for CR, LF and NUL
 * and encoded before anything is returned, so a refused command sends nothing. Literals end
 * the text before them with their size marker ({n}, {n+} or ~{n}); the caller sends the CRLF
 * after each marker and after the last chunk.
 */
export function frame(
  tag: string,
  name: string,
  args: readonly Arg[],
  encoding: "ascii" | "utf8",
  mode: LiteralMode = "sync",
): Chunk[] {
  checkArgument(name);
  const chunks: Chunk[] = [];
  let text: Buffer[] = [Buffer.from(tag, "latin1"), SP, encodeText(name, encoding)];
  for (const arg of args) {
    if (arg === null || arg === undefined) continue;
    if (arg instanceof LiteralArg) {
      checkArgument(arg.prefix);
      checkArgument(arg.suffix);
      const n = arg.data.length;
      // A literal after extension syntax (RFC 6855's "UTF8 (") always waits for "+": a server
      // that does not parse the syntax rejects the command before the literal and would read
      // its bytes as commands (dovecot 2.3 with UTF8=ACCEPT not in effect).
      const sync = mode === "sync" || arg.prefix !== "" || (mode === "literal-" && n > LITERAL_MINUS_MAX);
      const marker = `${arg.prefix}${arg.binary ? "~" : ""}{${n}${sync ? "" : "+"}}`;
      text.push(SP, encodeText(marker, encoding));
      chunks.push({ text: Buffer.concat(text) });
      chunks.push({ literal: arg.data, sync, suffix: encodeText(arg.suffix, encoding) });
      text = [];
      continue;
    }
    checkArgument(arg);
    text.push(SP, typeof arg === "string" ? encodeText(arg, encoding) : Buffer.from(arg));
  }
  const last = Buffer.concat(text);
  if (TRAILING_MARKER.test(last.toString("latin1")))
    throw new ValueError("an argument must not end the command with a literal size marker");
  chunks.push({ text: last });
  return chunks;
}

/** CRLF as bytes. */
export { CRLF };

/** decode is Python's bytes.decode(encoding, errors) for the two encodings imaplib uses. */
export function decode(
  data: Buffer,
  encoding: "ascii" | "utf8",
  errors: "strict" | "replace" = "strict",
): string {
  return new TextCodec(encoding === "utf8" ? "utf-8" : "ascii", errors, "\n").decode(data, true);
}

// imaplib's MapCRLF: every \r\n, \r or \n becomes \r\n.
export function mapCRLF(data: Buffer): Buffer {
  let needs = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === 10 || (c === 13 && data[i + 1] !== 10)) {
      needs = true;
      break;
    }
    if (c === 13) i++;
  }
  if (!needs) return data;
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c !== 13 && c !== 10) continue;
    out.push(data.subarray(start, i), Buffer.from("\r\n"));
    if (c === 13 && data[i + 1] === 10) i++;
    start = i + 1;
  }
  out.push(data.subarray(start));
  return Buffer.concat(out);
}

/** isAscii tells whether `text` is all 7-bit characters. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
