// SOCK_DGRAM sockets over node:dgram. Node pushes every datagram as it arrives; this keeps them
// in a bounded queue (full means dropped, as a full kernel receive buffer drops them) and hands
// out one per recv(), cut to bufsize as Python's recv() does.
import dgram from "node:dgram";
import { type Address, type AddressInfo, formatAddress, hostPort, wildcard } from "./address.js";
import { AF_INET6, MSG_PEEK, SHUT_RD, SHUT_RDWR, SHUT_WR } from "./constants.js";
import { AbortError, fromNodeError, type OSError, oserror, TimeoutError, ValueError } from "./errors.js";
import type { socket } from "./socket.js";
import { applyDatagram, datagramCreateOptions } from "./sockopt.js";

interface Datagram {
  data: Buffer;
  from: AddressInfo;
}

/** Queue limits: past either, new datagrams are dropped. */
const MAX_QUEUED_BYTES = 4 << 20;
const MAX_QUEUED = 16384;

/**
 * DatagramEndpoint is the UDP side of a socket. The Node socket is made on first use (bind,
 * connect, sendto) so that options set before then reach dgram.createSocket(); connect() and
 * sendto() bind to an ephemeral port first, as the kernel does.
 */
export class DatagramEndpoint {
  /** The Node socket, once made. */
  node: dgram.Socket | null = null;
  #bound = false;
  #peer: AddressInfo | null = null;
  #queue: Datagram[] = [];
  #queuedBytes = 0;
  #waiters = new Set<() => void>();
  /** An error the kernel reported between calls (ICMP port unreachable): raised by the next call. */
  #pending: OSError | null = null;
  #closed = false;
  #shutRd = false;
  #shutWr = false;

  constructor(
    readonly family: number,
    readonly owner: socket,
  ) {}

  /** The Node socket once it has an address (options that need one apply from then on). */
  get bound(): dgram.Socket | null {
    return this.#bound ? this.node : null;
  }

  /** Takes the pending error's errno (SO_ERROR), clearing it; 0 when none. */
  takeError(): number {
    const err = this.#pending;
    this.#pending = null;
    return err?.errno ?? 0;
  }

  async bind(address: Address): Promise<void> {
    this.#checkOpen();
    if (this.#bound) throw oserror("EINVAL");
    const [host, port] = hostPort(this.family, address, "bind");
    const node = this.#create();
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => {
        node.off("listening", onListening);
        reject(fromNodeError(err));
      };
      const onListening = () => {
        node.off("error", onError);
        resolve();
      };
      node.once("error", onError);
      node.once("listening", onListening);
      node.bind({ address: host === "" ? wildcard(this.family) : host, port, exclusive: true });
    });
    this.#bound = true;
    applyDatagram(this.owner, node);
  }

  async connect(address: Address): Promise<void> {
    this.#checkOpen();
    const [host, port] = hostPort(this.family, address, "connect");
    if (!this.#bound) await this.bind([wildcard(this.family), 0]);
    const node = this.node!;
    if (this.#peer) {
      node.disconnect();
      this.#peer = null;
    }
    await new Promise<void>((resolve, reject) => {
      try {
        node.connect(port, host === "" ? this.#loopback : host, (err?: Error) =>
          err ? reject(fromNodeError(err)) : resolve(),
        );
      } catch (err) {
        reject(fromNodeError(err));
      }
    });
    const peer = node.remoteAddress();
    this.#peer = formatAddress(this.family, peer.address, peer.port);
  }

  /** recvfrom(): the next datagram, cut to bufsize, and who sent it. */
  async recvfrom(bufsize: number, flags: number, timeout: number | null): Promise<[Buffer, AddressInfo]> {
    if (!Number.isInteger(bufsize) || bufsize < 0) throw new ValueError("negative buffersize in recvfrom");
    const deadline = timeout === null ? null : Date.now() + timeout * 1000;
    for (;;) {
      this.#checkOpen();
      this.#raisePending();
      if (this.#shutRd)
        return [Buffer.alloc(0), this.#peer ?? formatAddress(this.family, wildcard(this.family), 0)];
      const head = this.#queue[0];
      if (head) {
        if (!(flags & MSG_PEEK)) {
          this.#queue.shift();
          this.#queuedBytes -= head.data.length;
        }
        return [head.data.length > bufsize ? head.data.subarray(0, bufsize) : head.data, head.from];
      }
      if (timeout === 0) throw oserror("EAGAIN");
      await this.#wait(deadline === null ? null : deadline - Date.now());
    }
  }

  /** send(): one datagram to the connected peer. */
  async send(bytes: Buffer, _flags: number): Promise<number> {
    this.#checkOpen();
    this.#raisePending();
    if (this.#shutWr) throw oserror("EPIPE");
    if (!this.#peer) throw oserror("EDESTADDRREQ", "Destination address required");
    const node = this.node!;
    await new Promise<void>((resolve, reject) =>
      node.send(bytes, (err) => (err ? reject(fromNodeError(err)) : resolve())),
    );
    return bytes.length;
  }

  /**
   * sendto(): one datagram to `address`. Linux lets a connected UDP socket send elsewhere;
   * Node does not, so that raises EISCONN.
   */
  async sendto(bytes: Buffer, address: Address): Promise<number> {
    this.#checkOpen();
    const [host, port] = hostPort(this.family, address, "sendto");
    this.#raisePending();
    if (this.#shutWr) throw oserror("EPIPE");
    if (this.#peer) throw oserror("EISCONN");
    if (!this.#bound) await this.bind([wildcard(this.family), 0]);
    const node = this.node!;
    const target = host === "" ? this.#loopback : host === "<broadcast>" ? "255.255.255.255" : host;
    await new Promise<void>((resolve, reject) =>
      node.send(bytes, port, target, (err) => (err ? reject(fromNodeError(err)) : resolve())),
    );
    return bytes.length;
  }

  /** shutdown(): only a connected datagram socket has directions to shut, as on Linux. */
  async shutdown(how: number): Promise<void> {
    this.#checkOpen();
    if (!this.#peer) throw oserror("ENOTCONN");
    if (how === SHUT_RD || how === SHUT_RDWR) this.#shutRd = true;
    if (how === SHUT_WR || how === SHUT_RDWR) this.#shutWr = true;
    this.#wake();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#wake();
    const node = this.node;
    if (node) await new Promise<void>((resolve) => node.close(() => resolve()));
  }

  getpeername(): AddressInfo {
    this.#checkOpen();
    if (!this.#peer) throw oserror("ENOTCONN");
    return this.#peer;
  }

  getsockname(): AddressInfo {
    this.#checkOpen();
    if (!this.#bound) return formatAddress(this.family, wildcard(this.family), 0);
    const a = this.node!.address();
    return formatAddress(this.family, a.address, a.port);
  }

  // ---- internals -------------------------------------------------------------------------

  get #loopback(): string {
    return this.family === AF_INET6 ? "::1" : "127.0.0.1";
  }

  #create(): dgram.Socket {
    if (this.node) return this.node;
    const node = dgram.createSocket({
      type: this.family === AF_INET6 ? "udp6" : "udp4",
      ...datagramCreateOptions(this.owner),
    });
    node.on("message", (data: Buffer, rinfo: dgram.RemoteInfo) => {
      if (this.#queue.length >= MAX_QUEUED || this.#queuedBytes + data.length > MAX_QUEUED_BYTES) return;
      this.#queue.push({ data, from: formatAddress(this.family, rinfo.address, rinfo.port) });
      this.#queuedBytes += data.length;
      this.#wake();
    });
    node.on("error", (err: Error) => {
      // Errors outside a call (ICMP errors on a connected socket) wait for the next call.
      if (this.#bound) this.#pending = fromNodeError(err) as OSError;
      this.#wake();
    });
    this.node = node;
    return node;
  }

  #raisePending(): void {
    const err = this.#pending;
    if (err) {
      this.#pending = null;
      throw err;
    }
  }

  #checkOpen(): void {
    if (this.#closed) {
      const signal = this.owner.signal;
      if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
      throw oserror("EBADF");
    }
  }

  #wake(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w();
  }

  #wait(ms: number | null): Promise<void> {
    if (ms !== null && ms <= 0) return Promise.reject(new TimeoutError());
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.#waiters.add(wake);
      if (ms !== null)
        timer = setTimeout(() => {
          this.#waiters.delete(wake);
          reject(new TimeoutError());
        }, ms);
    });
  }
}
