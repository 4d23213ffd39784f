// socket.makefile(): Python's file objects over a connected socket. Reads are served straight from
// the socket's receive queue (the Inbox), which already is the read buffer BufferedReader keeps
// in Python; writes are buffered here until flush() or close(), as BufferedWriter does.
import { OSError, TimeoutError, ValueError } from "./errors.js";
import type { Inbox } from "./inbox.js";
import type { socket } from "./socket.js";
import { codePointLength, codePointPrefix, type Errors, type Newline, TextCodec } from "./textcodec.js";

export { LookupError, type Newline, TextCodec, UnicodeDecodeError, UnicodeEncodeError } from "./textcodec.js";

/** MakefileMode is makefile()'s mode: the letters r, w and b in any order. */
export type MakefileMode =
  | "r"
  | "w"
  | "b"
  | "rw"
  | "wr"
  | "rb"
  | "br"
  | "wb"
  | "bw"
  | "rwb"
  | "rbw"
  | "wrb"
  | "wbr"
  | "brw"
  | "bwr";
/** BinaryMode is a makefile() mode with "b": the file reads and writes Buffers. */
export type BinaryMode = Extract<MakefileMode, `${string}b${string}`>;
/** TextMode is a makefile() mode without "b": the file reads and writes strings. */
export type TextMode = Exclude<MakefileMode, BinaryMode>;

/** MakefileOptions are makefile()'s keyword arguments. */
export interface MakefileOptions {
  /** 0: unbuffered (binary only; each read is one recv, each write one sendall); null or <0: 8192; n: n bytes. */
  buffering?: number | null;
  /** Text modes: "utf-8" (default), "latin-1" or "ascii". */
  encoding?: string | null;
  /** Text modes: "strict" (default), "replace" or "ignore". */
  errors?: Errors | null;
  /** Text modes: null (universal newlines, the default), "", "\n", "\r" or "\r\n". */
  newline?: Newline;
}

/** DEFAULT_BUFFER_SIZE is io.DEFAULT_BUFFER_SIZE: what a buffered writer holds before sending. */
export const DEFAULT_BUFFER_SIZE = 8192;

/** UnsupportedOperation is io.UnsupportedOperation: reading a write-only file, and so on. */
export class UnsupportedOperation extends OSError {
  override name = "UnsupportedOperation";
  constructor(message: string) {
    super(null, message);
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * SocketIO is what socket.makefile() returns: Python's BufferedReader, BufferedWriter or
 * BufferedRWPair over a socket (T = Buffer), or a TextIOWrapper over one (T = string).
 *
 * read(n) waits until n bytes (characters in text mode) or end of stream; read() reads to end of
 * stream; readline() returns one line including its "\n", or what is left at end of stream.
 * Iterating with `for await` yields lines. write() buffers; flush() sends. close() flushes and
 * lets go of the socket: the connection closes once the socket was closed too and every file
 * made from it is closed, as in Python. One read and one write may run at a time; further calls
 * queue behind them. On a non-blocking socket (timeout 0) a read that would wait raises
 * BlockingIOError where Python would return None. After a read times out the file refuses
 * further reads, as Python's SocketIO does, because part of a line may have been lost.
 */
export class SocketIO<T extends string | Buffer = Buffer> implements AsyncDisposable, AsyncIterable<T> {
  /** The mode as Python reports it: "rb", "wb", "rwb" for binary files, the given mode for text. */
  readonly mode: string;
  readonly #sock: socket;
  readonly #reading: boolean;
  readonly #writing: boolean;
  readonly #bufsize: number;
  readonly #codec: TextCodec | null;
  #closed = false;
  #timedOut = false;
  #wbuf: Buffer[] = [];
  #wlen = 0;
  /** Decoded text not yet returned (text mode). */
  #text = "";
  #textEOF = false;
  #readChain: Promise<unknown> = Promise.resolve();
  #writeChain: Promise<unknown> = Promise.resolve();

  /** Use socket.makefile(); this constructor is internal. */
  constructor(sock: socket, mode: string, options: MakefileOptions = {}) {
    for (const c of mode) {
      if (c !== "r" && c !== "w" && c !== "b")
        throw new ValueError(`invalid mode '${mode}' (only r, w, b allowed)`);
    }
    const writing = mode.includes("w");
    const reading = mode.includes("r") || !writing;
    const binary = mode.includes("b");
    let bufsize = options.buffering ?? -1;
    if (bufsize < 0) bufsize = DEFAULT_BUFFER_SIZE;
    if (bufsize === 0 && !binary) throw new ValueError("unbuffered streams must be binary");
    this.#codec = binary ? null : new TextCodec(options.encoding, options.errors, options.newline);
    this.#sock = sock;
    this.#reading = reading;
    this.#writing = writing;
    this.#bufsize = bufsize;
    this.mode = binary ? `${reading ? "r" : ""}${writing ? "w" : ""}b` : mode;
    sock._increfIO();
  }

  /** The text encoding (text mode), or undefined. */
  get encoding(): string | undefined {
    return this.#codec?.encoding;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** name is the socket's descriptor, as Python's SocketIO.name. */
  get name(): number {
    return this.#closed ? -1 : this.#sock.fileno();
  }

  fileno(): number {
    this.#checkClosed();
    return this.#sock.fileno();
  }

  readable(): boolean {
    this.#checkClosed();
    return this.#reading;
  }

  writable(): boolean {
    this.#checkClosed();
    return this.#writing;
  }

  seekable(): boolean {
    this.#checkClosed();
    return false;
  }

  // ---- reading ---------------------------------------------------------------------------

  /** read(n=-1): n bytes or characters, fewer only at end of stream; n < 0 reads to end of stream. */
  read(n = -1): Promise<T> {
    return this.#readLocked<T>(async () => {
      if (this.#codec) return (await this.#readText(n)) as T;
      if (this.#bufsize === 0 && n >= 0) return (await this.#read1(n)) as T;
      return (await this.#readBytes(n)) as T;
    });
  }

  /** read1(n=-1): what one receive gives, at most n; waits only when nothing is buffered. */
  read1(n = -1): Promise<T> {
    return this.#readLocked<T>(async () => {
      if (!this.#codec) return (await this.#read1(n)) as T;
      if (this.#text.length === 0 && !this.#textEOF) await this.#fillText();
      return this.#takeText(n < 0 ? this.#text.length : codePointPrefix(this.#text, n)) as T;
    });
  }

  /**
   * readinto(buffer): read(buffer.length) into buffer (binary mode); returns how many bytes.
   * Received straight into `buffer` (recv_into), not gathered and copied.
   */
  readinto(buffer: Uint8Array): Promise<number> {
    return this.#readLocked(async () => {
      if (this.#codec) throw new UnsupportedOperation("readinto");
      if (this.#timedOut) throw new OSError(null, "cannot read from timed out object");
      let got = 0;
      while (got < buffer.length) {
        let n: number;
        try {
          n = await this.#sock.recv_into(buffer.subarray(got));
        } catch (err) {
          if (err instanceof TimeoutError) this.#timedOut = true;
          throw err;
        }
        if (n === 0) break;
        got += n;
        // Unbuffered, readinto is one receive, as a raw SocketIO's.
        if (this.#bufsize === 0) break;
      }
      return got;
    });
  }

  /** peek(n=1): buffered bytes without consuming them, receiving once if none are (binary mode). */
  peek(n = 1): Promise<Buffer> {
    return this.#readLocked(async () => {
      if (this.#codec) throw new UnsupportedOperation("peek");
      const inbox = await this.#inbox();
      return inbox.peek(Math.max(n, inbox.length));
    });
  }

  /** readline(limit=-1): one line including its line ending; at most limit bytes or characters. */
  readline(limit = -1): Promise<T> {
    return this.#readLocked<T>(
      async () => (this.#codec ? await this.#readlineText(limit) : await this.#readlineBytes(limit)) as T,
    );
  }

  /** readlines(hint=-1): the remaining lines; stops once hint bytes or characters were read when hint > 0. */
  async readlines(hint = -1): Promise<T[]> {
    const lines: T[] = [];
    let total = 0;
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) break;
      lines.push(line);
      total += line.length;
      if (hint > 0 && total >= hint) break;
    }
    return lines;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) return;
      yield line;
    }
  }

  // ---- writing ---------------------------------------------------------------------------

  /** write(data): buffers data (sends once the buffer is full) and returns its length. */
  async write(data: T): Promise<number> {
    this.#checkClosed();
    if (!this.#writing) throw new UnsupportedOperation("File or stream is not writable.");
    let bytes: Buffer;
    if (this.#codec) {
      if (typeof data !== "string") throw new TypeError("write() argument must be str, not bytes");
      bytes = this.#codec.encode(data);
    } else {
      if (typeof data === "string") throw new TypeError("a bytes-like object is required, not 'str'");
      // Copied: Python's writer owns its buffer, so the caller may reuse theirs at once.
      bytes = Buffer.from(data);
    }
    const size = this.#codec ? codePointLength(data as string) : bytes.length;
    this.#wbuf.push(bytes);
    this.#wlen += bytes.length;
    if (this.#wlen >= this.#bufsize) await this.flush();
    return size;
  }

  /** writelines(lines): write() each in turn; no line endings are added. */
  async writelines(lines: Iterable<T>): Promise<void> {
    for (const line of lines) await this.write(line);
  }

  /** flush(): sends everything buffered; resolves once the kernel holds it. */
  flush(): Promise<void> {
    if (this.#closed) return Promise.reject(new ValueError("flush of closed file"));
    return this.#flush();
  }

  #flush(): Promise<void> {
    const parts = this.#wbuf;
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.#wlen);
    this.#wbuf = [];
    this.#wlen = 0;
    const run = this.#writeChain.then(() => (data.length > 0 ? this.#sock.sendall(data) : undefined));
    this.#writeChain = run.catch(() => undefined);
    return run;
  }

  // ---- closing ---------------------------------------------------------------------------

  /** close(): flushes, then releases the socket (closing it if socket.close() was already called). */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (this.#writing) await this.#flush();
    } finally {
      this.#closed = true;
      await this.#sock._decrefIO();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- internals -------------------------------------------------------------------------

  #checkClosed(): void {
    if (this.#closed) throw new ValueError("I/O operation on closed file.");
  }

  #readLocked<R>(fn: () => Promise<R>): Promise<R> {
    try {
      this.#checkClosed();
      if (!this.#reading) throw new UnsupportedOperation("File or stream is not readable.");
    } catch (err) {
      return Promise.reject(err);
    }
    const run = this.#readChain.then(fn);
    this.#readChain = run.catch(() => undefined);
    return run;
  }

  async #inbox(): Promise<Inbox> {
    if (this.#timedOut) throw new OSError(null, "cannot read from timed out object");
    try {
      return await this.#sock._readable();
    } catch (err) {
      if (err instanceof TimeoutError) this.#timedOut = true;
      throw err;
    }
  }

  async #read1(n: number): Promise<Buffer> {
    if (n === 0) return EMPTY;
    const inbox = await this.#inbox();
    return inbox.take(n < 0 ? inbox.length : n);
  }

  async #readBytes(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let got = 0;
    while (n < 0 || got < n) {
      const inbox = await this.#inbox();
      if (inbox.length === 0) break;
      const chunk = inbox.take(n < 0 ? inbox.length : n - got);
      parts.push(chunk);
      got += chunk.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
  }

  async #readlineBytes(limit: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let got = 0;
    while (limit < 0 || got < limit) {
      const inbox = await this.#inbox();
      if (inbox.length === 0) break;
      const room = limit < 0 ? inbox.length : Math.min(limit - got, inbox.length);
      const at = inbox.indexOf(0x0a, room);
      const chunk = inbox.take(at === -1 ? room : at + 1);
      parts.push(chunk);
      got += chunk.length;
      if (at !== -1) break;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
  }

  /** Decodes one more receive into #text; false at end of stream. */
  async #fillText(): Promise<boolean> {
    if (this.#textEOF) return false;
    const inbox = await this.#inbox();
    if (inbox.length === 0) {
      this.#textEOF = true;
      this.#text += this.#codec!.decode(EMPTY, true);
      return false;
    }
    this.#text += this.#codec!.decode(inbox.take(inbox.length), false);
    return true;
  }

  #takeText(units: number): string {
    const out = this.#text.slice(0, units);
    this.#text = this.#text.slice(units);
    return out;
  }

  async #readText(n: number): Promise<string> {
    if (n < 0) {
      while (await this.#fillText());
      return this.#takeText(this.#text.length);
    }
    // Decoded pieces never split a surrogate pair, so their code points simply add up.
    let have = codePointLength(this.#text);
    while (have < n) {
      const before = this.#text.length;
      if (!(await this.#fillText())) break;
      have += codePointLength(this.#text.slice(before));
    }
    return this.#takeText(codePointPrefix(this.#text, n));
  }

  async #readlineText(limit: number): Promise<string> {
    let from = 0;
    for (;;) {
      const end = this.#codec!.lineEnd(this.#text.slice(from));
      const lineEnd = end === -1 ? -1 : from + end;
      if (limit < 0) {
        if (lineEnd !== -1) return this.#takeText(lineEnd);
      } else {
        const limitEnd = codePointPrefix(this.#text, limit);
        if (lineEnd !== -1 && lineEnd <= limitEnd) return this.#takeText(lineEnd);
        if (codePointLength(this.#text) >= limit) return this.#takeText(limitEnd);
      }
      // "\r\n" may straddle two receives: search again from one unit before the old end.
      from = Math.max(0, this.#text.length - 1);
      if (!(await this.#fillText())) return this.#takeText(this.#text.length);
    }
  }
}

/** makefile(sock, mode, options): the implementation behind socket.makefile(). */
export function makefile(
  sock: socket,
  mode: string,
  options: MakefileOptions = {},
): SocketIO<Buffer | string> {
  return new SocketIO<Buffer | string>(sock, mode, options);
}
