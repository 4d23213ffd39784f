// What urlopen() returns: an HTTPResponse for http(s), an addinfourl for file: and data:.

import { AbortError } from "@inetlib/socket";
import type { HTTPMessage } from "../client/message.js";
import type { HTTPResponse } from "../client/response.js";

/** URLResponse is what every urlopen() result offers (Python's addinfourl interface). */
export interface URLResponse extends AsyncIterable<Buffer>, AsyncDisposable {
  readonly headers: HTTPMessage;
  readonly status: number | null;
  url: string | null;
  read(amt?: number | null): Promise<Buffer>;
  readline(limit?: number): Promise<Buffer>;
  info(): HTTPMessage;
  geturl(): string | null;
  getcode(): number | null;
  close(): void;
}

/** The http(s) result is an HTTPResponse (a URLResponse, with msg set to the reason). */
export type { HTTPResponse };

/** A source of bytes for addinfourl: a whole Buffer, or an async iterator of pieces. */
export type ByteStream = Buffer | AsyncIterator<Buffer>;

/** What addinfourl takes beyond Python's arguments. */
export interface AddinfourlOptions {
  /** Called once by close() (urllib.response.addclosehook): releases the connection behind the body. */
  closehook?: (() => unknown) | null;
  /** Aborting closes the response; a read then rejects with AbortError. */
  signal?: AbortSignal | null;
}

/**
 * addinfourl(fp, headers, url, code): urllib.response's class for file: and data: results:
 * the body, the headers (info()), the URL (geturl()) and a status (null for file:).
 */
export class addinfourl implements URLResponse {
  readonly headers: HTTPMessage;
  url: string | null;
  readonly code: number | null;
  #buffer: Buffer = Buffer.alloc(0);
  #source: AsyncIterator<Buffer> | null;
  #closed = false;
  #closehook: (() => unknown) | null;
  readonly #signal: AbortSignal | null;
  #aborted: Promise<never> | null = null;
  #unlisten: (() => void) | null = null;

  constructor(
    fp: ByteStream,
    headers: HTTPMessage,
    url: string | null,
    code: number | null = null,
    options: AddinfourlOptions = {},
  ) {
    if (Buffer.isBuffer(fp)) {
      this.#buffer = fp;
      this.#source = null;
    } else this.#source = fp;
    this.headers = headers;
    this.url = url;
    this.code = code;
    this.#closehook = options.closehook ?? null;
    this.#signal = options.signal ?? null;
    if (this.#signal) {
      const signal = this.#signal;
      this.#aborted = new Promise<never>((_, reject) => {
        const onAbort = (): void => {
          reject(new AbortError(undefined, { cause: signal.reason }));
          this.close();
        };
        if (signal.aborted) onAbort();
        else {
          signal.addEventListener("abort", onAbort, { once: true });
          // A signal that outlives many responses must not collect a listener per response.
          this.#unlisten = () => signal.removeEventListener("abort", onAbort);
        }
      });
      this.#aborted.catch(() => {});
    }
  }

  #checkAborted(): void {
    if (this.#signal?.aborted) throw new AbortError(undefined, { cause: this.#signal.reason });
  }

  get status(): number | null {
    return this.code;
  }

  get closed(): boolean {
    return this.#closed;
  }

  info(): HTTPMessage {
    return this.headers;
  }

  geturl(): string | null {
    return this.url;
  }

  getcode(): number | null {
    return this.code;
  }

  async #fill(): Promise<boolean> {
    if (!this.#source) return false;
    const pending = this.#source.next();
    const next = this.#aborted ? await Promise.race([pending, this.#aborted]) : await pending;
    if (next.done) {
      this.#source = null;
      return false;
    }
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, next.value]) : next.value;
    return true;
  }

  /** read(amt): up to amt bytes (all that is left without amt); b"" at the end. */
  async read(amt: number | null = null): Promise<Buffer> {
    this.#checkAborted();
    if (this.#closed) return Buffer.alloc(0);
    if (amt === null || amt === undefined || amt < 0) {
      while (await this.#fill());
      const all = this.#buffer;
      this.#buffer = Buffer.alloc(0);
      return all;
    }
    while (this.#buffer.length < amt && (await this.#fill()));
    const out = this.#buffer.subarray(0, amt);
    this.#buffer = this.#buffer.subarray(out.length);
    return out;
  }

  /** readline(limit): one line, LF included. */
  async readline(limit = -1): Promise<Buffer> {
    this.#checkAborted();
    for (;;) {
      const nl = this.#buffer.indexOf(0x0a);
      const max = limit < 0 ? Number.POSITIVE_INFINITY : limit;
      if (nl >= 0 || this.#buffer.length >= max || !(await this.#fill())) {
        const n = Math.min(nl >= 0 ? nl + 1 : this.#buffer.length, max);
        const out = this.#buffer.subarray(0, n);
        this.#buffer = this.#buffer.subarray(n);
        return out;
      }
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) return;
      yield line;
    }
  }

  close(): void {
    this.#closed = true;
    void this.#source?.return?.()?.catch?.(() => {});
    this.#source = null;
    this.#buffer = Buffer.alloc(0);
    this.#unlisten?.();
    this.#unlisten = null;
    const hook = this.#closehook;
    this.#closehook = null;
    if (hook) void Promise.resolve(hook()).catch(() => {});
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
