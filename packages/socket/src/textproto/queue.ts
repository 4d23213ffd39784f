// The Reader's buffer: received chunks kept as they came, so that a line is copied at most once
// (when it spans chunks) and a search for LF never looks at the same byte twice.

const EMPTY = Buffer.alloc(0);

/** ChunkQueue holds received bytes in arrival order. Internal to the textproto layer. */
export class ChunkQueue {
  #chunks: Buffer[] = [];
  #head = 0;
  // Bytes of the head chunk already taken: lines are cut from a chunk by moving this offset,
  // not by slicing the chunk again (one Buffer object per line, not two).
  #offset = 0;
  /** Bytes held. */
  length = 0;
  // Bytes before chunk #scanIndex (counted from the head) are known to hold no LF.
  #scanIndex = 0;
  #scanBase = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.length += chunk.length;
  }

  /**
   * Offset of the first LF among the first `limit` bytes held, or -1. Resumes where the last
   * unsuccessful search stopped: a long line arriving in many chunks is scanned once.
   */
  indexOfLF(limit: number): number {
    if (this.#scanIndex < this.#head) {
      this.#scanIndex = this.#head;
      this.#scanBase = 0;
    }
    while (this.#scanIndex < this.#chunks.length && this.#scanBase < limit) {
      const chunk = this.#chunks[this.#scanIndex]!;
      const from = this.#scanIndex === this.#head ? this.#offset : 0;
      const at = chunk.indexOf(10, from);
      if (at !== -1) {
        const pos = this.#scanBase + at - from;
        return pos < limit ? pos : -1;
      }
      this.#scanBase += chunk.length - from;
      this.#scanIndex++;
    }
    return -1;
  }

  /** Removes and returns the first n bytes (n <= length): one copy at most, none within a chunk. */
  take(n: number): Buffer {
    if (n <= 0) return EMPTY;
    const head = this.#chunks[this.#head]!;
    const offset = this.#offset;
    if (head.length - offset >= n) {
      const out = offset === 0 && head.length === n ? head : head.subarray(offset, offset + n);
      this.#consume(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    for (let i = this.#head; filled < n; i++) {
      const chunk = this.#chunks[i]!;
      const from = i === this.#head ? offset : 0;
      const part = Math.min(chunk.length - from, n - filled);
      chunk.copy(out, filled, from, from + part);
      filled += part;
    }
    this.#consume(n);
    return out;
  }

  /**
   * takeLines removes and returns the head chunk's bytes up to its last LF (no copy), when there
   * is one, no line among them is longer than `limit` bytes, LF included, and `accept` takes
   * them; null otherwise, with nothing taken.
   */
  takeLines(limit: number, accept: (lines: Buffer) => boolean): Buffer | null {
    const head = this.#chunks[this.#head];
    if (head === undefined) return null;
    const from = this.#offset;
    const last = head.lastIndexOf(10);
    if (last < from) return null;
    if (last + 1 - from > limit) {
      for (let start = from; start <= last; ) {
        const at = head.indexOf(10, start);
        if (at + 1 - start > limit) return null;
        start = at + 1;
      }
    }
    const out = head.subarray(from, last + 1);
    if (!accept(out)) return null;
    this.#consume(last + 1 - from);
    return out;
  }

  /** Drops everything held and returns how many bytes that was. */
  clear(): number {
    const n = this.length;
    this.#chunks = [];
    this.#head = 0;
    this.#offset = 0;
    this.length = 0;
    this.#scanIndex = 0;
    this.#scanBase = 0;
    return n;
  }

  #consume(n: number): void {
    this.length -= n;
    let left = n;
    while (left > 0) {
      const chunk = this.#chunks[this.#head]!;
      const live = chunk.length - this.#offset;
      if (live <= left) {
        left -= live;
        this.#chunks[this.#head++] = EMPTY;
        this.#offset = 0;
      } else {
        this.#offset += left;
        left = 0;
      }
    }
    // The scan position is relative to the head, which just moved.
    this.#scanIndex = this.#head;
    this.#scanBase = 0;
    if (this.#head === this.#chunks.length) {
      this.#chunks = [];
      this.#head = 0;
      this.#scanIndex = 0;
    } else if (this.#head > 64 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#scanIndex -= this.#head;
      this.#head = 0;
    }
  }
}
