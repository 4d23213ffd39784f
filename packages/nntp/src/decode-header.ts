// decode_header: nntplib's helper over email.header.decode_header (RFC 2047 encoded words),
// reproduced step for step so that the results, and the errors, are Python's.
import { TextDecoder } from "node:util";
import { LookupError, UnicodeDecodeError } from "@inetlib/socket";
import { isspace, lstrip } from "./pystr.js";

/** HeaderParseError is email.errors.HeaderParseError: an encoded word that is not valid base64. */
export class HeaderParseError extends Error {
  override name = "HeaderParseError";
}

/**
 * decode_header turns a header value with RFC 2047 encoded words into readable text:
 *
 *	decode_header("=?ISO-8859-15?Q?D=E9buter_en_Python?=")   ->  "Débuter en Python"
 *
 * A value without encoded words is returned as it is. As in Python, unencoded parts next to
 * encoded words must be ASCII (else UnicodeDecodeError), an unknown charset throws
 * LookupError and bad base64 HeaderParseError.
 */
export function decode_header(header_str: string): string {
  return email_decode_header(header_str)
    .map(([v, enc]) => (typeof v === "string" ? v : pydecode(v, enc ?? "ascii")))
    .join("");
}

/**
 * email_decode_header is email.header.decode_header for a string: [text, null] when there is
 * no encoded word, else runs of [bytes, charset] (charset null for unencoded parts).
 */
export function email_decode_header(header: string): [string | Buffer, string | null][] {
  if (!new RegExp(ECRE).test(header)) return [[header, null]];
  type Word = [text: string | Buffer, encoding: string | null, charset: string | null];
  const words: Word[] = [];
  for (const line of splitlines(header)) {
    const parts = line.split(new RegExp(ECRE));
    let first = true;
    while (parts.length > 0) {
      let unencoded = parts.shift()!;
      if (first) {
        unencoded = lstrip(unencoded);
        first = false;
      }
      if (unencoded) words.push([unencoded, null, null]);
      if (parts.length > 0) {
        const charset = parts.shift()!.toLowerCase();
        const encoding = parts.shift()!.toLowerCase();
        const encoded = parts.shift()!;
        words.push([encoded, encoding, charset]);
      }
    }
  }
  // Whitespace between two encoded words goes.
  const drop: number[] = [];
  words.forEach((w, n) => {
    if (n > 1 && w[1] && words[n - 2]![1] && isspace(words[n - 1]![0] as string)) drop.push(n - 1);
  });
  for (const d of drop.reverse()) words.splice(d, 1);

  const decoded: [string | Buffer, string | null][] = words.map(([text, encoding, charset]) => {
    const s = text as string;
    if (encoding === null) return [s, charset];
    if (encoding === "q") return [s.replaceAll("_", " ").replace(/=[a-fA-F0-9]{2}/g, unquote), charset];
    const pad = s.length % 4;
    return [a2b_base64(rawUnicodeEscape(pad ? s + "===".slice(0, 4 - pad) : s)), charset];
  });

  const collapsed: [Buffer, string | null][] = [];
  let lastWord: Buffer | null = null;
  let lastCharset: string | null = null;
  for (const [w, charset] of decoded) {
    const word = typeof w === "string" ? rawUnicodeEscape(w) : w;
    if (lastWord === null) {
      lastWord = word;
      lastCharset = charset;
    } else if (charset !== lastCharset) {
      collapsed.push([lastWord, lastCharset]);
      lastWord = word;
      lastCharset = charset;
    } else if (lastCharset === null) lastWord = Buffer.concat([lastWord, SPACE, word]);
    else lastWord = Buffer.concat([lastWord, word]);
  }
  collapsed.push([lastWord!, lastCharset]);
  return collapsed;
}

// email.header.ecre: =?charset?q?encoded?= (Python's "." is anything but a newline).
const ECRE = String.raw`=\?([^?]*?)\?([qQbB])\?([^\n]*?)\?=`;
const SPACE = Buffer.from(" ");

function unquote(match: string): string {
  return String.fromCharCode(Number.parseInt(match.slice(1, 3), 16));
}

// str.splitlines(): every line boundary Python knows.
function splitlines(text: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are Python's line boundaries.
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return text === "" ? [] : lines;
}

// str.encode('raw-unicode-escape'): U+0000..U+00FF as one byte, others as \uXXXX / \UXXXXXXXX.
function rawUnicodeEscape(text: string): Buffer {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) i++;
    if (c < 0x100) out += String.fromCharCode(c);
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += `\\U${c.toString(16).padStart(8, "0")}`;
  }
  return Buffer.from(out, "latin1");
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// binascii.a2b_base64 in its default (non-strict) mode: characters outside the alphabet are
// skipped, and a complete pad ends the input.
function a2b_base64(data: Buffer): Buffer {
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  let done = false;
  for (const byte of data) {
    if (byte === 0x3d) {
      if (quad >= 2 && quad + ++pads >= 4) {
        done = true;
        break;
      }
      continue;
    }
    const v = B64.indexOf(String.fromCharCode(byte));
    if (byte > 0x7f || v === -1) continue;
    pads = 0;
    if (quad === 0) {
      left = v;
      quad = 1;
    } else if (quad === 1) {
      out.push(((left << 2) | (v >> 4)) & 0xff);
      left = v & 0x0f;
      quad = 2;
    } else if (quad === 2) {
      out.push(((left << 4) | (v >> 2)) & 0xff);
      left = v & 0x03;
      quad = 3;
    } else {
      out.push(((left << 6) | v) & 0xff);
      quad = 0;
    }
  }
  if (!done && quad !== 0) throw new HeaderParseError("Base64 decoding error");
  return Buffer.from(out);
}

const LATIN1 = new Set(["latin-1", "latin1", "latin", "l1", "iso-8859-1", "iso8859-1", "8859", "cp819"]);
const ASCII = new Set(["ascii", "us-ascii", "646", "us"]);

/** pydecode is bytes.decode(charset) with Python's strict errors, for the charsets of the web. */
export function pydecode(bytes: Buffer, charset: string): string {
  const name = charset.trim().toLowerCase().replaceAll("_", "-");
  if (ASCII.has(name)) {
    const bad = bytes.findIndex((b) => b > 0x7f);
    if (bad !== -1)
      throw new UnicodeDecodeError(
        `'ascii' codec can't decode byte 0x${bytes[bad]!.toString(16)} in position ${bad}: ordinal not in range(128)`,
      );
    return bytes.toString("latin1");
  }
  if (LATIN1.has(name)) return bytes.toString("latin1");
  let decoder: TextDecoder;
  try {
    const label = name === "utf8" || name === "u8" ? "utf-8" : name;
    // Python's utf-8 keeps a BOM as U+FEFF; TextDecoder would drop it.
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: label === "utf-8" });
  } catch {
    throw new LookupError(`unknown encoding: ${charset}`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new UnicodeDecodeError(`'${charset}' codec can't decode bytes: invalid data`);
  }
}
