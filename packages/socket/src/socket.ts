// socket: one Python face over node:net (SOCK_STREAM over TCP and Unix paths) and node:dgram
// (SOCK_DGRAM, in datagram.ts). Every call that waits returns a Promise and honours the
// socket's timeout with Python's meaning: null blocks, 0 raises BlockingIOError when nothing
// is ready, a number of seconds raises `timeout`.
import type { FileHandle } from "node:fs/promises";
import type net from "node:net";
import {
  type Address,
  type AddressInfo,
  formatAddress,
  hostPort,
  listenTarget,
  unixPath,
  wildcard,
} from "./address.js";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  MSG_DONTWAIT,
  MSG_PEEK,
  SHUT_RD,
  SHUT_RDWR,
  SHUT_WR,
  SOCK_DGRAM,
  SOCK_STREAM,
} from "./constants.js";
import { DatagramEndpoint } from "./datagram.js";
import { dial } from "./dial.js";
import { AbortError, fromNodeError, OSError, oserror, TimeoutError, ValueError } from "./errors.js";
import { Inbox } from "./inbox.js";
import { Listener } from "./listener.js";
import { type BinaryMode, type MakefileOptions, SocketIO, type TextMode } from "./makefile.js";
import { sendfile } from "./sendfile.js";
import { getsockopt, inheritOptions, listenOptions, setsockopt } from "./sockopt.js";
import { checkTimeout, getdefaulttimeout } from "./timeout.js";

export type { Address, AddressInfo } from "./address.js";
export { getdefaulttimeout, setdefaulttimeout } from "./timeout.js";

export interface SocketOptions {
  /** Aborting closes the socket; every pending and later call rejects with AbortError. */
  signal?: AbortSignal;
}

/** The stream a socket rides on: a TCP or Unix connection, or a TLS connection over one. */
export type NodeStream = net.Socket;

const EMPTY_BYTES = Buffer.alloc(0);
/** What a closed socket's inbox holds when no read was waiting (see Inbox.failWaiters). */
const CLOSED: OSError = oserror("EBADF");
const closedError = (): OSError => oserror("EBADF");
const kAttach = Symbol("inetlib.socket.attach");

/**
 * The bulk read path: a connection this socket dials reads with Node's `onread` into one buffer
 * shared by every such socket, instead of 'data' events (a new 64 KiB Buffer per read(2)).
 * Reads of up to 1 MiB mean far fewer system calls and events on a fast transfer, and each
 * read is copied out (or straight into a waiting recv_into's buffer) before the callback
 * returns, so sharing is safe
 * (JavaScript runs one callback at a time and nothing keeps a view of the shared buffer).
 */
const READ_BUFFER_SIZE = 1 << 20;
const COPY_CHUNK = 64 * 1024;
let sharedReadBuffer: Buffer | null = null;

/** Where an `onread` connection's bytes go: the owning socket's inbox, while it has one. */
interface ReadSink {
  inbox: Inbox | null;
  /** Set by the inbox's flow control: the next callback returns false, which stops reading. */
  paused: boolean;
  /**
   * A recv_into() waiting on an empty inbox: the next read is copied straight into its buffer
   * (what does not fit goes to the inbox), so a bulk reader with its own buffer allocates
   * nothing per read, as Python's recv_into does not.
   */
  direct: Uint8Array | null;
  /** How many bytes went to `direct`. */
  delivered: number;
  /**
   * The size of the next read: after a read that only partly filled a recv_into() buffer, the
   * rest of that buffer (its reader asks for exactly that next), so the next read fits it
   * whole and nothing spills into a new allocation; otherwise the whole shared buffer.
   */
  nextSize: number;
}

function onreadOptions(sink: ReadSink): net.OnReadOpts {
  sharedReadBuffer ??= Buffer.allocUnsafeSlow(READ_BUFFER_SIZE);
  const shared = sharedReadBuffer;
  return {
    // Node asks for the next read's buffer right after each callback.
    buffer: () => (sink.nextSize >= READ_BUFFER_SIZE ? shared : shared.subarray(0, sink.nextSize)),
    callback: (nread: number, buf: Uint8Array): boolean => {
      sink.nextSize = READ_BUFFER_SIZE;
      const inbox = sink.inbox;
      // No owner (detached for STARTTLS, or closed): nothing read in clear may survive.
      if (!inbox) return true;
      let from = 0;
      const direct = sink.direct;
      if (direct && sink.delivered === 0 && inbox.length === 0) {
        from = Math.min(nread, direct.length);
        direct.set(buf.subarray(0, from));
        sink.delivered = from;
        if (from === nread && from < direct.length) sink.nextSize = direct.length - from;
        sink.direct = null;
        if (from === nread) inbox.notify();
      }
      // Copied out in pieces of at most 64 KiB: allocations under malloc's mmap threshold
      // reuse freed memory, where each fresh 1 MiB one would be new pages (measured: several
      // times slower on a busy machine).
      while (from < nread) {
        const n = Math.min(COPY_CHUNK, nread - from);
        // Small reads (replies, lines) share Node's pool.
        const chunk = n < 4096 ? Buffer.allocUnsafe(n) : Buffer.allocUnsafeSlow(n);
        chunk.set(buf.subarray(from, from + n));
        inbox.push(chunk);
        from += n;
      }
      return !sink.paused;
    },
  };
}
const kDetach = Symbol("inetlib.socket.detach");

export class socket implements AsyncDisposable {
  readonly family: number;
  readonly type: number;
  readonly proto: number;

  #timeout: number | null = getdefaulttimeout();
  #stream: NodeStream | null = null;
  #listener: Listener | null = null;
  #dgram: DatagramEndpoint | null = null;
  #inbox: Inbox | null = null;
  /** The onread path's sink, for a connection this socket dialed. */
  #sink: ReadSink | null = null;
  #boundAddress: Address | null = null;
  /** AF_UNIX names: Node reports neither end's path, so the socket remembers them. */
  #unixName = "";
  #unixPeer = "";
  /** True once the descriptor is gone; close() only asks for that (see #ioRefs). */
  #closed = false;
  #closeCalled = false;
  /** Open makefile() objects: as in Python, the connection outlives close() until they are closed too. */
  #ioRefs = 0;
  /** Sockets made by dup() that share this connection; the last one to close closes it. */
  #shared: { refs: number } | null = null;
  #writeError: Error | null = null;
  #signal: AbortSignal | undefined;
  #onAbort: (() => void) | undefined;
  /** Socket options recorded for Node to apply when a stream exists (sockopt.ts). */
  readonly _options = new Map<string, number>();

  constructor(family: number = AF_INET, type: number = SOCK_STREAM, proto = 0, options: SocketOptions = {}) {
    if (family !== AF_INET && family !== AF_INET6 && family !== AF_UNIX)
      throw oserror("EAFNOSUPPORT", "Address family not supported by protocol");
    if (type !== SOCK_STREAM && type !== SOCK_DGRAM) throw oserror("EINVAL", "Invalid argument: socket type");
    if (family === AF_UNIX && type === SOCK_DGRAM)
      throw oserror(
        "EAFNOSUPPORT",
        "AF_UNIX SOCK_DGRAM is not available: Node.js has no Unix datagram sockets",
      );
    this.family = family;
    this.type = type;
    this.proto = proto;
    if (type === SOCK_DGRAM) this.#dgram = new DatagramEndpoint(family, this);
    const signal = options.signal;
    if (signal) {
      this.#signal = signal;
      this.#onAbort = () => this.#abort();
      if (signal.aborted) queueMicrotask(this.#onAbort);
      else signal.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  /** The AbortSignal this socket obeys, for sockets made from it (accept, TLS wrap). */
  get signal(): AbortSignal | undefined {
    return this.#signal;
  }

  // ---- timeouts -------------------------------------------------------------------------

  settimeout(timeout: number | null): void {
    this.#timeout = checkTimeout(timeout);
  }

  gettimeout(): number | null {
    return this.#timeout;
  }

  /** setblocking(true) is settimeout(null); setblocking(false) is settimeout(0). */
  setblocking(flag: boolean): void {
    this.#timeout = flag ? null : 0;
  }

  getblocking(): boolean {
    return this.#timeout !== 0;
  }

  get timeout(): number | null {
    return this.#timeout;
  }

  // ---- connecting ------------------------------------------------------------------------

  /** bind(address). A stream socket listens at once so that port 0 is assigned and reserved, as the kernel does. */
  async bind(address: Address): Promise<void> {
    this.#checkOpen();
    if (this.#dgram) return this.#dgram.bind(address);
    if (this.#listener || this.#stream) throw oserror("EINVAL");
    this.#listener = await Listener.open(listenTarget(this.family, address, listenOptions(this)));
    this.#boundAddress = address;
  }

  /** listen([backlog]). Binds to an ephemeral port first if bind() was not called, as Python does. */
  async listen(_backlog?: number): Promise<void> {
    this.#checkOpen();
    if (this.#dgram) throw oserror("EOPNOTSUPP");
    if (!this.#listener) await this.bind([wildcard(this.family), 0]);
  }

  /** accept() -> [socket, address]. */
  async accept(): Promise<[socket, AddressInfo]> {
    this.#checkOpen();
    if (!this.#listener) throw oserror("EINVAL");
    const conn = await this.#listener.next(this.#timeout, () => this.#checkOpen());
    const peer = new socket(
      this.family,
      SOCK_STREAM,
      this.proto,
      this.#signal ? { signal: this.#signal } : {},
    );
    // Python: an accepted socket is blocking unless a default timeout is set.
    peer.#timeout = getdefaulttimeout();
    if (this.family === AF_UNIX) peer.#unixName = this.getsockname() as string;
    inheritOptions(this, peer);
    peer[kAttach](conn);
    conn.resume();
    return [peer, peer.getpeername()];
  }

  /** connect(address). */
  async connect(address: Address): Promise<void> {
    this.#checkOpen();
    if (this.#dgram) return this.#dgram.connect(address);
    if (this.#stream) throw oserror("EISCONN");
    const options = this.#connectOptions(address);
    if (this.#listener) {
      // bind() reserved the local port by listening; hand it over to the outgoing connection.
      this.#listener.close();
      this.#listener = null;
    }
    if (typeof address === "string") this.#unixPeer = address;
    const sink: ReadSink = {
      inbox: null,
      paused: false,
      direct: null,
      delivered: 0,
      nextSize: READ_BUFFER_SIZE,
    };
    options.onread = onreadOptions(sink);
    const conn = await dial(options, this.#timeout, this.#signal);
    this[kAttach](conn, sink);
  }

  /** connect_ex(address) -> 0 on success, else the errno (Python raises only for non-OSError failures). */
  async connect_ex(address: Address): Promise<number> {
    try {
      await this.connect(address);
      return 0;
    } catch (err) {
      if (err instanceof TimeoutError) return 11; // EAGAIN, as CPython returns for a timed-out connect_ex
      if (err instanceof OSError && err.errno !== null) return err.errno;
      throw err;
    }
  }

  // ---- data ------------------------------------------------------------------------------

  /** recv(bufsize[, flags]) -> bytes: up to bufsize bytes, waiting for at least one; empty at end of stream. */
  async recv(bufsize: number, flags = 0): Promise<Buffer> {
    const timeout = flags & MSG_DONTWAIT ? 0 : this.#timeout;
    if (this.#dgram) return (await this.#dgram.recvfrom(bufsize, flags, timeout))[0];
    checkBufsize(bufsize);
    const inbox = await this.#readable(timeout);
    if (inbox.length === 0) return Buffer.alloc(0);
    return flags & MSG_PEEK ? inbox.peek(bufsize) : inbox.take(bufsize);
  }

  /**
   * _recvBuffered: up to bufsize bytes already received, without waiting; empty when none (the
   * textproto Reader's fast path: one 'data' event, many lines, no promise each).
   */
  _recvBuffered(bufsize: number): Buffer {
    const inbox = this.#inbox;
    if (this.#closed || this.#dgram || !inbox || inbox.length === 0) return EMPTY_BYTES;
    return inbox.take(bufsize);
  }

  /** _recvWithin: recv() waiting at most `timeout` seconds (null: for ever) instead of the socket's timeout. */
  _recvWithin(bufsize: number, timeout: number | null): Promise<Buffer> {
    // Not an async function, and no #readable() between: the textproto Reader's wait is the
    // inbox's own promise and one step after it, rather than three async frames around it.
    if (this.#dgram) return this.#dgram.recvfrom(bufsize, 0, timeout).then(firstOf);
    let inbox: Inbox;
    try {
      checkBufsize(bufsize);
      this.#checkOpen();
      if (!this.#inbox) throw oserror("ENOTCONN");
      inbox = this.#inbox;
      if (inbox.ready) return Promise.resolve(takeReady(inbox, bufsize));
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.#timeout === 0 || timeout === 0) return Promise.reject(oserror("EAGAIN"));
    return inbox.wait(timeout).then(() => takeReady(inbox, bufsize));
  }

  /** recv_into(buffer[, nbytes[, flags]]) -> number of bytes received into buffer. */
  async recv_into(buffer: Uint8Array, nbytes = 0, flags = 0): Promise<number> {
    const want = nbytes === 0 ? buffer.length : nbytes;
    if (want > buffer.length) throw new ValueError("buffer too small for requested bytes");
    const sink = this.#sink;
    const inbox = this.#inbox;
    if (
      sink &&
      inbox &&
      flags === 0 &&
      want > 0 &&
      sink.direct === null &&
      !inbox.ready &&
      this.#timeout !== 0
    ) {
      // Nothing queued: the next read lands in the caller's buffer (see ReadSink.direct).
      sink.direct = buffer.subarray(0, want);
      sink.delivered = 0;
      try {
        await this.#readable(this.#timeout);
      } finally {
        sink.direct = null;
      }
      const got = sink.delivered;
      sink.delivered = 0;
      if (got > 0) return got;
    }
    const data = await this.recv(want, flags);
    buffer.set(data, 0);
    return data.length;
  }

  /** recvfrom(bufsize[, flags]) -> [bytes, address]. */
  async recvfrom(bufsize: number, flags = 0): Promise<[Buffer, AddressInfo | null]> {
    if (this.#dgram) return this.#dgram.recvfrom(bufsize, flags, flags & MSG_DONTWAIT ? 0 : this.#timeout);
    return [await this.recv(bufsize, flags), null];
  }

  /** recvfrom_into(buffer[, nbytes[, flags]]) -> [nbytes, address]. */
  async recvfrom_into(buffer: Uint8Array, nbytes = 0, flags = 0): Promise<[number, AddressInfo | null]> {
    const want = nbytes === 0 ? buffer.length : nbytes;
    if (want > buffer.length) throw new ValueError("nbytes is greater than the length of the buffer");
    const [data, address] = await this.recvfrom(want, flags);
    buffer.set(data, 0);
    return [data.length, address];
  }

  /**
   * send(data[, flags]) -> number of bytes sent (always all of them: Node queues what the kernel
   * cannot take yet). Bytes only, as Python's: a string is refused with TypeError.
   */
  async send(data: Uint8Array, flags = 0): Promise<number> {
    const bytes = toBytes(data);
    if (this.#dgram) return this.#dgram.send(bytes, flags);
    await this.sendall(bytes, flags);
    return bytes.length;
  }

  /**
   * sendall(data[, flags]): resolves once the kernel holds all of it, so the caller may reuse its
   * buffer. Bytes only, as Python's: a string is refused with TypeError (encode it first).
   */
  async sendall(data: Uint8Array, _flags = 0): Promise<void> {
    const bytes = toBytes(data);
    if (this.#dgram) {
      await this.#dgram.send(bytes, _flags);
      return;
    }
    this.#checkOpen();
    // Python: sending on a stream socket that is not connected is EPIPE, not ENOTCONN.
    const stream = this.#stream;
    if (!stream) throw oserror("EPIPE");
    if (this.#writeError) throw this.#writeError;
    if (stream.writableEnded) throw oserror("EPIPE");
    if (this.#timeout === 0 && stream.writableNeedDrain) throw oserror("EAGAIN");
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      stream.write(bytes, (err) => {
        settled = true;
        if (timer) clearTimeout(timer);
        if (err) reject(this.#writeError ?? fromNodeError(err));
        else resolve();
      });
      // A write the kernel took at once (nothing left queued) calls back on the next tick: the
      // timer is armed only for one that waits, saving a timer per command on the hot path.
      if (!settled && stream.writableLength > 0 && this.#timeout !== null && this.#timeout > 0)
        timer = setTimeout(() => reject(new TimeoutError()), this.#timeout * 1000);
    });
  }

  /**
   * sendfile(file[, offset[, count]]) -> bytes sent. file is a path, a FileHandle or a descriptor;
   * it is read from `offset` (positional reads: a FileHandle's own position is left alone) in
   * 64 KiB pieces, each sent before the next is read, so memory stays constant.
   */
  sendfile(file: string | FileHandle | number, offset = 0, count: number | null = null): Promise<number> {
    return sendfile(this, file, offset, count);
  }

  /** sendto(data[, flags], address) -> number of bytes sent. */
  async sendto(data: Uint8Array, flagsOrAddress: number | Address, address?: Address): Promise<number> {
    const bytes = toBytes(data);
    const target = address ?? (typeof flagsOrAddress === "number" ? undefined : flagsOrAddress);
    if (!this.#dgram) {
      if (this.#stream) throw oserror("EISCONN");
      throw oserror("EPIPE");
    }
    if (target === undefined) throw new TypeError("sendto() takes an address");
    return this.#dgram.sendto(bytes, target);
  }

  /** shutdown(how): SHUT_RD, SHUT_WR or SHUT_RDWR. */
  async shutdown(how: number): Promise<void> {
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) throw oserror("EINVAL");
    if (this.#dgram) return this.#dgram.shutdown(how);
    const stream = this.#connected();
    if (how === SHUT_RD || how === SHUT_RDWR) this.#inbox?.end();
    if (how === SHUT_WR || how === SHUT_RDWR) {
      if (stream.writableEnded) return;
      await new Promise<void>((resolve) => stream.end(resolve));
    }
  }

  /**
   * close(): data already sent still reaches the peer (as the kernel flushes after close(2));
   * the returned Promise settles when the connection is gone and never rejects. While files
   * from makefile() are open the connection stays up until the last of them is closed, as in
   * Python. With SO_LINGER set to {on, 0 seconds} the connection is reset instead.
   */
  close(): Promise<void> {
    this.#closeCalled = true;
    if (this.#ioRefs > 0) return Promise.resolve();
    return this.#realClose();
  }

  #realClose(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    if (this.#signal && this.#onAbort) this.#signal.removeEventListener("abort", this.#onAbort);
    if (this.#shared && --this.#shared.refs > 0) {
      // A dup() of this socket still uses the connection.
      this.#stream = null;
      this.#inbox = null;
      return Promise.resolve();
    }
    const waits: Promise<void>[] = [];
    this.#inbox?.failWaiters(closedError, CLOSED);
    const stream = this.#stream;
    if (stream) {
      waits.push(
        new Promise<void>((resolve) => {
          if (stream.destroyed) return resolve();
          stream.once("close", () => resolve());
          if (this._options.get("SO_LINGER") === 0) return void stream.resetAndDestroy();
          // A socket still receiving would never see 'close' without destroy(); end() flushes first.
          if (stream.writableFinished || stream.writableEnded) stream.destroy();
          else stream.end(() => stream.destroy());
          stream.resume();
        }),
      );
    }
    this.#listener?.close();
    if (this.#dgram) waits.push(this.#dgram.close());
    return Promise.all(waits).then(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** True once close() was called. */
  get _closed(): boolean {
    return this.#closed || this.#closeCalled;
  }

  // ---- options and files -----------------------------------------------------------------

  /**
   * setsockopt(level, optname, value). value is an int (booleans allowed) or its bytes. What
   * Node can honour is listed in sockopt.ts; anything else raises OSError ENOPROTOOPT.
   */
  setsockopt(level: number, optname: number, value: number | boolean | Uint8Array): void {
    this.#checkOpen();
    setsockopt(this, level, optname, value);
  }

  /** getsockopt(level, optname[, buflen]) -> int, or bytes when buflen is given. */
  getsockopt(level: number, optname: number, buflen?: number): number | Buffer {
    this.#checkOpen();
    return getsockopt(this, level, optname, buflen);
  }

  /**
   * makefile(mode="r", {buffering, encoding, errors, newline}) -> a file object on the socket:
   * Buffers in modes with "b", strings otherwise. See SocketIO.
   */
  makefile(mode: BinaryMode, options?: MakefileOptions): SocketIO<Buffer>;
  makefile(mode?: TextMode, options?: MakefileOptions): SocketIO<string>;
  makefile(
    mode: BinaryMode | TextMode = "r",
    options: MakefileOptions = {},
  ): SocketIO<Buffer> | SocketIO<string> {
    return new SocketIO<Buffer | string>(this, mode, options) as SocketIO<Buffer> | SocketIO<string>;
  }

  /**
   * dup() -> a second socket on the same connection (connected stream sockets only): both read
   * the same receive queue, each has its own timeout, and the connection closes with the last.
   */
  dup(): socket {
    this.#checkOpen();
    const stream = this.#stream;
    if (!stream || !this.#inbox)
      throw oserror(
        "EOPNOTSUPP",
        "Operation not supported: Node.js can dup() only a connected stream socket",
      );
    const twin = new socket(this.family, this.type, this.proto, this.#signal ? { signal: this.#signal } : {});
    this.#shared ??= { refs: 1 };
    this.#shared.refs++;
    twin.#shared = this.#shared;
    twin.#stream = stream;
    twin.#inbox = this.#inbox;
    twin.#sink = this.#sink;
    twin.#timeout = this.#timeout;
    twin.#unixName = this.#unixName;
    twin.#unixPeer = this.#unixPeer;
    for (const [k, v] of this._options) twin._options.set(k, v);
    twin.#applyOptions = this.#applyOptions;
    return twin;
  }

  /** detach(): not available, because Node.js cannot hand a socket's descriptor over without closing it. */
  detach(): number {
    throw oserror(
      "EOPNOTSUPP",
      "Operation not supported: Node.js cannot release a socket's descriptor (detach)",
    );
  }

  /** Internal (makefile.ts): a file object now uses this socket. */
  _increfIO(): void {
    this.#ioRefs++;
  }

  /** Internal (makefile.ts): a file object let go; closes the socket if close() was waiting for it. */
  _decrefIO(): Promise<void> {
    if (this.#ioRefs > 0) this.#ioRefs--;
    if (this.#closeCalled && this.#ioRefs === 0) return this.#realClose();
    return Promise.resolve();
  }

  // ---- names -----------------------------------------------------------------------------

  getpeername(): AddressInfo {
    this.#checkOpen();
    if (this.#dgram) return this.#dgram.getpeername();
    const s = this.#connected();
    if (this.family === AF_UNIX) return this.#unixPeer;
    return formatAddress(this.family, s.remoteAddress ?? "", s.remotePort ?? 0);
  }

  getsockname(): AddressInfo {
    this.#checkOpen();
    if (this.#dgram) return this.#dgram.getsockname();
    if (this.#listener) {
      const a = this.#listener.server.address();
      if (typeof a === "string") return a;
      if (a === null) return typeof this.#boundAddress === "string" ? this.#boundAddress : "";
      return formatAddress(this.family, a.address, a.port);
    }
    if (this.#stream) {
      if (this.family === AF_UNIX) return this.#unixName;
      return formatAddress(this.family, this.#stream.localAddress ?? "", this.#stream.localPort ?? 0);
    }
    if (this.family === AF_UNIX) return "";
    return formatAddress(this.family, wildcard(this.family), 0);
  }

  /** fileno(): the descriptor where Node exposes it, -1 once closed or where it does not. */
  fileno(): number {
    if (this.#closed) return -1;
    const handle = (this.#stream ?? this.#listener?.server ?? this.#dgram?.node) as unknown as {
      _handle?: { fd?: number };
    } | null;
    const fd = handle?._handle?.fd;
    return typeof fd === "number" && fd >= 0 ? fd : -1;
  }

  // ---- internals shared with tls.ts, sockopt.ts, makefile.ts ------------------------------

  /** The underlying Node stream of a connected stream socket (for socket options and TLS). */
  get _stream(): NodeStream | null {
    return this.#stream;
  }

  /** The underlying net.Server of a bound stream socket. */
  get _server(): net.Server | null {
    return this.#listener?.server ?? null;
  }

  /** The datagram endpoint of a SOCK_DGRAM socket. */
  get _dgram(): DatagramEndpoint | null {
    return this.#dgram;
  }

  /** Takes over a connected Node stream: accepted, created by tls.ts, or built by socketpair(). */
  [kAttach](stream: NodeStream, sink?: ReadSink): void {
    this.#stream = stream;
    let inbox: Inbox;
    if (sink) {
      // onread: pausing is the callback returning false; resume() starts reading again.
      inbox = new Inbox({
        pause: () => {
          sink.paused = true;
        },
        resume: () => {
          sink.paused = false;
          stream.resume();
        },
      });
      sink.inbox = inbox;
      this.#sink = sink;
      // 'end' comes only to a flowing stream; with onread no 'data' event is ever emitted.
      stream.resume();
    } else {
      inbox = new Inbox({ pause: () => stream.pause(), resume: () => stream.resume() });
      stream.on("data", (chunk: Buffer) => inbox.push(chunk));
    }
    this.#inbox = inbox;
    stream.on("end", () => inbox.end());
    stream.on("error", (err) => {
      const e = fromNodeError(err);
      this.#writeError ??= e;
      inbox.fail(e);
    });
    stream.on("close", () => inbox.end());
    this.#applyOptions?.(stream);
  }

  /**
   * Hands the Node stream to a new owner (a TLS wrapper) and leaves this socket closed, as
   * Python's wrap_socket() detaches the plain socket. Returns the stream and how many
   * received bytes were dropped: nothing received in clear may be read after a STARTTLS.
   */
  [kDetach](): { stream: NodeStream; discarded: number } {
    const stream = this.#connected();
    stream.removeAllListeners("data");
    stream.removeAllListeners("end");
    stream.removeAllListeners("error");
    stream.removeAllListeners("close");
    stream.pause();
    // Not resumed: with no 'data' listener left, a flowing stream would drop what arrives next,
    // and that belongs to the new owner (the TLS handshake).
    const discarded = this.#inbox?.discard({ resume: false }) ?? 0;
    if (this.#sink) {
      this.#sink.inbox = null;
      this.#sink.paused = false;
      this.#sink = null;
    }
    this.#stream = null;
    this.#inbox = null;
    this.#closed = true;
    if (this.#signal && this.#onAbort) this.#signal.removeEventListener("abort", this.#onAbort);
    return { stream, discarded };
  }

  /** Set by sockopt.ts: applies recorded options to a new stream. */
  #applyOptions: ((stream: NodeStream) => void) | undefined;
  _setOptionApplier(fn: (stream: NodeStream) => void): void {
    this.#applyOptions = fn;
  }

  /** Waits until a recv() would not block, honouring the timeout; returns the inbox. */
  async _readable(): Promise<Inbox> {
    return this.#readable(this.#timeout);
  }

  /**
   * What select([sock], [], [], timeout) tells of a connected stream socket: resolves true once
   * a recv() would not block (bytes, end of stream, or an error it would raise), false when
   * `timeout` seconds pass first. The socket's own timeout plays no part, as in select().
   */
  async _waitReadable(timeout: number | null): Promise<boolean> {
    const inbox = this.#inbox;
    if (this.#closed || !inbox || inbox.ready) return true;
    try {
      await inbox.wait(timeout);
      return true;
    } catch (err) {
      if (err instanceof TimeoutError) return false;
      throw err;
    }
  }

  async #readable(timeout: number | null): Promise<Inbox> {
    this.#checkOpen();
    const inbox = this.#inbox;
    if (!inbox) throw oserror("ENOTCONN");
    if (!inbox.ready) {
      if (timeout === 0) throw oserror("EAGAIN");
      await inbox.wait(timeout);
    }
    if (inbox.length === 0 && inbox.error) throw inbox.error;
    return inbox;
  }

  #checkOpen(): void {
    if (this.#closed) {
      if (this.#signal?.aborted) throw new AbortError(undefined, { cause: this.#signal.reason });
      throw oserror("EBADF");
    }
  }

  #connected(): NodeStream {
    this.#checkOpen();
    if (!this.#stream) throw oserror("ENOTCONN");
    return this.#stream;
  }

  #abort(): void {
    const err = new AbortError(undefined, { cause: this.#signal?.reason });
    this.#inbox?.fail(err);
    this.#listener?.fail(err);
    this.#stream?.destroy();
    this.#closeCalled = true;
    void this.#realClose();
  }

  #connectOptions(address: Address): net.NetConnectOpts {
    if (this.family === AF_UNIX) return { path: unixPath(address), allowHalfOpen: true };
    const [host, port] = hostPort(this.family, address, "connect");
    const options: net.TcpNetConnectOpts = {
      host,
      port,
      family: this.family === AF_INET6 ? 6 : 4,
      autoSelectFamily: false,
      allowHalfOpen: true,
    };
    if (this.#boundAddress && typeof this.#boundAddress !== "string") {
      const bound = this.getsockname();
      const [bhost, bport] = Array.isArray(bound) ? bound : [this.#boundAddress[0], this.#boundAddress[1]];
      if (bhost && bhost !== "0.0.0.0" && bhost !== "::") options.localAddress = bhost;
      if (bport) options.localPort = bport;
    }
    return options;
  }
}

// Typed callers cannot pass a string; untyped JavaScript still gets Python's TypeError.
function toBytes(data: Uint8Array | string): Buffer {
  if (typeof data === "string")
    throw new TypeError("a bytes-like object is required, not 'str' (encode the string first)");
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function checkBufsize(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ValueError("negative buffersize in recv");
}

/** Internal: wrap a connected Node stream in a socket (tls.ts, socketpair, socketserver). */
export function _socketFromStream(
  stream: NodeStream,
  family: number,
  options: SocketOptions & { timeout?: number | null } = {},
): socket {
  const s = new socket(family, SOCK_STREAM, 0, options.signal ? { signal: options.signal } : {});
  if (options.timeout !== undefined) s.settimeout(options.timeout);
  s[kAttach](stream);
  return s;
}

/** Internal: detach the Node stream from a socket, discarding unread bytes (tls.ts). */
export function _detachStream(s: socket): { stream: NodeStream; discarded: number } {
  return s[kDetach]();
}

/** takeReady is what a recv() from a ready inbox returns: bytes, b"" at end of stream, or its error. */
function takeReady(inbox: Inbox, bufsize: number): Buffer {
  if (inbox.length > 0) return inbox.take(bufsize);
  if (inbox.error) throw inbox.error;
  return Buffer.alloc(0);
}

function firstOf(pair: [Buffer, unknown]): Buffer {
  return pair[0];
}
