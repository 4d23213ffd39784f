// email.base64mime: RFC 2047 'B' words and base64 bodies in CPython's line lengths, and
// binascii's forgiving a2b_base64, which Python's payload decoding relies on.
import {
  InvalidBase64CharactersDefect,
  InvalidBase64LengthDefect,
  InvalidBase64PaddingDefect,
  type MessageDefect,
} from "./errors.js";

export function header_length(bytes: Uint8Array): number {
  const groups = Math.floor(bytes.length / 3);
  return groups * 4 + (bytes.length % 3 ? 4 : 0);
}

export function header_encode(header_bytes: Uint8Array, charset = "iso-8859-1"): string {
  if (header_bytes.length === 0) return "";
  return `=?${charset}?b?${Buffer.from(header_bytes).toString("base64")}?=`;
}

/** body_encode is base64mime.body_encode: lines of 76 characters, each ending with eol. */
export function body_encode(s: Uint8Array, maxlinelen = 76, eol = "\n"): string {
  if (s.length === 0) return "";
  const max_unencoded = Math.floor((maxlinelen * 3) / 4);
  let out = "";
  for (let i = 0; i < s.length; i += max_unencoded)
    out += Buffer.from(s.subarray(i, i + max_unencoded)).toString("base64") + eol;
  return out;
}

/** encodebytes is base64.encodebytes. */
export function encodebytes(s: Uint8Array): string {
  return body_encode(s);
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const TABLE = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) TABLE[B64.charCodeAt(i)] = i;

/** Base64Error is binascii.Error. */
export class Base64Error extends Error {
  override name = "binascii.Error";
}

/** a2b_base64 is binascii.a2b_base64 (non-strict): other bytes skipped, stops at the padding. */
export function a2b_base64(data: Uint8Array): Buffer {
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (let i = 0; i < data.length; i++) {
    const ch = data[i]!;
    if (ch === 0x3d) {
      pads++;
      if (quad >= 2 && quad + pads >= 4) return Buffer.from(out);
      continue;
    }
    const v = TABLE[ch]!;
    if (v < 0) continue;
    pads = 0;
    if (quad === 0) {
      quad = 1;
      left = v;
    } else if (quad === 1) {
      quad = 2;
      out.push(((left << 2) | (v >> 4)) & 0xff);
      left = v & 0x0f;
    } else if (quad === 2) {
      quad = 3;
      out.push(((left << 4) | (v >> 2)) & 0xff);
      left = v & 0x03;
    } else {
      quad = 0;
      out.push(((left << 6) | v) & 0xff);
      left = 0;
    }
  }
  if (quad === 1) throw new Base64Error("Invalid base64-encoded string");
  if (quad !== 0) throw new Base64Error("Incorrect padding");
  return Buffer.from(out);
}

/** decode_b is _encoded_words.decode_b: the decoded bytes and the defects found. */
export function decode_b(encoded: Uint8Array): [Buffer, MessageDefect[]] {
  const padErr = encoded.length % 4;
  const missing = padErr ? "===".slice(0, 4 - padErr) : "";
  const text = Buffer.from(encoded).toString("latin1");
  const padded = text + missing;
  // Valid base64 of a whole number of quads: Node's decoder gives the same bytes, fast.
  if (padded.length % 4 === 0 && /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(padded))
    return [Buffer.from(padded, "base64"), padErr ? [new InvalidBase64PaddingDefect()] : []];
  if (/^[A-Za-z0-9+/]*={0,2}$/.test(padded)) {
    try {
      return [
        a2b_base64(Buffer.from(text + missing, "latin1")),
        padErr ? [new InvalidBase64PaddingDefect()] : [],
      ];
    } catch {
      // Fall through to the lenient tries, as Python does.
    }
  }
  try {
    return [a2b_base64(encoded), [new InvalidBase64CharactersDefect()]];
  } catch {
    try {
      return [
        a2b_base64(Buffer.concat([encoded, Buffer.from("==")])),
        [new InvalidBase64CharactersDefect(), new InvalidBase64PaddingDefect()],
      ];
    } catch {
      return [Buffer.from(encoded), [new InvalidBase64LengthDefect()]];
    }
  }
}

/** decode is base64mime.decode. */
export function decode(s: string): Buffer {
  if (!s) return Buffer.alloc(0);
  return a2b_base64(Buffer.from(s, "latin1"));
}
export const body_decode = decode;
export const decodestring = decode;
