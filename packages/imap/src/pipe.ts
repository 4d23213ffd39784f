// PipeSocket: a child process's stdout and stdin as the SocketLike a Conn reads and writes,
// with Python's socket timeout semantics on reads (for IMAP4_stream), and what the Reader's
// whole-line deadline and synchronous path use on a socket (_recvWithin, _recvBuffered).
// CORE-GAP: @inetlib/socket has no ByteSource over a Node Readable/Writable pair; this is the
// minimal adapter, nothing more (lines and literals are still read by the core's Reader).
import type { ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { AbortError, oserror, TimeoutError } from "@inetlib/socket";
import type { TimedSource } from "./transport.js";

const EMPTY = Buffer.alloc(0);

/** PipeSocket reads a process's stdout and writes its stdin. */
export class PipeSocket implements TimedSource {
  readonly #out: Readable;
  readonly #in: Writable;
  #timeout: number | null;
  #ended = false;
  #error: Error | null = null;
  #wake: (() => void) | null = null;
  #closed = false;
  readonly #signal: AbortSignal | undefined;

  constructor(child: ChildProcess, timeout: number | null, signal?: AbortSignal) {
    if (!child.stdout || !child.stdin) throw new TypeError("the process needs piped stdin and stdout");
    this.#out = child.stdout;
    this.#in = child.stdin;
    this.#timeout = timeout;
    this.#signal = signal;
    this.#out.pause();
    this.#out.on("readable", () => this.#wake?.());
    this.#out.on("end", () => {
      this.#ended = true;
      this.#wake?.();
    });
    this.#out.on("error", (err) => {
      this.#error = err;
      this.#wake?.();
    });
    // A process that exits while we write must not crash us: the next recv or sendall reports it.
    this.#in.on("error", (err) => {
      this.#error ??= err;
    });
  }

  gettimeout(): number | null {
    return this.#timeout;
  }

  settimeout(timeout: number | null): void {
    this.#timeout = timeout;
  }

  /** recv returns 1..bufsize bytes, an empty Buffer at end of output; waits at most the timeout. */
  recv(bufsize: number): Promise<Buffer> {
    return this._recvWithin(bufsize, this.#timeout);
  }

  /**
   * _recvWithin is recv() waiting at most `timeout` seconds (null: for ever) instead of the
   * timeout set: the Reader's whole-line deadline gives each wait what is left of it.
   */
  async _recvWithin(bufsize: number, timeout: number | null): Promise<Buffer> {
    const deadline = timeout === null ? null : performance.now() + timeout * 1000;
    for (;;) {
      if (this.#closed) throw oserror("EBADF");
      if (this.#signal?.aborted) throw new AbortError(undefined, { cause: this.#signal.reason });
      const chunk = this._recvBuffered(bufsize);
      if (chunk.length > 0) return chunk;
      if (this.#error) throw oserror("EPIPE", this.#error.message, { cause: this.#error });
      if (this.#ended) return EMPTY;
      const left = deadline === null ? null : deadline - performance.now();
      if (left !== null && left <= 0) throw new TimeoutError();
      await new Promise<void>((resolve) => {
        const done = () => {
          if (timer) clearTimeout(timer);
          this.#signal?.removeEventListener("abort", done);
          this.#wake = null;
          resolve();
        };
        const timer = left === null ? undefined : setTimeout(done, left);
        this.#signal?.addEventListener("abort", done, { once: true });
        this.#wake = done;
      });
    }
  }

  /**
   * _recvBuffered returns up to bufsize bytes the process already wrote, without waiting; an
   * empty Buffer when none are held (the Reader's synchronous path). A closed pipe, an abort,
   * end of output and errors are left to recv().
   */
  _recvBuffered(bufsize: number): Buffer {
    if (this.#closed || this.#signal?.aborted) return EMPTY;
    const chunk = this.#out.read() as Buffer | null;
    if (!chunk || chunk.length === 0) return EMPTY;
    if (chunk.length <= bufsize) return chunk;
    this.#out.unshift(chunk.subarray(bufsize));
    return chunk.subarray(0, bufsize);
  }

  /** sendall writes all of `data` to the process's stdin. */
  async sendall(data: Uint8Array): Promise<void> {
    if (this.#closed) throw oserror("EBADF");
    if (this.#error || this.#in.writableEnded) throw oserror("EPIPE");
    await new Promise<void>((resolve, reject) => {
      this.#in.write(data, (err) =>
        err ? reject(oserror("EPIPE", err.message, { cause: err })) : resolve(),
      );
    });
  }

  /** close ends stdin and stops reading stdout. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#in.end();
    this.#out.destroy();
    this.#wake?.();
  }
}
