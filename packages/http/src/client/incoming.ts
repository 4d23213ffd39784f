// Incoming: the bytes received on one connection and not yet parsed, over the core socket, as
// Python's HTTPResponse reads from sock.makefile("rb"). Each fill() is one recv() of up to
// READ_SIZE bytes (served by the socket's bulk read path without copying), kept as the chunks
// received; lines and body bytes are cut from them, so a body moves without copies until the
// caller's readinto(). Memory is bounded by what the reader asks for: nothing is read ahead.
import { type socket, TimeoutError } from "@inetlib/socket";

const EMPTY = Buffer.alloc(0);
/** The most one fill() asks the socket for. */
export const READ_SIZE = 1 << 20;

export class Incoming {
  readonly sock: socket;
  #chunks: Buffer[] = [];
  #first = 0;
  /** Bytes received and not yet taken. */
  length = 0;
  /** The peer ended the stream (a recv() returned b""). */
  eof = false;

  constructor(sock: socket) {
    this.sock = sock;
  }

  /**
   * fill receives once more, waiting with the socket's timeout, or at most until `deadline`
   * (performance.now() milliseconds); false at end of stream.
   */
  async fill(deadline: number | null = null): Promise<boolean> {
    if (this.eof) return false;
    let data: Buffer;
    if (deadline === null) data = await this.sock.recv(READ_SIZE);
    else {
      const left = (deadline - performance.now()) / 1000;
      if (left <= 0) throw new TimeoutError();
      data = await this.sock._recvWithin(READ_SIZE, left);
    }
    if (data.length === 0) {
      this.eof = true;
      return false;
    }
    this.#chunks.push(data);
    this.length += data.length;
    return true;
  }

  /**
   * readlineNow is readline(limit) over what is already here: a line with its LF, or `limit`
   * bytes without one, or what remains at end of stream; null when it must wait for more.
   */
  readlineNow(limit: number): Buffer | null {
    const at = this.#indexOfLF(limit);
    if (at >= 0) return this.take(at + 1);
    if (this.length >= limit) return this.take(limit);
    if (this.eof) return this.take(this.length);
    return null;
  }

  /**
   * readline(limit): Python's readline(limit) on the connection's buffered file, except that
   * the socket's timeout bounds the whole line rather than each recv(), as the textproto Reader
   * does for every line protocol: a server trickling a status or header line a byte at a time
   * cannot hold the client past its timeout (a deliberate difference from Python). `deadline`
   * is the line's, when its wait began earlier (lineDeadline()).
   */
  async readline(limit: number, deadline = this.lineDeadline()): Promise<Buffer> {
    for (;;) {
      const line = this.readlineNow(limit);
      if (line) return line;
      await this.fill(deadline);
    }
  }

  /** firstChunk is the first chunk received and not yet taken (without taking it); empty when none. */
  firstChunk(): Buffer {
    return this.length === 0 ? EMPTY : this.#chunks[this.#first]!;
  }

  /** lineDeadline is when a line started now must have arrived (performance.now() ms); null: no limit. */
  lineDeadline(): number | null {
    const timeout = this.sock.gettimeout();
    return timeout !== null && timeout > 0 ? performance.now() + timeout * 1000 : null;
  }

  /** takeChunk removes up to n bytes from the first chunk only (no copy). */
  takeChunk(n: number): Buffer {
    if (this.length === 0 || n <= 0) return EMPTY;
    const head = this.#chunks[this.#first]!;
    if (head.length <= n) {
      this.#chunks[this.#first++] = EMPTY;
      this.length -= head.length;
      this.#compact();
      return head;
    }
    this.#chunks[this.#first] = head.subarray(n);
    this.length -= n;
    return head.subarray(0, n);
  }

  /** take removes up to n bytes, copying only when they span chunks. */
  take(n: number): Buffer {
    n = Math.min(n, this.length);
    if (n === 0) return EMPTY;
    const head = this.#chunks[this.#first]!;
    if (head.length >= n) return this.takeChunk(n);
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const piece = this.takeChunk(n - filled);
      piece.copy(out, filled);
      filled += piece.length;
    }
    return out;
  }

  /** skip drops up to n bytes; returns how many. */
  skip(n: number): number {
    let left = Math.min(n, this.length);
    const done = left;
    while (left > 0) left -= this.takeChunk(left).length;
    return done;
  }

  #indexOfLF(limit: number): number {
    let base = 0;
    for (let i = this.#first; i < this.#chunks.length && base < limit; i++) {
      const c = this.#chunks[i]!;
      const at = c.indexOf(0x0a);
      if (at >= 0) return base + at < limit ? base + at : -1;
      base += c.length;
    }
    return -1;
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
