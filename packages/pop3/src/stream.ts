// A message read as it arrives (retr_iter), in constant memory: one line at a time through the
// core's dotLines, as an async iterator of lines or as a Node Readable of the message's bytes.
import { Readable } from "node:stream";
import type { DotLines } from "@inetlib/socket";
import { stripLine } from "./response.js";
import type { POP3Transport } from "./transport.js";
import { translate, type Wire } from "./wire.js";

// How many bytes stream() gathers before pushing a chunk: lines are small, chunks should not be.
const CHUNK = 64 * 1024;

/**
 * MessageLines is a multi-line reply being read: `response` is the +OK line, iterating gives
 * the lines as retr() would list them (unstuffed, without terminators), and `octets` counts
 * as retr() does once the iteration is done.
 *
 *	await using msg = await pop.retr_iter(1);
 *	for await (const line of msg) ...
 *
 * The connection is held until the body has been read to its end: finish the loop, break out
 * of it (the rest is then read and dropped), or call drain(). stream() gives the message's
 * bytes instead, each line with the terminator it came with.
 */
export class MessageLines implements AsyncIterableIterator<Buffer>, AsyncDisposable {
  /** The status line, "+OK ...". */
  readonly response: Buffer;
  readonly #lines: DotLines;
  readonly #release: () => void;
  #finished = false;

  constructor(response: Buffer, lines: DotLines, release: () => void) {
    this.response = response;
    this.#lines = lines;
    this.#release = release;
  }

  /** octets is the size read so far, counted as poplib counts it. */
  get octets(): number {
    return this.#lines.octets;
  }

  /** done is true once the body's final "." line was read (or reading failed). */
  get done(): boolean {
    return this.#finished;
  }

  async next(): Promise<IteratorResult<Buffer, undefined>> {
    const raw = await this.#nextRaw();
    return raw === null ? { done: true, value: undefined } : { done: false, value: stripLine(raw) };
  }

  /** return reads and drops the rest of the body (a `break` out of for await calls it). */
  async return(): Promise<IteratorResult<Buffer, undefined>> {
    await this.drain();
    return { done: true, value: undefined };
  }

  /** drain reads and drops the rest of the body, freeing the connection. */
  async drain(): Promise<void> {
    while ((await this.#nextRaw()) !== null) {}
  }

  /**
   * stream returns the rest of the message as a Readable of bytes: lines unstuffed, each with
   * its terminator. Destroying the stream early drains the rest, freeing the connection.
   */
  stream(): Readable {
    const self = this;
    async function* chunks(): AsyncGenerator<Buffer> {
      let parts: Buffer[] = [];
      let size = 0;
      try {
        for (let raw = await self.#nextRaw(); raw !== null; raw = await self.#nextRaw()) {
          parts.push(raw);
          size += raw.length;
          if (size >= CHUNK) {
            yield Buffer.concat(parts, size);
            parts = [];
            size = 0;
          }
        }
        if (size > 0) yield Buffer.concat(parts, size);
      } finally {
        await self.drain();
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.drain();
  }

  async #nextRaw(): Promise<Buffer | null> {
    if (this.#finished) return null;
    let result: IteratorResult<Buffer, undefined>;
    try {
      result = await this.#lines.next();
    } catch (err) {
      this.#finish();
      throw translate(err);
    }
    if (result.done) {
      this.#finish();
      return null;
    }
    return result.value;
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#release();
  }
}

/**
 * hold takes the connection's lock and keeps it until the returned release() is called: for
 * exchanges whose reading the caller paces (retr_iter, iter_retr_many).
 */
export function hold(host: POP3Transport): Promise<[Wire, () => void]> {
  return new Promise((resolve, reject) => {
    host._exclusive((wire) => new Promise<void>((release) => resolve([wire, release]))).catch(reject);
  });
}

/** retrIter sends `command` and returns its reply's lines as they come. */
export async function retrIter(host: POP3Transport, command: string): Promise<MessageLines> {
  const [w, release] = await hold(host);
  try {
    await w.putcmd(command);
    const resp = await w.getresp();
    return new MessageLines(resp, w.bodylines(), release);
  } catch (err) {
    release();
    throw err;
  }
}
