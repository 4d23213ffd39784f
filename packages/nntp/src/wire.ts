// Wire: nntplib's internal layer (_putline, _putcmd, _getline, _getresp, _getlongresp) over the
// core's Conn. It knows NNTP's reply shapes, its text encoding and the bounds; nothing about
// particular commands. It takes no lock: callers wrap each exchange in Conn.exclusive.
import {
  type Conn,
  type ConnTrace,
  checkArgument,
  type DebugTrace,
  type DotLines,
  LineTooLong,
  maskSecrets,
  pyrepr,
  ResponseTooLarge,
  stripEOL,
  UnexpectedEOF,
} from "@inetlib/socket";
import { decode, encode } from "./codec.js";
import {
  NNTPDataError,
  NNTPPermanentError,
  NNTPProtocolError,
  NNTPReplyError,
  NNTPTemporaryError,
  withCause,
} from "./errors.js";
import { _LONGRESP } from "./replies.js";
import { type FileArg, openSink, type Sink } from "./sink.js";

/** LongResponse is [response, lines]: lines as bytes, unstuffed, without terminators. */
export type LongResponse = [resp: string, lines: Buffer[]];

/** WireLimits are the bounds a Wire reads within. */
export interface WireLimits {
  maxline: number;
  maxResponseBytes: number;
  maxResponseLines: number;
}

const CRLF = Buffer.from("\r\n");

/** Wire sends commands and reads responses the way nntplib does. */
export class Wire {
  readonly conn: Conn;
  readonly limits: WireLimits;
  /** Called when the connection cannot be used any more (a response left half read). */
  onBroken: (() => void) | undefined;

  constructor(conn: Conn, limits: WireLimits) {
    this.conn = conn;
    this.limits = limits;
  }

  get debug(): DebugTrace {
    return this.conn.debug;
  }

  /** putline sends bytes and CRLF (nntplib's _putline); CR, LF or NUL inside throws ValueError first. */
  async putline(line: Uint8Array): Promise<void> {
    checkArgument(line);
    const data = Buffer.concat([line, CRLF]);
    if (this.debug.level > 1) this.debug.print("*put*", pyrepr(encode(maskSecrets(decode(data)))));
    await this.conn.sendall(data);
  }

  /**
   * putcmd sends a command line, encoded as UTF-8 with surrogateescape (nntplib's _putcmd).
   * Nothing is sent when it holds CR, LF or NUL (ValueError).
   */
  async putcmd(line: string): Promise<void> {
    await this.conn.cmd(encode(line));
  }

  /**
   * getline returns the next line as bytes, terminator removed unless `strip_crlf` is false
   * (nntplib's _getline). NNTPDataError('line too long') over maxline; EOFError at end of stream.
   */
  async getline(strip_crlf = true): Promise<Buffer> {
    let line: Buffer;
    try {
      line = await this.conn.readline(this.limits.maxline);
    } catch (err) {
      throw translate(err);
    }
    if (line.length === 0) throw new UnexpectedEOF();
    return strip_crlf ? stripEOL(line) : line;
  }

  /**
   * getresp reads a response line, decoded (nntplib's _getresp): 4xx throws
   * NNTPTemporaryError, 5xx NNTPPermanentError, anything not starting with 1-3
   * NNTPProtocolError (an empty line passes, as in Python).
   */
  async getresp(): Promise<string> {
    const raw = await this.getline();
    if (this.debug.level > 0) this.debug.print("*resp*", pyrepr(raw));
    const resp = decode(raw);
    const c = resp.slice(0, 1);
    if (c === "4") throw new NNTPTemporaryError(resp);
    if (c === "5") throw new NNTPPermanentError(resp);
    if (c !== "" && !"123".includes(c)) throw new NNTPProtocolError(resp);
    return resp;
  }

  /**
   * getlongresp reads a response and the block after it (nntplib's _getlongresp). Without
   * `file` the lines are returned, within the bounds; with one, each line goes to it with its
   * terminator, in constant memory, and the list is empty. A response code that has no block
   * throws NNTPReplyError.
   */
  async getlongresp(file: Sink | null = null): Promise<LongResponse> {
    const resp = await this.getresp();
    if (!_LONGRESP.has(resp.slice(0, 3))) throw new NNTPReplyError(resp);
    if (file !== null) {
      await this.copyBody(file);
      return [resp, []];
    }
    return [resp, await this.getbody()];
  }

  /** getbody reads the block after a response into memory, within the bounds. */
  async getbody(): Promise<Buffer[]> {
    try {
      const body = await this.conn.readDotBody({
        maxline: this.limits.maxline,
        maxBytes: this.limits.maxResponseBytes,
        maxLines: this.limits.maxResponseLines,
      });
      return body.lines;
    } catch (err) {
      throw this.#fatal(err);
    }
  }

  /**
   * copyBody writes the block after a response to `sink`, line by line with terminators. If
   * the sink fails, the rest of the block is still read (and dropped) so that the connection
   * stays in step; then the sink's error is thrown.
   */
  async copyBody(sink: Sink): Promise<void> {
    const lines = this.bodylines(true);
    let failure: unknown = null;
    let batch: Buffer[] = [];
    let size = 0;
    const flush = async () => {
      const data = Buffer.concat(batch, size);
      batch = [];
      size = 0;
      if (failure === null) await sink.write(data).catch((err: unknown) => (failure = err ?? new Error()));
    };
    try {
      for await (const line of lines) {
        batch.push(line);
        size += line.length;
        if (size >= 64 * 1024) await flush();
      }
    } catch (err) {
      throw translate(err);
    }
    if (size > 0) await flush();
    if (failure !== null) throw failure;
  }

  /** skipbody reads and drops the block after a response, in constant memory. */
  async skipbody(): Promise<void> {
    try {
      await this.bodylines(false).drain();
    } catch (err) {
      throw translate(err);
    }
  }

  /** bodylines iterates over the block after a response, one line at a time. */
  bodylines(keepends: boolean): DotLines {
    return this.conn.dotLines({ keepends, maxline: this.limits.maxline });
  }

  async shortcmd(line: string): Promise<string> {
    await this.putcmd(line);
    return this.getresp();
  }

  /** longcmd sends a command and reads its long response; a `file` is opened before anything is sent. */
  async longcmd(line: string, file: FileArg | null = null): Promise<LongResponse> {
    const sink = file === null ? null : await openSink(file);
    try {
      await this.putcmd(line);
      return await this.getlongresp(sink);
    } finally {
      await sink?.close();
    }
  }

  /** longcmdstring is longcmd with the lines decoded to strings (nntplib's _longcmdstring). */
  async longcmdstring(line: string, file: FileArg | null = null): Promise<[string, string[]]> {
    const [resp, lines] = await this.longcmd(line, file);
    return [resp, lines.map(decode)];
  }

  /** fatal translates a read error; one that leaves a response half read breaks the connection. */
  #fatal(err: unknown): unknown {
    if (err instanceof ResponseTooLarge) this.onBroken?.();
    return translate(err);
  }
}

/** translate maps the line layer's errors to nntplib's. */
export function translate(err: unknown): unknown {
  if (err instanceof LineTooLong) return withCause(new NNTPDataError("line too long"), err);
  if (err instanceof ResponseTooLarge) return withCause(new NNTPDataError(err.message), err);
  return err;
}

/**
 * nntplibTrace prints what nntplib prints: `*cmd* 'LINE'` at level 1 and up, `*put* b'LINE\r\n'`
 * and `*get* b'line\r\n'` above 1. Credentials are masked (Python prints them).
 */
export function nntplibTrace(debug: DebugTrace): ConnTrace {
  return {
    command: (line, secret) => {
      if (debug.level < 1) return;
      const text = decode(line);
      const shown = secret ? "*".repeat([...text].length) : maskSecrets(text);
      debug.print("*cmd*", pyrepr(shown));
      if (debug.level > 1) debug.print("*put*", pyrepr(Buffer.concat([encode(shown), CRLF])));
    },
    line: (line) => {
      if (debug.level > 1) debug.print("*get*", pyrepr(line));
    },
  };
}
