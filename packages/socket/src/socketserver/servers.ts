// The socket servers: TCPServer, UDPServer and their Unix-domain variants.
import {
  AF_INET,
  AF_UNIX,
  SHUT_WR,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
} from "../constants.js";
import { OSError, oserror } from "../errors.js";
import { type Address, type AddressInfo, socket } from "../socket.js";
import { BaseServer, type RequestHandlerClass } from "./base.js";
import type { DatagramRequest } from "./handlers.js";

type ServerClass<S, H> = new (
  server_address: Address,
  RequestHandlerClass: H,
  bind_and_activate?: boolean,
) => S;

interface Activatable {
  server_bind(): void | Promise<void>;
  server_activate(): void | Promise<void>;
  server_close(): void | Promise<void>;
}

/**
 * SocketServer is what TCPServer and UDPServer share: the server socket, made from
 * address_family and socket_type when first used (so subclass field overrides apply), bound by
 * server_bind() and closed by server_close().
 */
export class SocketServer<R> extends BaseServer<R> {
  address_family: number = AF_INET;
  socket_type: number = SOCK_STREAM;
  /** request_queue_size: the listen() backlog. */
  request_queue_size = 5;
  allow_reuse_address = false;
  allow_reuse_port = false;
  #socket: socket | null = null;
  #autoActivate: boolean;

  /**
   * new Server(server_address, RequestHandlerClass, bind_and_activate = true) does no I/O. With
   * bind_and_activate, serve_forever() and handle_request() bind and activate first; use
   * `await Server.open(...)` to have the server bound (and server_address final) at once.
   */
  constructor(
    server_address: Address,
    RequestHandlerClass: RequestHandlerClass<R>,
    bind_and_activate = true,
  ) {
    super(server_address, RequestHandlerClass);
    this.#autoActivate = bind_and_activate;
  }

  /**
   * open(server_address, RequestHandlerClass): what Python's constructor does with
   * bind_and_activate: constructs, binds and activates (closing the server if that fails).
   */
  static async open<S extends Activatable, H>(
    this: ServerClass<S, H>,
    server_address: Address,
    RequestHandlerClass: H,
  ): Promise<S> {
    const server = new this(server_address, RequestHandlerClass, false);
    try {
      await server.server_bind();
      await server.server_activate();
    } catch (err) {
      await server.server_close();
      throw err;
    }
    return server;
  }

  /** The server socket. Assign to replace it (before binding). */
  get socket(): socket {
    this.#socket ??= new socket(this.address_family, this.socket_type);
    return this.#socket;
  }
  set socket(sock: socket) {
    this.#socket = sock;
  }

  /** server_bind(): applies allow_reuse_*, binds to server_address and records the real address (port 0 resolved). */
  async server_bind(): Promise<void> {
    this.#autoActivate = false;
    if (this.allow_reuse_address) this.socket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    if (this.allow_reuse_port) this.socket.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
    await this.socket.bind(this.server_address);
    this.server_address = this.socket.getsockname();
  }

  override async server_close(): Promise<void> {
    this.#autoActivate = false;
    await this.#socket?.close();
    await super.server_close();
  }

  override fileno(): number {
    return this.#socket?.fileno() ?? -1;
  }

  override _socketTimeout(): number | null {
    return this.socket.gettimeout();
  }

  override async _beforeServing(): Promise<void> {
    if (!this.#autoActivate) return;
    this.#autoActivate = false;
    try {
      await this.server_bind();
      await this.server_activate();
    } catch (err) {
      await this.server_close();
      throw err;
    }
  }
}

/**
 * TCPServer serves stream connections: each accepted socket is a request, shut down
 * (SHUT_WR) and closed once handled. Set address_family = AF_INET6 in a subclass for IPv6.
 */
export class TCPServer extends SocketServer<socket> {
  override async server_activate(): Promise<void> {
    await this.socket.listen(this.request_queue_size);
  }

  override get_request(): Promise<[socket, AddressInfo]> {
    return this.socket.accept();
  }

  override async shutdown_request(request: socket): Promise<void> {
    try {
      await request.shutdown(SHUT_WR);
    } catch (err) {
      // Some platforms raise ENOTCONN here, as Python notes.
      if (!(err instanceof OSError)) throw err;
    }
    await this.close_request(request);
  }

  override async close_request(request: socket): Promise<void> {
    await request.close();
  }
}

/** UDPServer serves datagrams: each is a request [data, server socket]; there is nothing to close. */
export class UDPServer extends SocketServer<DatagramRequest> {
  override socket_type: number = SOCK_DGRAM;
  /** max_packet_size: the largest datagram read; longer ones are cut. */
  max_packet_size = 8192;

  override async get_request(): Promise<[DatagramRequest, AddressInfo]> {
    const [data, client_addr] = await this.socket.recvfrom(this.max_packet_size);
    return [[data, this.socket], client_addr as AddressInfo];
  }

  override server_activate(): void {}

  override shutdown_request(request: DatagramRequest): void | Promise<void> {
    return this.close_request(request);
  }

  override close_request(_request: DatagramRequest): void {}
}

/** UnixStreamServer is TCPServer on an AF_UNIX path. */
export class UnixStreamServer extends TCPServer {
  override address_family: number = AF_UNIX;
}

/** UnixDatagramServer cannot be made: Node.js has no Unix datagram sockets. The constructor throws OSError EAFNOSUPPORT. */
export class UnixDatagramServer extends UDPServer {
  override address_family: number = AF_UNIX;
  constructor(
    server_address: Address,
    RequestHandlerClass: RequestHandlerClass<DatagramRequest>,
    bind_and_activate = true,
  ) {
    super(server_address, RequestHandlerClass, bind_and_activate);
    throw oserror(
      "EAFNOSUPPORT",
      "AF_UNIX SOCK_DGRAM is not available: Node.js has no Unix datagram sockets (UnixDatagramServer)",
    );
  }
}

// Every server already handles requests concurrently, as ThreadingMixIn does: the Threading*
// names are the same classes.
export {
  TCPServer as ThreadingTCPServer,
  UDPServer as ThreadingUDPServer,
  UnixDatagramServer as ThreadingUnixDatagramServer,
  UnixStreamServer as ThreadingUnixStreamServer,
};
