// DEFLATE compression of a whole connection, as NNTP's COMPRESS (RFC 8054) and IMAP's
// COMPRESS=DEFLATE (RFC 4978) both define it: after the server's OK, everything both ways is
// raw DEFLATE (RFC 1951) over the connection, TLS included (compress first, then encrypt).
// DeflateSocket is the socket the line layer then reads and writes through; it owns the real
// socket. layerConn puts such a layer under a Conn without losing what its reader held.
import zlib from "node:zlib";
import { TimeoutError, ValueError } from "./errors.js";
import type { Conn } from "./textproto/conn.js";
import type { SocketLike } from "./textproto/source.js";

const EMPTY = Buffer.alloc(0);
const READ_SIZE = 64 * 1024;

/** DeflateSocketOptions choose the error a protocol raises for corrupt compressed data. */
export interface DeflateSocketOptions {
  /** Makes the error thrown for corrupt input or a closed stream (default ValueError). */
  error?: (message: string, cause?: Error) => Error;
}

const defaultError = (message: string, cause?: Error): Error =>
  new ValueError(message, ...(cause ? [{ cause }] : []));

/**
 * DeflateSocket compresses what is sent (each sendall() ends with a sync flush, so the server
 * can decompress every command at once) and inflates what is received. Inflating is pulled by
 * recv(): no more is decompressed than the reader asks for, so a small compressed reply that
 * inflates to gigabytes still takes constant memory. The line layer's bounds hold through it as
 * on the socket: a Reader's whole-line deadline (`_recvWithin`, `gettimeout`, the socket's
 * timeout) and its synchronous path (`_recvBuffered`, over what is already inflated), so a
 * server trickling compressed bytes times out as a plain one does. Corrupt input throws the
 * protocol's error; the caller then closes the connection, as RFC 8054 2.2.2 and RFC 4978 4 ask.
 */
export class DeflateSocket implements SocketLike {
  /** The socket underneath (plain or TLS). */
  readonly inner: SocketLike;
  readonly #inflate = zlib.createInflateRaw();
  readonly #deflate = zlib.createDeflateRaw();
  readonly #makeError: (message: string, cause?: Error) => Error;
  #held: Buffer = EMPTY;
  #writing = false;
  // The socket reached end of stream: no more input for the inflater.
  #inputDone = false;
  #error: Error | null = null;
  #wake: (() => void) | null = null;
  #deflated: Buffer[] = [];

  /** `leftover` is what was received after the server's OK and must be inflated first. */
  constructor(inner: SocketLike, leftover: Buffer = EMPTY, options: DeflateSocketOptions = {}) {
    this.inner = inner;
    this.#makeError = options.error ?? defaultError;
    const notify = () => {
      const wake = this.#wake;
      this.#wake = null;
      wake?.();
    };
    this.#inflate.on("readable", notify);
    this.#inflate.on("error", (err) => {
      this.#error = this.#makeError(`invalid compressed data: ${err.message}`, err);
      notify();
    });
    this.#deflate.on("data", (chunk: Buffer) => this.#deflated.push(chunk));
    this.#deflate.on("error", () => {});
    if (leftover.length > 0) this.#feed(leftover);
  }

  /**
   * recv returns 1..bufsize decompressed bytes, or an empty Buffer at end of stream. It waits at
   * most the socket's timeout in all, however many compressed pieces it takes to inflate one
   * byte (a server sending empty blocks a byte at a time must not hold it for ever).
   */
  recv(bufsize: number): Promise<Buffer> {
    const timeout = this.gettimeout();
    return this.#recv(bufsize, timeout !== null && timeout > 0 ? performance.now() + timeout * 1000 : null);
  }

  /** _recvWithin is recv() waiting at most `timeout` seconds in all (null: for ever); the Reader's line deadline. */
  _recvWithin(bufsize: number, timeout: number | null): Promise<Buffer> {
    return this.#recv(bufsize, timeout === null ? null : performance.now() + timeout * 1000);
  }

  /**
   * _recvBuffered returns up to bufsize bytes already inflated, without waiting; an empty Buffer
   * when none are (the Reader's synchronous path, as on the socket).
   */
  _recvBuffered(bufsize: number): Buffer {
    if (this.#held.length === 0) {
      const chunk = this.#inflate.read() as Buffer | null;
      if (chunk === null) return EMPTY;
      this.#held = chunk;
    }
    const out = this.#held.subarray(0, bufsize);
    this.#held = this.#held.subarray(out.length);
    return out;
  }

  /** gettimeout is the socket's timeout (Python's gettimeout()); settimeout() is the socket's. */
  gettimeout(): number | null {
    return this.inner.gettimeout?.() ?? null;
  }

  async #recv(bufsize: number, deadline: number | null): Promise<Buffer> {
    for (;;) {
      const out = this._recvBuffered(bufsize);
      if (out.length > 0) return out;
      if (this.#error) throw this.#error;
      // A sync-flushed stream has no final block: end of input is end of stream, not an error.
      if (this.#inputDone && !this.#writing) return EMPTY;
      const waiting = new Promise<void>((resolve) => (this.#wake = resolve));
      if (!this.#writing) {
        const raw = await this.#recvInner(deadline);
        if (raw.length === 0) {
          this.#inputDone = true;
          continue;
        }
        this.#feed(raw);
      }
      await waiting;
    }
  }

  /** #recvInner receives compressed bytes, within what is left of `deadline` when there is one. */
  #recvInner(deadline: number | null): Promise<Buffer> {
    const inner = this.inner;
    if (deadline === null || inner._recvWithin === undefined) return inner.recv(READ_SIZE);
    const left = (deadline - performance.now()) / 1000;
    if (left <= 0) return Promise.reject(new TimeoutError());
    return inner._recvWithin(READ_SIZE, left);
  }

  /** sendall compresses `data`, flushes, and sends the result. */
  async sendall(data: Uint8Array): Promise<void> {
    const out = await new Promise<Buffer>((resolve, reject) => {
      this.#deflate.write(data);
      this.#deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        // Whatever the stream still buffers goes to the 'data' listener too.
        while (this.#deflate.read() !== null) {}
        const parts = this.#deflated;
        this.#deflated = [];
        if (this.#deflate.destroyed) reject(this.#makeError("compression stream closed"));
        else resolve(Buffer.concat(parts));
      });
    });
    await this.inner.sendall(out);
  }

  async close(): Promise<void> {
    this.#inflate.destroy();
    this.#deflate.destroy();
    await this.inner.close();
  }

  #feed(raw: Buffer): void {
    this.#writing = true;
    this.#inflate.write(raw, () => {
      this.#writing = false;
      const wake = this.#wake;
      this.#wake = null;
      wake?.();
    });
  }
}

/**
 * layerConn puts a layer (compression) between `conn`'s line layer and its socket. What the
 * reader held already came through the new layer's encoding, so it goes to the layer first.
 */
export async function layerConn(
  conn: Conn,
  make: (inner: SocketLike, leftover: Buffer) => SocketLike,
): Promise<void> {
  const reader = conn.reader;
  const leftover = reader.buffered > 0 ? await reader.read(reader.buffered) : EMPTY;
  conn.replaceSocket(make(conn.sock, leftover));
}
