// UTF-8 with Python's "surrogateescape" error handler: nntplib's encoding for every command and
// every response except article data. A byte that is not part of valid UTF-8 becomes the lone
// surrogate U+DC80..U+DCFF (U+DC00 + the byte) and goes back to that byte when encoded, so a
// header in Latin-1 or any other charset survives the round trip to a string and back unchanged,
// and the string is the very one Python would have (JavaScript strings hold lone surrogates).
//
// CORE-GAP: @inetlib/socket's text codecs have "strict", "replace" and "ignore" only.
import { isUtf8 } from "node:buffer";
import { UnicodeEncodeError } from "@inetlib/socket";

/** decode is bytes.decode("utf-8", "surrogateescape"). */
export function decode(bytes: Uint8Array): string {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (isUtf8(buf)) return buf.toString("utf8");
  let out = "";
  let start = 0; // start of the current run of valid UTF-8
  let i = 0;
  while (i < buf.length) {
    const n = sequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buf.toString("utf8", start, i) + String.fromCharCode(0xdc00 + buf[i]!);
    i++;
    start = i;
  }
  return out + buf.toString("utf8", start, i);
}

/**
 * encode is str.encode("utf-8", "surrogateescape"): U+DC80..U+DCFF become the bytes 0x80..0xFF;
 * any other lone surrogate throws UnicodeEncodeError, as in Python.
 */
export function encode(text: string): Buffer {
  if (!/[\ud800-\udfff]/.test(text)) return Buffer.from(text, "utf8");
  const parts: Buffer[] = [];
  let start = 0;
  let position = 0; // in code points, for Python's message
  for (let i = 0; i < text.length; i++, position++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c < 0xdc80 || c > 0xdcff)
      throw new UnicodeEncodeError(
        `'utf-8' codec can't encode character '\\u${c.toString(16)}' in position ${position}: surrogates not allowed`,
      );
    parts.push(Buffer.from(text.slice(start, i), "utf8"), Buffer.from([c - 0xdc00]));
    start = i + 1;
  }
  parts.push(Buffer.from(text.slice(start), "utf8"));
  return Buffer.concat(parts);
}

// Length of the valid UTF-8 sequence starting at i, or 0 when the byte there starts none
// (Python's decoder rejects overlong forms, surrogates and code points above U+10FFFF).
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
