// The receive queue behind a stream socket: bytes Node has delivered and the caller has not yet
// taken. Reading pauses the Node stream above a high-water mark, so a slow reader holds memory
// constant and the sender is slowed by TCP itself.
import { AbortError, TimeoutError } from "./errors.js";

const EMPTY = Buffer.alloc(0);
/** A queued chunk at least this large is returned on its own rather than joined to the next. */
const NO_COPY_CHUNK = 16 * 1024;

export interface InboxFlow {
  pause(): void;
  resume(): void;
}

export class Inbox {
  #chunks: Buffer[] = [];
  #first = 0;
  /** Bytes queued. */
  length = 0;
  eof = false;
  error: Error | null = null;
  /** The oldest waiter; further ones (rare: the code allows several) queue in #others. */
  #waiter: Waiter | null = null;
  #others: Set<Waiter> | null = null;
  #paused = false;
  readonly #flow: InboxFlow;
  readonly #highWater: number;

  constructor(flow: InboxFlow, highWater = 1 << 20) {
    this.#flow = flow;
    this.#highWater = highWater;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.length += chunk.length;
    if (!this.#paused && this.length >= this.#highWater) {
      this.#paused = true;
      this.#flow.pause();
    }
    this.#wake();
  }

  /** Wakes the waiters without queuing anything (bytes went straight to a reader's own buffer). */
  notify(): void {
    this.#wake();
  }

  end(): void {
    this.eof = true;
    this.#wake();
  }

  fail(err: Error): void {
    if (!this.error) this.error = err;
    this.#wake();
  }

  /**
   * failWaiters: fail() with makeError() when a read is waiting, else with `idle`. Closing a
   * socket ends its inbox, and only a read in flight sees the inbox's error (later calls find
   * the socket closed first), so the error and its stack are built only when someone gets them.
   */
  failWaiters(makeError: () => Error, idle: Error): void {
    this.fail(this.#waiter !== null || (this.#others?.size ?? 0) > 0 ? makeError() : idle);
  }

  /** True when a read would not wait: bytes queued, end of stream, or an error. */
  get ready(): boolean {
    return this.length > 0 || this.eof || this.error !== null;
  }

  /** Removes and returns up to n bytes; an empty Buffer when nothing is queued. */
  take(n: number): Buffer {
    const out = this.#slice(n, true);
    if (this.#paused && this.length < this.#highWater >> 1) {
      this.#paused = false;
      this.#flow.resume();
    }
    return out;
  }

  /** Returns up to n bytes without removing them. */
  peek(n: number): Buffer {
    return this.#slice(n, false);
  }

  /** Offset of the first `byte` within the first `limit` queued bytes, or -1. */
  indexOf(byte: number, limit = this.length): number {
    let offset = 0;
    for (let i = this.#first; i < this.#chunks.length && offset < limit; i++) {
      const chunk = this.#chunks[i]!;
      const at = chunk.indexOf(byte);
      if (at !== -1 && offset + at < limit) return offset + at;
      if (at !== -1) return -1;
      offset += chunk.length;
    }
    return -1;
  }

  /** Drops everything queued and returns how many bytes that was (STARTTLS: nothing read in clear survives). */
  discard(options: { resume?: boolean } = {}): number {
    const n = this.length;
    this.#chunks = [];
    this.#first = 0;
    this.length = 0;
    if (this.#paused && options.resume !== false) {
      this.#paused = false;
      this.#flow.resume();
    }
    return n;
  }

  /**
   * Waits until `ready`. `timeout` in seconds (Python's meaning): null waits for ever; a number
   * rejects with TimeoutError("timed out") when it runs out.
   */
  wait(timeout: number | null, signal?: AbortSignal): Promise<void> {
    if (this.ready) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
    // One object per wait and no closure but the executor: the timer and the abort listener
    // call back into the Waiter itself.
    const w = new Waiter(this);
    const promise = new Promise<void>((resolve, reject) => {
      w.resolve = resolve;
      w.reject = reject;
    });
    // The first waiter takes the slot; the slot is used only while no other waits, so waking
    // the slot and then #others wakes in the order the waits began.
    if (this.#waiter === null && (this.#others === null || this.#others.size === 0)) this.#waiter = w;
    else {
      this.#others ??= new Set();
      this.#others.add(w);
    }
    if (signal) {
      w.signal = signal;
      signal.addEventListener("abort", w, { once: true });
    }
    if (timeout !== null) w.timer = setTimeout(onWaitTimeout, timeout * 1000, w);
    return promise;
  }

  /** _forget removes a waiter that is settling (the Waiter calls it). */
  _forget(w: Waiter): void {
    if (this.#waiter === w) this.#waiter = null;
    else this.#others?.delete(w);
  }

  #wake(): void {
    const first = this.#waiter;
    const others = this.#others;
    if (first === null && (others === null || others.size === 0)) return;
    this.#waiter = null;
    this.#others = null;
    first?.settle(null);
    if (others !== null) for (const w of others) w.settle(null);
  }

  #slice(n: number, consume: boolean): Buffer {
    if (n <= 0 || this.length === 0) return EMPTY;
    const head = this.#chunks[this.#first]!;
    // recv(n) promises up to n bytes: a large first chunk goes out alone rather than being
    // copied together with the next ones, which keeps bulk reads free of copies.
    if (head.length >= n || head.length >= NO_COPY_CHUNK || this.#first === this.#chunks.length - 1) {
      // Fast path: served from one chunk without copying.
      const out = head.length > n ? head.subarray(0, n) : head;
      if (consume) {
        if (out.length === head.length) {
          this.#chunks[this.#first++] = EMPTY;
          this.#compact();
        } else this.#chunks[this.#first] = head.subarray(n);
        this.length -= out.length;
      }
      return out;
    }
    const size = Math.min(n, this.length);
    const out = Buffer.allocUnsafe(size);
    let filled = 0;
    let i = this.#first;
    while (filled < size) {
      const chunk = this.#chunks[i]!;
      const want = size - filled;
      if (chunk.length <= want) {
        chunk.copy(out, filled);
        filled += chunk.length;
        i++;
      } else {
        chunk.copy(out, filled, 0, want);
        filled += want;
        if (consume) this.#chunks[i] = chunk.subarray(want);
      }
    }
    if (consume) {
      for (let j = this.#first; j < i; j++) this.#chunks[j] = EMPTY;
      this.#first = i;
      this.length -= size;
      this.#compact();
    }
    return out;
  }

  #compact(): void {
    if (this.#first === this.#chunks.length) {
      this.#chunks = [];
      this.#first = 0;
    } else if (this.#first > 64 && this.#first * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#first);
      this.#first = 0;
    }
  }
}

/** Waiter is one pending Inbox.wait(): its promise's ends, its timer, and its abort listener. */
class Waiter {
  resolve!: () => void;
  reject!: (err: Error) => void;
  timer: NodeJS.Timeout | undefined = undefined;
  signal: AbortSignal | undefined = undefined;
  #inbox: Inbox | null;

  constructor(inbox: Inbox) {
    this.#inbox = inbox;
  }

  /** handleEvent is the abort listener (an EventListener object: no closure per wait). */
  handleEvent(): void {
    this.settle(new AbortError(undefined, { cause: this.signal?.reason }));
  }

  settle(err: Error | null): void {
    const inbox = this.#inbox;
    if (inbox === null) return;
    this.#inbox = null;
    inbox._forget(this);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.signal?.removeEventListener("abort", this);
    if (err) this.reject(err);
    else this.resolve();
  }
}

function onWaitTimeout(w: Waiter): void {
  w.settle(new TimeoutError());
}
