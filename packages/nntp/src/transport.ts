// NNTPTransport: the connection under nntplib.NNTP, nntplib's internals (_putline, _putcmd,
// _getline, _getresp, _getlongresp, _shortcmd, _longcmd, _longcmdstring) and the session's
// state (welcome, capabilities, TLS, compression). Commands live in nntp.ts; NNTP_SSL changes
// only the transport hook _create_socket, as in Python.
import {
  AbortError,
  type Conn,
  type DebugSink,
  EOFError,
  LineClient,
  layerConn,
  OSError,
  pyrepr,
  type SocketLike,
  type socket,
  ValueError,
} from "@inetlib/socket";
import { decode } from "./codec.js";
import { NNTPPermanentError, NNTPTemporaryError } from "./errors.js";
import { _MAXLINE, MAX_RESPONSE_BYTES, MAX_RESPONSE_LINES, PIPELINE_WINDOW } from "./limits.js";
import { toInt } from "./pystr.js";
import { type Capabilities, parseCapabilities } from "./replies.js";
import { type FileArg, openSink } from "./sink.js";
import { type LongResponse, nntplibTrace, Wire } from "./wire.js";

/** NNTP_PORT is the standard NNTP port. */
export const NNTP_PORT = 119;
/** NNTP_SSL_PORT is the NNTP over TLS port (RFC 4642 names 563). */
export const NNTP_SSL_PORT = 563;

/** NNTPOptions are NNTP's keyword arguments, and inetlib's additions. */
export interface NNTPOptions {
  /** Log in with AUTHINFO USER/PASS after connecting (open() only, as Python's constructor). */
  user?: string | null;
  password?: string | null;
  /** Send MODE READER after connecting, unless the server is in reader mode already. */
  readermode?: boolean | null;
  /** Look the login up in ~/.netrc (or `netrcFile`) when no user is given. */
  usenetrc?: boolean;
  /** The .netrc file usenetrc reads (default ~/.netrc, with Python's permission check). */
  netrcFile?: string | null;
  /** Seconds for every wait (connect, TLS, each read and write); null blocks; default getdefaulttimeout(). 0 is refused, as in Python. */
  timeout?: number | null;
  /** Aborting closes the connection; pending and later calls reject with AbortError. */
  signal?: AbortSignal;
  /** Longest line accepted, terminator included (default _MAXLINE, 2048). */
  maxline?: number;
  /** Bound on a multi-line response read into memory, in octets (default MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  /** Bound on a multi-line response read into memory, in lines (default MAX_RESPONSE_LINES). */
  maxResponseLines?: number;
  /** Commands in flight in articles(), heads(), bodies() and stats() (default PIPELINE_WINDOW; 1 turns pipelining off). */
  pipelineWindow?: number;
  /** Turn on COMPRESS DEFLATE (RFC 8054) in open(), after any login, when the server offers it. */
  compress?: boolean;
  /** Where set_debuglevel() output goes (default: stdout, as Python prints). */
  debugSink?: DebugSink;
}

/** NNTPTransport is the part of NNTP that owns the connection; use NNTP or NNTP_SSL. */
export class NNTPTransport extends LineClient<Wire, NNTPOptions> {
  /** encoding and errors: how commands and responses are encoded (nntplib.NNTP.encoding/.errors). */
  static readonly encoding = "utf-8";
  static readonly errors = "surrogateescape";
  readonly encoding = "utf-8";
  readonly errors = "surrogateescape";

  port = NNTP_PORT;
  /** The server's greeting, or MODE READER's answer after it. */
  welcome = "";
  /** The capabilities last read (null while unknown); {} when the server has no CAPABILITIES. */
  _caps: Capabilities | null = null;
  /** The highest VERSION the server advertises (1 when it has no CAPABILITIES). */
  nntp_version = 1;
  /** IMPLEMENTATION, words joined by spaces, or null. */
  nntp_implementation: string | null = null;
  /** MODE READER was refused with 480: login() sends it again afterwards. */
  readermode_afterauth = false;
  /** TLS is on (starttls() succeeded, or NNTP_SSL). */
  tls_on = false;
  /** login() succeeded (Python never sets it; inetlib does, so that starttls() refuses to follow). */
  authenticated = false;
  /** COMPRESS DEFLATE is on (RFC 8054). */
  compress_on = false;
  /** The overview format once read (nntplib's _cachedoverviewfmt). */
  _cachedoverviewfmt: string[] | null = null;

  constructor(options: NNTPOptions = {}) {
    super(options, _MAXLINE);
  }

  /**
   * connect opens the connection and does what nntplib's _base_init does: reads the greeting,
   * the capabilities, and sends MODE READER if `readermode` asks for it. Returns the welcome.
   * Logging in is open()'s (or login()'s) business.
   */
  async connect(host: string, port: number = NNTP_PORT): Promise<string> {
    await this._connect(host, port, (w) => this._base_init(w, this.options.readermode ?? null));
    return this.welcome;
  }

  /** _base_init: the greeting, the capabilities, MODE READER (nntplib's _base_init). */
  async _base_init(w: Wire, readermode: boolean | null): Promise<void> {
    this.welcome = await w.getresp();
    this._caps = null;
    await this._getcapabilities(w);
    // The order of MODE READER and AUTHINFO differs between servers: a 480 to MODE READER
    // means "log in first", and login() sends it again.
    this.readermode_afterauth = false;
    if (readermode && !("READER" in this._caps!)) {
      await this._setreadermode(w);
      if (!this.readermode_afterauth) await this._getcapabilities(w, true);
    }
    this.tls_on = false;
    this.authenticated = false;
  }

  /** _close is close() under nntplib's name. */
  _close(): Promise<void> {
    return this.close();
  }

  /** [Symbol.asyncDispose] is __exit__: quit() if still connected (connection errors ignored), then close. */
  override async [Symbol.asyncDispose](): Promise<void> {
    if (!this._connected) return;
    try {
      await this._quit();
    } catch (err) {
      if (!(err instanceof OSError || err instanceof EOFError || err instanceof AbortError)) throw err;
    } finally {
      await this.close();
    }
  }

  /** getwelcome returns the greeting (200: posting allowed, 201: not). */
  getwelcome(): string {
    if (this.debugging) this._debug.print("*welcome*", pyrepr(this.welcome));
    return this.welcome;
  }

  /**
   * getcapabilities returns the capabilities read at connect time (after login or STARTTLS,
   * the new ones), asking the server only when they are not known; {} when the server has
   * no CAPABILITIES command.
   */
  getcapabilities(): Promise<Capabilities> {
    if (this._caps) return Promise.resolve(this._caps);
    return this._exclusive((w) => this._getcapabilities(w));
  }

  /** debug is set_debuglevel under its other name. */
  debug(level: number): void {
    this.set_debuglevel(level);
  }

  /** debugging is the debug level (nntplib's attribute). */
  get debugging(): number {
    return this._debug.level;
  }

  // ---- nntplib's internals, usable as in Python (server._shortcmd("XYZZY")) ---------------

  _putline(line: Uint8Array): Promise<void> {
    return this._exclusive((w) => w.putline(line));
  }

  _putcmd(line: string): Promise<void> {
    return this._exclusive((w) => w.putcmd(line));
  }

  _getline(strip_crlf = true): Promise<Buffer> {
    return this._exclusive((w) => w.getline(strip_crlf));
  }

  _getresp(): Promise<string> {
    return this._exclusive((w) => w.getresp());
  }

  _getlongresp(file: FileArg | null = null): Promise<LongResponse> {
    return this._exclusive(async (w) => {
      const sink = file === null ? null : await openSink(file);
      try {
        return await w.getlongresp(sink);
      } finally {
        await sink?.close();
      }
    });
  }

  _shortcmd(line: string): Promise<string> {
    return this._exclusive((w) => w.shortcmd(line));
  }

  _longcmd(line: string, file: FileArg | null = null): Promise<LongResponse> {
    return this._exclusive((w) => w.longcmd(line, file));
  }

  _longcmdstring(line: string, file: FileArg | null = null): Promise<[string, string[]]> {
    return this._exclusive((w) => w.longcmdstring(line, file));
  }

  // ---- shared by the command files -----------------------------------------------------------

  /**
   * _getcapabilities reads CAPABILITIES unless known (or `reread`); a 4xx or 5xx means the
   * server has none ({}). Sets nntp_version and nntp_implementation.
   */
  async _getcapabilities(w: Wire, reread = false): Promise<Capabilities> {
    if (this._caps && !reread) return this._caps;
    this.nntp_version = 1;
    this.nntp_implementation = null;
    let caps: Capabilities;
    try {
      const [, lines] = await w.longcmd("CAPABILITIES");
      caps = parseCapabilities(lines.map(decode));
    } catch (err) {
      if (!(err instanceof NNTPPermanentError || err instanceof NNTPTemporaryError)) throw err;
      caps = {};
    }
    this._caps = caps;
    const versions = (caps.VERSION ?? []).map((v) => toInt(v));
    if (versions.length > 0) {
      if (versions.some((v) => v === null))
        throw new ValueError(`invalid VERSION: ${caps.VERSION!.join(" ")}`);
      this.nntp_version = Math.max(...(versions as number[]));
    }
    if (caps.IMPLEMENTATION) this.nntp_implementation = caps.IMPLEMENTATION.join(" ");
    return caps;
  }

  /** _setreadermode sends MODE READER; a 5xx is ignored, a 480 defers it to after login(). */
  async _setreadermode(w: Wire): Promise<void> {
    try {
      this.welcome = await w.shortcmd("mode reader");
    } catch (err) {
      if (err instanceof NNTPPermanentError) return;
      if (err instanceof NNTPTemporaryError && err.response.startsWith("480")) {
        this.readermode_afterauth = true;
        return;
      }
      throw err;
    }
  }

  /** _quit sends QUIT and closes the connection whatever the answer. */
  async _quit(): Promise<string> {
    try {
      return await this._exclusive((w) => w.shortcmd("QUIT"));
    } finally {
      await this.close();
    }
  }

  /** _pipelineWindow is how many commands the pipelined methods keep in flight. */
  get _pipelineWindow(): number {
    return Math.max(1, Math.floor(this.options.pipelineWindow ?? PIPELINE_WINDOW));
  }

  /**
   * _attach makes `sock` the connection: a new one, or the TLS one after STARTTLS, whose
   * reader starts empty (bytes received in clear are never read as TLS data). Returns how
   * many bytes were dropped.
   */
  override _attach(sock: socket): number {
    return super._attach(sock);
  }

  protected _session(conn: Conn, maxline: number): Wire {
    conn.trace = nntplibTrace(this._debug);
    return new Wire(conn, {
      maxline,
      maxResponseBytes: this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
      maxResponseLines: this.options.maxResponseLines ?? MAX_RESPONSE_LINES,
    });
  }

  /**
   * _layer puts a layer (compression) between the line layer and the socket. What the reader
   * held already came through the new layer's encoding, so it goes to the layer first.
   */
  async _layer(w: Wire, make: (inner: SocketLike, leftover: Buffer) => SocketLike): Promise<void> {
    await layerConn(w.conn, make);
  }
}
