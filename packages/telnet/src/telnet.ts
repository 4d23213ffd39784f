// Telnet: telnetlib.Telnet over @inetlib/socket. The queues are Python's: `rawq` holds bytes
// received and not yet parsed, `cookedq` the data left after the telnet commands are taken
// out, `sbdataq` the last subnegotiation. The read_* methods keep their meanings, with the
// socket's receive queue in the role of the kernel's buffer:
//
//   read_until, expect, read_all, read_some   wait for data (bounded by their timeout, or by
//                                             the connection's)
//   read_very_eager, read_eager               take what has arrived, without waiting for more
//   read_lazy, read_very_lazy, read_sb_data   no socket I/O at all (synchronous)
import {
  DebugTrace,
  EOFError,
  getdefaulttimeout,
  maskAll,
  oserror,
  pystr,
  ResponseTooLarge,
  type socket,
} from "@inetlib/socket";
import { BINARY, byteValue } from "./codes.js";
import { openSocket } from "./connect.js";
import { DEBUGLEVEL, TELNET_PORT } from "./constants.js";
import { Engine, type OptionNegotiationCallback } from "./engine.js";
import { compilePattern, type Pattern, searchBytes } from "./expect.js";
import { pyformat } from "./format.js";
import { doubleIAC } from "./iac-encode.js";
import { type InteractOptions, interact, listener, mt_interact } from "./interact.js";
import { BULK_RECV_SIZE, FILL_RAWQ_SIZE, MAX_READ } from "./limits.js";
import type { Side } from "./negotiation.js";
import type { OptionHandler } from "./options/handler.js";
import { now, Readiness } from "./readiness.js";
import { type LoginOptions, login, type RunOptions, run } from "./session.js";

const EMPTY: Buffer = Buffer.alloc(0);

export type { OptionNegotiationCallback };

/** Options for `new Telnet()` and `Telnet.open()`. */
export interface TelnetOptions {
  /** Seconds for connecting and for every read (null: wait for ever); default getdefaulttimeout(). */
  timeout?: number | null;
  /** Aborting closes the connection; pending and later calls reject with AbortError. */
  signal?: AbortSignal;
  /** Option handlers (RFC 1143 negotiation); without any, every option is refused as telnetlib does. */
  handlers?: readonly OptionHandler[];
  /** The debug trace set_debuglevel() drives (default: one printing to stdout, as Python's print). */
  debug?: DebugTrace;
  /** The bound on one subnegotiation's length (default MAX_SUBNEGOTIATION). */
  maxSubnegotiation?: number;
  /** The bound on the data one read may collect, the cooked queue's size (default MAX_READ). */
  maxRead?: number;
}

/** expect()'s result: the index of the pattern that matched (-1: none), the match, and the bytes read up to its end. */
export type ExpectResult = [index: number, match: RegExpExecArray | null, text: Buffer];

/** Telnet is telnetlib.Telnet: a telnet client connection. */
export class Telnet implements AsyncDisposable, AsyncIterable<Buffer> {
  host: string | null = null;
  port = 0;
  /** The timeout given to open(), in seconds (null: none). */
  timeout: number | null;
  sock: socket | null = null;
  /** True once the server closed the connection (an empty recv) or close() was called. */
  eof = false;
  option_callback: OptionNegotiationCallback | null = null;
  /** The shell prompt run() waits for; login() sets it. */
  prompt: RegExp | null = null;

  readonly #options: TelnetOptions;
  readonly #trace: DebugTrace;
  readonly #engine: Engine;
  readonly #cooked: Engine["cooked"];
  readonly #readiness = new Readiness();

  /** new Telnet(options): an unconnected instance (no I/O); open() connects it. */
  constructor(options: TelnetOptions = {}) {
    this.#options = options;
    this.timeout = options.timeout === undefined ? getdefaulttimeout() : options.timeout;
    this.#trace = options.debug ?? new DebugTrace({ level: DEBUGLEVEL });
    this.#engine = new Engine(this, options.maxSubnegotiation);
    this.#cooked = this.#engine.cooked;
    for (const handler of options.handlers ?? []) this.add_option_handler(handler);
  }

  /** Telnet.open(host, port, options) does what Python's `Telnet(host, port, timeout)` does: connects. */
  static async open(host: string, port = 0, options: TelnetOptions = {}): Promise<Telnet> {
    const tn = new Telnet(options);
    await tn.open(host, port);
    return tn;
  }

  /**
   * open(host, port=0, timeout): connects (port 0 is TELNET_PORT, 23). `timeout` defaults to
   * the one given to the constructor, else getdefaulttimeout() as it is now. Handlers' opening requests are
   * sent at once.
   */
  async open(host: string, port = 0, timeout?: number | null): Promise<void> {
    this.eof = false;
    if (!port) port = TELNET_PORT;
    this.host = host;
    this.port = port;
    // Python's _GLOBAL_DEFAULT_TIMEOUT: the default as it is when connecting.
    const given = timeout !== undefined ? timeout : this.#options.timeout;
    this.timeout = given === undefined ? getdefaulttimeout() : given;
    if (this.sock) await this.close();
    this.eof = false;
    this.#engine.parser.reset();
    this.#engine.negotiator?.reset();
    this.sock = await openSocket(host, port, this.timeout, this.#options.signal);
    this.#engine.negotiator?.start();
  }

  /** connect(host, port): open(), under the name every inetlib client shares. */
  connect(host: string, port = 0): Promise<void> {
    return this.open(host, port);
  }

  /** msg(msg, ...args): prints `Telnet(host,port): msg % args` when the debug level is above 0. */
  msg(msg: string, ...args: unknown[]): void {
    if (this.#trace.level > 0)
      this.#trace.print(
        `Telnet(${pystr(this.host)},${pystr(this.port)}):`,
        args.length ? pyformat(msg, args) : msg,
      );
  }

  /** set_debuglevel(level): 1 prints what is sent and received and each option command; 2 also the negotiation. */
  set_debuglevel(debuglevel: number): void {
    this.#trace.set_debuglevel(debuglevel);
  }

  get debuglevel(): number {
    return this.#trace.level;
  }

  set debuglevel(level: number) {
    this.#trace.set_debuglevel(level);
  }

  /** close(): closes the connection; the returned Promise settles once it is gone and never rejects. */
  close(): Promise<void> {
    const sock = this.sock;
    this.sock = null;
    this.eof = true;
    this.#engine.parser.reset();
    return sock ? sock.close() : Promise.resolve();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** get_socket(): the socket in use, or null. */
  get_socket(): socket | null {
    return this.sock;
  }

  /** fileno(): the socket's file descriptor. */
  fileno(): number {
    return this.#sock().fileno();
  }

  /** write(buffer): sends bytes, every IAC (255) doubled so none is taken for a command. */
  async write(buffer: Uint8Array): Promise<void> {
    const data = doubleIAC(checkBytes(buffer));
    const secret = this.#trace.takeSecret();
    this.msg("send %r", secret ? Buffer.from(maskAll(data.toString("latin1")), "latin1") : data);
    await this.#sock().sendall(data);
  }

  /**
   * read_until(match, timeout): reads until `match` is seen, and returns everything up to and
   * including it. With a timeout (seconds) and no match by then, returns what arrived, possibly
   * nothing. Without one, waits, bounded by the connection's timeout (`timeout` error). Raises
   * EOFError when the connection is closed and no data is left.
   */
  async read_until(match: Uint8Array, timeout: number | null = null): Promise<Buffer> {
    const n = checkBytes(match).length;
    await this.#process();
    let i = this.#cooked.indexOf(match);
    if (i >= 0) return this.#cooked.take(i + n);
    const deadline = timeout === null ? null : now() + timeout * 1000;
    while (!this.eof) {
      const from = Math.max(0, this.#cooked.length - n);
      if (await this.#fillWhenReady(deadline)) {
        await this.#process();
        i = this.#cooked.indexOf(match, from);
        if (i >= 0) return this.#cooked.take(i + n);
        await this.#collect();
      }
      if (deadline !== null && now() >= deadline) break;
    }
    return this.read_very_lazy();
  }

  /** read_all(): reads until the server closes the connection. */
  async read_all(): Promise<Buffer> {
    await this.#process();
    while (!this.eof) {
      await this.#fill(BULK_RECV_SIZE);
      await this.#collect();
    }
    return this.#cooked.takeAll();
  }

  /** read_some(): at least one byte of data, waiting if none is there; empty at end of stream. */
  async read_some(): Promise<Buffer> {
    await this.#process();
    while (this.#cooked.length === 0 && !this.eof) {
      await this.#fill(BULK_RECV_SIZE);
      await this.#process();
    }
    return this.#cooked.takeAll();
  }

  /**
   * read_very_eager(): everything that has arrived, without waiting for more. Empty when no
   * data is there; EOFError when the connection is closed and no data is left.
   */
  async read_very_eager(): Promise<Buffer> {
    await this.#process();
    while (!this.eof && (await this.sock_avail())) {
      await this.#fill(BULK_RECV_SIZE);
      await this.#collect();
    }
    return this.read_very_lazy();
  }

  /**
   * read_eager(): data that has arrived, without waiting: stops at the first data, where
   * read_very_eager() takes everything. Empty when none; EOFError when closed and none is left.
   */
  async read_eager(): Promise<Buffer> {
    await this.#process();
    while (this.#cooked.length === 0 && !this.eof && (await this.sock_avail())) {
      await this.fill_rawq();
      await this.#process();
    }
    return this.read_very_lazy();
  }

  /** read_lazy(): processes what is in the raw queue and returns the data, without socket I/O. */
  read_lazy(): Buffer {
    this.process_rawq();
    return this.read_very_lazy();
  }

  /** read_very_lazy(): the data already processed, without socket I/O; EOFError when closed and none is left. */
  read_very_lazy(): Buffer {
    const buf = this.#cooked.takeAll();
    if (buf.length === 0 && this.eof && this.#engine.rawq.length === 0)
      throw new EOFError("telnet connection closed");
    return buf;
  }

  /** read_sb_data(): the last subnegotiation's bytes (call it after seeing SE), then empty. */
  read_sb_data(): Buffer {
    const buf = this.#engine.sbdataq;
    this.#engine.sbdataq = EMPTY;
    return buf;
  }

  /** What read_sb_data() returns: the last subnegotiation, option byte first. */
  get sbdataq(): Buffer {
    return this.#engine.sbdataq;
  }

  set sbdataq(data: Buffer) {
    this.#engine.sbdataq = data;
  }

  /** set_option_negotiation_callback(callback): takes over every option command (see OptionNegotiationCallback). */
  set_option_negotiation_callback(callback: OptionNegotiationCallback | null): void {
    this.option_callback = callback;
  }

  /** The raw queue: bytes received and not yet processed. */
  get rawq(): Buffer {
    const engine = this.#engine;
    if (engine.rawq.length > 1) engine.rawq = [Buffer.concat(engine.rawq)];
    return engine.rawq[0] ?? EMPTY;
  }

  set rawq(data: Buffer) {
    this.#engine.rawq = data.length ? [data] : [];
  }

  /** The cooked queue: data processed and not yet read. */
  get cookedq(): Buffer {
    return this.#cooked.peekAll();
  }

  set cookedq(data: Buffer) {
    this.#cooked.set(data);
  }

  /** The unfinished IAC sequence (Python's iacseq). */
  get iacseq(): Buffer {
    return this.#engine.parser.pending;
  }

  /** 1 inside a subnegotiation, else 0 (Python's sb flag). */
  get sb(): number {
    return this.#engine.parser.inSubnegotiation ? 1 : 0;
  }

  /**
   * process_rawq(): moves the raw queue through the IAC parser: data to the cooked queue,
   * commands to the callback, the handlers, or (neither) a refusal. Synchronous; what it sends
   * goes out in order, and a failed send is raised by the next read.
   */
  process_rawq(): void {
    this.#engine.process();
  }

  /** rawq_getchar(): the next raw byte, receiving if the raw queue is empty; EOFError at end of stream. */
  async rawq_getchar(): Promise<Buffer> {
    const rawq = this.#engine.rawq;
    if (rawq.length === 0) {
      await this.fill_rawq();
      if (this.eof) throw new EOFError();
    }
    const head = rawq[0]!;
    if (head.length === 1) rawq.shift();
    else rawq[0] = head.subarray(1);
    return head.subarray(0, 1);
  }

  /** fill_rawq(): one recv() (of 50 bytes, as Python's) into the raw queue; sets eof on an empty one. */
  fill_rawq(): Promise<void> {
    return this.#fill(FILL_RAWQ_SIZE);
  }

  /**
   * sock_avail(): whether data (or end of stream) is waiting on the socket, as Python's
   * select(0): it lets one turn of the event loop pass first, so polling never starves I/O.
   */
  sock_avail(): Promise<boolean> {
    return this.#readiness.avail(this.#sock());
  }

  /** _select(timeout): waits until a read would not block (Python's select); false when `timeout` seconds pass first. */
  _select(timeout: number | null): Promise<boolean> {
    return this.#readiness.wait(this.#sock(), timeout === null ? null : now() + timeout * 1000);
  }

  /** interact(): a dumb terminal on stdin/stdout (or the streams given) until either side ends. */
  interact(options: InteractOptions = {}): Promise<void> {
    return interact(this, options);
  }

  /** mt_interact(): interact() as telnetlib's thread version: a listener() copying output while stdin lines are sent. */
  mt_interact(options: InteractOptions = {}): Promise<void> {
    return mt_interact(this, options);
  }

  /** listener(): copies what the server sends to stdout (or the stream given) until it closes. */
  listener(options: Pick<InteractOptions, "stdout"> = {}): Promise<void> {
    return listener(this, options);
  }

  /**
   * expect(list, timeout): reads until one of the patterns matches; returns its index, the
   * match and the bytes read up to its end. With a timeout and no match by then, returns
   * [-1, null, what arrived]. EOFError when the connection closes with nothing read.
   */
  async expect(list: readonly Pattern[], timeout: number | null = null): Promise<ExpectResult> {
    const patterns = list.map(compilePattern);
    const deadline = timeout === null ? null : now() + timeout * 1000;
    for (;;) {
      await this.#process();
      if (this.#cooked.length > 0) {
        const text = this.#cooked.peekAll();
        for (const [i, re] of patterns.entries()) {
          const m = searchBytes(re, text);
          if (m) return [i, m, this.#cooked.take(m.index + m[0].length)];
        }
      }
      await this.#collect();
      if (this.eof) break;
      if (!(await this.#fillWhenReady(deadline)) && deadline !== null && now() >= deadline) break;
    }
    const text = this.#cooked.takeAll();
    if (text.length === 0 && this.eof) throw new EOFError();
    return [-1, null, text];
  }

  // ---- beyond telnetlib ------------------------------------------------------------------

  /**
   * add_option_handler(handler): from now on, options are negotiated by RFC 1143, this one by
   * the handler (its opening requests go out at once when connected); ValueError when the
   * option already has one.
   */
  add_option_handler(handler: OptionHandler): void {
    const negotiator = this.#engine.ensureNegotiator();
    negotiator.add(handler);
    if (this.sock) negotiator.startOne(handler);
  }

  /** local_enabled(option): true when we perform the option (we said WILL and the server DO). */
  local_enabled(option: number | Uint8Array): boolean {
    return this.#engine.negotiator?.table.enabled("local", byteValue(option)) ?? false;
  }

  /** remote_enabled(option): true when the server performs the option (it said WILL and we DO). */
  remote_enabled(option: number | Uint8Array): boolean {
    return this.#engine.negotiator?.table.enabled("remote", byteValue(option)) ?? false;
  }

  /** request_option(side, option, enable): asks (RFC 1143) for an option on our side ("local") or the server's ("remote"). */
  async request_option(side: Side, option: number | Uint8Array, enable = true): Promise<void> {
    this.#sock();
    const sent = this.#engine.ensureNegotiator().request(side, byteValue(option), enable);
    this.#engine.parser.binary = this.remote_enabled(BINARY);
    await sent;
  }

  /** login(user, password, options): waits for the login and password prompts, answers them, and waits for the shell prompt. */
  login(user: string, password: string, options: LoginOptions = {}): Promise<string> {
    return login(this, user, password, options);
  }

  /** run(command, options): sends a command line and returns its output, up to the next shell prompt. */
  run(command: string, options: RunOptions = {}): Promise<string> {
    return run(this, command, options);
  }

  /** Iterates over the data as it arrives (read_some() until end of stream), options negotiated on the way. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const data = await this.read_some();
      if (data.length === 0) return;
      yield data;
    }
  }

  /** Marks the next write as secret in the debug trace (login's password). */
  _maskNextWrite(): void {
    this.#trace.markSecret();
  }

  // ---- internals ---------------------------------------------------------------------------

  #sock(): socket {
    if (!this.sock) throw oserror("EBADF");
    return this.sock;
  }

  async #fill(size: number): Promise<void> {
    const buf = await this.#sock().recv(size);
    this.msg("recv %r", buf);
    this.eof = buf.length === 0;
    if (buf.length) this.#engine.rawq.push(buf);
  }

  // select(timeout) then fill_rawq(): false when the deadline passed with nothing to read.
  // Without a deadline the recv waits itself, under the connection's timeout.
  async #fillWhenReady(deadline: number | null): Promise<boolean> {
    const sock = this.#sock();
    if (deadline !== null || sock.gettimeout() === 0) {
      if (!(await this.#readiness.wait(sock, deadline))) return false;
    }
    await this.#fill(BULK_RECV_SIZE);
    return true;
  }

  // process_rawq(), then wait for what it sent and raise what failed.
  #process(): Promise<void> {
    return this.#engine.processAndSettle();
  }

  // #process() for the reads that collect: ResponseTooLarge, and no more reading, once the
  // cooked queue holds more than maxRead (a match that never comes, a server that never stops).
  async #collect(): Promise<void> {
    await this.#engine.processAndSettle();
    const max = this.#options.maxRead ?? MAX_READ;
    if (this.#cooked.length > max) throw new ResponseTooLarge(max, "bytes");
  }
}

function checkBytes(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array))
    throw new TypeError(
      `a bytes-like object is required, not '${typeof data === "string" ? "str" : typeof data}'`,
    );
  return data;
}
