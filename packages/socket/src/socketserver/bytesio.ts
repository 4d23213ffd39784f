// BytesIO: Python's in-memory binary file, as DatagramRequestHandler's rfile and wfile.
import { ValueError } from "../errors.js";

/**
 * BytesIO is an in-memory binary file: read, readline and write move a shared position, as
 * in Python. Its methods return at once (await works on them all the same, so one handler
 * can serve stream and datagram servers alike).
 */
export class BytesIO implements Iterable<Buffer> {
  #buf: Buffer;
  #size: number;
  #pos = 0;
  #closed = false;

  constructor(initial_bytes: Uint8Array = Buffer.alloc(0)) {
    this.#buf = Buffer.from(initial_bytes);
    this.#size = this.#buf.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  readable(): boolean {
    this.#check();
    return true;
  }

  writable(): boolean {
    this.#check();
    return true;
  }

  seekable(): boolean {
    this.#check();
    return true;
  }

  /** read(size=-1): up to size bytes from the position; all that is left when size < 0. */
  read(size = -1): Buffer {
    this.#check();
    const end = size < 0 ? this.#size : Math.min(this.#size, this.#pos + size);
    const out = Buffer.from(this.#buf.subarray(Math.min(this.#pos, end), end));
    this.#pos = Math.max(this.#pos, end);
    return out;
  }

  /** readline(size=-1): up to and including the next b"\n", at most size bytes. */
  readline(size = -1): Buffer {
    this.#check();
    const nl = this.#buf.subarray(0, this.#size).indexOf(0x0a, this.#pos);
    let end = nl === -1 ? this.#size : nl + 1;
    if (size >= 0) end = Math.min(end, this.#pos + size);
    return this.read(Math.max(0, end - this.#pos));
  }

  /** readlines(): the remaining lines. */
  readlines(): Buffer[] {
    return [...this];
  }

  /** write(b): writes at the position (extending the buffer) and returns the byte count. */
  write(b: Uint8Array): number {
    this.#check();
    const end = this.#pos + b.length;
    if (end > this.#buf.length) {
      const grown = Buffer.alloc(Math.max(end, this.#buf.length * 2));
      this.#buf.copy(grown, 0, 0, this.#size);
      this.#buf = grown;
    }
    if (this.#pos > this.#size) this.#buf.fill(0, this.#size, this.#pos);
    this.#buf.set(b, this.#pos);
    this.#pos = end;
    this.#size = Math.max(this.#size, end);
    return b.length;
  }

  /** getvalue(): the whole content. */
  getvalue(): Buffer {
    this.#check();
    return Buffer.from(this.#buf.subarray(0, this.#size));
  }

  /** seek(pos, whence=0): moves the position (whence 0: from the start, 1: from here, 2: from the end). */
  seek(pos: number, whence = 0): number {
    this.#check();
    const base = whence === 0 ? 0 : whence === 1 ? this.#pos : whence === 2 ? this.#size : Number.NaN;
    if (Number.isNaN(base)) throw new ValueError(`invalid whence (${whence}, should be 0, 1 or 2)`);
    if (whence === 0 && pos < 0) throw new ValueError(`negative seek value ${pos}`);
    this.#pos = Math.max(0, base + pos);
    return this.#pos;
  }

  tell(): number {
    this.#check();
    return this.#pos;
  }

  /** flush(): nothing to do, as for Python's BytesIO. */
  flush(): void {
    this.#check();
  }

  close(): void {
    this.#closed = true;
  }

  *[Symbol.iterator](): Iterator<Buffer> {
    for (;;) {
      const line = this.readline();
      if (line.length === 0) return;
      yield line;
    }
  }

  #check(): void {
    if (this.#closed) throw new ValueError("I/O operation on closed file.");
  }
}
