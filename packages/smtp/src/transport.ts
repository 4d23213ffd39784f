// The connection under smtplib.SMTP, and the layer every command stands on: send(), putcmd(),
// getreply(), docmd(), as in Python. Commands live in smtp.ts; SMTP_SSL and LMTP change only
// _get_socket() and connect(), as in Python.
import {
  AbortError,
  type Address,
  AF_UNIX,
  CallLock,
  type CodeReply,
  Conn,
  create_connection,
  type DebugSink,
  DebugTrace,
  encodeText,
  LineTooLong,
  OSError,
  pyint,
  pyrepr,
  pytuple,
  type Reader,
  ResponseTooLarge,
  SSLSocket,
  type socket,
  UnexpectedEOF,
} from "@inetlib/socket";
import { SMTPException, type SMTPReply, SMTPResponseException, SMTPServerDisconnected } from "./errors.js";
import { _MAXLINE, MAX_REPLY_BYTES, MAX_REPLY_LINES } from "./limits.js";
import {
  checkTimeout,
  commandLine,
  defaultLocalHostname,
  joinReply,
  pyaddress,
  smtplibTrace,
} from "./wire.js";

/** SMTP_PORT is the standard SMTP port. */
export const SMTP_PORT = 25;
/** SMTP_SSL_PORT is the SMTP over TLS (submissions) port. */
export const SMTP_SSL_PORT = 465;
/** CRLF ends every SMTP line. */
export const CRLF = "\r\n";
export const bCRLF: Buffer = Buffer.from(CRLF);

const ASCII = /^\p{ASCII}*$/u;

/** SMTPOptions are SMTP's keyword arguments, and inetlib's bounds and switches. */
export interface SMTPOptions {
  /** The name sent in HELO/EHLO (default: the host's FQDN, else "[its IP address]"). */
  local_hostname?: string | null;
  /** Seconds for every wait (connect, each read and write); null blocks; default getdefaulttimeout(). */
  timeout?: number | null;
  /** The local [host, port] to connect from. */
  source_address?: Address | null;
  /** Aborting closes the connection; pending and later calls reject with AbortError. */
  signal?: AbortSignal;
  /** Where set_debuglevel() output goes (default: stderr, as smtplib prints). */
  debugSink?: DebugSink;
  /** Longest reply line accepted, terminator included (default _MAXLINE, 8192). */
  maxline?: number;
  /** Most lines in one reply (default MAX_REPLY_LINES). */
  maxReplyLines?: number;
  /** Most bytes in one reply (default MAX_REPLY_BYTES). */
  maxReplyBytes?: number;
  /** Send MAIL and RCPT commands in one write: true, false, or undefined to do so when offered. */
  pipelining?: boolean;
  /**
   * Send credentials over a connection without TLS: true always, false never, undefined (the
   * default) only over loopback and Unix sockets.
   */
  allowPlaintextAuth?: boolean;
}

/** SMTPTransport is the part of SMTP that owns the connection; use SMTP, SMTP_SSL or LMTP. */
export class SMTPTransport implements AsyncDisposable {
  /** The connected socket (an SSLSocket after starttls() or with SMTP_SSL); null when closed. */
  sock: socket | null = null;
  /** The reader over `sock` (Python's makefile("rb")); null when closed. */
  file: Reader | null = null;
  /** The port connect() uses when given none (465 for SMTP_SSL). */
  default_port: number = SMTP_PORT;
  /** How commands are encoded: "ascii", or "utf-8" after mail() with SMTPUTF8 (until rset()). */
  command_encoding: "ascii" | "utf-8" = "ascii";
  /** The name sent in HELO/EHLO; found when connecting when not given. */
  local_hostname: string | null;
  timeout: number | null | undefined;
  source_address: Address | null;
  readonly signal: AbortSignal | undefined;
  /** The host name TLS verifies: the host given to connect(). */
  _host = "";
  protected readonly options: SMTPOptions;
  readonly #debug: DebugTrace;
  readonly #lock = new CallLock();
  #conn: Conn | null = null;

  constructor(options: SMTPOptions = {}) {
    this.options = options;
    this.timeout = options.timeout;
    this.source_address = options.source_address ?? null;
    this.local_hostname = options.local_hostname ?? null;
    this.signal = options.signal;
    this.#debug = new DebugTrace({
      stream: "stderr",
      timestamps: true,
      ...(options.debugSink ? { sink: options.debugSink } : {}),
    });
  }

  /** debuglevel: 0 is silent, 1 prints the conversation, 2 and up also timestamps each line. */
  get debuglevel(): number {
    return this.#debug.level;
  }

  set debuglevel(level: number) {
    this.#debug.set_debuglevel(level);
  }

  /** set_debuglevel: a non-zero level prints every command and reply to stderr, credentials masked. */
  set_debuglevel(debuglevel: number | boolean): void {
    this.#debug.set_debuglevel(debuglevel);
  }

  /** _print_debug prints as smtplib does: the time of day first when debuglevel > 1. */
  _print_debug(...args: unknown[]): void {
    this.#debug.print(...args);
  }

  /**
   * connect connects to host:port and returns the greeting [code, message]. A host "name:25"
   * with no port carries its own; port 0 means default_port.
   */
  connect(
    host = "localhost",
    port: number | string = 0,
    source_address: Address | null = null,
  ): Promise<SMTPReply> {
    return this._exclusive(() => this.#connect(host, port, source_address));
  }

  async #connect(host: string, port: number | string, source_address: Address | null): Promise<SMTPReply> {
    if (source_address) this.source_address = source_address;
    let target = host;
    let p: number | string = port;
    if (!p && host.indexOf(":") === host.lastIndexOf(":")) {
      const i = host.lastIndexOf(":");
      if (i >= 0) {
        target = host.slice(0, i);
        const n = pyint(Buffer.from(host.slice(i + 1), "latin1"));
        if (n === null) throw new OSError(null, "nonnumeric port");
        p = n;
      }
    }
    if (!p) p = this.default_port;
    await this.close();
    this._host = target;
    this._attach(await this._get_socket(target, p, this.timeout));
    const [code, msg] = await this._getreply_unlocked();
    if (this.debuglevel > 0) this._print_debug("connect:", pyrepr(msg));
    return [code, msg];
  }

  /** _get_socket makes the connection (SMTP_SSL adds TLS, LMTP Unix sockets). */
  protected async _get_socket(
    host: string,
    port: number | string,
    timeout: number | null | undefined,
  ): Promise<socket> {
    checkTimeout(timeout);
    if (this.debuglevel > 0)
      this._print_debug("connect: to", pytuple(host, port), pyaddress(this.source_address));
    return create_connection(
      [host, port],
      timeout,
      this.source_address,
      this.signal ? { signal: this.signal } : {},
    );
  }

  /** send sends `s` as it is (text in command_encoding); no checks, no CRLF added. */
  send(s: string | Uint8Array): Promise<void> {
    return this._exclusive(() => this.#send(s));
  }

  /**
   * _send_unlocked is send() for a caller that holds the lock. smtplib's data() calls
   * self.send(), so an override of send() (in a subclass, or on the object) is called here.
   */
  _send_unlocked(s: string | Uint8Array): Promise<void> {
    if (this.send === SMTPTransport.prototype.send) return this.#send(s);
    return this.#lock.reenter(() => this.send(s));
  }

  async #send(s: string | Uint8Array): Promise<void> {
    if (this.debuglevel > 0) this._print_debug("send:", pyrepr(s));
    const conn = this.#connected();
    const data = typeof s === "string" ? encodeText(s, this.#encoding()) : s;
    try {
      await conn.sendall(data);
    } catch (err) {
      throw await this.#sendError(err);
    }
  }

  /**
   * putcmd sends "cmd args\r\n". A CR or LF anywhere throws ValueError with smtplib's message
   * (a NUL too), before anything is sent.
   */
  putcmd(cmd: string, args = ""): Promise<void> {
    return this._exclusive(() => this._putcmd_unlocked(cmd, args, false));
  }

  /** _putcmd is putcmd; with `secret` the debug trace prints the line masked (SASL responses). */
  _putcmd(cmd: string, args: string, secret: boolean): Promise<void> {
    return this._exclusive(() => this._putcmd_unlocked(cmd, args, secret));
  }

  /** _putcmd_unlocked is _putcmd() for a caller that holds the lock. */
  async _putcmd_unlocked(cmd: string, args: string, secret: boolean): Promise<void> {
    const s = commandLine(cmd, args);
    const conn = this.#connected();
    conn.writer.options = { encoding: this.#encoding() };
    if (secret) conn.debug.markSecret();
    try {
      // An ASCII line (nearly every one) goes as its bytes: the same bytes, without the
      // encoder's check of each character in JavaScript. Others go as text, for its errors.
      await conn.cmd(ASCII.test(s) ? Buffer.from(s, "latin1") : s);
    } catch (err) {
      if (secret) conn.debug.takeSecret();
      throw await this.#sendError(err);
    }
  }

  /**
   * _pipeline sends the command lines [cmd, args] in one write, then reads a reply for each
   * (the caller holds the lock).
   */
  async _pipeline(
    commands: [cmd: string, args: string][],
    readReply: () => Promise<SMTPReply | null>,
  ): Promise<(SMTPReply | null)[]> {
    const lines = commands.map(([cmd, args]) => commandLine(cmd, args));
    const conn = this.#connected();
    conn.writer.options = { encoding: this.#encoding() };
    try {
      return await conn.pipeline(
        lines.map((s) => [s]),
        () => readReply(),
      );
    } catch (err) {
      if (err instanceof OSError && !(err instanceof SMTPException)) throw await this.#sendError(err);
      throw err;
    }
  }

  /**
   * getreply reads one reply and returns [code, message]: the lines' text after the code,
   * joined with "\n"; the code is -1 when a line does not start with a number. A closed
   * connection throws SMTPServerDisconnected, a line over _MAXLINE
   * SMTPResponseException(500, "Line too long."); both close the connection first.
   */
  getreply(): Promise<SMTPReply> {
    return this._exclusive(() => this._getreply_unlocked());
  }

  /** _getreply_unlocked is getreply() for a caller that holds the lock. */
  async _getreply_unlocked(): Promise<SMTPReply> {
    const conn = this.#connected();
    let reply: CodeReply;
    try {
      reply = await conn.readCodeReply({
        style: "smtp",
        maxline: this.options.maxline ?? _MAXLINE,
        maxLines: this.options.maxReplyLines ?? MAX_REPLY_LINES,
        maxBytes: this.options.maxReplyBytes ?? MAX_REPLY_BYTES,
      });
    } catch (err) {
      throw await this.#readError(err);
    }
    const errmsg = joinReply(reply.lines);
    if (this.debuglevel > 0) this._print_debug(`reply: retcode (${reply.code}); Msg: ${pyrepr(errmsg)}`);
    return [reply.code, errmsg];
  }

  /** docmd sends a command and returns its reply. */
  docmd(cmd: string, args = ""): Promise<SMTPReply> {
    return this._exclusive(() => this._docmd_unlocked(cmd, args));
  }

  /** _docmd_unlocked is docmd() for a caller that holds the lock. */
  async _docmd_unlocked(cmd: string, args = ""): Promise<SMTPReply> {
    await this._putcmd_unlocked(cmd, args, false);
    return this._getreply_unlocked();
  }

  /** close closes the connection (no QUIT). Never throws. */
  async close(): Promise<void> {
    const conn = this.#conn;
    this.#conn = null;
    this.file = null;
    this.sock = null;
    if (conn) await conn.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- shared with smtp.ts, lmtp.ts and smtp-ssl.ts ---------------------------------------

  /**
   * _exclusive runs `fn` after every exchange started before it. It is not re-entrant: `fn`
   * calls the *_unlocked internals, never the public methods, which would wait for it.
   */
  _exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#lock.run(fn);
  }

  /**
   * _attach makes `sock` the connection: a new one, or the TLS one after STARTTLS (returning
   * how many bytes received in clear were dropped).
   */
  _attach(sock: socket): number {
    this.sock = sock;
    if (this.#conn) {
      const dropped = this.#conn.replaceSocket(sock);
      this.file = this.#conn.reader;
      return dropped;
    }
    const conn = new Conn(sock, {
      maxline: this.options.maxline ?? _MAXLINE,
      debug: this.#debug,
      encoding: "ascii",
    });
    conn.trace = smtplibTrace(this.#debug);
    this.#conn = conn;
    this.file = conn.reader;
    return 0;
  }

  /** _local_hostname is local_hostname, found as smtplib finds it when not given. */
  async _local_hostname(): Promise<string> {
    this.local_hostname ??= await defaultLocalHostname();
    return this.local_hostname;
  }

  /** _plaintext_auth_allowed: credentials may go over this connection (TLS, or as the option says). */
  _plaintext_auth_allowed(): boolean {
    const sock = this.sock;
    if (sock instanceof SSLSocket) return true;
    const allow = this.options.allowPlaintextAuth;
    if (allow !== undefined) return allow;
    if (!sock) return false;
    if (sock.family === AF_UNIX) return true;
    const peer = sock.getpeername();
    const host = Array.isArray(peer) ? String(peer[0]) : "";
    return host === "::1" || host.startsWith("127.") || host.startsWith("::ffff:127.");
  }

  #connected(): Conn {
    if (!this.#conn) throw new SMTPServerDisconnected("please run connect() first");
    return this.#conn;
  }

  #encoding(): "ascii" | "utf8" {
    return this.command_encoding === "utf-8" ? "utf8" : "ascii";
  }

  async #sendError(err: unknown): Promise<unknown> {
    if (err instanceof AbortError) {
      await this.close();
      return err;
    }
    if (!(err instanceof OSError)) return err;
    await this.close();
    return new SMTPServerDisconnected("Server not connected", { cause: err });
  }

  async #readError(err: unknown): Promise<unknown> {
    if (err instanceof LineTooLong) {
      await this.close();
      return new SMTPResponseException(500, "Line too long.", { cause: err });
    }
    if (err instanceof ResponseTooLarge) {
      await this.close();
      return new SMTPResponseException(500, "Response too large.", { cause: err });
    }
    if (err instanceof UnexpectedEOF) {
      await this.close();
      return new SMTPServerDisconnected("Connection unexpectedly closed", { cause: err });
    }
    if (err instanceof AbortError) {
      await this.close();
      return err;
    }
    if (err instanceof OSError) {
      await this.close();
      return new SMTPServerDisconnected(`Connection unexpectedly closed: ${err.message}`, { cause: err });
    }
    return err;
  }
}
