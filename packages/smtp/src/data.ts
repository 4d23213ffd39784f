// The message as DATA sends it: smtplib's quoting helpers, and the body turned into
// dot-stuffed chunks by the core's DotWriter, whole or streamed in constant memory.
import { DotWriter, encodeText } from "@inetlib/socket";

/** MessageChunk is a piece of a streamed message: bytes, or text sent as UTF-8. */
export type MessageChunk = Uint8Array | string;

/**
 * MessageSource is a message for sendmail() and data(): text (ASCII; lone CR and LF become
 * CRLF, as smtplib does for a str), bytes (sent as they are but for dot-stuffing, as smtplib
 * does for bytes), or chunks of bytes from any iterable, a Node Readable included, streamed in
 * constant memory with the bytes' rules.
 */
export type MessageSource = string | Uint8Array | Iterable<MessageChunk> | AsyncIterable<MessageChunk>;

const CRLF_DOT_CRLF = Buffer.from("\r\n.\r\n");
const TERMINATOR = Buffer.from(".\r\n");

/** _fix_eols turns every CRLF, lone LF and lone CR into CRLF (smtplib._fix_eols). */
export function _fix_eols(data: string): string {
  return data.replace(/\r\n|\n|\r(?!\n)/g, "\r\n");
}

/**
 * quotedata doubles a leading "." on each line and turns lone LF and CR into CRLF, as
 * smtplib.quotedata() (kept by Python for compatibility):
 *
 *	quotedata("abc\n.jkl\rfoo\r\n..blue")  ->  "abc\r\n..jkl\r\nfoo\r\n...blue"
 */
export function quotedata(data: string): string {
  return _fix_eols(data).replace(/(^|\n)\./g, "$1..");
}

/** _quote_periods doubles a "." at the start of the data and after each LF (smtplib._quote_periods). */
export function _quote_periods(bindata: Uint8Array): Buffer {
  return Buffer.concat([new DotWriter({ fixEols: false }).push(bindata)]);
}

/**
 * messageBytes is a str or bytes message as smtplib sends it: text has its line endings fixed
 * and is encoded as ASCII (UnicodeEncodeError otherwise, as Python); bytes are taken as they are.
 */
export function messageBytes(msg: string | Uint8Array): Buffer {
  if (typeof msg === "string") return encodeText(_fix_eols(msg), "ascii");
  return Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
}

/**
 * dataBytes is what data() sends for a whole message: dot-stuffed, ending in CRLF, then
 * ".\r\n", byte for byte as smtplib (an empty message is "\r\n.\r\n").
 */
export function dataBytes(msg: string | Uint8Array): Buffer {
  const bytes = messageBytes(msg);
  // CORE-GAP: DotWriter ends an empty body with ".\r\n"; smtplib sends "\r\n.\r\n" (its
  // "add CRLF unless the data ends with one" rule), so the empty case is kept here.
  if (bytes.length === 0) return CRLF_DOT_CRLF;
  return stuffWhole(bytes);
}

const LF = 10;
const CR = 13;
const DOT = 0x2e;

/**
 * stuffWhole is DotWriter({ fixEols: false }) over a whole message in one go, as smtplib does it
 * with re.sub(br'(?m)^\.', b'..', data): a "." at the start and after each LF is doubled, then
 * CRLF unless the data ends with one, then ".\r\n". It finds the lines with indexOf instead of
 * looking at each byte in JavaScript: a sendmail() loop of 1 KiB messages spent more on that
 * per-byte loop, run cold, than on the rest of the message.
 */
function stuffWhole(bytes: Buffer): Buffer {
  const n = bytes.length;
  let dots = 0;
  for (let start = 0; start < n; ) {
    if (bytes[start] === DOT) dots++;
    const at = bytes.indexOf(LF, start);
    if (at === -1) break;
    start = at + 1;
  }
  const tail = n >= 2 && bytes[n - 2] === CR && bytes[n - 1] === LF ? TERMINATOR : CRLF_DOT_CRLF;
  const out = Buffer.allocUnsafe(n + dots + tail.length);
  let o = 0;
  let from = 0;
  if (dots > 0)
    for (let start = 0; start < n; ) {
      if (bytes[start] === DOT) {
        o += bytes.copy(out, o, from, start);
        out[o++] = DOT;
        from = start;
      }
      const at = bytes.indexOf(LF, start);
      if (at === -1) break;
      start = at + 1;
    }
  o += bytes.copy(out, o, from, n);
  tail.copy(out, o);
  return out;
}

/**
 * dataChunks yields a streamed message dot-stuffed, with the bytes' rules of dataBytes(): the
 * stuffing state carries across chunk boundaries, so a "." after a LF that ended the previous
 * chunk is doubled too. The terminator comes last, on its own. Empty pieces are skipped.
 */
export async function* dataChunks(
  source: Iterable<MessageChunk> | AsyncIterable<MessageChunk>,
): AsyncGenerator<Buffer> {
  const dots = new DotWriter({ fixEols: false });
  let empty = true;
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (bytes.length === 0) continue;
    empty = false;
    const out = dots.push(bytes);
    if (out.length > 0) yield out;
  }
  yield empty ? CRLF_DOT_CRLF : dots.end(); // CORE-GAP: see dataBytes
}

/** DATA_WRITE_SIZE: streamed pieces are gathered into writes of about this many bytes. */
export const DATA_WRITE_SIZE = 64 * 1024;

/**
 * coalesce gathers small pieces into writes of at least `size` bytes (the last may be
 * smaller): one write per 80-byte line would cost a system call and a promise each.
 */
export async function* coalesce(
  pieces: AsyncIterable<Buffer>,
  size = DATA_WRITE_SIZE,
): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let n = 0;
  for await (const piece of pieces) {
    held.push(piece);
    n += piece.length;
    if (n >= size) {
      yield held.length === 1 ? held[0]! : Buffer.concat(held, n);
      held = [];
      n = 0;
    }
  }
  if (n > 0) yield held.length === 1 ? held[0]! : Buffer.concat(held, n);
}

/** isWhole tells a message held in memory (text or bytes) from a stream of chunks. */
export function isWhole(msg: MessageSource): msg is string | Uint8Array {
  return typeof msg === "string" || msg instanceof Uint8Array;
}
