// The control-connection half of ftplib.FTP: connecting, sending commands and reading replies,
// each method built on the one below it as in ftplib.py (putline, putcmd, getline,
// getmultiline, getresp, sendcmd, voidcmd). ftp.ts adds data connections and the commands.
import {
  type Address,
  CallLock,
  Conn,
  ResponseTooLarge as CoreTooLarge,
  create_connection,
  DebugTrace,
  EOFError,
  LineTooLong,
  OSError,
  oserror,
  type Reader,
  type socket,
  stripEOL,
  UnexpectedEOF,
  ValueError,
} from "@inetlib/socket";
import { byteLimit, type Codec, ControlSource, checkLength, codec, ftpTrace, sanitize } from "./control.js";
import {
  error_perm,
  error_proto,
  error_reply,
  error_temp,
  Error as FTPError,
  ResponseTooLarge,
} from "./errors.js";
import { FTP_PORT, MAX_REPLY_BYTES, MAXLINE } from "./limits.js";
import type { FTPOptions } from "./options.js";
import { Transfer, type TransferHost, type TransferOptions } from "./transfer.js";

const ABOR = Buffer.from("ABOR\r\n");
const noop = (): void => {};
const busy = (reason: string): FTPError => new FTPError(reason);

/** FTPBase is the control connection of FTP (use FTP or FTP_TLS). */
export abstract class FTPBase implements AsyncDisposable {
  host = "";
  port = FTP_PORT;
  /** The longest line accepted on the control connection and in retrlines(), in characters. */
  maxline = MAXLINE;
  /** The control socket (an SSLSocket once FTP_TLS has secured it), null when not connected. */
  sock: socket | null = null;
  /** The control connection's buffered reader (Python's makefile()), null when not connected. */
  file: Reader | null = null;
  welcome: string | null = null;
  passiveserver = true;
  /** false (Python's default since CVE-2021-4189): PASV data goes to the control peer, not to the address the server names. */
  trust_server_pasv_ipv4_address = false;
  /** Try EPSV before PASV on IPv4 (see FTPOptions.epsv); IPv6 always uses EPSV. */
  epsv: boolean;
  encoding: string;
  source_address: Address | null;
  /** undefined: socket.getdefaulttimeout() (Python's _GLOBAL_DEFAULT_TIMEOUT). */
  timeout: number | null | undefined;
  /** The control connection's address family (AF_INET or AF_INET6) once connected. */
  af = 0;
  /** The code of the last reply getresp() read ("" before any). */
  lastresp = "";
  readonly signal: AbortSignal | undefined;
  readonly debugtrace: DebugTrace;
  /** Print `*put urgent*` for ABOR, as Python's FTP (not FTP_TLS) does. */
  protected _urgentTrace = true;
  readonly #lock = new CallLock();
  #conn: Conn | null = null;
  #source: ControlSource | null = null;
  #codec: Codec | null = null;
  /** The `encoding` value #codec was made for. */
  #codecFor = "";
  #transfer: Transfer | null = null;
  #pending: Promise<unknown> | null = null;
  /** While a transfer's data flows, the control connection's trace waits here (Python prints it after the data). */
  #heldTrace: string[][] | null = null;

  constructor(options: FTPOptions = {}) {
    this.encoding = options.encoding ?? "utf-8";
    this.source_address = options.source_address ?? null;
    this.timeout = options.timeout;
    this.signal = options.signal;
    this.epsv = options.epsv ?? false;
    this.debugtrace = options.debugtrace ?? new DebugTrace();
    codec(this.encoding);
  }

  /** What Python's constructor does after storing its arguments: connect, and log in when a user is given. */
  protected async _openWith(
    host: string,
    user: string,
    passwd: string,
    acct: string,
    port: number,
  ): Promise<void> {
    try {
      if (!host) return;
      await this.connect(host, port);
      if (user) await this.login(user, passwd, acct);
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** login(user, passwd, acct): see FTP. */
  abstract login(user?: string, passwd?: string, acct?: string): Promise<string>;

  /** debugging is the debug level (set_debuglevel). */
  get debugging(): number {
    return this.debugtrace.level;
  }
  set debugging(level: number) {
    this.debugtrace.level = level;
  }

  /** connect(host, port, timeout, source_address) -> the welcome reply. Empty or 0 keeps the value already set. */
  connect(host = "", port = 0, timeout?: number | null, source_address?: Address | null): Promise<string> {
    return this._exclusive(async () => {
      if (host !== "") this.host = host;
      if (port > 0) this.port = port;
      if (timeout !== undefined) this.timeout = timeout;
      if (this.timeout !== null && this.timeout !== undefined && !this.timeout)
        throw new ValueError("Non-blocking socket (timeout=0) is not supported");
      if (source_address != null) this.source_address = source_address;
      await this.close();
      const sock = await create_connection(
        [this.host, this.port],
        this.timeout,
        this.source_address,
        this.signal ? { signal: this.signal } : {},
      );
      this.af = sock.family;
      try {
        this._setsock(await this._secure(sock));
      } catch (err) {
        await sock.close();
        throw err;
      }
      this.welcome = await this.#getresp();
      return this.welcome;
    });
  }

  /** The hook implicit FTPS uses to secure a new connection before the welcome. */
  protected async _secure(sock: socket): Promise<socket> {
    return sock;
  }

  /** Makes `sock` the control connection: a new one, or the TLS one after AUTH TLS (what was buffered in clear is dropped). */
  protected _setsock(sock: socket): void {
    this.sock = sock;
    if (this.#source && this.#conn) {
      this.#source.sock = sock;
      this.#conn.replaceSocket(this.#source);
      return;
    }
    this.#source = new ControlSource(sock);
    this.#conn = new Conn(this.#source, {
      encoding: this._codec().command,
      debug: this.debugtrace,
      trace: ftpTrace(
        this.debugtrace,
        () => this._codec(),
        (...values) => this.#print(...values),
      ),
    });
    this.file = this.#conn.reader;
  }

  /** getwelcome(): the welcome reply connect() read. */
  getwelcome(): string | null {
    if (this.debugging && this.welcome !== null) this.debugtrace.print("*welcome*", sanitize(this.welcome));
    return this.welcome;
  }

  /** set_debuglevel(level): 0 silent, 1 commands and replies, 2 every line sent and read, 3 also retrlines data. */
  set_debuglevel(level: number): void {
    this.debugging = level;
  }

  /** debug(level): set_debuglevel(). */
  debug(level: number): void {
    this.debugging = level;
  }

  /** set_pasv(val): true for passive mode (PASV or EPSV, the default), false for active (PORT or EPRT). */
  set_pasv(val: boolean): void {
    this.passiveserver = val;
  }

  /** sanitize(s): repr() of a line to print, a PASS command's password starred out. */
  sanitize(s: string): string {
    return sanitize(s);
  }

  /** putline(line): sends one line and CRLF; CR, LF or NUL in it throws ValueError first. */
  putline(line: string): Promise<void> {
    return this._exclusive(() => this.#connected().cmd(line));
  }

  /** putcmd(line): putline() with the `*cmd*` trace. */
  putcmd(line: string): Promise<void> {
    return this._exclusive(() => this.#putcmd(line));
  }

  /** getline(): one line without its line ending; EOFError at end of stream. */
  getline(): Promise<string> {
    return this._exclusive(async () => {
      await this.#drainPending();
      const c = this._codec();
      const raw = await this.#limited(() => this.#connected().readline(byteLimit(this.maxline, c)));
      if (raw.length === 0) throw new UnexpectedEOF();
      const last = raw[raw.length - 1];
      const line = c.decode(stripEOL(raw));
      checkLength(line, last === 10 || last === 13, this.maxline);
      return line;
    });
  }

  /** getmultiline(): one reply, its lines joined by "\n". */
  getmultiline(): Promise<string> {
    return this._exclusive(() => this.#getmultiline());
  }

  /** getresp(): one reply; 4xx raises error_temp, 5xx error_perm, anything but 1-3 error_proto. */
  getresp(): Promise<string> {
    return this._exclusive(() => this.#getresp());
  }

  /** voidresp(): getresp(), and error_reply unless the reply is 2xx. */
  voidresp(): Promise<string> {
    return this._exclusive(() => this._voidresp_unlocked());
  }

  /**
   * abort(): sends ABOR and returns the reply, which must be 426, 225 or 226 (else error_proto).
   * Python sends ABOR as TCP urgent data; Node.js cannot send urgent data, so ABOR goes in-band,
   * which servers read between transfers' blocks. During a transfer run by retrbinary(),
   * retrlines(), storbinary(), storlines() or an iterator (from its callback, say) it also
   * closes the data connection and reads ABOR's own reply after the transfer's, keeping the
   * connection in step; that transfer then rejects with AbortError.
   */
  async abort(): Promise<string> {
    const transfer = this.#transfer;
    if (transfer?.watching) return transfer.abort();
    await this.#sendAbor();
    const resp = await this.#getmultiline();
    if (!["426", "225", "226"].includes(resp.slice(0, 3))) throw new error_proto(resp);
    return resp;
  }

  /** sendcmd(cmd): sends a command and returns the reply (errors as getresp()). */
  sendcmd(cmd: string): Promise<string> {
    return this._exclusive(() => this._sendcmd_unlocked(cmd));
  }

  /** voidcmd(cmd): sends a command and expects a 2xx reply (error_reply otherwise). */
  voidcmd(cmd: string): Promise<string> {
    return this._exclusive(() => this._voidcmd_unlocked(cmd));
  }

  /** quit(): QUIT, then close(). */
  quit(): Promise<string> {
    return this._exclusive(async () => {
      const resp = await this._voidcmd_unlocked("QUIT");
      await this.close();
      return resp;
    });
  }

  /** close(): closes the connection without a word to the server. Never rejects. */
  async close(): Promise<void> {
    const sock = this.sock;
    const transfer = this.#transfer;
    this.sock = null;
    this.file = null;
    this.#conn = null;
    this.#source = null;
    this.#pending = null;
    this.#heldTrace = null;
    this._closed();
    if (transfer) await transfer.conn.close();
    if (sock) await sock.close();
  }

  /** Called by close(): subclasses forget what they knew of the connection. */
  protected _closed(): void {}

  /** As Python's __exit__: quit(), ignoring OSError and EOFError, and close in any case. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.sock === null) return;
    try {
      await this.quit();
    } catch (err) {
      if (!(err instanceof OSError || err instanceof EOFError)) throw err;
    } finally {
      if (this.sock !== null) await this.close();
    }
  }

  // ---- for FTP and FTP_TLS ---------------------------------------------------------------

  /**
   * _exclusive runs `fn` once the calls made before it have settled, so overlapping calls do
   * not interleave their commands and replies. It is not re-entrant: `fn` calls the unlocked
   * internals (_sendcmd_unlocked, ...), never the public methods. While a transfer's
   * callback runs only abort() may be called: a call from it would wait for the transfer that
   * waits for the callback, so it fails at once. Calls made while no callback runs wait their
   * turn.
   */
  protected _exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const transfer = this.#transfer;
    if (!this.#lock.held && transfer?.watching && transfer.callbacks > 0)
      return Promise.reject(busy("a transfer is in progress: only abort() may be called until it ends"));
    return this.#lock.run(fn, busy);
  }

  /** _sendcmd_unlocked is sendcmd() for a caller that holds the lock. */
  protected async _sendcmd_unlocked(cmd: string): Promise<string> {
    await this.#putcmd(cmd);
    return this.#getresp();
  }

  /** _voidcmd_unlocked is voidcmd() for a caller that holds the lock. */
  protected async _voidcmd_unlocked(cmd: string): Promise<string> {
    await this.#putcmd(cmd);
    return this._voidresp_unlocked();
  }

  /** _getresp_unlocked is getresp() for a caller that holds the lock. */
  protected _getresp_unlocked(): Promise<string> {
    return this.#getresp();
  }

  /** _voidresp_unlocked is voidresp() for a caller that holds the lock. */
  protected async _voidresp_unlocked(): Promise<string> {
    const resp = await this.#getresp();
    if (resp[0] !== "2") throw new error_reply(resp);
    return resp;
  }

  /** Holds the connection for an iterator; other calls fail until release() is called. */
  protected _hold(): Promise<() => void> {
    return this.#lock.hold("a transfer is being iterated: finish or leave the loop first", busy);
  }

  /** Starts watching a transfer on `conn` (see transfer.ts). */
  protected _beginTransfer(conn: socket, size: number | null, options: TransferOptions): Transfer {
    const host: TransferHost = {
      control: this.#source!,
      readReply: () => this.#getresp(),
      readMultiline: () => this.#getmultiline(),
      sendAbor: () => this.#sendAbor(),
      setPending: (reply) => {
        this.#pending = reply;
      },
      holdTrace: () => {
        this.#heldTrace ??= [];
      },
      releaseTrace: () => {
        const held = this.#heldTrace ?? [];
        this.#heldTrace = null;
        for (const values of held) this.debugtrace.print(...values);
      },
      done: (t) => {
        if (this.#transfer === t) this.#transfer = null;
      },
    };
    const transfer = new Transfer(host, conn, size, options);
    this.#transfer = transfer;
    return transfer;
  }

  /**
   * A transfer that failed before its data connection was usable still gets a final reply from
   * the server (425, 426, 522...): it is read before the next command's, keeping them paired.
   */
  protected _expectReply(): void {
    if (this.#conn) this.#pending = this.#getresp().catch(noop);
  }

  /** The codec of `encoding`. */
  protected _codec(): Codec {
    // Asked for on every reply: a new codec only when `encoding` was set to another name.
    const encoding = this.encoding;
    if (this.#codec === null || this.#codecFor !== encoding) {
      const next = codec(encoding);
      if (this.#codec?.name !== next.name) this.#codec = next;
      this.#codecFor = encoding;
    }
    return this.#codec;
  }

  // ---- internals -------------------------------------------------------------------------

  async #putcmd(line: string): Promise<void> {
    if (this.debugging) this.debugtrace.print("*cmd*", sanitize(line));
    await this.#connected().cmd(line);
  }

  async #getmultiline(): Promise<string> {
    await this.#drainPending();
    const c = this._codec();
    const maxline = this.maxline;
    const reply = await this.#limited(() =>
      this.#connected().readCodeReply({
        style: "ftp",
        maxline: byteLimit(maxline, c),
        maxBytes: MAX_REPLY_BYTES,
      }),
    );
    const lines = reply.lines.map((line) => c.decode(line));
    for (const line of lines) checkLength(line, true, maxline);
    return lines.join("\n");
  }

  async #getresp(): Promise<string> {
    const resp = await this.#getmultiline();
    if (this.debugging) this.#print("*resp*", sanitize(resp));
    this.lastresp = resp.slice(0, 3);
    const c = resp.slice(0, 1);
    if (c === "1" || c === "2" || c === "3") return resp;
    if (c === "4") throw new error_temp(resp);
    if (c === "5") throw new error_perm(resp);
    throw new error_proto(resp);
  }

  #print(...values: string[]): void {
    if (this.#heldTrace) this.#heldTrace.push(values);
    else this.debugtrace.print(...values);
  }

  async #sendAbor(): Promise<void> {
    if (this.debugging > 1 && this._urgentTrace) this.debugtrace.print("*put urgent*", sanitize(ABOR));
    await this.#connected().sendall(ABOR);
  }

  #connected(): Conn {
    if (!this.#conn) throw oserror("ENOTCONN", "not connected (call connect() first)");
    return this.#conn;
  }

  /** A transfer that ended in error leaves its reply to be read before the next one. */
  async #drainPending(): Promise<void> {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    await pending.catch(noop);
  }

  /** Maps the core's limit errors to ftplib's. */
  async #limited<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (err instanceof LineTooLong)
        throw new FTPError(`got more than ${this.maxline} bytes`, { cause: err });
      if (err instanceof CoreTooLarge) throw new ResponseTooLarge("reply", err.limit, err.unit);
      throw err;
    }
  }
}
