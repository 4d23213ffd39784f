// Reading a dot-terminated body (SMTP RFC 5321 4.5.2, POP3 RFC 1939 3, NNTP RFC 3977 3.1.1):
//
//	line\r\n
//	..line that began with a dot\r\n
//	.\r\n
//
// As CPython's poplib and nntplib read them: LF-only endings are accepted, a leading ".." loses
// one dot, and any other line (even one with a single leading dot) is kept as it came.
import { ResponseTooLarge, UnexpectedEOF } from "./errors.js";
import { type Reader, stripEOL } from "./reader.js";

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export interface DotOptions {
  /** Per-line limit in bytes, terminator included (default: the reader's). */
  maxline?: number;
  /** Keep each line's terminator (CRLF, or LF as received), as nntplib writes lines to a file. */
  keepends?: boolean;
  /**
   * End of stream ends the body too, and a last line cut off by it is kept (Gopher: most
   * servers close without the "." line). `terminated` tells the two endings apart.
   */
  eofEnds?: boolean;
}

export interface DotBodyOptions extends DotOptions {
  /** At most this many octets (counted as poplib does), or ResponseTooLarge. */
  maxBytes?: number;
  /** At most this many lines, or ResponseTooLarge. */
  maxLines?: number;
  /**
   * Strip as poplib's _getline does (without `keepends`): a line ending in a bare LF also loses
   * a CR that opens it, since with LFCR endings a line's CR arrives at the start of the next.
   */
  lfcr?: boolean;
}

/** DotBody is a whole body: its lines, unstuffed, and its size in octets. */
export interface DotBody {
  lines: Buffer[];
  /**
   * The body's size as poplib's _getlongresp counts it: each line with its terminator as
   * received, less the dot removed from a ".." line; the final "." line not counted.
   */
  octets: number;
}

/**
 * DotLines iterates over the lines of one dot-terminated body in constant memory, counting
 * `octets` and `count` as it goes. Leaving the loop early leaves the rest of the body unread
 * (call drain() to skip it); the reader is at the next reply only once the iteration is done.
 */
export class DotLines implements AsyncIterableIterator<Buffer> {
  readonly #reader: Reader;
  readonly #maxline: number | undefined;
  readonly #keepends: boolean;
  readonly #eofEnds: boolean;
  /** Octets so far, counted as DotBody.octets. */
  octets = 0;
  /** Lines so far. */
  count = 0;
  /** True once the body ended. */
  done = false;
  /** True when the body ended with its "." line (false: end of stream, with `eofEnds`). */
  terminated = false;

  constructor(reader: Reader, options: DotOptions = {}) {
    this.#reader = reader;
    this.#maxline = options.maxline ?? reader.maxline;
    this.#keepends = options.keepends ?? false;
    this.#eofEnds = options.eofEnds ?? false;
  }

  /**
   * next reads one line. End of stream before the "." line, or a line cut off by it, throws
   * UnexpectedEOF, unless `eofEnds`.
   */
  async next(): Promise<IteratorResult<Buffer, undefined>> {
    if (this.done) return DONE;
    const reader = this.#reader;
    const line = this.#step(reader.tryReadline(this.#maxline) ?? (await reader.readline(this.#maxline)));
    return line === undefined ? DONE : { done: false, value: line };
  }

  /**
   * tryNext is next() without waiting: the next line when it was already received, null when
   * bytes must come first (then await next()), undefined once the body has ended.
   */
  tryNext(): Buffer | null | undefined {
    if (this.done) return undefined;
    const raw = this.#reader.tryReadline(this.#maxline);
    return raw === null ? null : this.#step(raw);
  }

  /**
   * each calls `fn` with every line to the end of the body: synchronously over the lines
   * already received, awaiting only when none is. The cheap form of `for await`.
   */
  async each(fn: (line: Buffer) => void): Promise<void> {
    for (;;) {
      let line = this.tryNext();
      if (line === null) {
        const next = await this.next();
        if (next.done) return;
        line = next.value;
      }
      if (line === undefined) return;
      fn(line);
    }
  }

  #step(raw: Buffer): Buffer | undefined {
    const n = raw.length;
    const cut = n === 0 || raw[n - 1] !== 10;
    if (cut && !this.#eofEnds) throw new UnexpectedEOF();
    if (n === 0) {
      this.done = true;
      return undefined;
    }
    if (isTerminator(raw)) {
      this.done = true;
      this.terminated = true;
      return undefined;
    }
    if (cut) this.done = true;
    const line = raw[0] === 0x2e && raw[1] === 0x2e ? raw.subarray(1) : raw;
    this.octets += line.length;
    this.count++;
    return this.#keepends ? line : stripEOL(line);
  }

  /** drain reads and drops the rest of the body. */
  async drain(): Promise<void> {
    while (!(await this.next()).done) {}
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** The "." line: ".\r\n" or ".\n", or (only where end of stream cut it) "." or ".\r". */
function isTerminator(raw: Buffer): boolean {
  if (raw[0] !== 0x2e) return false;
  const n = raw.length;
  return (
    n === 1 || (n === 2 && (raw[1] === 10 || raw[1] === 13)) || (n === 3 && raw[1] === 13 && raw[2] === 10)
  );
}

/** dotLines returns an iterator over the lines of the dot-terminated body that comes next. */
export function dotLines(reader: Reader, options: DotOptions = {}): DotLines {
  return new DotLines(reader, options);
}

/**
 * readDotBody reads a whole dot-terminated body into memory, as poplib's _getlongresp and
 * nntplib's _getlongresp do, within `maxLines` and `maxBytes`. Over a bound it throws
 * ResponseTooLarge with the rest of the body unread.
 *
 * The lines DotLines would yield, in one loop: each line already received is read without a
 * promise, and unstuffed, stripped and bounded here without a Buffer, a closure or a method
 * call of its own (a RETR or OVER reply is hundreds of lines; per-line layers were most of a
 * cold process's time on it).
 */
export async function readDotBody(reader: Reader, options: DotBodyOptions = {}): Promise<DotBody> {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  const maxline = options.maxline ?? reader.maxline;
  const keepends = options.keepends ?? false;
  const eofEnds = options.eofEnds ?? false;
  const lfcr = options.lfcr ?? false;
  // Until the body is complete each line is kept as where its bytes lie (which received
  // buffer, offset, length) in a typed array, not as a Buffer: a Buffer object costs ~100
  // bytes of heap whatever its size, so a flood of short lines would take several times the
  // byte bound before reaching it. Kept this way memory stays near the bytes received plus 12
  // bytes a line; the Buffers are made once the body is complete.
  const stores: ArrayBufferLike[] = [];
  let store: ArrayBufferLike | null = null;
  let spans = spareSpans ?? new Int32Array(3 * 1024);
  spareSpans = null;
  let n = 0;
  let octets = 0;
  for (;;) {
    const raw = reader.tryReadline(maxline) ?? (await reader.readline(maxline));
    const len = raw.length;
    const cut = len === 0 || raw[len - 1] !== 10;
    if (cut && !eofEnds) throw new UnexpectedEOF();
    if (len === 0) break;
    if (raw[0] === 0x2e && isTerminator(raw)) break;
    // DotLines.#step's rules: a leading ".." loses one dot; the terminator goes unless keepends.
    const from = raw[0] === 0x2e && raw[1] === 0x2e ? 1 : 0;
    octets += len - from;
    if (n + 1 > maxLines) throw new ResponseTooLarge(maxLines, "lines");
    if (octets > maxBytes) throw new ResponseTooLarge(maxBytes, "bytes");
    let start = from;
    let end = len;
    if (!keepends) {
      if (end - start >= 2 && raw[end - 2] === 13 && raw[end - 1] === 10) end -= 2;
      else if (end > start && (raw[end - 1] === 10 || raw[end - 1] === 13)) {
        end--;
        if (lfcr && end > start && raw[start] === 13) start++;
      }
    }
    if (raw.buffer !== store) {
      store = raw.buffer;
      stores.push(store);
    }
    if (3 * n === spans.length) {
      const grown = new Int32Array(spans.length * 2);
      grown.set(spans);
      spans = grown;
    }
    spans[3 * n] = stores.length - 1;
    spans[3 * n + 1] = raw.byteOffset + start;
    spans[3 * n + 2] = end - start;
    n++;
    if (cut) break;
  }
  const lines: Buffer[] = new Array(n);
  for (let i = 0; i < n; i++)
    lines[i] = Buffer.from(stores[spans[3 * i]!] as ArrayBuffer, spans[3 * i + 1], spans[3 * i + 2]);
  if (spans.length <= SPARE_SPANS_MAX) spareSpans = spans;
  return { lines, octets };
}

// The spans array of the last body read, for the next one: a fresh 12 KiB typed array per
// body (each RETR) was a zeroed off-heap allocation and a GC finalizer each time. A body read
// while another is in progress (two connections) makes its own; one that grew past the cap is
// left to the collector, so no more than that stays held.
const SPARE_SPANS_MAX = 3 * 64 * 1024;
let spareSpans: Int32Array | null = null;
