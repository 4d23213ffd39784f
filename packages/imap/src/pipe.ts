// PipeSocket: a child process's stdout and stdin as the SocketLike a Conn reads and writes,
// with Python's socket timeout semantics on reads (for IMAP4_stream).
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
  async recv(bufsize: number): Promise<Buffer> {
    const deadline = this.#timeout === null ? null : performance.now() + this.#timeout * 1000;
    for (;;) {
      if (this.#closed) throw oserror("EBADF");
      if (this.#signal?.aborted) throw new AbortError(undefined, { cause: this.#signal.reason });
      const chunk = this.#out.read() as Buffer | null;
      if (chunk && chunk.length > 0) {
        if (chunk.length > bufsize) this.#out.unshift(chunk.subarray(bufsize));
        return chunk.length > bufsize ? chunk.subarray(0, bufsize) : chunk;
      }
      if (this.#error) throw oserror("EPIPE", this.#error.message, { cause: this.#error });
      if (this.#ended) return EMPTY;
      const left = deadline === null ? null : deadline - performance.now();
      if (left !== null && left <= 0) throw new TimeoutError();
      await new Promise<void>((resolve) => {
        const timer = left === null ? undefined : setTimeout(resolve, left);
        const onAbort = () => resolve();
        this.#signal?.addEventListener("abort", onAbort, { once: true });
        this.#wake = () => {
          if (timer) clearTimeout(timer);
          this.#signal?.removeEventListener("abort", onAbort);
          resolve();
        };
      });
      this.#wake = null;
    }
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
