// Writing a dot-terminated body: the sending half of dot.ts.

const CR = 13;
const LF = 10;
const DOT = 0x2e;
const TERMINATOR = Buffer.from(".\r\n");

export interface DotWriterOptions {
  /**
   * Turn every bare CR and bare LF into CRLF, as smtplib's _fix_eols does for a str message
   * (default true). With false the bytes go as they are, as smtplib sends a bytes message:
   * only a "." after LF (or at the start) is doubled.
   */
  fixEols?: boolean;
}

/**
 * DotWriter dot-stuffs a body given in chunks of any size (state is kept across push calls,
 * so a CRLF or a leading dot split between chunks is handled as if it came whole):
 *
 *	push("a\n.b") + push("\r") + end()  ->  "a\r\n..b\r\n.\r\n"
 *
 * end() returns the tail: a CRLF if the body did not end with one, then ".\r\n". An empty
 * body is just ".\r\n" (smtplib would send "\r\n.\r\n", an empty line first).
 */
export class DotWriter {
  readonly #fixEols: boolean;
  #lineStart = true;
  #afterCR = false;
  #ended = false;
  // The last two bytes written, for end() when EOLs are not fixed.
  #last = -1;
  #prev = -1;

  constructor(options: DotWriterOptions = {}) {
    this.#fixEols = options.fixEols ?? true;
  }

  /** push returns `chunk` stuffed and with its line endings fixed; it may be empty. */
  push(chunk: Uint8Array): Buffer {
    if (this.#ended) throw new Error("DotWriter.push() after end()");
    const out = Buffer.allocUnsafe(chunk.length * 2);
    let o = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.#fixEols) {
        if (b === LF && this.#afterCR) {
          this.#afterCR = false;
          continue;
        }
        this.#afterCR = b === CR;
        if (b === CR || b === LF) {
          out[o++] = CR;
          out[o++] = LF;
          this.#lineStart = true;
          continue;
        }
      }
      if (b === DOT && this.#lineStart) out[o++] = DOT;
      out[o++] = b;
      this.#lineStart = b === LF;
    }
    if (o >= 2) {
      this.#prev = out[o - 2]!;
      this.#last = out[o - 1]!;
    } else if (o === 1) {
      this.#prev = this.#last;
      this.#last = out[0]!;
    }
    return out.subarray(0, o);
  }

  /** end returns what finishes the body: a CRLF when needed, then ".\r\n". */
  end(): Buffer {
    if (this.#ended) throw new Error("DotWriter.end() called twice");
    this.#ended = true;
    const needEOL = this.#fixEols
      ? !this.#lineStart
      : this.#last !== -1 && !(this.#prev === CR && this.#last === LF);
    return needEOL ? Buffer.from("\r\n.\r\n") : TERMINATOR;
  }
}

/** dotStuff returns a whole body ready to send, terminator included (DotWriter in one go). */
export function dotStuff(data: Uint8Array, options: DotWriterOptions = {}): Buffer {
  const w = new DotWriter(options);
  return Buffer.concat([w.push(data), w.end()]);
}
