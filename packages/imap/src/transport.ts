// IMAP4Transport: the connection under imaplib.IMAP4 and its overridable hooks (open, read,
// readline, send, shutdown, socket), the debug log (_mesg, _log, print_log), and the lock that
// keeps overlapping calls from interleaving their commands and responses. The protocol engine
// is core.ts; the commands are imap4.ts.
import {
  CallLock,
  Conn,
  create_connection,
  type DebugSink,
  DebugTrace,
  DeflateSocket,
  getdefaulttimeout,
  LineTooLong,
  layerConn,
  maskSecrets,
  OSError,
  oserror,
  pyrepr,
  type Reader,
  SHUT_RDWR,
  type SocketLike,
  type socket,
  ValueError,
} from "@inetlib/socket";
import { IMAP4_PORT } from "./commands.js";
import { abort, error } from "./errors.js";
import { _MAXLINE, _SAFE_BUF_SIZE, MAX_LITERAL_SIZE } from "./limits.js";

const noop = (): void => {};

/** TraceDirection marks a line sent ("> ") or received ("< "), as imaplib's debug output does. */
export type TraceDirection = "> " | "< ";

/** traceLine is how imaplib shows a line sent or received: "> b'...'" or "< b'...'", credentials masked. */
export function traceLine(dir: TraceDirection, line: Buffer): string {
  return `${dir}${pyrepr(dir === "> " ? Buffer.from(maskSecrets(line.toString("latin1")), "latin1") : line)}`;
}

interface LogEntry {
  /** What _log() was given; null for a line (_log_line()). */
  text: string | (() => string) | null;
  dir: TraceDirection;
  line: Buffer | null;
  secs: number;
}

/** IMAP4Options are IMAP4's keyword arguments, and inetlib's bounds. */
export interface IMAP4Options {
  /** Seconds for every wait (connect, each read and write); null blocks; default getdefaulttimeout(). */
  timeout?: number | null;
  /** Aborting closes the connection; pending and later calls reject with AbortError. */
  signal?: AbortSignal;
  /** Longest response line accepted, CRLF included (default _MAXLINE, 1,000,000). */
  maxline?: number;
  /** Largest literal read into memory (default MAX_LITERAL_SIZE); fetch_iter() streams without it. */
  maxLiteralSize?: number;
  /** Most untagged responses one command may collect (default MAX_UNTAGGED_RESPONSES); more raise abort. */
  maxUntaggedResponses?: number;
  /** Most bytes of untagged responses one command may collect (default MAX_UNTAGGED_BYTES); more raise abort. */
  maxUntaggedBytes?: number;
  /** Send literals without waiting for "+" when the server offers LITERAL+ or LITERAL- (default true). */
  literalPlus?: boolean;
  /** The debug level to start with (imaplib.Debug; 0 is silent, 4 shows every line). */
  debug?: number;
  /** Where debug output goes (default: stderr, as imaplib's _mesg writes). */
  debugSink?: DebugSink;
  /** The tag prefix (default: four random letters A-P, as imaplib's Int2AP(random)). */
  tagpre?: string;
}

/** TimedSource is a transport whose reads can be given a timeout (a socket, or IMAP4_stream's pipes). */
export interface TimedSource extends SocketLike {
  gettimeout(): number | null;
  settimeout(timeout: number | null): void;
}

/** Hold is the connection taken for a caller that paces its own reads (IDLE, streamed FETCH). */
export interface Hold {
  /** run executes `fn` as the lock's owner: it calls the unlocked internals, not the public methods. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  release(): void;
}

/** IMAP4Transport is the part of IMAP4 that owns the connection; use IMAP4, IMAP4_SSL or IMAP4_stream. */
export class IMAP4Transport implements AsyncDisposable {
  /** The server's host name as given ("" means localhost); null for IMAP4_stream. */
  host: string | null = "";
  port: number | null = IMAP4_PORT;
  /** The connected socket (an SSLSocket after starttls() or with IMAP4_SSL); null when closed. */
  sock: socket | null = null;
  /** The buffered reader over the connection (Python's makefile("rb")); null when closed. */
  file: Reader | null = null;

  readonly timeout: number | null;
  readonly signal: AbortSignal | undefined;
  protected readonly options: IMAP4Options;
  readonly #trace: DebugTrace;
  #conn: Conn | null = null;
  // Entries are formatted only when print_log() prints them: a FETCH of 1,000 messages would
  // otherwise repr() every line it reads at debug level 0. A line is kept as it came, with its
  // direction, in a slot reused round the ring: no closure or array per line.
  #cmdLog: Array<LogEntry | undefined> = [];
  #cmdLogIdx = 0;
  /** _cmd_log_len is how many interactions print_log() shows. */
  readonly _cmd_log_len = 10;
  readonly #lock = new CallLock();
  #holder: string | null = null;

  constructor(options: IMAP4Options = {}) {
    this.options = options;
    this.timeout = options.timeout === undefined ? getdefaulttimeout() : options.timeout;
    this.signal = options.signal;
    this.#trace = new DebugTrace({
      stream: "stderr",
      level: options.debug ?? 0,
      ...(options.debugSink ? { sink: options.debugSink } : {}),
    });
  }

  /** debug is the debug level (imaplib's IMAP4.debug): 1 notes NO/BAD/BYE, 3 capabilities, 4 every line, 5 everything. */
  get debug(): number {
    return this.#trace.level;
  }

  set debug(level: number) {
    this.#trace.set_debuglevel(level);
  }

  /** maxline is the longest response line accepted (the option, else _MAXLINE). */
  get maxline(): number {
    return this.options.maxline ?? _MAXLINE;
  }

  /** maxLiteralSize is the largest literal read into memory (the option, else MAX_LITERAL_SIZE). */
  get maxLiteralSize(): number {
    return this.options.maxLiteralSize ?? MAX_LITERAL_SIZE;
  }

  // ---- imaplib's overridable methods ------------------------------------------------------

  /**
   * open connects to host:port (localhost and IMAP4_PORT by default) and sets up sock and
   * file; the routines read, readline, send and shutdown use them. No greeting is read: that is
   * connect()'s work (Python's constructor does both).
   */
  async open(host = "", port: number = IMAP4_PORT, timeout: number | null = this.timeout): Promise<void> {
    this.host = host;
    this.port = port;
    const sock = await this._create_socket(timeout);
    this.sock = sock;
    this._attach(sock);
  }

  /** _create_socket makes the connection (IMAP4_SSL adds TLS). */
  protected async _create_socket(timeout: number | null): Promise<socket> {
    if (timeout !== null && !timeout)
      throw new ValueError("Non-blocking socket (timeout=0) is not supported");
    return create_connection(
      [this.host ? this.host : null, this.port ?? IMAP4_PORT],
      timeout,
      null,
      this.signal ? { signal: this.signal } : {},
    );
  }

  /** read returns `size` bytes from the server (fewer at end of stream), read in pieces of at most _SAFE_BUF_SIZE. */
  read(size: number): Promise<Buffer> {
    return this._exclusive(() => this.#read(size));
  }

  /** _read_hook is read() for a caller that holds the lock: an override of read() is called. */
  _read_hook(size: number): Promise<Buffer> {
    if (this.read === IMAP4Transport.prototype.read) return this.#read(size);
    return this.#lock.reenter(() => this.read(size));
  }

  #read(size: number): Promise<Buffer> {
    // A literal that fits one piece (nearly all) is the reader's own read, with no promise around it.
    if (size <= _SAFE_BUF_SIZE && this.file !== null) return this.file.read(size);
    return this.#readPieces(size);
  }

  async #readPieces(size: number): Promise<Buffer> {
    const file = this.#file();
    let cursize = Math.min(size, _SAFE_BUF_SIZE);
    const parts = [await file.read(cursize)];
    let got = parts[0]!.length;
    while (cursize < size && got === cursize) {
      const delta = Math.min(cursize, size - cursize);
      const more = await file.read(delta);
      parts.push(more);
      got += more.length;
      cursize += delta;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
  }

  /**
   * _readline_now is readline()'s fast path for the engine: the next line when it was already
   * received, without a promise; null when it must be awaited (with readline(), which also
   * reports a line over maxline found here). Only while the caller holds the connection, and
   * only when readline() is this class's own.
   */
  _readline_now(): Buffer | null {
    const file = this.file;
    if (file === null || this.#tooLong || this.readline !== IMAP4Transport.prototype.readline) return null;
    if (!this.#lock.busy) return null;
    try {
      return file.tryReadline(this.maxline);
    } catch (err) {
      if (!(err instanceof LineTooLong)) throw err;
      this.#tooLong = err;
      return null;
    }
  }

  #tooLong: LineTooLong | null = null;

  /**
   * _read_now is read()'s fast path for the engine: `size` bytes when they were already
   * received, without a promise; null when they must be awaited with read(). Only while the
   * caller holds the connection, only for a literal that fits one piece, and only when read()
   * is this class's own.
   */
  _read_now(size: number): Buffer | null {
    const file = this.file;
    if (file === null || size > _SAFE_BUF_SIZE || this.read !== IMAP4Transport.prototype.read) return null;
    if (!this.#lock.busy) return null;
    return file.tryRead(size);
  }

  /** readline returns the next line, CRLF included; a line over maxline raises error("got more than N bytes"). */
  readline(): Promise<Buffer> {
    return this._exclusive(() => this.#readline());
  }

  /** _readline_hook is readline() for a caller that holds the lock: an override of readline() is called. */
  _readline_hook(): Promise<Buffer> {
    if (this.readline === IMAP4Transport.prototype.readline) return this.#readline();
    return this.#lock.reenter(() => this.readline());
  }

  async #readline(): Promise<Buffer> {
    try {
      const tooLong = this.#tooLong;
      this.#tooLong = null;
      if (tooLong) throw tooLong;
      return await this.#file().readline(this.maxline);
    } catch (err) {
      if (err instanceof LineTooLong) {
        // The rest of the line is unread: nothing after it can be trusted.
        await this._close_transport();
        throw new error(`got more than ${this.maxline} bytes`, { cause: err });
      }
      throw err;
    }
  }

  /** _read_some returns 1..max bytes of what arrives (a streamed literal's next piece); end of stream raises abort. */
  _read_some(max: number): Promise<Buffer> {
    return this._exclusive(() => this._read_some_unlocked(max));
  }

  /** _read_some_unlocked is _read_some() for a caller that holds the lock. */
  async _read_some_unlocked(max: number): Promise<Buffer> {
    const chunk = await this.#file().readSome(max);
    if (chunk.length === 0) throw new abort("socket error: EOF");
    return chunk;
  }

  /** send sends bytes as they are. */
  send(data: Uint8Array): Promise<void> {
    return this._exclusive(() => this._send_unlocked(data));
  }

  /** _send_hook is send() for a caller that holds the lock: an override of send() is called. */
  _send_hook(data: Uint8Array): Promise<void> {
    if (this.send === IMAP4Transport.prototype.send) return this._send_unlocked(data);
    return this.#lock.reenter(() => this.send(data));
  }

  /** _send_unlocked sends without waiting for the lock: DONE while an IDLE iteration waits for a response. */
  async _send_unlocked(data: Uint8Array): Promise<void> {
    const conn = this.#conn;
    if (!conn) throw oserror("EBADF");
    await conn.sendall(data);
  }

  /** shutdown closes what open() set up; a server that already went away is not an error. */
  async shutdown(): Promise<void> {
    const sock = this.sock;
    this.file = null;
    this.#conn = null;
    this.sock = null;
    if (!sock) return;
    try {
      await sock.shutdown(SHUT_RDWR);
    } catch (err) {
      if (!(err instanceof OSError) || (err.code !== "ENOTCONN" && err.code !== "EBADF")) {
        await sock.close();
        throw err;
      }
    }
    await sock.close();
  }

  /** socket returns the socket in use (Python's IMAP4.socket()). */
  socket(): socket | null {
    return this.sock;
  }

  // ---- the debug log ------------------------------------------------------------------------

  /** _mesg prints one debug line as imaplib does: "  MM:SS.cc message" on stderr. */
  _mesg(s: string, secs: number = Date.now() / 1000): void {
    const d = new Date(secs * 1000);
    const two = (n: number) => String(n).padStart(2, "0");
    this.#trace.sink(
      `  ${two(d.getMinutes())}:${two(d.getSeconds())}.${two(Math.floor((secs * 100) % 100))} ${s}\n`,
    );
  }

  /** _log keeps `line` (or what formats it, called only if printed) among the last _cmd_log_len interactions, for print_log(). */
  _log(line: string | (() => string)): void {
    const entry = this.#logSlot();
    entry.text = line;
    entry.line = null;
  }

  /** _log_line is _log() for a line sent or received, formatted (credentials masked) only if printed. */
  _log_line(dir: TraceDirection, line: Buffer): void {
    const entry = this.#logSlot();
    entry.text = null;
    entry.dir = dir;
    entry.line = line;
  }

  #logSlot(): LogEntry {
    const i = this.#cmdLogIdx;
    this.#cmdLogIdx = (i + 1) % this._cmd_log_len;
    let entry = this.#cmdLog[i];
    if (entry === undefined) {
      entry = { text: null, dir: "< ", line: null, secs: 0 };
      this.#cmdLog[i] = entry;
    }
    entry.secs = Date.now() / 1000;
    return entry;
  }

  /** print_log prints the last interactions (imaplib does so when a command aborts at debug >= 1). */
  print_log(): void {
    this._mesg(`last ${this.#cmdLog.filter(Boolean).length} IMAP4 interactions:`);
    for (let n = 0, i = this.#cmdLogIdx; n < this._cmd_log_len; n++, i = (i + 1) % this._cmd_log_len) {
      const entry = this.#cmdLog[i];
      if (!entry) continue;
      const { text, line } = entry;
      const shown = line !== null ? traceLine(entry.dir, line) : typeof text === "string" ? text : text!();
      this._mesg(shown, entry.secs);
    }
  }

  /** _trace is the debug trace (secret marks for what must never be printed). */
  get _trace(): DebugTrace {
    return this.#trace;
  }

  // ---- the lock ------------------------------------------------------------------------------

  /**
   * _exclusive runs `fn` once every exchange started before it has settled. It is not
   * re-entrant: `fn` calls the unlocked internals (_simple_command_unlocked, _get_response_unlocked,
   * _readline_hook, ...), never the public methods, which would wait for it. While an IDLE or a
   * streamed FETCH holds the connection, other calls fail at once instead of waiting for it.
   */
  _exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#holder && !this.#lock.reentering)
      return Promise.reject(new error(`${this.#holder} in progress: finish it before another command`));
    return this.#lock.run(fn);
  }

  /** _hold takes the connection for `what` until release(): see Hold. */
  _hold(what: string): Promise<Hold> {
    return new Promise<Hold>((resolve, reject) => {
      this._exclusive(
        () =>
          new Promise<void>((release) => {
            this.#holder = what;
            resolve({
              run: (fn) => fn(),
              release: () => {
                if (this.#holder === what) this.#holder = null;
                release();
              },
            });
          }),
      ).catch(reject);
    });
  }

  // ---- for subclasses and the engine ------------------------------------------------------

  /** _attach makes `sock` the connection: a new one, or the TLS one after STARTTLS. Returns the bytes dropped. */
  protected _attach(sock: SocketLike): number {
    if (this.#conn) {
      const dropped = this.#conn.replaceSocket(sock);
      this.file = this.#conn.reader;
      return dropped;
    }
    this.#conn = new Conn(sock, { maxline: this.maxline, debug: this.#trace, trace: {} });
    this.file = this.#conn.reader;
    return 0;
  }

  /** _use_tls makes `sock` (TLS over the same connection, after STARTTLS) the connection; returns the bytes held in clear and dropped. */
  _use_tls(sock: socket): number {
    this.sock = sock;
    return this._attach(sock);
  }

  /**
   * _layer puts a layer (COMPRESS=DEFLATE) between the reader and the socket; what the reader
   * held already came through the layer's encoding and goes to it first (layerConn).
   */
  async _layer(make: (inner: SocketLike, leftover: Buffer) => SocketLike): Promise<void> {
    const conn = this.#conn;
    if (!conn) throw oserror("EBADF");
    await layerConn(conn, make);
    this.file = conn.reader;
  }

  /** _compressed tells whether COMPRESS=DEFLATE is on (the connection reads through a DeflateSocket). */
  get _compressed(): boolean {
    return this.#conn?.sock instanceof DeflateSocket;
  }

  /** _detach forgets the connection (a subclass's shutdown closed it). */
  protected _detach(): void {
    this.#conn = null;
    this.file = null;
  }

  /** _close_transport closes the connection without a word to the server. */
  async _close_transport(): Promise<void> {
    await this.shutdown().catch(noop);
  }

  /** _gettimeout/_settimeout reach the transport's timeout (IDLE's waits). */
  _gettimeout(): number | null {
    return this.sock?.gettimeout() ?? this.timeout;
  }

  _settimeout(timeout: number | null): void {
    this.sock?.settimeout(timeout);
  }

  /** _connected tells whether open() set up a connection that is still there. */
  get _connected(): boolean {
    return this.#conn !== null;
  }

  #file(): Reader {
    if (!this.file) throw oserror("EBADF");
    return this.file;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this._close_transport();
  }
}
