// POP3Transport: the connection under poplib.POP3, and poplib's internals (_putline, _putcmd,
// _getline, _getresp, _getlongresp, _shortcmd, _longcmd). Commands live in pop3.ts; subclasses
// change only the transport hook _create_socket, as POP3_SSL does in Python.
import { type Conn, type DebugSink, LineClient, type socket } from "@inetlib/socket";
import { error_proto } from "./errors.js";
import { _MAXLINE, MAX_RESPONSE_BYTES, MAX_RESPONSE_LINES, PIPELINE_WINDOW } from "./limits.js";
import { type Capabilities, parseCapa, timestamp } from "./response.js";
import { type LongResponse, poplibTrace, Wire } from "./wire.js";

/** POP3_PORT is the standard POP3 port. */
export const POP3_PORT = 110;
/** POP3_SSL_PORT is the POP3 over TLS port (RFC 8314). */
export const POP3_SSL_PORT = 995;

/** POP3Options are POP3's keyword arguments, and inetlib's bounds. */
export interface POP3Options {
  /** Seconds for every wait (connect, each read and write); null blocks; default getdefaulttimeout(). */
  timeout?: number | null;
  /** Aborting closes the connection; pending and later calls reject with AbortError. */
  signal?: AbortSignal;
  /** Longest line accepted, terminator included (default _MAXLINE, 2048). */
  maxline?: number;
  /** Bound on a multi-line reply read into memory, in octets (default MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  /** Bound on a multi-line reply read into memory, in lines (default MAX_RESPONSE_LINES). */
  maxResponseLines?: number;
  /**
   * Pipeline the *_many methods: true, false, or undefined to do so when CAPA offers
   * PIPELINING (RFC 2449 6.6).
   */
  pipelining?: boolean;
  /** Commands sent in one write when pipelining (default PIPELINE_WINDOW). */
  pipelineWindow?: number;
  /** Where set_debuglevel() output goes (default: stdout, as Python prints). */
  debugSink?: DebugSink;
}

/** POP3Transport is the part of POP3 that owns the connection; use POP3 or POP3_SSL. */
export class POP3Transport extends LineClient<Wire, POP3Options> {
  /** encoding is how commands are encoded (poplib.POP3.encoding). */
  static readonly encoding = "UTF-8";
  /** timestamp finds the APOP timestamp in the greeting (poplib.POP3.timestamp). */
  static readonly timestamp: RegExp = timestamp;
  readonly encoding = "UTF-8";
  readonly timestamp: RegExp = timestamp;

  port = POP3_PORT;
  /** The server's greeting, as getwelcome() returns it. */
  welcome: Buffer = Buffer.alloc(0);
  _tls_established = false;

  #caps: Capabilities | null = null;

  constructor(options: POP3Options = {}) {
    super(options, _MAXLINE);
  }

  /** connect opens the connection and reads the greeting, which it returns. */
  async connect(host: string, port: number = POP3_PORT): Promise<Buffer> {
    await this._connect(host, port, async (w) => {
      this.welcome = await w.getresp();
    });
    return this.welcome;
  }

  getwelcome(): Buffer {
    return this.welcome;
  }

  get _debugging(): number {
    return this._debug.level;
  }

  // ---- poplib's internals, usable as in Python (client._shortcmd("NOOP")) ----------------

  /** _putline sends `line` and CRLF; CR, LF or NUL inside it throws ValueError first. */
  _putline(line: Buffer): Promise<void> {
    return this._exclusive((w) => w.putcmd(line));
  }

  /** _putcmd sends a command line, encoded as UTF-8. */
  _putcmd(line: string): Promise<void> {
    return this._exclusive((w) => w.putcmd(line));
  }

  /** _getline returns [line, octets] (poplib's _getline). */
  _getline(): Promise<[Buffer, number]> {
    return this._exclusive((w) => w.getline());
  }

  _getresp(): Promise<Buffer> {
    return this._exclusive((w) => w.getresp());
  }

  _getlongresp(): Promise<LongResponse> {
    return this._exclusive((w) => w.getlongresp());
  }

  _shortcmd(line: string): Promise<Buffer> {
    return this._exclusive((w) => w.shortcmd(line));
  }

  _longcmd(line: string): Promise<LongResponse> {
    return this._exclusive((w) => w.longcmd(line));
  }

  // ---- shared by pop3.ts, auth.ts, pipeline.ts and stream.ts --------------------------------

  /**
   * _capabilities sends CAPA and parses it (cached: reuse the last answer, which is forgotten
   * whenever the session's state changes, RFC 2449 5). A failing CAPA throws
   * error_proto('-ERR CAPA not supported by server'), as poplib.
   */
  async _capabilities(w: Wire, cached = false): Promise<Capabilities> {
    if (cached && this.#caps) return this.#caps;
    let lines: Buffer[];
    try {
      [, lines] = await w.longcmd("CAPA");
    } catch (err) {
      if (err instanceof error_proto)
        throw new error_proto("-ERR CAPA not supported by server", { cause: err });
      throw err;
    }
    this.#caps = parseCapa(lines);
    return this.#caps;
  }

  /** _stateChanged forgets the cached capabilities (after a login, STLS or UTF8). */
  _stateChanged(): void {
    this.#caps = null;
  }

  /** _pipelining tells whether the *_many methods may pipeline: the option, else CAPA. */
  async _pipelining(w: Wire): Promise<boolean> {
    if (this.options.pipelining !== undefined) return this.options.pipelining;
    try {
      return "PIPELINING" in (await this._capabilities(w, true));
    } catch (err) {
      if (err instanceof error_proto) return false;
      throw err;
    }
  }

  /** _pipelineWindow is how many commands go out in one write. */
  get _pipelineWindow(): number {
    return Math.max(1, this.options.pipelineWindow ?? PIPELINE_WINDOW);
  }

  /**
   * _attach makes `sock` the connection: a new one, or the TLS one after STLS. Returns how
   * many bytes the reader held and dropped (received in clear, never to be read as TLS data).
   */
  protected override _attach(sock: socket): number {
    this.#caps = null;
    return super._attach(sock);
  }

  protected _session(conn: Conn, maxline: number): Wire {
    conn.trace = poplibTrace(this._debug);
    return new Wire(conn, {
      maxline,
      maxResponseBytes: this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
      maxResponseLines: this.options.maxResponseLines ?? MAX_RESPONSE_LINES,
    });
  }
}
