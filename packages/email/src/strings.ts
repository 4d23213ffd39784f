// Python's str/bytes bridge: bytes that are not ASCII travel inside strings as lone surrogates
// U+DC80..U+DCFF ("surrogateescape"), exactly as the email package keeps undecoded bytes.
import Encoding from "encoding-japanese";
import iconv from "iconv-lite";

/** UnicodeError is Python's UnicodeEncodeError/UnicodeDecodeError (a ValueError). */
export class UnicodeError extends Error {
  override name = "UnicodeError";
}
/** LookupError: an unknown codec. */
export class LookupError extends Error {
  override name = "LookupError";
}

/** surrogateDecode is bytes.decode('ascii', 'surrogateescape'). */
export function surrogateDecode(b: Uint8Array): string {
  const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
  return HIGH_BYTES.test(text)
    ? text.replace(HIGH_BYTES_G, (c) => String.fromCharCode(0xdc00 + c.charCodeAt(0)))
    : text;
}
const HIGH_BYTES = /[\u0080-\u00ff]/;
const HIGH_BYTES_G = /[\u0080-\u00ff]/g;
const ESCAPED_G = /[\udc80-\udcff]/g;

/** hasSurrogates is utils._has_surrogates: does the string carry escaped bytes? */
export function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** latin1 is bytes.decode('latin-1'). */
export function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
}

const PY_ALIASES: Record<string, string> = {
  ascii: "ascii",
  "us-ascii": "ascii",
  "646": "ascii",
  us: "ascii",
  "ansi_x3.4_1968": "ascii",
  "ansi_x3.4_1986": "ascii",
  iso646_us: "ascii",
  us_ascii: "ascii",
  cp367: "ascii",
  csascii: "ascii",
  "utf-8": "utf8",
  utf8: "utf8",
  utf_8: "utf8",
  u8: "utf8",
  "latin-1": "latin1",
  latin1: "latin1",
  latin_1: "latin1",
  "iso-8859-1": "latin1",
  "iso8859-1": "latin1",
  iso_8859_1: "latin1",
  l1: "latin1",
  "raw-unicode-escape": "latin1",
  eucgb2312_cn: "gb2312",
  big5_tw: "big5",
  "ks_c_5601-1987": "cp949",
  "iso-2022-jp": "iso-2022-jp",
  iso2022_jp: "iso-2022-jp",
  csiso2022jp: "iso-2022-jp",
  "unknown-8bit": "unknown-8bit",
};

/** codecName maps a Python codec or charset name to iconv-lite's, or null when unknown. */
export function codecName(name: string): string | null {
  // Python normalizes codec names: lower case, runs of other punctuation become one "_".
  const n = name.trim().toLowerCase();
  const norm = n.replace(/[^a-z0-9.]+/g, "_");
  if (PY_ALIASES[norm]) return PY_ALIASES[norm];
  const alias = PY_ALIASES[n] ?? PY_ALIASES[n.replace(/_/g, "-")];
  if (alias) return alias;
  const exists = (x: string): boolean => iconv.encodingExists(x);
  if (exists(n)) return n;
  const dashed = n.replace(/_/g, "-");
  if (exists(dashed)) return dashed;
  return null;
}

export type Errors = "strict" | "replace" | "surrogateescape" | "ignore";

/** encode is str.encode(codec, errors). */
export function encode(s: string, codec: string, errors: Errors = "strict"): Buffer {
  const c = codecName(codec);
  if (c === null) throw new LookupError(`unknown encoding: ${codec}`);
  if (c === "ascii" || c === "latin1" || c === "unknown-8bit") {
    // Fast paths for the common cases: plain ASCII, and ASCII with escaped bytes.
    if (isAscii(s)) return Buffer.from(s, "latin1");
    if (c !== "latin1" && (errors === "surrogateescape" || c === "unknown-8bit")) {
      const unescaped = s.replace(ESCAPED_G, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xdc00));
      if (!/[\u0100-\uffff]/.test(unescaped) && !/[\u0080-\u00ff]/.test(s))
        return Buffer.from(unescaped, "latin1");
    }
    const limit = c === "latin1" ? 0xff : 0x7f;
    const out = Buffer.alloc(s.length);
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch <= limit) out[n++] = ch;
      else if (ch >= 0xdc80 && ch <= 0xdcff && (errors === "surrogateescape" || c === "unknown-8bit"))
        out[n++] = ch - 0xdc00;
      else if (errors === "replace") out[n++] = 0x3f;
      else if (errors === "ignore") continue;
      else throw new UnicodeError(`'${codec}' codec can't encode character at position ${i}`);
    }
    return out.subarray(0, n);
  }
  if (errors === "surrogateescape" && hasSurrogates(s)) {
    // Escaped bytes go back as the bytes they were; the rest in the codec.
    const parts: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch >= 0xd800 && ch <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        i++;
        continue;
      }
      if (ch >= 0xdc80 && ch <= 0xdcff) {
        parts.push(encode(s.slice(start, i), codec, "strict"), Buffer.of(ch - 0xdc00));
        start = i + 1;
      }
    }
    parts.push(encode(s.slice(start), codec, "strict"));
    return Buffer.concat(parts);
  }
  if (c === "iso-2022-jp") return iso2022jpEncode(s, errors);
  if (c === "utf8") {
    if (errors === "strict" && hasSurrogates(s))
      throw new UnicodeError(`'utf-8' codec can't encode surrogates`);
    return Buffer.from(s, "utf8");
  }
  const out = iconv.encode(s, c);
  if (errors === "strict" && iconv.decode(out, c) !== s)
    throw new UnicodeError(`'${codec}' codec can't encode the string`);
  return out;
}

/** decode is bytes.decode(codec, errors). */
export function decode(b: Uint8Array, codec: string, errors: Errors = "strict"): string {
  const c = codecName(codec);
  if (c === null) throw new LookupError(`unknown encoding: ${codec}`);
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (c === "ascii" || c === "unknown-8bit") {
    if (errors === "surrogateescape" || c === "unknown-8bit") return surrogateDecode(buf);
    let out = "";
    for (let i = 0; i < buf.length; i++) {
      const ch = buf[i]!;
      if (ch < 0x80) out += String.fromCharCode(ch);
      else if (errors === "replace") out += "\ufffd";
      else if (errors === "ignore") continue;
      else throw new UnicodeError(`'ascii' codec can't decode byte 0x${ch.toString(16)} in position ${i}`);
    }
    return out;
  }
  if (c === "latin1") return buf.toString("latin1");
  if (c === "iso-2022-jp") return Encoding.convert(buf, { to: "UNICODE", from: "JIS", type: "string" });
  if (c === "utf8") {
    if (errors === "replace") return new TextDecoder("utf-8", { ignoreBOM: true }).decode(buf);
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(buf);
    } catch {
      if (errors === "strict") throw new UnicodeError("'utf-8' codec can't decode bytes");
      return utf8Escaped(buf, errors);
    }
  }
  const s = iconv.decode(buf, c);
  if (errors === "strict" && s.includes("\ufffd") && !iconv.encode(s, c).equals(buf))
    throw new UnicodeError(`'${codec}' codec can't decode bytes`);
  return s;
}

/** utf8Escaped decodes UTF-8, each invalid byte escaped (surrogateescape) or dropped (ignore). */
function utf8Escaped(buf: Buffer, errors: Errors): string {
  const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let out = "";
  let i = 0;
  while (i < buf.length) {
    const b0 = buf[i]!;
    const len =
      b0 < 0x80
        ? 1
        : b0 >= 0xc2 && b0 < 0xe0
          ? 2
          : b0 >= 0xe0 && b0 < 0xf0
            ? 3
            : b0 >= 0xf0 && b0 < 0xf5
              ? 4
              : 0;
    if (len > 0 && i + len <= buf.length) {
      try {
        out += fatal.decode(buf.subarray(i, i + len));
        i += len;
        continue;
      } catch {
        // fall through: this byte is invalid
      }
    }
    if (errors === "surrogateescape") out += String.fromCharCode(0xdc00 + b0);
    i++;
  }
  return out;
}

/** sanitize is utils._sanitize: escaped bytes decoded as UTF-8, invalid ones replaced. */
export function sanitize(s: string): string {
  if (!hasSurrogates(s)) return s;
  return decode(encode(s, "utf-8", "surrogateescape"), "utf-8", "replace");
}

/** iso2022jpEncode is Python's iso-2022-jp codec (iconv-lite has none): encoding-japanese's JIS. */
function iso2022jpEncode(s: string, errors: Errors): Buffer {
  // ASCII (escape sequences included) is itself in ISO-2022-JP.
  if (isAscii(s)) return Buffer.from(s, "latin1");
  const out = Buffer.from(Encoding.convert(Encoding.stringToCode(s), { to: "JIS", from: "UNICODE" }));
  if (errors === "strict" && Encoding.convert(out, { to: "UNICODE", from: "JIS", type: "string" }) !== s)
    throw new UnicodeError("'iso2022_jp' codec can't encode the string");
  return out;
}
