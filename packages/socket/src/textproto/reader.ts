// Reader: Python's buffered readline()/read() over a ByteSource, after Go's textproto.Reader.
import { TimeoutError, ValueError } from "../errors.js";
import { LineTooLong, UnexpectedEOF } from "./errors.js";
import { ChunkQueue } from "./queue.js";
import type { ByteSource } from "./source.js";

const EMPTY = Buffer.alloc(0);

export interface ReaderOptions {
  /** The limit readline() uses when given none; unlimited when unset, as Python's readline(). */
  maxline?: number;
  /** How many bytes to ask the source for at a time (default 65536). */
  chunkSize?: number;
  /** Called with every line readline() returns, terminator included (the debug trace). */
  onLine?: (line: Buffer) => void;
  /**
   * Bound each whole line by the source's timeout (its gettimeout()), counted from the start
   * of the wait for that line, instead of each recv (Python's meaning): a line trickled a byte
   * at a time then raises the source's own timeout error. Needs the source's _recvWithin().
   */
  lineDeadline?: boolean;
}

/**
 * Reader reads lines and counted bytes from a ByteSource, holding what it received ahead in
 * its own buffer. It asks the source for more only when what it holds cannot answer.
 *
 * One read at a time: a Reader is not safe for overlapping calls (Conn.exclusive serialises).
 * A read that throws from the source (timeout, abort, reset) consumes nothing: a timed-out
 * readline() can be called again and still gets the whole line.
 */
export class Reader implements AsyncIterable<Buffer> {
  #source: ByteSource;
  #queue = new ChunkQueue();
  #eof = false;
  maxline: number | undefined;
  chunkSize: number;
  onLine: ((line: Buffer) => void) | undefined;
  lineDeadline: boolean;

  constructor(source: ByteSource, options: ReaderOptions = {}) {
    this.#source = source;
    this.maxline = options.maxline;
    this.chunkSize = options.chunkSize ?? 65536;
    this.onLine = options.onLine;
    this.lineDeadline = options.lineDeadline ?? false;
  }

  /** buffered is the number of bytes received and not yet read. */
  get buffered(): number {
    return this.#queue.length;
  }

  /** eof is true once the source reported end of stream. */
  get eof(): boolean {
    return this.#eof;
  }

  /**
   * readline returns the next line up to and including its LF, as Python's readline(): the
   * bytes before end of stream when no LF came, an empty Buffer at end of stream.
   *
   * A line of more than `maxline` bytes, terminator included, throws LineTooLong. Before it
   * does, it consumes exactly maxline + 1 bytes of that line, as Python's
   * `file.readline(maxline + 1)` followed by `len(line) > maxline` does: the rest of the line
   * stays unread (when the LF was byte maxline + 1 it is consumed, and the reader is at the
   * next line). Nothing past those bytes is asked of the source.
   */
  readline(maxline: number | undefined = this.maxline): Promise<Buffer> {
    // Not an async function: an async one returning #waitLine's promise would cost a promise
    // and two more microtask turns on every line that has to wait.
    let line: Buffer | null;
    try {
      line = this.tryReadline(maxline);
    } catch (err) {
      return Promise.reject(err);
    }
    return line !== null ? Promise.resolve(line) : this.#waitLine(maxline);
  }

  /**
   * tryReadline is readline() without waiting: the next line when it is complete in what was
   * already received (the reader's buffer, then what the source holds and can hand over at
   * once), null when more bytes must come first. The same limit applies and throws the same
   * way. At end of stream it returns what readline() would (the rest, or an empty Buffer).
   *
   * A reply parser loops over it and awaits readline() only when it returns null, so a reply
   * that arrived in one segment is parsed without a promise per line.
   */
  tryReadline(maxline: number | undefined = this.maxline): Buffer | null {
    const limit = checkLimit(maxline);
    const queue = this.#queue;
    for (;;) {
      const at = queue.indexOfLF(limit);
      if (at !== -1) return this.#line(queue.take(at + 1));
      if (queue.length > limit) {
        queue.take(limit + 1);
        throw new LineTooLong(limit);
      }
      if (this.#eof) return this.#line(queue.take(queue.length));
      // Bounded by the check above: at most one chunk past the limit is ever held.
      if (!this.#pull()) return null;
    }
  }

  /**
   * tryReadLines is tryReadline() for a run of lines: every complete line of the oldest chunk
   * received, as one Buffer (no copy), each line within `maxline` bytes, when `accept` takes
   * them; null when there is no such run, with nothing taken (then tryReadline() gives the next
   * line, or says why it cannot). For a bulk text transfer that decodes and splits a chunk at
   * once rather than a line at a time. Lines taken this way are not given to `onLine`, so a
   * reader with that hook gets null.
   */
  tryReadLines(
    maxline: number | undefined = this.maxline,
    accept: (lines: Buffer) => boolean = () => true,
  ): Buffer | null {
    const limit = checkLimit(maxline);
    if (this.onLine !== undefined) return null;
    if (this.#queue.length === 0) this.#pull();
    return this.#queue.takeLines(limit, accept);
  }

  async #waitLine(maxline: number | undefined): Promise<Buffer> {
    const deadline = this.#deadline();
    for (;;) {
      this.#got(await this.#recv(this.chunkSize, deadline));
      const line = this.tryReadline(maxline);
      if (line !== null) return line;
    }
  }

  /**
   * readlineStripped returns the next line without its terminator: CRLF, else LF, else a final
   * CR (ftplib's and nntplib's getline rule). At end of stream it throws UnexpectedEOF, where
   * those modules raise EOFError; a last line cut off by end of stream is returned as it is.
   */
  async readlineStripped(maxline: number | undefined = this.maxline): Promise<Buffer> {
    const line = await this.readline(maxline);
    if (line.length === 0) throw new UnexpectedEOF();
    return stripEOL(line);
  }

  /** read returns exactly n bytes, fewer only at end of stream (Python's read(n)). */
  read(n: number): Promise<Buffer> {
    // Not an async function: bytes already received are returned without a promise around them.
    let data: Buffer | null;
    try {
      data = this.tryRead(n);
    } catch (err) {
      return Promise.reject(err);
    }
    return data !== null ? Promise.resolve(data) : this.#waitRead(n);
  }

  /**
   * tryRead is read() without waiting: exactly n bytes when they were already received (the
   * reader's buffer, then what the source holds and can hand over at once), null when more
   * must come first. At end of stream it returns what read() would (the rest, maybe empty).
   */
  tryRead(n: number): Buffer | null {
    if (!Number.isInteger(n) || n < 0) throw new ValueError("read length must be non-negative");
    const queue = this.#queue;
    while (queue.length < n && this.#pull()) {}
    if (queue.length < n && !this.#eof) return null;
    return queue.take(Math.min(n, queue.length));
  }

  async #waitRead(n: number): Promise<Buffer> {
    const queue = this.#queue;
    while (queue.length < n && (await this.#fill(Math.max(this.chunkSize, n - queue.length)))) {}
    return queue.take(Math.min(n, queue.length));
  }

  /**
   * readSome returns 1..max bytes: what is held, or else the next chunk from the source; an
   * empty Buffer at end of stream. For streaming bulk data in constant memory.
   */
  async readSome(max: number = this.chunkSize): Promise<Buffer> {
    if (!Number.isInteger(max) || max < 1) throw new ValueError("readSome size must be positive");
    const queue = this.#queue;
    if (queue.length === 0 && !this.#pull() && !(await this.#fill(max))) return EMPTY;
    return queue.take(Math.min(max, queue.length));
  }

  /**
   * discard drops every byte held and returns how many. After STARTTLS nothing that arrived in
   * clear may be read as if it came over TLS (curl CVE-2021-22947).
   */
  discard(): number {
    return this.#queue.clear();
  }

  /** reset discards what is held, reads from `source` from now on, and returns the count dropped. */
  reset(source: ByteSource): number {
    this.#source = source;
    this.#eof = false;
    return this.discard();
  }

  /** Iterates over lines (terminators included) until end of stream, using `maxline`. */
  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) return;
      yield line;
    }
  }

  #line(line: Buffer): Buffer {
    this.onLine?.(line);
    return line;
  }

  /** #pull moves one chunk the source already holds into the buffer, without waiting. */
  #pull(): boolean {
    const source = this.#source;
    if (this.#eof || source._recvBuffered === undefined) return false;
    const chunk = source._recvBuffered(this.chunkSize);
    if (chunk.length === 0) return false;
    this.#queue.push(chunk);
    return true;
  }

  /** #deadline is when the line now awaited must be complete (performance.now() ms), or null. */
  #deadline(): number | null {
    const source = this.#source;
    if (!this.lineDeadline || source._recvWithin === undefined) return null;
    const timeout = source.gettimeout?.();
    if (typeof timeout !== "number" || !(timeout > 0)) return null;
    return performance.now() + timeout * 1000;
  }

  async #fill(bufsize: number): Promise<boolean> {
    if (this.#eof) return false;
    return this.#got(await this.#recv(bufsize, null));
  }

  /**
   * #recv asks the source for up to bufsize bytes: by the line's deadline when there is one
   * (throwing TimeoutError once it has passed), else by the source's own timeout. The source's
   * promise itself, with no async frame around it.
   */
  #recv(bufsize: number, deadline: number | null): Promise<Buffer> {
    const source = this.#source;
    if (deadline === null || source._recvWithin === undefined) return source.recv(bufsize);
    const left = (deadline - performance.now()) / 1000;
    if (left <= 0) throw new TimeoutError();
    return source._recvWithin(bufsize, left);
  }

  /** #got keeps a chunk from the source; false (and eof from now on) for the empty one. */
  #got(chunk: Buffer): boolean {
    if (chunk.length === 0) {
      this.#eof = true;
      return false;
    }
    this.#queue.push(chunk);
    return true;
  }
}

/** stripEOL removes a final CRLF, else a final LF, else a final CR. */
export function stripEOL(line: Buffer): Buffer {
  const n = line.length;
  if (n >= 2 && line[n - 2] === 13 && line[n - 1] === 10) return line.subarray(0, n - 2);
  if (n >= 1 && (line[n - 1] === 10 || line[n - 1] === 13)) return line.subarray(0, n - 1);
  return line;
}

function checkLimit(maxline: number | undefined): number {
  if (maxline === undefined || maxline === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(maxline) || maxline < 1) throw new ValueError("maxline must be a positive integer");
  return maxline;
}
