// email.header: Header (RFC 2047 encoding and folding of a header value in one or more charsets,
// as compat32 writes every header), decode_header and make_header.
import * as base64mime from "./base64mime.js";
import { _encode, Charset, UNKNOWN8BIT } from "./charset.js";
import { HeaderParseError } from "./errors.js";
import * as quoprimime from "./quoprimime.js";
import { splitlines } from "./quoprimime.js";
import { decode, type Errors, encode } from "./strings.js";

const MAXLINELEN = 78;
const USASCII = new Charset("us-ascii");
const UTF8 = new Charset("utf-8");
const ECRE = /=\?([^?]*?)\?([qQbB])\?(.*?)\?=/g;
const EMBEDDED_HEADER = /\n[^ \t]+:/;

// str.isspace(): Unicode white space plus the separators \x1c-\x1f and \x85 Python counts.
const isspace = (s: string): boolean =>
  s.length > 0 && [...s].every((c) => /\s/.test(c) || (c >= "\u001c" && c <= "\u001f") || c === "\u0085");
const nonctext = (s: string): boolean => isspace(s) || s === "(" || s === ")" || s === "\\";
const isAsciiCs = (cs: Charset | string | null): boolean => cs === null || String(cs) === "us-ascii";

/** A decoded piece: bytes with their charset, or a string when no charset (Python's str). */
export type DecodedPart = [Buffer | string, string | null];

/** decode_header splits a header value into (bytes, charset) pairs, as Python does. */
export function decode_header(header: string | Header): DecodedPart[] {
  if (header instanceof Header)
    return header._chunks.map(([s, cs]) => [_encode(s, String(cs)), String(cs)] as DecodedPart);
  ECRE.lastIndex = 0;
  if (!ECRE.test(header)) return [[header, null]];
  const words: [string, string | null, string | null][] = [];
  for (const line of splitlines(header)) {
    const parts = line.split(ECRE);
    let first = true;
    while (parts.length) {
      let unencoded = parts.shift()!;
      if (first) {
        unencoded = unencoded.replace(/^\s+/, "");
        first = false;
      }
      if (unencoded) words.push([unencoded, null, null]);
      if (parts.length) {
        const charset = parts.shift()!.toLowerCase();
        const encoding = parts.shift()!.toLowerCase();
        const encoded = parts.shift()!;
        words.push([encoded, encoding, charset]);
      }
    }
  }
  const droplist: number[] = [];
  words.forEach((w, n) => {
    if (n > 1 && w[1] && words[n - 2]![1] && isspace(words[n - 1]![0])) droplist.push(n - 1);
  });
  for (const d of droplist.reverse()) words.splice(d, 1);
  const decoded: [Buffer, string | null][] = [];
  for (const [encoded0, encoding, charset] of words) {
    let encoded = encoded0;
    if (encoding === null) decoded.push([encode(encoded, "latin1", "replace"), charset]);
    else if (encoding === "q")
      decoded.push([Buffer.from(quoprimime.header_decode(encoded), "latin1"), charset]);
    else {
      const paderr = encoded.length % 4;
      if (paderr) encoded += "===".slice(0, 4 - paderr);
      try {
        decoded.push([base64mime.decode(encoded), charset]);
      } catch {
        throw new HeaderParseError("Base64 decoding error");
      }
    }
  }
  const collapsed: DecodedPart[] = [];
  let last: Buffer | null = null;
  let lastCs: string | null = null;
  for (const [word, cs] of decoded) {
    if (last === null) {
      last = word;
      lastCs = cs;
    } else if (cs !== lastCs) {
      collapsed.push([last, lastCs]);
      last = word;
      lastCs = cs;
    } else if (lastCs === null) last = Buffer.concat([last, Buffer.from(" "), word]);
    else last = Buffer.concat([last, word]);
  }
  collapsed.push([last!, lastCs]);
  return collapsed;
}

/** HeaderOptions are Header()'s keyword arguments. */
export interface HeaderOptions {
  charset?: Charset | string | null;
  maxlinelen?: number | null;
  header_name?: string | null;
  continuation_ws?: string;
  errors?: Errors;
}

/** make_header builds a Header from decode_header()'s pairs. */
export function make_header(
  decoded_seq: readonly (readonly [Uint8Array | string, string | Charset | null])[],
  options: { maxlinelen?: number | null; header_name?: string | null; continuation_ws?: string } = {},
): Header {
  const h = new Header(null, options);
  for (const [s, charset] of decoded_seq)
    h.append(s, charset === null ? null : charset instanceof Charset ? charset : new Charset(charset));
  return h;
}

/** Header is a header value made of chunks, each in its own charset (email.header.Header). */
export class Header {
  _charset: Charset;
  _continuation_ws: string;
  _chunks: [string, Charset][] = [];
  _maxlinelen: number;
  _headerlen: number;

  constructor(
    s: string | Uint8Array | null = null,
    charsetOrOptions?: Charset | string | null | HeaderOptions,
    options: HeaderOptions = {},
  ) {
    const o: HeaderOptions =
      charsetOrOptions !== null &&
      typeof charsetOrOptions === "object" &&
      !(charsetOrOptions instanceof Charset)
        ? charsetOrOptions
        : { ...options, charset: charsetOrOptions ?? options.charset ?? null };
    const charset =
      o.charset == null ? USASCII : o.charset instanceof Charset ? o.charset : new Charset(o.charset);
    this._charset = charset;
    this._continuation_ws = o.continuation_ws ?? " ";
    if (s !== null) this.append(s, charset, o.errors ?? "strict");
    this._maxlinelen = o.maxlinelen ?? MAXLINELEN;
    this._headerlen = o.header_name == null ? 0 : o.header_name.length + 2;
  }

  toString(): string {
    this._normalize();
    const uchunks: string[] = [];
    let lastcs: string | null = null;
    let lastspace = false;
    for (const [s0, charset] of this._chunks) {
      let s = s0;
      let nextcs: string | null = String(charset);
      if (nextcs === UNKNOWN8BIT) s = decode(encode(s, "ascii", "surrogateescape"), "ascii", "replace");
      if (uchunks.length) {
        const hasspace = s.length > 0 && nonctext(s[0]!);
        if (!isAsciiCs(lastcs)) {
          if (isAsciiCs(nextcs) && !hasspace) {
            uchunks.push(" ");
            nextcs = null;
          }
        } else if (!isAsciiCs(nextcs) && !lastspace) uchunks.push(" ");
      }
      lastspace = s.length > 0 && nonctext(s[s.length - 1]!);
      lastcs = nextcs;
      uchunks.push(s);
    }
    return uchunks.join("");
  }

  /** __eq__: equal to a string with the same text. */
  equals(other: unknown): boolean {
    return String(other) === String(this);
  }

  append(s: string | Uint8Array, charset: Charset | string | null = null, errors: Errors = "strict"): void {
    let cs = charset === null ? this._charset : charset instanceof Charset ? charset : new Charset(charset);
    let text: string;
    if (typeof s !== "string") {
      const input = cs.input_codec || "us-ascii";
      text = input === UNKNOWN8BIT ? decode(s, "ascii", "surrogateescape") : decode(s, input, errors);
    } else text = s;
    const output = cs.output_codec || "us-ascii";
    if (output !== UNKNOWN8BIT) {
      try {
        encode(text, output, errors);
      } catch (e) {
        if (output !== "us-ascii") throw e;
        cs = UTF8;
      }
    }
    this._chunks.push([text, cs]);
  }

  encode(splitchars = ";, \t", maxlinelen: number | null = null, linesep = "\n"): string {
    this._normalize();
    let max = maxlinelen ?? this._maxlinelen;
    if (max === 0) max = 1000000;
    const formatter = new ValueFormatter(this._headerlen, max, this._continuation_ws, splitchars);
    let lastcs: Charset | null = null;
    let hasspace: boolean | null = null;
    let lastspace = false;
    for (const [s, charset] of this._chunks) {
      if (hasspace !== null) {
        hasspace = s.length > 0 && nonctext(s[0]!);
        if (!isAsciiCs(lastcs)) {
          if (!hasspace || !isAsciiCs(charset)) formatter.add_transition();
        } else if (!isAsciiCs(charset) && !lastspace) formatter.add_transition();
      }
      lastspace = s.length > 0 && nonctext(s[s.length - 1]!);
      lastcs = charset;
      hasspace = false;
      const lines = splitlines(s);
      formatter.feed("", lines[0] ?? "", charset);
      for (const line of lines.slice(1)) {
        formatter.newline();
        if (charset.header_encoding !== null)
          formatter.feed(this._continuation_ws, ` ${line.replace(/^\s+/, "")}`, charset);
        else {
          const sline = line.replace(/^\s+/, "");
          formatter.feed(line.slice(0, line.length - sline.length), sline, charset);
        }
      }
      if (lines.length > 1) formatter.newline();
    }
    if (this._chunks.length) formatter.add_transition();
    const value = formatter._str(linesep);
    if (EMBEDDED_HEADER.test(value))
      throw new HeaderParseError(`header value appears to contain an embedded header: '${value}'`);
    return value;
  }

  _normalize(): void {
    const chunks: [string, Charset][] = [];
    let lastCs: Charset | null = null;
    let last: string[] = [];
    for (const [s, cs] of this._chunks) {
      if (lastCs !== null && cs.equals(lastCs)) last.push(s);
      else {
        if (lastCs !== null) chunks.push([last.join(" "), lastCs]);
        last = [s];
        lastCs = cs;
      }
    }
    if (last.length && lastCs !== null) chunks.push([last.join(" "), lastCs]);
    this._chunks = chunks;
  }
}

class Accumulator {
  parts: [string, string][] = [];
  constructor(public _initial_size = 0) {}
  push(fws: string, s: string): void {
    this.parts.push([fws, s]);
  }
  pop_from(i = 0): [string, string][] {
    return this.parts.splice(i);
  }
  pop(): [string, string] {
    return this.parts.pop() ?? ["", ""];
  }
  get length(): number {
    return this.parts.reduce((n, [f, p]) => n + f.length + p.length, this._initial_size);
  }
  toString(): string {
    return this.parts.map(([f, p]) => f + p).join("");
  }
  reset(startval: [string, string][] = []): void {
    this.parts = startval;
    this._initial_size = 0;
  }
  is_onlyws(): boolean {
    return this._initial_size === 0 && (this.parts.length === 0 || isspace(this.toString()));
  }
  part_count(): number {
    return this.parts.length;
  }
}

class ValueFormatter {
  _lines: string[] = [];
  _current_line: Accumulator;
  constructor(
    headerlen: number,
    private _maxlen: number,
    private _continuation_ws: string,
    private _splitchars: string,
  ) {
    this._current_line = new Accumulator(headerlen);
  }

  _str(linesep: string): string {
    this.newline();
    return this._lines.join(linesep);
  }

  newline(): void {
    const end = this._current_line.pop();
    if (!(end[0] === " " && end[1] === "")) this._current_line.push(end[0], end[1]);
    if (this._current_line.length > 0) {
      if (this._current_line.is_onlyws() && this._lines.length)
        this._lines[this._lines.length - 1] += String(this._current_line);
      else this._lines.push(String(this._current_line));
    }
    this._current_line.reset();
  }

  add_transition(): void {
    this._current_line.push(" ", "");
  }

  feed(fws: string, s: string, charset: Charset): void {
    if (charset.header_encoding === null) {
      this._ascii_split(fws, s, this._splitchars);
      return;
    }
    const encoded = charset.header_encode_lines(s, this._maxlengths());
    if (encoded.length === 0) return;
    const first = encoded.shift()!;
    if (first !== null) this._append_chunk(fws, first);
    if (encoded.length === 0) return;
    const last = encoded.pop()!;
    this.newline();
    this._current_line.push(this._continuation_ws, last!);
    for (const line of encoded) this._lines.push(this._continuation_ws + line);
  }

  *_maxlengths(): Generator<number, never> {
    yield this._maxlen - this._current_line.length;
    while (true) yield this._maxlen - this._continuation_ws.length;
  }

  _ascii_split(fws: string, s: string, _splitchars: string): void {
    const parts = (fws + s).split(/([ \t]+)/);
    if (parts[0]) parts.unshift("");
    else parts.shift();
    for (let i = 0; i + 1 < parts.length; i += 2) this._append_chunk(parts[i]!, parts[i + 1]!);
  }

  _append_chunk(fws0: string, s: string): void {
    this._current_line.push(fws0, s);
    if (this._current_line.length <= this._maxlen) return;
    let found = -1;
    outer: for (const ch of this._splitchars) {
      for (let i = this._current_line.part_count() - 1; i > 0; i--) {
        if (isspace(ch)) {
          const fws = this._current_line.parts[i]![0];
          if (fws && fws[0] === ch) {
            found = i;
            break outer;
          }
        }
        const prev = this._current_line.parts[i - 1]![1];
        if (prev && prev[prev.length - 1] === ch) {
          found = i;
          break outer;
        }
      }
    }
    if (found < 0) {
      let [fws, part] = this._current_line.pop();
      if (this._current_line._initial_size > 0) {
        this.newline();
        if (!fws) fws = " ";
      }
      this._current_line.push(fws, part);
      return;
    }
    const remainder = this._current_line.pop_from(found);
    this._lines.push(String(this._current_line));
    this._current_line.reset(remainder);
  }
}
