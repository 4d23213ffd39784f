// The lean body path: an undici dispatch handler (the controller API of undici 7, the only one
// in undici 8) that keeps the response body as the chunks undici parsed, in a bounded queue.
// Above BODY_HIGH_WATER bytes it pauses the connection (controller.pause(): undici stops
// reading the socket and TCP slows the server); reading below half of it resumes. No Readable,
// no copies but the one readinto() makes into the caller's buffer.
import type { Dispatcher } from "undici";
import { _MAXHEADERS, _MAXLINE, BODY_HIGH_WATER } from "../limits.js";
import { HTTPException, LineTooLong } from "./errors.js";
import type { HeaderItem } from "./message.js";

const EMPTY = Buffer.alloc(0);

/** ResponseHead is what the status line and header block said. */
export interface ResponseHead {
  status: number;
  reason: string;
  headers: HeaderItem[];
}

/** ResponseHandler receives one response from undici and serves its body to HTTPResponse. */
export class ResponseHandler implements Dispatcher.DispatchHandler {
  /** Resolves with the final (non-1xx) head; rejects when the request fails before it. */
  readonly head: Promise<ResponseHead>;
  #resolveHead!: (head: ResponseHead) => void;
  #rejectHead!: (err: Error) => void;
  #headDone = false;
  #controller: Dispatcher.DispatchController | null = null;
  #pendingAbort: Error | null = null;
  #chunks: Buffer[] = [];
  #first = 0;
  /** Bytes received and not yet taken. */
  buffered = 0;
  /** Body bytes received so far. */
  received = 0;
  /** The body arrived whole. */
  ended = false;
  /** Why the request failed (undici's error, untranslated); null while all is well. */
  error: Error | null = null;
  #paused = false;
  #waiters: Array<() => void> = [];
  readonly #highWater: number;
  /** Called once the response completed or failed (the connection is free again). */
  onDone: (() => void) | null = null;

  constructor(highWater = BODY_HIGH_WATER) {
    this.#highWater = highWater;
    this.head = new Promise<ResponseHead>((resolve, reject) => {
      this.#resolveHead = resolve;
      this.#rejectHead = reject;
    });
    this.head.catch(() => {});
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#pendingAbort) controller.abort(this.#pendingAbort);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    _headers: unknown,
    statusMessage?: string,
  ): void {
    // 1xx informational heads are skipped, as Python skips 100 Continue.
    if (statusCode < 200) return;
    let headers: HeaderItem[];
    try {
      headers = headerItems(controller.rawHeaders, _headers);
    } catch (err) {
      controller.abort(err as Error);
      return;
    }
    this.#headDone = true;
    this.#resolveHead({ status: statusCode, reason: statusMessage ?? "", headers });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.buffered += chunk.length;
    this.received += chunk.length;
    if (!this.#paused && this.buffered >= this.#highWater) {
      this.#paused = true;
      controller.pause();
    }
    this.#wake();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.#finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.error ??= err;
    if (!this.#headDone) {
      this.#headDone = true;
      this.#rejectHead(err);
    }
    this.#finish();
  }

  /** True when a read would not wait. */
  get ready(): boolean {
    return this.buffered > 0 || this.ended || this.error !== null;
  }

  /** True once nothing more will arrive (whole, or failed). */
  get finished(): boolean {
    return this.ended || this.error !== null;
  }

  /**
   * wait resolves when more arrives (or the body ends or fails): call it only to get more than
   * is buffered. A paused connection resumes: the reader asked for more than the high-water
   * mark holds (read(amt) of a large amt), and gets it.
   */
  wait(): Promise<void> {
    if (this.finished) return Promise.resolve();
    const more = new Promise<void>((resolve) => this.#waiters.push(resolve));
    if (this.#paused) {
      this.#paused = false;
      this.#controller?.resume();
    }
    return more;
  }

  /** take removes up to n bytes (all buffered when n < 0), without copying when one chunk serves. */
  take(n: number): Buffer {
    if (n < 0 || n > this.buffered) n = this.buffered;
    if (n === 0) return EMPTY;
    const head = this.#chunks[this.#first]!;
    let out: Buffer;
    if (head.length >= n) {
      out = head.subarray(0, n);
      this.#consumeHead(n);
    } else {
      out = Buffer.allocUnsafe(n);
      this.#copy(out, 0, n);
    }
    this.#afterTake();
    return out;
  }

  /** takeInto copies up to target.length - offset bytes into target at offset; returns the count. */
  takeInto(target: Uint8Array, offset: number): number {
    const n = Math.min(target.length - offset, this.buffered);
    if (n <= 0) return 0;
    this.#copy(target, offset, n);
    this.#afterTake();
    return n;
  }

  /** peekBuffered returns the bytes buffered (up to n, or all when n < 0) without taking them. */
  peekBuffered(n = -1): Buffer {
    if (this.buffered === 0) return EMPTY;
    const head = this.#chunks[this.#first]!;
    if (n >= 0 && head.length >= n) return head.subarray(0, n);
    const all = Buffer.concat(this.#chunks.slice(this.#first));
    return n >= 0 ? all.subarray(0, n) : all;
  }

  /** indexOfLF finds the first LF among the first `limit` buffered bytes; -1 when none. */
  indexOfLF(limit: number): number {
    let base = 0;
    for (let i = this.#first; i < this.#chunks.length && base < limit; i++) {
      const c = this.#chunks[i]!;
      const at = c.indexOf(0x0a);
      if (at >= 0 && base + at < limit) return base + at;
      base += c.length;
    }
    return -1;
  }

  /** abort stops the response: undici destroys the connection, and the next request opens another. */
  abort(err: Error): void {
    if (this.finished) return;
    if (this.#controller) this.#controller.abort(err);
    else this.#pendingAbort = err;
  }

  #copy(target: Uint8Array, offset: number, n: number): void {
    let at = offset;
    let left = n;
    while (left > 0) {
      const head = this.#chunks[this.#first]!;
      const k = Math.min(head.length, left);
      target.set(k === head.length ? head : head.subarray(0, k), at);
      at += k;
      left -= k;
      this.#consumeHead(k);
    }
  }

  #consumeHead(k: number): void {
    const head = this.#chunks[this.#first]!;
    if (k === head.length) {
      this.#chunks[this.#first] = EMPTY;
      this.#first++;
      if (this.#first > 1024 && this.#first * 2 > this.#chunks.length) {
        this.#chunks = this.#chunks.slice(this.#first);
        this.#first = 0;
      }
    } else this.#chunks[this.#first] = head.subarray(k);
    this.buffered -= k;
  }

  #afterTake(): void {
    if (this.buffered === 0) {
      this.#chunks = [];
      this.#first = 0;
    }
    // Last: resume() may deliver more data (and the end) synchronously.
    if (this.#paused && this.buffered < this.#highWater >> 1) {
      this.#paused = false;
      this.#controller?.resume();
    }
  }

  #finish(): void {
    this.#wake();
    const done = this.onDone;
    this.onDone = null;
    done?.();
  }

  #wake(): void {
    const waiters = this.#waiters;
    if (waiters.length === 0) return;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}

type RawHeaders = Dispatcher.DispatchController["rawHeaders"];

// The head's fields in wire order and case, checked against Python's limits: at most
// _MAXHEADERS fields, none longer than _MAXLINE bytes as a line.
function headerItems(raw: RawHeaders, parsed: unknown): HeaderItem[] {
  const out: HeaderItem[] = [];
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const k = raw[i]!;
      const v = raw[i + 1]!;
      out.push([
        typeof k === "string" ? k : Buffer.from(k).toString("latin1"),
        typeof v === "string" ? v : Buffer.from(v).toString("latin1"),
      ]);
    }
  } else {
    // undici without raw headers (a future version): names arrive lower-cased.
    const source = (raw ?? parsed ?? {}) as Record<string, string | string[] | undefined>;
    for (const [k, v] of Object.entries(source)) {
      if (Array.isArray(v)) for (const one of v) out.push([k, one]);
      else if (v !== undefined) out.push([k, v]);
    }
  }
  // Python counts the blank line ending the head among its _MAXHEADERS + 1 lines.
  if (out.length + 1 > _MAXHEADERS) throw new HTTPException(`got more than ${_MAXHEADERS} headers`);
  for (const [k, v] of out)
    if (Buffer.byteLength(k, "latin1") + Buffer.byteLength(v, "latin1") + 4 > _MAXLINE)
      throw new LineTooLong("header line");
  return out;
}
