// LineClient: the connection half every line-protocol client shares (poplib.POP3, nntplib.NNTP):
// the timeout, the abort signal, the debug trace, connecting, STARTTLS's socket swap and the
// one-exchange-at-a-time lock. What is said over the connection stays in the protocol package.
import { create_connection } from "../connection.js";
import { type DebugSink, DebugTrace } from "../debug.js";
import { oserror, ValueError } from "../errors.js";
import type { socket } from "../socket.js";
import { getdefaulttimeout } from "../timeout.js";
import { Conn } from "./conn.js";
import type { Reader } from "./reader.js";

/** LineClientOptions are the keyword arguments every line-protocol client takes. */
export interface LineClientOptions {
  /** Seconds for every wait (connect, each read and write); null blocks; default getdefaulttimeout(). */
  timeout?: number | null;
  /** Aborting closes the connection; pending and later calls reject with AbortError. */
  signal?: AbortSignal;
  /** Longest line accepted, terminator included (default: the protocol's). */
  maxline?: number;
  /** Where set_debuglevel() output goes (default: stdout, as Python prints). */
  debugSink?: DebugSink;
}

/** LineSession is what a protocol speaks through over a Conn (its reply readers). */
export interface LineSession {
  readonly conn: Conn;
  /** Called when the session can no longer be trusted (a reply past its bounds): the client closes. */
  onBroken: (() => void) | undefined;
}

/**
 * LineClient owns the connection of a line protocol's client. A subclass says how to speak
 * over a Conn (_session) and when the connection is ready (the `init` it gives _connect);
 * an SSL subclass overrides _create_socket only, as Python's POP3_SSL and NNTP_SSL do.
 */
export abstract class LineClient<S extends LineSession, O extends LineClientOptions = LineClientOptions>
  implements AsyncDisposable
{
  host = "";
  abstract port: number;
  /** The connected socket (an SSLSocket after STARTTLS or with the SSL class); null once closed. */
  sock: socket | null = null;
  /** The reader over `sock` (Python's makefile("rb")); null once closed. */
  file: Reader | null = null;

  readonly timeout: number | null;
  readonly signal: AbortSignal | undefined;
  protected readonly options: O;
  readonly #debug: DebugTrace;
  readonly #maxline: number;
  #session: S | null = null;

  /** `maxline` is the protocol's default bound on a line (Python's _MAXLINE). */
  constructor(options: O, maxline: number) {
    this.options = options;
    this.timeout = options.timeout === undefined ? getdefaulttimeout() : options.timeout;
    this.signal = options.signal;
    this.#maxline = maxline;
    this.#debug = new DebugTrace(options.debugSink ? { sink: options.debugSink } : {});
  }

  /** _session wraps a new Conn in the protocol's reply readers; `maxline` is the bound in force. */
  protected abstract _session(conn: Conn, maxline: number): S;

  /**
   * _connect opens the connection to host:port and runs `init` (read the greeting...) as its
   * first exchange; if `init` fails the connection is closed. A timeout of 0 is refused, as
   * Python refuses a non-blocking socket.
   */
  protected async _connect(host: string, port: number, init: (session: S) => Promise<void>): Promise<void> {
    if (this.timeout !== null && !this.timeout)
      throw new ValueError("Non-blocking socket (timeout=0) is not supported");
    if (this.#session) throw new ValueError("already connected");
    this.host = host;
    this.port = port;
    this._attach(await this._create_socket(this.timeout));
    try {
      await this._exclusive(init);
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** _create_socket makes the connection (the SSL subclasses override it to add TLS). */
  protected async _create_socket(timeout: number | null): Promise<socket> {
    return create_connection(
      [this.host, this.port],
      timeout,
      null,
      this.signal ? { signal: this.signal } : {},
    );
  }

  /** close closes the connection without saying goodbye (no QUIT). */
  async close(): Promise<void> {
    const session = this.#session;
    const sock = this.sock;
    this.#session = null;
    this.file = null;
    this.sock = null;
    // The Conn's socket may be a layer over `sock` (compression): closing it closes both.
    if (session) await session.conn.close();
    else if (sock) await sock.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** set_debuglevel: 1 prints each command, 2 and up also every line sent and received. */
  set_debuglevel(level: number): void {
    this.#debug.set_debuglevel(level);
  }

  /** _debug is the trace set_debuglevel() drives. */
  get _debug(): DebugTrace {
    return this.#debug;
  }

  /** _connected tells whether a connection is open. */
  protected get _connected(): boolean {
    return this.#session !== null;
  }

  /**
   * _exclusive runs `fn` with the connection to itself, after every exchange started before
   * it: overlapping calls never interleave their commands and replies. Rejects with ENOTCONN
   * when not connected, EBADF when the connection closed while `fn` waited its turn.
   */
  _exclusive<T>(fn: (session: S) => Promise<T> | T): Promise<T> {
    const session = this.#session;
    if (!session) return Promise.reject(oserror("ENOTCONN"));
    return session.conn.exclusive(async () => {
      if (this.#session !== session) throw oserror("EBADF");
      return fn(session);
    });
  }

  /**
   * _attach makes `sock` the connection: a new one, or the TLS one after STARTTLS, whose
   * reader starts empty (bytes received in clear are never read as TLS data). Returns how
   * many bytes were dropped.
   */
  protected _attach(sock: socket): number {
    this.sock = sock;
    const session = this.#session;
    if (session) return session.conn.replaceSocket(sock);
    const maxline = this.options.maxline ?? this.#maxline;
    const fresh = this._session(new Conn(sock, { maxline, debug: this.#debug }), maxline);
    fresh.onBroken = () => void this.close();
    this.file = fresh.conn.reader;
    this.#session = fresh;
    return 0;
  }
}
