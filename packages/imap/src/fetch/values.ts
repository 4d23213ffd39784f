// IMAP's data values (RFC 3501 4): atoms, numbers, quoted strings, literals, NIL and
// parenthesized lists, parsed from the pieces imaplib returns (lines and [prefix, literal]
// pairs). Pure.
import { type Datum, isPair } from "../response.js";

/**
 * Value is a parsed IMAP value: an atom or number as text (BODY[HEADER]<0> is one atom), a
 * quoted string or literal as bytes, NIL as null, a list as an array.
 */
export type Value = string | Buffer | null | Value[];

/** Piece is a stretch of a response: text, or a literal's bytes. */
export type Piece = { text: Buffer } | { literal: Buffer };

/** ParseError: the server's data is not what RFC 3501 says (the raw data stays available). */
export class ParseError extends Error {
  override name = "ParseError";
}

const MARKER = /~?\{\d+\+?\}$/;

/**
 * piecesOf turns one response's data items (as imaplib stores them) into pieces: each pair's
 * prefix loses its trailing {n} marker and is followed by the literal.
 */
export function piecesOf(items: readonly Datum[]): Piece[] {
  const out: Piece[] = [];
  for (const item of items) {
    if (isPair(item)) {
      const [prefix, literal] = item;
      const m = MARKER.exec(prefix.toString("latin1"));
      out.push({ text: m ? prefix.subarray(0, m.index) : prefix }, { literal });
    } else out.push({ text: item });
  }
  return out;
}

/** Tokens reads values from pieces, left to right. */
export class Tokens {
  readonly #pieces: Piece[];
  #piece = 0;
  #pos = 0;

  constructor(pieces: Piece[]) {
    this.#pieces = pieces;
  }

  /** atEnd tells whether only spaces remain. */
  get atEnd(): boolean {
    this.#skipSpaces();
    return this.#piece >= this.#pieces.length;
  }

  /** peek returns the next character without taking it ("" at a literal or the end). */
  peek(): string {
    this.#skipSpaces();
    const p = this.#pieces[this.#piece];
    if (!p || !("text" in p)) return "";
    return String.fromCharCode(p.text[this.#pos]!);
  }

  /** expect takes `ch` or throws ParseError. */
  expect(ch: string): void {
    if (this.peek() !== ch) throw new ParseError(`expected ${JSON.stringify(ch)} at ${this.#where()}`);
    this.#pos++;
  }

  /** value reads one value. */
  value(): Value {
    this.#skipSpaces();
    const p = this.#pieces[this.#piece];
    if (!p) throw new ParseError("unexpected end of data");
    if ("literal" in p) {
      this.#piece++;
      this.#pos = 0;
      return p.literal;
    }
    const c = p.text[this.#pos]!;
    if (c === 0x28) {
      this.#pos++;
      const list: Value[] = [];
      while (this.peek() !== ")") {
        if (this.atEnd) throw new ParseError("unterminated list");
        list.push(this.value());
      }
      this.#pos++;
      return list;
    }
    if (c === 0x22) return this.#quoted(p.text);
    const atom = this.#atom(p.text);
    if (atom.length === 0)
      throw new ParseError(`unexpected ${JSON.stringify(String.fromCharCode(c))} at ${this.#where()}`);
    return atom.toUpperCase() === "NIL" ? null : atom;
  }

  #quoted(text: Buffer): Buffer {
    const out: number[] = [];
    for (let i = this.#pos + 1; i < text.length; i++) {
      const c = text[i]!;
      if (c === 0x5c && i + 1 < text.length) out.push(text[++i]!);
      else if (c === 0x22) {
        this.#pos = i + 1;
        return Buffer.from(out);
      } else out.push(c);
    }
    throw new ParseError("unterminated quoted string");
  }

  // An atom ends at a space or parenthesis, except inside [...] (BODY[HEADER.FIELDS (A B)]).
  #atom(text: Buffer): string {
    const start = this.#pos;
    let depth = 0;
    let i = start;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === 0x5b) depth++;
      else if (c === 0x5d && depth > 0) depth--;
      else if (depth === 0 && (c === 0x20 || c === 0x28 || c === 0x29)) break;
    }
    this.#pos = i;
    return text.subarray(start, i).toString("utf8");
  }

  #skipSpaces(): void {
    for (;;) {
      const p = this.#pieces[this.#piece];
      if (!p || !("text" in p)) return;
      while (this.#pos < p.text.length && p.text[this.#pos] === 0x20) this.#pos++;
      if (this.#pos < p.text.length) return;
      this.#piece++;
      this.#pos = 0;
    }
  }

  #where(): string {
    return `piece ${this.#piece}, offset ${this.#pos}`;
  }
}

/** parseValues parses every value in `pieces`. */
export function parseValues(pieces: Piece[]): Value[] {
  const t = new Tokens(pieces);
  const out: Value[] = [];
  while (!t.atEnd) out.push(t.value());
  return out;
}

/** text returns a value as text (bytes as UTF-8), or null for NIL; lists are refused. */
export function text(v: Value | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (Buffer.isBuffer(v)) return v.toString("utf8");
  throw new ParseError("expected a string, got a list");
}

/** num returns a value as a number, or null. */
export function num(v: Value | undefined): number | null {
  const t = text(v);
  if (t === null) return null;
  if (!/^\d+$/.test(t)) throw new ParseError(`expected a number, got ${JSON.stringify(t)}`);
  return Number(t);
}

/** list returns a value as a list (NIL as empty). */
export function list(v: Value | undefined): Value[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new ParseError("expected a list");
  return v;
}
