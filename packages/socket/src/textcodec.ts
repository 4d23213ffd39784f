// The text layer under makefile("r"/"w"): Python's codecs for the encodings network protocols
// use, and TextIOWrapper's newline translation. Kept apart so makefile.ts deals only with I/O.
import { isAscii } from "node:buffer";
import { TextDecoder } from "node:util";
import { ValueError } from "./errors.js";
import { decodeUtf8Escaped, encodeUtf8Escaped } from "./surrogateescape.js";

/** LookupError: an unknown encoding name (Python's builtin). */
export class LookupError extends Error {
  override name = "LookupError";
}

/** UnicodeDecodeError: bytes that are not valid in the stream's encoding (a ValueError, as in Python). */
export class UnicodeDecodeError extends ValueError {
  override name = "UnicodeDecodeError";
}

/** UnicodeEncodeError: a character the stream's encoding cannot represent. */
export class UnicodeEncodeError extends ValueError {
  override name = "UnicodeEncodeError";
}

/** Newline is TextIOWrapper's newline argument: null translates \r and \r\n to \n on input. */
export type Newline = null | "" | "\n" | "\r" | "\r\n";

/**
 * Errors is the codec error handler: "strict" raises, "replace" substitutes, "ignore" drops,
 * "surrogateescape" decodes each bad byte to U+DC80..U+DCFF and encodes those back (PEP 383).
 */
export type Errors = "strict" | "replace" | "ignore" | "surrogateescape";

type Kind = "utf-8" | "latin-1" | "ascii";

const aliases: Record<string, Kind> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  u8: "utf-8",
  utf: "utf-8",
  "latin-1": "latin-1",
  latin1: "latin-1",
  latin: "latin-1",
  l1: "latin-1",
  "iso-8859-1": "latin-1",
  "iso8859-1": "latin-1",
  "8859": "latin-1",
  ascii: "ascii",
  "us-ascii": "ascii",
  "646": "ascii",
};

/** TextCodec converts between str and bytes for one stream, keeping partial characters between reads. */
export class TextCodec {
  readonly encoding: string;
  readonly errors: Errors;
  readonly #kind: Kind;
  readonly #newline: Newline;
  #utf8: TextDecoder | null = null;
  #utf8Streaming = false;
  /** Bytes of an incomplete UTF-8 sequence held for the next chunk (surrogateescape). */
  #pending: Buffer = Buffer.alloc(0);
  /** A \r held back until the next chunk shows whether \n follows (universal newlines). */
  #heldCR = false;

  constructor(
    encoding: string | null | undefined,
    errors: string | null | undefined,
    newline: Newline | undefined,
  ) {
    const name = (encoding ?? "utf-8").toLowerCase().replace(/_/g, "-");
    const kind = aliases[name];
    if (!kind) throw new LookupError(`unknown encoding: ${encoding}`);
    const handler = errors ?? "strict";
    if (
      handler !== "strict" &&
      handler !== "replace" &&
      handler !== "ignore" &&
      handler !== "surrogateescape"
    )
      throw new LookupError(`unknown error handler name '${handler}'`);
    const nl = newline === undefined ? null : newline;
    if (nl !== null && nl !== "" && nl !== "\n" && nl !== "\r" && nl !== "\r\n")
      throw new ValueError(`illegal newline value: ${String(nl)}`);
    this.#kind = kind;
    this.encoding = kind;
    this.errors = handler;
    this.#newline = nl;
    if (kind === "utf-8" && handler !== "surrogateescape")
      this.#utf8 = new TextDecoder("utf-8", { fatal: handler === "strict", ignoreBOM: true });
  }

  /** decode turns received bytes into text, newline-translated; `final` flushes held state at EOF. */
  decode(bytes: Buffer, final: boolean): string {
    let text = this.#decodeRaw(bytes, final);
    if (this.#universal) {
      if (this.#heldCR) text = `\r${text}`;
      this.#heldCR = !final && text.endsWith("\r");
      if (this.#heldCR) text = text.slice(0, -1);
      if (this.#newline === null) text = text.replace(/\r\n?/g, "\n");
    }
    return text;
  }

  /** encode turns text to send into bytes, writing \n as the stream's newline. */
  encode(text: string): Buffer {
    const nl = this.#newline;
    const translated = nl === "\r" || nl === "\r\n" ? text.replace(/\n/g, nl) : text;
    switch (this.#kind) {
      case "utf-8":
        if (this.errors === "surrogateescape") return encodeUtf8Escaped(translated);
        if (LONE_SURROGATE.test(translated)) {
          if (this.errors === "strict")
            throw new UnicodeEncodeError("'utf-8' codec can't encode characters: surrogates not allowed");
          return Buffer.from(this.errors === "ignore" ? dropLoneSurrogates(translated) : translated, "utf8");
        }
        return Buffer.from(translated, "utf8");
      case "latin-1":
        return this.#encodeNarrow(translated, 0xff);
      case "ascii":
        return this.#encodeNarrow(translated, 0x7f);
    }
  }

  /**
   * lineEnd returns the index just past the first line ending in `text`, or -1. With universal
   * newlines a trailing \r never reaches here undecided: decode() holds it back.
   */
  lineEnd(text: string): number {
    switch (this.#newline) {
      case null:
      case "\n": {
        const at = text.indexOf("\n");
        return at === -1 ? -1 : at + 1;
      }
      case "": {
        const m = /\r\n|\r|\n/.exec(text);
        return m ? m.index + m[0].length : -1;
      }
      case "\r": {
        const at = text.indexOf("\r");
        return at === -1 ? -1 : at + 1;
      }
      case "\r\n": {
        const at = text.indexOf("\r\n");
        return at === -1 ? -1 : at + 2;
      }
    }
  }

  get #universal(): boolean {
    return this.#newline === null || this.#newline === "";
  }

  #decodeRaw(bytes: Buffer, final: boolean): string {
    switch (this.#kind) {
      case "utf-8": {
        if (!this.#utf8) {
          const buf = this.#pending.length > 0 ? Buffer.concat([this.#pending, bytes]) : bytes;
          const { text, rest } = decodeUtf8Escaped(buf, final);
          this.#pending = buf.subarray(rest);
          return text;
        }
        // ASCII (most protocol text) needs no decoder: one native check, one native copy. Only
        // when the decoder holds no partial character from a streamed chunk before.
        if (!this.#utf8Streaming && isAscii(bytes)) return bytes.toString("latin1");
        this.#utf8Streaming = !final;
        let text: string;
        try {
          text = this.#utf8!.decode(bytes, { stream: !final });
        } catch (err) {
          throw new UnicodeDecodeError("'utf-8' codec can't decode bytes: invalid utf-8 data", {
            cause: err,
          });
        }
        return this.errors === "ignore" ? text.replace(/\uFFFD/g, "") : text;
      }
      case "latin-1":
        return bytes.toString("latin1");
      case "ascii": {
        if (isAscii(bytes)) return bytes.toString("latin1");
        const bad = bytes.findIndex((b) => b > 0x7f);
        if (bad === -1) return bytes.toString("latin1");
        if (this.errors === "strict")
          throw new UnicodeDecodeError(
            `'ascii' codec can't decode byte 0x${bytes[bad]!.toString(16)} in position ${bad}: ordinal not in range(128)`,
          );
        const sub = this.errors === "replace" ? "\uFFFD" : "";
        const escapes = this.errors === "surrogateescape";
        let out = "";
        for (const b of bytes)
          out += b <= 0x7f ? String.fromCharCode(b) : escapes ? String.fromCharCode(0xdc00 + b) : sub;
        return out;
      }
    }
  }

  #encodeNarrow(text: string, max: number): Buffer {
    const out: number[] = [];
    let i = 0;
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code <= max) out.push(code);
      else if (this.errors === "surrogateescape" && code >= 0xdc80 && code <= 0xdcff) out.push(code - 0xdc00);
      else if (this.errors === "strict" || this.errors === "surrogateescape")
        throw new UnicodeEncodeError(
          `'${this.#kind === "ascii" ? "ascii" : "latin-1"}' codec can't encode character '\\u${code.toString(16).padStart(4, "0")}' in position ${i}: ordinal not in range(${max + 1})`,
        );
      else if (this.errors === "replace") out.push(0x3f);
      i++;
    }
    return Buffer.from(out);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function dropLoneSurrogates(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE.source, "g"), "");
}

/** codePointPrefix returns the UTF-16 length of the first n code points of text (Python counts code points). */
export function codePointPrefix(text: string, n: number): number {
  if (n >= text.length) return text.length;
  let units = 0;
  for (let count = 0; count < n && units < text.length; count++) units += isPairAt(text, units) ? 2 : 1;
  return units;
}

/** codePointLength returns how many code points text holds. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i += isPairAt(text, i) ? 2 : 1) n++;
  return n;
}

function isPairAt(text: string, i: number): boolean {
  const hi = text.charCodeAt(i);
  if (hi < 0xd800 || hi > 0xdbff) return false;
  const lo = text.charCodeAt(i + 1);
  return lo >= 0xdc00 && lo <= 0xdfff;
}
