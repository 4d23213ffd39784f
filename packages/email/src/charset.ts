// email.charset: Python's table of how each character set is encoded in headers and bodies
// (us-ascii as is, iso-8859-* quoted-printable, utf-8 base64 in bodies and the shorter of
// 'b' and 'q' in headers, ...). Conversion between charsets goes through strings.ts (iconv-lite).
import * as base64mime from "./base64mime.js";
import { CharsetError } from "./errors.js";
import * as quoprimime from "./quoprimime.js";
import { encode, isAscii } from "./strings.js";

export const QP = 1;
export const BASE64 = 2;
export const SHORTEST = 3;
export const RFC2047_CHROME_LEN = 7;
export const DEFAULT_CHARSET = "us-ascii";
export const UNKNOWN8BIT = "unknown-8bit";

type Enc = typeof QP | typeof BASE64 | typeof SHORTEST | null;

export const CHARSETS: Record<string, [Enc, Enc, string | null]> = {
  "iso-8859-1": [QP, QP, null],
  "iso-8859-2": [QP, QP, null],
  "iso-8859-3": [QP, QP, null],
  "iso-8859-4": [QP, QP, null],
  "iso-8859-9": [QP, QP, null],
  "iso-8859-10": [QP, QP, null],
  "iso-8859-13": [QP, QP, null],
  "iso-8859-14": [QP, QP, null],
  "iso-8859-15": [QP, QP, null],
  "iso-8859-16": [QP, QP, null],
  "windows-1252": [QP, QP, null],
  viscii: [QP, QP, null],
  "us-ascii": [null, null, null],
  big5: [BASE64, BASE64, null],
  gb2312: [BASE64, BASE64, null],
  "euc-jp": [BASE64, null, "iso-2022-jp"],
  shift_jis: [BASE64, null, "iso-2022-jp"],
  "iso-2022-jp": [BASE64, null, null],
  "koi8-r": [BASE64, BASE64, null],
  "utf-8": [SHORTEST, BASE64, "utf-8"],
};

export const ALIASES: Record<string, string> = {
  cp949: "ks_c_5601-1987",
  euc_jp: "euc-jp",
  euc_kr: "euc-kr",
  ascii: "us-ascii",
};
for (const [n, cs] of [
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 4],
  [5, 9],
  [6, 10],
  [7, 13],
  [8, 14],
  [9, 15],
  [10, 16],
]) {
  ALIASES[`latin_${n}`] = `iso-8859-${cs}`;
  ALIASES[`latin-${n}`] = `iso-8859-${cs}`;
}

export const CODEC_MAP: Record<string, string | null> = {
  gb2312: "eucgb2312_cn",
  big5: "big5_tw",
  "us-ascii": null,
};

/** add_charset registers a charset's header and body encodings (email.charset.add_charset). */
export function add_charset(
  charset: string,
  header_enc: Enc = null,
  body_enc: Enc = null,
  output_charset: string | null = null,
): void {
  if (body_enc === SHORTEST) throw new RangeError("SHORTEST not allowed for body_enc");
  CHARSETS[charset] = [header_enc, body_enc, output_charset];
}
export function add_alias(alias: string, canonical: string): void {
  ALIASES[alias] = canonical;
}
export function add_codec(charset: string, codecname: string): void {
  CODEC_MAP[charset] = codecname;
}

/** _encode is str.encode(codec), with unknown-8bit meaning the escaped bytes. */
export function _encode(s: string, codec: string): Buffer {
  if (codec === UNKNOWN8BIT) return encode(s, "ascii", "surrogateescape");
  return encode(s, codec);
}

/** MessageLike is what a body-encoding function (encode_7or8bit) receives. */
export interface EncodableMessage {
  get_payload(i?: number | null, decode?: boolean): unknown;
  set_payload(payload: string | Uint8Array, charset?: string | Charset | null): void;
  __setitem__(name: string, value: string): void;
}

export type BodyEncoder = (msg: EncodableMessage) => void;

/** Charset maps a character set to its email properties (email.charset.Charset). */
export class Charset {
  input_charset: string;
  header_encoding: Enc;
  body_encoding: Enc;
  output_charset: string | null;
  input_codec: string | null;
  output_codec: string | null;
  /** Set by encoders.ts at load time: what get_body_encoding() returns for 7/8-bit charsets. */
  static _encode_7or8bit: BodyEncoder | null = null;

  constructor(input_charset: string = DEFAULT_CHARSET) {
    if (!isAscii(input_charset)) throw new CharsetError(input_charset);
    const lower = input_charset.toLowerCase();
    this.input_charset = ALIASES[lower] ?? lower;
    const [henc, benc, conv0] = CHARSETS[this.input_charset] ?? [SHORTEST, BASE64, null];
    const conv = conv0 || this.input_charset;
    this.header_encoding = henc;
    this.body_encoding = benc;
    this.output_charset = ALIASES[conv] ?? conv;
    this.input_codec = this.input_charset in CODEC_MAP ? CODEC_MAP[this.input_charset]! : this.input_charset;
    this.output_codec =
      this.output_charset in CODEC_MAP ? CODEC_MAP[this.output_charset]! : this.output_charset;
  }

  toString(): string {
    return this.input_charset.toLowerCase();
  }

  /** __eq__: compared by name with a Charset or a string. */
  equals(other: Charset | string | null | undefined): boolean {
    return other !== null && other !== undefined && String(this) === String(other).toLowerCase();
  }

  get_body_encoding(): "quoted-printable" | "base64" | BodyEncoder {
    if (this.body_encoding === QP) return "quoted-printable";
    if (this.body_encoding === BASE64) return "base64";
    return Charset._encode_7or8bit!;
  }

  get_output_charset(): string {
    return this.output_charset || this.input_charset;
  }

  header_encode(s: string): string {
    const codec = this.output_codec || "us-ascii";
    const header_bytes = _encode(s, codec);
    const enc = this._get_encoder(header_bytes);
    if (enc === null) return s;
    return enc.header_encode(header_bytes, codec);
  }

  header_encode_lines(s: string, maxlengths: Iterator<number>): (string | null)[] {
    const codec = this.output_codec || "us-ascii";
    const header_bytes = _encode(s, codec);
    const enc = this._get_encoder(header_bytes)!;
    const charset = this.get_output_charset();
    const extra = charset.length + RFC2047_CHROME_LEN;
    const lines: (string | null)[] = [];
    let current: string[] = [];
    let maxlen = maxlengths.next().value - extra;
    for (const character of Array.from(s)) {
      current.push(character);
      const length = enc.header_length(_encode(current.join(""), charset));
      if (length > maxlen) {
        current.pop();
        if (lines.length === 0 && current.length === 0) lines.push(null);
        else lines.push(enc.header_encode(_encode(current.join(""), codec), codec));
        current = [character];
        maxlen = maxlengths.next().value - extra;
      }
    }
    lines.push(enc.header_encode(_encode(current.join(""), codec), codec));
    return lines;
  }

  _get_encoder(header_bytes: Uint8Array): typeof base64mime | typeof quoprimime | null {
    if (this.header_encoding === BASE64) return base64mime;
    if (this.header_encoding === QP) return quoprimime;
    if (this.header_encoding === SHORTEST) {
      return base64mime.header_length(header_bytes) < quoprimime.header_length(header_bytes)
        ? base64mime
        : quoprimime;
    }
    return null;
  }

  /** body_encode encodes a body (a string, or bytes) as this charset's body encoding says. */
  body_encode(s: string | Uint8Array): string {
    if (s.length === 0) return "";
    if (this.body_encoding === BASE64) {
      const b = typeof s === "string" ? encode(s, this.output_charset!) : s;
      return base64mime.body_encode(b);
    }
    if (this.body_encoding === QP) {
      const b = typeof s === "string" ? encode(s, this.output_charset!) : s;
      return quoprimime.body_encode(Buffer.from(b).toString("latin1"));
    }
    if (typeof s === "string") return encode(s, this.output_charset!).toString("latin1");
    return Buffer.from(s).toString("latin1");
  }
}
