// IMAP syntax for the server side: reading a command's arguments (atoms, quoted strings,
// literals, lists) and writing strings into responses (quoted, or as literals).

/** Arg is a command argument: an atom as text, a string (quoted or literal) as bytes, a list as an array. */
export type Arg = string | Buffer | Arg[];

/** Piece is a stretch of a command: text, or a literal's bytes. */
export type Piece = { text: Buffer } | { literal: Buffer };

/** SyntaxError in a client's command (answered with BAD). */
export class CommandSyntaxError extends Error {
  override name = "CommandSyntaxError";
}

/**
 * parseArgs reads arguments from pieces. Atoms end at a space or parenthesis, except inside
 * brackets: BODY.PEEK[HEADER.FIELDS (SUBJECT)]<0.100> is one atom.
 */
export function parseArgs(pieces: Piece[]): Arg[] {
  let piece = 0;
  let pos = 0;
  const skip = () => {
    for (;;) {
      const p = pieces[piece];
      if (!p || !("text" in p)) return;
      while (pos < p.text.length && p.text[pos] === 0x20) pos++;
      if (pos < p.text.length) return;
      piece++;
      pos = 0;
    }
  };
  const value = (): Arg => {
    skip();
    const p = pieces[piece];
    if (!p) throw new CommandSyntaxError("missing argument");
    if ("literal" in p) {
      piece++;
      pos = 0;
      return p.literal;
    }
    const t = p.text;
    const c = t[pos]!;
    if (c === 0x28) {
      pos++;
      const list: Arg[] = [];
      for (;;) {
        skip();
        const q = pieces[piece];
        if (!q) throw new CommandSyntaxError("unterminated list");
        if ("text" in q && q.text[pos] === 0x29) {
          pos++;
          return list;
        }
        list.push(value());
      }
    }
    if (c === 0x29) throw new CommandSyntaxError("unexpected )");
    if (c === 0x22) {
      const out: number[] = [];
      for (let i = pos + 1; i < t.length; i++) {
        const b = t[i]!;
        if (b === 0x5c && i + 1 < t.length) out.push(t[++i]!);
        else if (b === 0x22) {
          pos = i + 1;
          return Buffer.from(out);
        } else out.push(b);
      }
      throw new CommandSyntaxError("unterminated quoted string");
    }
    const start = pos;
    let depth = 0;
    for (; pos < t.length; pos++) {
      const b = t[pos]!;
      if (b === 0x5b) depth++;
      else if (b === 0x5d && depth > 0) depth--;
      else if (depth === 0 && (b === 0x20 || b === 0x28 || b === 0x29)) break;
    }
    return t.subarray(start, pos).toString("utf8");
  };
  const out: Arg[] = [];
  for (;;) {
    skip();
    if (piece >= pieces.length) return out;
    out.push(value());
  }
}

/** text returns an argument as a string (atoms as they are, strings decoded as UTF-8). */
export function text(arg: Arg | undefined): string {
  if (arg === undefined) throw new CommandSyntaxError("missing argument");
  if (Array.isArray(arg)) throw new CommandSyntaxError("unexpected list");
  return typeof arg === "string" ? arg : arg.toString("utf8");
}

/** atom returns an argument that must be an atom, upper-cased. */
export function atom(arg: Arg | undefined): string {
  if (typeof arg !== "string") throw new CommandSyntaxError("expected an atom");
  return arg.toUpperCase();
}

/** quoted writes `s` as a quoted string, or as a literal when it cannot be quoted. */
export function quoted(s: string): string {
  if (!quotable(s)) {
    const bytes = Buffer.from(s, "utf8");
    return `{${bytes.length}}\r\n${bytes.toString("latin1")}`;
  }
  return `"${s.replace(/[\\"]/g, "\\$&")}"`;
}

/** nstring writes NIL for null, else quoted(s). */
export function nstring(s: string | null | undefined): string {
  return s === null || s === undefined ? "NIL" : quoted(s);
}

/** literal writes bytes as a literal ({n} CRLF bytes), in a latin1 string holding them as they are. */
export function literal(data: Buffer): string {
  return `{${data.length}}\r\n${data.toString("latin1")}`;
}

// A quoted string holds 7-bit text without CR, LF or NUL.
function quotable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c === 10 || c === 13 || c > 0x7f) return false;
  }
  return true;
}
