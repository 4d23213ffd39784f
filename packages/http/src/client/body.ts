// The body of one response, read from the connection's Incoming as Python's HTTPResponse reads
// its file: Content-Length counted down, chunked decoded (a chunk-size line of at most
// _MAXLINE bytes, LineTooLong past it; an unparsable size is IncompleteRead; trailers read and
// dropped), or everything to the close. Nothing is read ahead of the reader: each wait() is
// at most one recv(), so a slow reader holds memory constant and TCP slows the server. Body
// bytes are the received chunks cut to size, not copies.
import { _MAXLINE } from "../limits.js";
import { LineTooLong } from "./errors.js";
import type { Framing } from "./framing.js";
import type { Incoming } from "./incoming.js";

const EMPTY = Buffer.alloc(0);

/** EarlyClose: the connection ended (or the chunked framing broke) before the body was whole. */
export class EarlyClose extends Error {
  override name = "EarlyClose";
}

type ChunkState = "size" | "data" | "crlf" | "trailer";

/** BodyReader serves one response's body to HTTPResponse. */
export class BodyReader {
  readonly #in: Incoming;
  readonly #mode: "length" | "chunked" | "close";
  /** length: body bytes still to come; chunked: bytes left in this chunk (or of its CRLF). */
  #left: number;
  #state: ChunkState = "size";
  #chunks: Buffer[] = [];
  #first = 0;
  #count = 0;
  /** The body arrived whole. */
  ended = false;
  /** Why the body stopped short (EarlyClose, LineTooLong, the socket's error); null while all is well. */
  error: Error | null = null;
  #release: ((reusable: boolean) => void) | null = null;

  constructor(incoming: Incoming, framing: Framing) {
    this.#in = incoming;
    this.#mode = framing.chunked ? "chunked" : framing.length !== null ? "length" : "close";
    this.#left = framing.length ?? 0;
    if (this.#mode === "length" && this.#left === 0) this.ended = true;
  }

  /**
   * bind sets what happens once the body is done with the connection: reusable when the body
   * ended cleanly (the next response follows it), not after a failure or an abort.
   */
  bind(release: (reusable: boolean) => void): void {
    this.#release = release;
    if (this.finished) this.#done(this.ended);
  }

  /** Body bytes decoded and not yet taken (decoding what already arrived). */
  get buffered(): number {
    if (!this.finished && this.#in.length > 0) this.#decode();
    return this.#count;
  }

  /** True once nothing more will arrive (whole, or failed). */
  get finished(): boolean {
    return this.ended || this.error !== null;
  }

  /** wait makes progress: decodes what arrived, or receives once more. */
  async wait(): Promise<void> {
    if (this.finished) return;
    if (this.#decode()) return;
    try {
      await this.#in.fill();
    } catch (err) {
      this.#fail(err as Error);
      return;
    }
    this.#decode();
  }

  /**
   * readInto, called with nothing buffered: receives the next bytes of a Content-Length or
   * read-to-close body straight into target at offset (recv_into, no queue, no copy of ours)
   * and returns how many; for a chunked body, or bytes already received, it waits as wait()
   * does and returns 0 (the caller then takes from the queue).
   */
  async readInto(target: Uint8Array, offset: number): Promise<number> {
    const inc = this.#in;
    if (this.finished || this.buffered > 0) return 0;
    if (this.#mode === "chunked" || inc.length > 0 || inc.eof) {
      await this.wait();
      return 0;
    }
    let want = target.length - offset;
    if (this.#mode === "length") want = Math.min(want, this.#left);
    if (want <= 0) return 0;
    let n: number;
    try {
      n = await inc.sock.recv_into(target.subarray(offset, offset + want));
    } catch (err) {
      this.#fail(err as Error);
      return 0;
    }
    if (n === 0) {
      inc.eof = true;
      this.#decode();
      return 0;
    }
    if (this.#mode === "length") {
      this.#left -= n;
      if (this.#left === 0) this.#end();
    }
    return n;
  }

  /** take removes up to n bytes (all buffered when n < 0), without copying when one chunk serves. */
  take(n: number): Buffer {
    const count = this.buffered;
    if (n < 0 || n > count) n = count;
    if (n === 0) return EMPTY;
    const head = this.#chunks[this.#first]!;
    if (head.length >= n) {
      this.#consumeHead(n);
      return head.length === n ? head : head.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    this.#copy(out, 0, n);
    return out;
  }

  /** takeInto copies up to target.length - offset bytes into target at offset; returns the count. */
  takeInto(target: Uint8Array, offset: number): number {
    const n = Math.min(target.length - offset, this.buffered);
    if (n <= 0) return 0;
    this.#copy(target, offset, n);
    return n;
  }

  /** peekBuffered returns the bytes buffered (up to n, or all when n < 0) without taking them. */
  peekBuffered(n = -1): Buffer {
    const count = this.buffered;
    if (count === 0) return EMPTY;
    const head = this.#chunks[this.#first]!;
    if (n >= 0 && head.length >= n) return head.subarray(0, n);
    const all = Buffer.concat(this.#chunks.slice(this.#first), count);
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

  /** abort gives up on the body: the connection cannot carry another response and is closed. */
  abort(err: Error): void {
    if (this.finished) return;
    this.#fail(err);
  }

  // Moves what arrived into the body queue; true when anything changed.
  #decode(): boolean {
    const inc = this.#in;
    let progressed = false;
    while (!this.finished && inc.length > 0) {
      if (this.#mode === "close") {
        this.#push(inc.takeChunk(inc.length));
      } else if (this.#mode === "length") {
        const piece = inc.takeChunk(this.#left);
        this.#push(piece);
        this.#left -= piece.length;
        if (this.#left === 0) this.#end();
      } else if (!this.#chunkStep()) break;
      progressed = true;
    }
    if (!this.finished && inc.eof && inc.length === 0) {
      if (this.#mode === "close") this.#end();
      else if (this.#mode === "chunked" && (this.#state === "trailer" || this.#state === "size")) {
        // At the end of stream, readline gives b"": the end of the trailer, or an empty size line.
        if (!this.#chunkStep()) this.#fail(new EarlyClose("the connection closed before the body ended"));
      } else this.#fail(new EarlyClose("the connection closed before the body ended"));
      progressed = true;
    }
    return progressed;
  }

  // One step of Python's _read_chunked; false when it needs more bytes.
  #chunkStep(): boolean {
    const inc = this.#in;
    switch (this.#state) {
      case "size": {
        const line = inc.readlineNow(_MAXLINE + 1);
        if (line === null) return false;
        if (line.length > _MAXLINE) {
          this.#fail(new LineTooLong("chunk size"));
          return true;
        }
        const size = chunkSize(line);
        if (size === null) {
          this.#fail(new EarlyClose("invalid chunk size"));
          return true;
        }
        if (size === 0) this.#state = "trailer";
        else {
          this.#state = "data";
          this.#left = size;
        }
        return true;
      }
      case "data": {
        const piece = inc.takeChunk(this.#left);
        this.#push(piece);
        this.#left -= piece.length;
        if (this.#left === 0) {
          this.#state = "crlf";
          this.#left = 2;
        }
        return true;
      }
      case "crlf":
        // Python's _safe_read(2): the two bytes after a chunk are dropped unchecked.
        this.#left -= inc.skip(this.#left);
        if (this.#left === 0) this.#state = "size";
        return true;
      case "trailer": {
        const line = inc.readlineNow(_MAXLINE + 1);
        if (line === null) return false;
        if (line.length > _MAXLINE) this.#fail(new LineTooLong("trailer line"));
        else if (line.length === 0 || isBlank(line)) this.#end();
        return true;
      }
    }
  }

  #push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#chunks.push(piece);
    this.#count += piece.length;
  }

  #end(): void {
    this.ended = true;
    this.#done(true);
  }

  #fail(err: Error): void {
    this.error ??= err;
    this.#done(false);
  }

  #done(reusable: boolean): void {
    const release = this.#release;
    this.#release = null;
    release?.(reusable);
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
      if (this.#first === this.#chunks.length) {
        this.#chunks = [];
        this.#first = 0;
      } else if (this.#first > 1024 && this.#first * 2 > this.#chunks.length) {
        this.#chunks = this.#chunks.slice(this.#first);
        this.#first = 0;
      }
    } else this.#chunks[this.#first] = head.subarray(k);
    this.#count -= k;
  }
}

function isBlank(line: Buffer): boolean {
  return (line.length === 2 && line[0] === 13 && line[1] === 10) || (line.length === 1 && line[0] === 10);
}

/** int(line.split(b";")[0], 16) as Python parses a chunk size; null where Python raises ValueError. */
function chunkSize(line: Buffer): number | null {
  let text = line.toString("latin1");
  const semi = text.indexOf(";");
  if (semi >= 0) text = text.slice(0, semi);
  const m = /^\s*\+?(?:0x)?([0-9a-f]+(?:_[0-9a-f]+)*)\s*$/i.exec(text);
  if (!m) return null;
  const n = Number.parseInt(m[1]!.replace(/_/g, ""), 16);
  return Number.isSafeInteger(n) ? n : null;
}
