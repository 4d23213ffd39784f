// ByteQueue: telnetlib's cooked queue without its quadratic `cookedq = cookedq + buf`. Chunks are
// kept as they come; they are joined only when someone wants the whole queue as one Buffer, and
// read_until's search walks the chunks, never re-reading bytes it has already searched.

const EMPTY: Buffer = Buffer.alloc(0);

export class ByteQueue {
  #chunks: Buffer[] = [];
  /** Bytes held. */
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.length += chunk.length;
  }

  /** All the bytes as one Buffer, left in the queue (joined once, then kept joined). */
  peekAll(): Buffer {
    if (this.#chunks.length === 0) return EMPTY;
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.length)];
    return this.#chunks[0]!;
  }

  /** Removes and returns everything. */
  takeAll(): Buffer {
    const all = this.peekAll();
    this.clear();
    return all;
  }

  /** Removes and returns the first n bytes (n <= length). */
  take(n: number): Buffer {
    if (n <= 0) return EMPTY;
    if (n >= this.length) return this.takeAll();
    const parts: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const head = this.#chunks[0]!;
      if (head.length <= left) {
        parts.push(head);
        this.#chunks.shift();
        left -= head.length;
      } else {
        parts.push(head.subarray(0, left));
        this.#chunks[0] = head.subarray(left);
        left = 0;
      }
    }
    this.length -= n;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
  }

  /** Replaces the contents. */
  set(data: Buffer): void {
    this.clear();
    this.push(data);
  }

  clear(): void {
    this.#chunks = [];
    this.length = 0;
  }

  /**
   * Offset of the first occurrence of `needle` that starts at or after `from`, or -1. A match
   * may span chunks; each chunk is searched once plus a window of needle.length - 1 bytes
   * around each boundary.
   */
  indexOf(needle: Uint8Array, from = 0): number {
    const n = needle.length;
    if (n === 0) return from <= this.length ? Math.max(0, from) : -1;
    let base = 0; // offset of the current chunk
    let tail: Buffer = EMPTY; // the last n - 1 bytes before the current chunk
    for (const chunk of this.#chunks) {
      if (tail.length > 0 && base + n - 1 > from) {
        const window = Buffer.concat([tail, chunk.subarray(0, n - 1)]);
        const start = Math.max(0, from - (base - tail.length));
        const at = window.indexOf(needle, start);
        if (at !== -1) return base - tail.length + at;
      }
      if (base + chunk.length > from) {
        const at = chunk.indexOf(needle, Math.max(0, from - base));
        if (at !== -1) return base + at;
      }
      tail =
        chunk.length >= n - 1
          ? chunk.subarray(chunk.length - (n - 1))
          : Buffer.concat([tail, chunk]).subarray(-(n - 1));
      base += chunk.length;
    }
    return -1;
  }
}
