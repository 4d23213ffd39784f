// gopherlib raised no errors of its own (socket.error and IOError passed through); urllib2's
// gopher handler raised URLError('no host given'). These are the rest: a Gopher+ server saying
// no, and requests refused before a byte is sent (ValueError from @inetlib/socket).
// Malformed bytes from a server are @inetlib/socket's ProtocolError, LineTooLong and
// ResponseTooLarge; a malformed menu line is not an error at all but kept in Menu.errors.
export { LineTooLong, ProtocolError, ResponseTooLarge, UnexpectedEOF, ValueError } from "@inetlib/socket";

/** GopherError is the base of this module's errors (and what urlopen raises for a URL it cannot open). */
export class GopherError extends Error {
  override name = "GopherError";
}

/** The error codes of Gopher+ (section 2.3): 1 not available, 2 try again later, 3 moved. */
export const GOPHER_PLUS_NOT_AVAILABLE = 1;
export const GOPHER_PLUS_TRY_LATER = 2;
export const GOPHER_PLUS_MOVED = 3;

/**
 * GopherPlusError is a Gopher+ error reply (`--1` or `--2` then the error text):
 *
 *	--1
 *	1 Frodo Gophermeister <fng@bogus.edu>
 *	Item is not available.
 *	.
 *
 * `code` is the first token of the first line (1, 2 or 3; -1 when it is not a number),
 * `admin` the address in angle brackets on that line, `lines` the whole error text.
 */
export class GopherPlusError extends GopherError {
  override name = "GopherPlusError";
  readonly code: number;
  readonly admin: string | null;
  readonly lines: string[];

  constructor(lines: string[]) {
    const first = lines[0] ?? "";
    const token = /^\s*(-?\d+)/.exec(first);
    const admin = /<([^<>]*)>/.exec(first);
    const text = lines.slice(1).join(" ").trim();
    super(text ? `${first} ${text}`.trim() : first.trim() || "Gopher+ error");
    this.code = token ? Number(token[1]) : -1;
    this.admin = admin ? admin[1]! : null;
    this.lines = lines;
  }
}
