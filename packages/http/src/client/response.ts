// HTTPResponse: Python's http.client.HTTPResponse over the connection's body reader (body.ts). Reads are
// promises; their sizes and end-of-body rules are Python's (a BufferedReader's read(n) fills n
// unless the body ends; read1 takes what is there; length counts down a Content-Length).
import type { DebugTrace } from "@inetlib/socket";
import { AbortError, ValueError } from "@inetlib/socket";
import { _MAXLINE } from "../limits.js";
import { type BodyReader, EarlyClose } from "./body.js";
import { IncompleteRead, ResponseNotReady } from "./errors.js";
import { type Framing, framingOf } from "./framing.js";
import type { HTTPMessage } from "./message.js";

const EMPTY = Buffer.alloc(0);

/** @internal What getresponse() hands a new HTTPResponse. */
export interface ResponseInit {
  handler: BodyReader;
  /** 10 or 11, from the status line (11 when left out). */
  version?: number;
  status: number;
  reason: string;
  headers: HTTPMessage;
  /** The body's framing as the connection read it (computed from the head when left out). */
  framing?: Framing;
  method: string | null;
  url?: string | null;
  trace: DebugTrace;
  /** fileno() of the connection; -1 once closed. */
  fileno: () => number;
  /** Called once when the response is closed (the connection hands over or frees what it holds). */
  onClose?: () => void;
}

/**
 * HTTPResponse is what getresponse() returns: the status line and headers, and the body to
 * read with read(amt), readinto(b), read1(n), readline(limit), peek(n), or `for await` over
 * its lines. A body read to its end, or close(), leaves the connection free for the next
 * request (or closes it, with will_close).
 */
export class HTTPResponse implements AsyncIterable<Buffer>, AsyncDisposable {
  /** The status code (200). Also `code`. */
  readonly status: number;
  readonly code: number;
  /** The reason phrase, trimmed. urllib sets `msg` to it (Python does the same). */
  readonly reason: string;
  /** 10 for an HTTP/1.0 status line, 11 for HTTP/1.1 (Python's version). */
  readonly version: number;
  /** The headers (an HTTPMessage, in wire order and case). */
  readonly headers: HTTPMessage;
  /** http.client's name for the headers; urllib replaces it with the reason phrase, as Python's does. */
  msg: HTTPMessage | string;
  /** Whether the body is sent with chunked transfer coding. */
  readonly chunked: boolean;
  /** Body bytes left by Content-Length; null when unknown (chunked, or read to close). */
  length: number | null;
  /** Whether the connection closes when this response ends. */
  readonly will_close: boolean;
  /** The URL, set by urllib (geturl()). */
  url: string | null;
  debuglevel: number;
  readonly _method: string | null;
  #handler: BodyReader;
  #closed = false;
  #readClosed = false;
  #fileno: () => number;
  #onClose: (() => void) | undefined;
  /** Set by an abort of urlopen's signal (_abortOn): every later read raises it. */
  #abortError: Error | null = null;
  #unwatch: (() => void) | null = null;

  /** @internal Made by HTTPConnection.getresponse(). */
  constructor(init: ResponseInit) {
    this.#handler = init.handler;
    this.status = this.code = init.status;
    this.reason = init.reason.trim();
    this.headers = init.headers;
    this.msg = init.headers;
    this._method = init.method;
    this.url = init.url ?? null;
    this.debuglevel = init.trace.level;
    this.#fileno = init.fileno;
    this.#onClose = init.onClose;
    this.version = init.version ?? 11;
    const framing = init.framing ?? framingOf(this.version, this.status, this.headers.items(), this._method);
    this.chunked = framing.chunked;
    this.length = framing.length;
    this.will_close = framing.will_close;
    if (init.trace.level > 0) {
      for (const [k, v] of this.headers.items()) init.trace.print("header:", `${k}:`, v);
    }
  }

  /** getcode(): the status. */
  getcode(): number {
    return this.status;
  }

  /** geturl(): the URL urllib fetched (after redirects). */
  geturl(): string | null {
    return this.url;
  }

  /** info(): the headers. */
  info(): HTTPMessage {
    return this.headers;
  }

  /** getheader(name, default): the field's values joined with ", ", or default (null). */
  getheader(name: string): string | null;
  getheader<T>(name: string, defaultValue: T): string | T;
  getheader<T>(name: string, defaultValue: T | null = null): string | T | null {
    if (!this.headers) throw new ResponseNotReady();
    const all = this.headers.get_all(name);
    return all === null ? defaultValue : all.join(", ");
  }

  /** getheaders(): [name, value] pairs in wire order. */
  getheaders(): Array<[string, string]> {
    return this.headers.items();
  }

  /** isclosed(): true once the body has been read to its end or close() was called. */
  isclosed(): boolean {
    return this.#readClosed;
  }

  /** closed: IOBase's flag, set by close(). */
  get closed(): boolean {
    return this.#closed;
  }

  readable(): boolean {
    return true;
  }

  flush(): void {}

  /** fileno(): the connection's descriptor, -1 once closed. */
  fileno(): number {
    return this.#readClosed ? -1 : this.#fileno();
  }

  /**
   * read(amt): the whole remaining body, or up to amt bytes (fewer only at its end). A body
   * cut short raises IncompleteRead from read(); read(amt) returns what came, then b"".
   */
  async read(amt: number | null = null): Promise<Buffer> {
    if (this.#ended()) return EMPTY;
    if (this._method === "HEAD") {
      this.#closeConn();
      return EMPTY;
    }
    if (amt !== null && amt !== undefined && amt >= 0) {
      if (this.length !== null && amt > this.length) amt = this.length;
      const s = await this.#readUpTo(amt, true);
      this.#account(s.length, amt);
      return s;
    }
    const s = await this.#readAll();
    this.#closeConn();
    return s;
  }

  /** readinto(b): fills b from the body (fewer bytes only at its end); returns the count. */
  async readinto(b: Uint8Array): Promise<number> {
    if (this.#ended()) return 0;
    if (this._method === "HEAD") {
      this.#closeConn();
      return 0;
    }
    let want = b.length;
    if (this.length !== null && want > this.length) want = this.length;
    const target = want === b.length ? b : b.subarray(0, want);
    const h = this.#handler;
    let n = 0;
    while (n < want) {
      if (h.buffered === 0) {
        if (h.finished) {
          this.#checkEnd(() => Buffer.from(target.subarray(0, n)));
          break;
        }
        n += await h.readInto(target, n);
        continue;
      }
      n += h.takeInto(target, n);
    }
    this.#account(n, want);
    return n;
  }

  /** read1(n): what is buffered (up to n), waiting only when nothing is. */
  async read1(n = -1): Promise<Buffer> {
    if (this.#ended() || this._method === "HEAD") return EMPTY;
    if (this.length !== null && (n < 0 || n > this.length)) n = this.length;
    if (n === 0) return EMPTY;
    const h = this.#handler;
    while (h.buffered === 0 && !h.finished) await h.wait();
    if (h.buffered === 0) {
      this.#checkEnd(() => EMPTY);
      this.#closeConn();
      return EMPTY;
    }
    const s = h.take(n);
    if (this.length !== null) this.length -= s.length;
    this.#closeIfDone();
    return s;
  }

  /** peek(n): buffered bytes without consuming them (at least one unless the body ended). */
  async peek(n = -1): Promise<Buffer> {
    if (this.#ended() || this._method === "HEAD") return EMPTY;
    const h = this.#handler;
    while (h.buffered === 0 && !h.finished) await h.wait();
    // Python's peek may return more than n: here, everything buffered (within the body).
    void n;
    return h.peekBuffered(this.length !== null ? Math.min(this.length, h.buffered) : -1);
  }

  /** readline(limit): one line, LF included, at most limit bytes; b"" at the end of the body. */
  async readline(limit = -1): Promise<Buffer> {
    if (this.#ended() || this._method === "HEAD") return EMPTY;
    if (this.length !== null && (limit < 0 || limit > this.length)) limit = this.length;
    const max = limit < 0 ? Number.POSITIVE_INFINITY : limit;
    const h = this.#handler;
    for (;;) {
      const at = h.indexOfLF(Math.min(max, h.buffered));
      if (at >= 0 || h.buffered >= max || h.finished) {
        const n = at >= 0 ? at + 1 : Math.min(max, h.buffered);
        if (n === 0 && h.finished) this.#checkEnd(() => EMPTY);
        const s = h.take(n);
        if (s.length === 0 && limit !== 0) this.#closeConn();
        else if (this.length !== null) {
          this.length -= s.length;
          if (this.length === 0) this.#closeConn();
        } else this.#closeIfDone();
        return s;
      }
      await h.wait();
    }
  }

  /** readlines(hint): the remaining lines (stopping once hint bytes were read, when hint > 0). */
  async readlines(hint = -1): Promise<Buffer[]> {
    const out: Buffer[] = [];
    let total = 0;
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) return out;
      out.push(line);
      total += line.length;
      if (hint > 0 && total >= hint) return out;
    }
  }

  /** Iterating a response yields its lines, as iterating Python's does. */
  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const line = await this.readline(_MAXLINE * 1024);
      if (line.length === 0) return;
      yield line;
    }
  }

  /**
   * chunks() yields the body as the socket delivered it (an inetlib addition, no copies): the
   * fastest way to stream a large body. A body cut short raises IncompleteRead.
   */
  async *chunks(): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const s = await this.read1(-1);
      if (s.length === 0) return;
      yield s;
    }
  }

  /**
   * @internal urlopen's signal, after the response was handed over: an abort abandons the body
   * (its connection closes) and every read after it raises AbortError, not b"". The listener
   * goes when the response closes, so a long-lived signal keeps none per response.
   */
  _abortOn(signal: AbortSignal): void {
    if (this.#readClosed) return;
    const onAbort = (): void => {
      this.#abortError = new AbortError(undefined, { cause: signal.reason });
      this.#handler.abort(this.#abortError);
      this.close();
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    this.#unwatch = () => signal.removeEventListener("abort", onAbort);
  }

  // True once the body is over; AbortError after an abort of urlopen's signal.
  #ended(): boolean {
    if (this.#abortError) throw this.#abortError;
    return this.#readClosed;
  }

  /** close(): ends the response; an unread body is abandoned and its connection closed. */
  close(): void {
    this.#closed = true;
    this.#closeConn();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  // Waits for up to amt bytes; fewer only when the body ends.
  async #readUpTo(amt: number, check: boolean): Promise<Buffer> {
    const h = this.#handler;
    while (h.buffered < amt && !h.finished) await h.wait();
    if (h.buffered < amt && check) {
      const got = h.buffered;
      this.#checkEnd(() => h.peekBuffered(got));
    }
    return h.take(amt);
  }

  async #readAll(): Promise<Buffer> {
    const h = this.#handler;
    // The usual small body: all of it already here (buffered decodes what arrived).
    if (h.buffered >= 0 && h.ended && h.error === null) {
      const data = h.take(-1);
      if (this.length !== null) this.length = 0;
      return data;
    }
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      if (h.buffered > 0) {
        const s = h.take(-1);
        parts.push(s);
        total += s.length;
        continue;
      }
      if (h.finished) break;
      await h.wait();
    }
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
    const err = h.error;
    if (err) {
      if (!(err instanceof EarlyClose)) throw err;
      if (this.length !== null && data.length < this.length) {
        const expected = this.length - data.length;
        this.length = 0;
        throw new IncompleteRead(data, expected);
      }
      if (this.chunked) throw new IncompleteRead(data);
    }
    if (this.length !== null) this.length = 0;
    return data;
  }

  // After a read of `got` of `wanted` bytes: count down the length and close at the end.
  #account(got: number, wanted: number): void {
    if (got === 0 && wanted > 0) this.#closeConn();
    else if (this.length !== null) {
      this.length -= got;
      if (this.length === 0) this.#closeConn();
    } else this.#closeIfDone();
  }

  // The body stopped: a failure other than an early close is raised; an early close of a
  // chunked body is IncompleteRead (Python's _read_chunked); of the others, an end (Python's
  // read(amt) returns short and then b"").
  #checkEnd(partial: () => Buffer): void {
    const err = this.#handler.error;
    if (!err || this.#handler.buffered > 0) return;
    if (!(err instanceof EarlyClose)) throw err;
    if (this.chunked) {
      const data = partial();
      this.#closeConn();
      throw new IncompleteRead(Buffer.from(data));
    }
  }

  #closeIfDone(): void {
    const h = this.#handler;
    if (h.ended && h.buffered === 0) this.#closeConn();
  }

  #closeConn(): void {
    this.#unwatch?.();
    this.#unwatch = null;
    if (this.#readClosed) return;
    this.#readClosed = true;
    const h = this.#handler;
    // A body read to its Content-Length finishes on its own; anything else unread is abandoned.
    if (!h.finished && !(this.length === 0 && h.buffered === 0))
      h.abort(new ValueError("the response was closed before its body was read"));
    const onClose = this.#onClose;
    this.#onClose = undefined;
    onClose?.();
  }
}
