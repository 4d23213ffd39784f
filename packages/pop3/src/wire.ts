// Wire: poplib's internal layer (_putline, _putcmd, _getline, _getresp, _getlongresp) over the
// core's Conn. It knows the POP3 reply shapes and the bounds, nothing about commands.
import {
  type Conn,
  type ConnTrace,
  type DebugTrace,
  type DotLines,
  LineTooLong,
  maskSecrets,
  pyrepr,
  ResponseTooLarge,
  UnexpectedEOF,
} from "@inetlib/socket";
import { error_proto } from "./errors.js";
import { stripLine } from "./response.js";

/** LongResponse is a multi-line reply as poplib returns it: [response, lines, octets]. */
export type LongResponse = [resp: Buffer, lines: Buffer[], octets: number];

/** WireLimits are the bounds a Wire reads within. */
export interface WireLimits {
  maxline: number;
  maxResponseBytes: number;
  maxResponseLines: number;
}

const PLUS = 0x2b;

/**
 * Wire sends commands and reads replies the way poplib does. It takes no lock: callers wrap
 * each exchange in Conn.exclusive.
 */
export class Wire {
  readonly conn: Conn;
  readonly limits: WireLimits;
  /** Called when the connection cannot be used any more (a reply over its bound). */
  onBroken: (() => void) | undefined;

  constructor(conn: Conn, limits: WireLimits) {
    this.conn = conn;
    this.limits = limits;
  }

  get debug(): DebugTrace {
    return this.conn.debug;
  }

  /** putcmd sends one command line (poplib's _putcmd); `secret` masks all of it in the trace. */
  async putcmd(line: string | Buffer, secret = false): Promise<void> {
    if (secret) this.debug.markSecret();
    await this.conn.cmd(line);
  }

  /** getline reads one line as poplib's _getline: [line without terminator, octets received]. */
  async getline(): Promise<[Buffer, number]> {
    const raw = await this.#rawline();
    return [stripLine(raw), raw.length];
  }

  /** getresp reads a status line; anything not starting with "+" throws error_proto(line). */
  async getresp(): Promise<Buffer> {
    const resp = stripLine(await this.#rawline());
    if (this.debug.level > 1) this.debug.print("*resp*", pyrepr(resp));
    if (resp[0] !== PLUS) throw new error_proto(resp);
    return resp;
  }

  /**
   * getbody reads the dot-terminated lines after a +OK, unstuffed, within the bounds:
   * [lines, octets] with octets counted as poplib counts them.
   */
  async getbody(): Promise<[Buffer[], number]> {
    try {
      // poplib's _getline strips CRLF, LF and LFCR endings (with LFCR the CR opens the next
      // line): the core's `lfcr` rule, applied as the lines are cut, not by a second pass.
      const body = await this.conn.readDotBody({
        lfcr: true,
        maxline: this.limits.maxline,
        maxBytes: this.limits.maxResponseBytes,
        maxLines: this.limits.maxResponseLines,
      });
      return [body.lines, body.octets];
    } catch (err) {
      throw this.#fatal(err);
    }
  }

  /** skipbody reads and drops a dot-terminated body, in constant memory. */
  async skipbody(): Promise<void> {
    try {
      await this.conn.dotLines({ maxline: this.limits.maxline }).drain();
    } catch (err) {
      throw translate(err);
    }
  }

  /** bodylines iterates over a dot-terminated body, one line (terminator kept) at a time. */
  bodylines(): DotLines {
    return this.conn.dotLines({ keepends: true, maxline: this.limits.maxline });
  }

  /** getlongresp is poplib's _getlongresp: the status line, then the body. */
  async getlongresp(): Promise<LongResponse> {
    const resp = await this.getresp();
    const [lines, octets] = await this.getbody();
    return [resp, lines, octets];
  }

  async shortcmd(line: string, secret = false): Promise<Buffer> {
    await this.putcmd(line, secret);
    return this.getresp();
  }

  async longcmd(line: string): Promise<LongResponse> {
    await this.conn.cmd(line);
    return this.getlongresp();
  }

  /** #rawline reads one line, terminator kept: a line already received without waiting. */
  async #rawline(): Promise<Buffer> {
    let raw: Buffer;
    try {
      const reader = this.conn.reader;
      const maxline = this.limits.maxline;
      raw = reader.tryReadline(maxline) ?? (await reader.readline(maxline));
    } catch (err) {
      throw translate(err);
    }
    if (raw.length === 0) throw new error_proto("-ERR EOF");
    return raw;
  }

  /** fatal translates a read error; one that leaves the rest of a reply unread breaks the connection. */
  #fatal(err: unknown): unknown {
    if (err instanceof ResponseTooLarge) this.onBroken?.();
    return translate(err);
  }
}

/** translate maps the core's protocol errors to poplib's: error_proto with Python's messages. */
export function translate(err: unknown): unknown {
  if (err instanceof LineTooLong) return new error_proto("line too long", { cause: err });
  if (err instanceof UnexpectedEOF) return new error_proto("-ERR EOF", { cause: err });
  if (err instanceof ResponseTooLarge) return new error_proto(`-ERR ${err.message}`, { cause: err });
  return err;
}

/**
 * poplibTrace prints what poplib prints: `*cmd* 'LINE'` at level 1 and up, `*put* b'LINE'` and
 * `*get* b'line\r\n'` above 1; credentials are masked (Python prints them).
 */
export function poplibTrace(debug: DebugTrace): ConnTrace {
  return {
    command: (line, secret) => {
      if (debug.level < 1) return;
      const text = line.toString("utf8");
      const shown = secret ? "*".repeat([...text].length) : maskSecrets(text);
      debug.print("*cmd*", pyrepr(shown));
      if (debug.level > 1) debug.print("*put*", pyrepr(Buffer.from(shown, "utf8")));
    },
    line: (line) => {
      if (debug.level > 1) debug.print("*get*", pyrepr(line));
    },
  };
}
