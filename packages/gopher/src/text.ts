// Text items (RFC 1436 3.8): lines, ".." at the start of a line standing for ".", and a "."
// line at the end, read through @inetlib/socket's dot reader. Unlike mail and news, many gopher
// servers send a file as it is and close the connection without the "." line, so end of stream
// ends a text too (gopherlib printed "(Unexpected EOF from server)" and kept what it had).
import { DotLines, type Reader, ResponseTooLarge, stripEOL, UnexpectedEOF } from "@inetlib/socket";
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
  readonly #reader: Reader;
  readonly #dots: DotLines;
  /** The last line the reader returned: the dot reader drops a line cut off by end of stream. */
  #last: Buffer | null = null;
  readonly #keepends: boolean;
  /** Lines so far. */
  count = 0;
  /** Bytes so far, terminators included, as received (before unstuffing). */
  bytes = 0;
  complete = false;
  done = false;

  constructor(reader: Reader, options: TextReadOptions = {}) {
    this.#reader = reader;
    this.#dots = new DotLines(reader, { maxline: options.maxline ?? TEXT_MAXLINE, keepends: true });
    this.#keepends = options.keepends ?? false;
  }

  async next(): Promise<IteratorResult<Buffer, undefined>> {
    if (this.done) return { done: true, value: undefined };
    const reader = this.#reader;
    const traced = reader.onLine;
    reader.onLine = (line) => {
      this.#last = line;
      traced?.(line);
    };
    try {
      const result = await this.#dots.next();
      if (result.done) return this.#end(true);
      this.count++;
      this.bytes += this.#last?.length ?? result.value.length;
      return { done: false, value: this.#keepends ? result.value : stripEOL(result.value) };
    } catch (err) {
      if (!(err instanceof UnexpectedEOF)) throw err;
      // CORE-GAP: DotLines has no "end of stream ends the body" mode and drops a last line cut
      // off by end of stream; it is recovered here from the reader's line hook.
      const cut = this.#last;
      if (!cut || cut.length === 0) return this.#end(false);
      const stripped = stripEOL(cut);
      if (stripped.length === 1 && stripped[0] === 0x2e) return this.#end(true);
      this.done = true;
      this.count++;
      this.bytes += cut.length;
      const line = this.#keepends ? cut : stripped;
      return { done: false, value: line[0] === 0x2e && line[1] === 0x2e ? line.subarray(1) : line };
    } finally {
      reader.onLine = traced;
    }
  }

  #end(complete: boolean): IteratorResult<Buffer, undefined> {
    this.done = true;
    this.complete = complete;
    return { done: true, value: undefined };
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
