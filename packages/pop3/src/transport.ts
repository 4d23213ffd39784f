// POP3Transport: the connection under poplib.POP3, and poplib's internals (_putline, _putcmd,
// _getline, _getresp, _getlongresp, _shortcmd, _longcmd). Commands live in pop3.ts; subclasses
// change only the transport hook _create_socket, as POP3_SSL does in Python.
import {
  Conn,
  create_connection,
  type DebugSink,
  DebugTrace,
  getdefaulttimeout,
  oserror,
  type socket,
  ValueError,
} from "@inetlib/socket";
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
export class POP3Transport implements AsyncDisposable {
  /** encoding is how commands are encoded (poplib.POP3.encoding). */
  static readonly encoding = "UTF-8";
  /** timestamp finds the APOP timestamp in the greeting (poplib.POP3.timestamp). */
  static readonly timestamp: RegExp = timestamp;
  readonly encoding = "UTF-8";
  readonly timestamp: RegExp = timestamp;

  host = "";
  port = POP3_PORT;
  /** The connected socket (an SSLSocket after stls() or with POP3_SSL); null once closed. */
  sock: socket | null = null;
  /** The reader over `sock` (Python's makefile("rb")); null once closed. */
  file: Conn["reader"] | null = null;
  /** The server's greeting, as getwelcome() returns it. */
  welcome: Buffer = Buffer.alloc(0);
  _tls_established = false;

  readonly timeout: number | null;
  readonly signal: AbortSignal | undefined;
  protected readonly options: POP3Options;
  readonly #debug: DebugTrace;
  #wire: Wire | null = null;
  #caps: Capabilities | null = null;

  constructor(options: POP3Options = {}) {
    this.options = options;
    this.timeout = options.timeout === undefined ? getdefaulttimeout() : options.timeout;
    this.signal = options.signal;
    this.#debug = new DebugTrace(options.debugSink ? { sink: options.debugSink } : {});
  }

  /** connect opens the connection and reads the greeting, which it returns. */
  async connect(host: string, port: number = POP3_PORT): Promise<Buffer> {
    if (this.timeout !== null && !this.timeout)
      throw new ValueError("Non-blocking socket (timeout=0) is not supported");
    if (this.#wire) throw new ValueError("already connected");
    this.host = host;
    this.port = port;
    this._attach(await this._create_socket(this.timeout));
    try {
      this.welcome = await this._exclusive((w) => w.getresp());
    } catch (err) {
      await this.close();
      throw err;
    }
    return this.welcome;
  }

  /** _create_socket makes the connection (POP3_SSL overrides it to add TLS). */
  protected async _create_socket(timeout: number | null): Promise<socket> {
    return create_connection(
      [this.host, this.port],
      timeout,
      null,
      this.signal ? { signal: this.signal } : {},
    );
  }

  /** close closes the connection without assuming anything about it (no QUIT). */
  async close(): Promise<void> {
    const sock = this.sock;
    this.#wire = null;
    this.file = null;
    this.sock = null;
    if (sock) await sock.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  getwelcome(): Buffer {
    return this.welcome;
  }

  /** set_debuglevel: 1 prints each command, 2 and up also every line sent and received. */
  set_debuglevel(level: number): void {
    this.#debug.set_debuglevel(level);
  }

  get _debugging(): number {
    return this.#debug.level;
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
   * _exclusive runs `fn` with the connection to itself, after every exchange started before
   * it: overlapping calls never interleave their commands and replies.
   */
  _exclusive<T>(fn: (wire: Wire) => Promise<T> | T): Promise<T> {
    const wire = this.#wire;
    if (!wire) return Promise.reject(oserror("ENOTCONN"));
    return wire.conn.exclusive(async () => {
      if (this.#wire !== wire) throw oserror("EBADF");
      return fn(wire);
    });
  }

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

  /** _debug is the trace set_debuglevel() drives. */
  get _debug(): DebugTrace {
    return this.#debug;
  }

  /**
   * _attach makes `sock` the connection: a new one, or the TLS one after STLS. Returns how
   * many bytes the reader held and dropped (received in clear, never to be read as TLS data).
   */
  protected _attach(sock: socket): number {
    const wire = this.#wire;
    this.sock = sock;
    this.#caps = null;
    if (wire) return wire.conn.replaceSocket(sock);
    const maxline = this.options.maxline ?? _MAXLINE;
    const conn = new Conn(sock, { maxline, debug: this.#debug });
    conn.trace = poplibTrace(this.#debug);
    const fresh = new Wire(conn, {
      maxline,
      maxResponseBytes: this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
      maxResponseLines: this.options.maxResponseLines ?? MAX_RESPONSE_LINES,
    });
    fresh.onBroken = () => void this.close();
    this.file = conn.reader;
    this.#wire = fresh;
    return 0;
  }
}
