// Text items (RFC 1436 3.8): lines, ".." at the start of a line standing for ".", and a "."
// line at the end, read through @inetlib/socket's dot reader. Unlike mail and news, many gopher
// servers send a file as it is and close the connection without the "." line, so end of stream
// ends a text too (gopherlib printed "(Unexpected EOF from server)" and kept what it had).
import { DotLines, type Reader, ResponseTooLarge, stripEOL } from "@inetlib/socket";
import { TEXT_MAXLINE } from "./limits.js";

/** TextReadOptions bound a text item. */
export interface TextReadOptions {
  /** Per-line limit in bytes, terminator included (default TEXT_MAXLINE): LineTooLong beyond it. */
  maxline?: number;
  /** At most this many bytes (readText only): ResponseTooLarge beyond it. null: no bound. */
  maxBytes?: number | null;
  /** Keep each line's terminator as received (a line cut off by end of stream has none). */
  keepends?: boolean;
}

/**
 * TextLines iterates over the lines of a text item, unstuffed and without terminators, in
 * constant memory. `complete` tells whether the "." line came (false: end of stream ended it).
 */
export class TextLines implements AsyncIterableIterator<Buffer> {
  readonly #dots: DotLines;
  readonly #keepends: boolean;

  constructor(reader: Reader, options: TextReadOptions = {}) {
    this.#dots = new DotLines(reader, {
      maxline: options.maxline ?? TEXT_MAXLINE,
      keepends: true,
      eofEnds: true,
    });
    this.#keepends = options.keepends ?? false;
  }

  /** Lines so far. */
  get count(): number {
    return this.#dots.count;
  }

  /** Bytes so far, terminators included (a ".." line counted as the "." it stands for). */
  get bytes(): number {
    return this.#dots.octets;
  }

  /** True when the text ended with its "." line. */
  get complete(): boolean {
    return this.#dots.terminated;
  }

  get done(): boolean {
    return this.#dots.done;
  }

  async next(): Promise<IteratorResult<Buffer, undefined>> {
    const result = await this.#dots.next();
    if (result.done || this.#keepends) return result;
    return { done: false, value: stripEOL(result.value) };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** textLines returns an iterator over the text item that comes next on `reader`. */
export function textLines(reader: Reader, options: TextReadOptions = {}): TextLines {
  return new TextLines(reader, options);
}

/** TextBody is a text item read whole. */
export interface TextBody {
  /** The lines, unstuffed, without terminators. */
  lines: Buffer[];
  /** False when end of stream came before the "." line. */
  complete: boolean;
}

/** readText reads a whole text item within `maxBytes` (ResponseTooLarge beyond it, the rest unread). */
export async function readText(reader: Reader, options: TextReadOptions = {}): Promise<TextBody> {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const iter = textLines(reader, options);
  const lines: Buffer[] = [];
  for await (const line of iter) {
    if (iter.bytes > maxBytes) throw new ResponseTooLarge(maxBytes, "bytes");
    lines.push(line);
  }
  return { lines, complete: iter.complete };
}
