// UTF-8 with Python's "surrogateescape" error handler (PEP 383). A byte that is not part of
// valid UTF-8 becomes the lone surrogate U+DC80..U+DCFF (U+DC00 + the byte) and goes back to
// that byte when encoded, so bytes in any charset survive the round trip to a string and back,
// and the string is the very one Python would have (JavaScript strings hold lone surrogates).
import { isUtf8 } from "node:buffer";
import { UnicodeEncodeError } from "./textcodec.js";

/**
 * decodeUtf8Escaped is bytes.decode("utf-8", "surrogateescape"). Unless `final`, a valid but
 * incomplete sequence at the end is left undecoded: `rest` is where it starts.
 */
export function decodeUtf8Escaped(buf: Buffer, final = true): { text: string; rest: number } {
  if (isUtf8(buf)) return { text: buf.toString("utf8"), rest: buf.length };
  let out = "";
  let start = 0; // start of the current run of valid UTF-8
  let i = 0;
  while (i < buf.length) {
    const n = sequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (n < 0 && !final) break;
    out += buf.toString("utf8", start, i) + String.fromCharCode(0xdc00 + buf[i]!);
    i++;
    start = i;
  }
  return { text: out + buf.toString("utf8", start, i), rest: i };
}

/**
 * encodeUtf8Escaped is str.encode("utf-8", "surrogateescape"): U+DC80..U+DCFF become the bytes
 * 0x80..0xFF; any other lone surrogate throws UnicodeEncodeError with Python's message.
 */
export function encodeUtf8Escaped(text: string): Buffer {
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

// Length of the valid UTF-8 sequence starting at i; 0 when the byte there starts none (Python's
// decoder rejects overlong forms, surrogates and code points above U+10FFFF); -1 when the buffer
// ends inside a sequence valid so far.
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c === 0xe0) [n, lo] = [3, 0xa0];
  else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) n = 3;
  else if (c === 0xed) [n, hi] = [3, 0x9f];
  else if (c === 0xf0) [n, lo] = [4, 0x90];
  else if (c >= 0xf1 && c <= 0xf3) n = 4;
  else if (c === 0xf4) [n, hi] = [4, 0x8f];
  else return 0;
  for (let k = 1; k < n; k++) {
    const x = b[i + k];
    if (x === undefined) return -1;
    if (x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return 0;
  }
  return n;
}
