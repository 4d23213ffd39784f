// UTF-8 with Python's "surrogateescape" error handler: nntplib's encoding for every command and
// every response except article data. A byte that is not valid UTF-8 becomes U+DC80..U+DCFF and
// goes back to that byte when encoded, so a header in Latin-1 or any other charset survives the
// round trip to a string and back unchanged, as in Python.
import { isAscii } from "node:buffer";
import { TextCodec } from "@inetlib/socket";

// newline "" leaves line endings alone; every call is final, so the codec holds no state.
const utf8 = new TextCodec("utf-8", "surrogateescape", "");

/** decode is bytes.decode("utf-8", "surrogateescape"). */
export function decode(bytes: Uint8Array): string {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // ASCII, nearly every response line, decodes the same in every way: one native check and
  // one native copy instead of the codec's per-call state (each line of an OVER is decoded).
  if (isAscii(buf)) return buf.toString("latin1");
  return utf8.decode(buf, true);
}

/**
 * encode is str.encode("utf-8", "surrogateescape"): U+DC80..U+DCFF become the bytes 0x80..0xFF;
 * any other lone surrogate throws UnicodeEncodeError, as in Python.
 */
export function encode(text: string): Buffer {
  return utf8.encode(text);
}
