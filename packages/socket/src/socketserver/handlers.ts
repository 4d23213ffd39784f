// Request handlers: one instance per request, made by the server, which then awaits its
// setup(), handle() and finish() (Python calls them from __init__; constructors cannot wait).
import { IPPROTO_TCP, TCP_NODELAY } from "../constants.js";
import { OSError } from "../errors.js";
import type { SocketIO } from "../makefile.js";
import type { Address, AddressInfo, socket } from "../socket.js";
import type { BaseServer } from "./base.js";
import { BytesIO } from "./bytesio.js";

/** DatagramRequest is a datagram server's request: [data, the server's socket], as Python's tuple. */
export type DatagramRequest = [data: Buffer, socket: socket];

/**
 * BaseRequestHandler handles one request: override handle() (and setup()/finish() if need
 * be); each may be async. request, client_address and server are set by the constructor.
 * finish() runs even when handle() throws; what handle() threw goes to server.handle_error().
 */
export class BaseRequestHandler<R = unknown> {
  readonly request: R;
  readonly client_address: AddressInfo;
  readonly server: BaseServer<R>;

  constructor(request: R, client_address: AddressInfo, server: BaseServer<R>) {
    this.request = request;
    this.client_address = client_address;
    this.server = server;
  }

  setup(): void | Promise<void> {}

  handle(): void | Promise<void> {}

  finish(): void | Promise<void> {}

  /** Internal: what Python's __init__ does after setting the attributes. The server calls it. */
  async _run(): Promise<void> {
    await this.setup();
    try {
      await this.handle();
    } finally {
      await this.finish();
    }
  }
}

/**
 * StreamRequestHandler gives a stream request its files: rfile (buffered reads) and wfile
 * (unbuffered writes by default: each write is one sendall), from request.makefile(). finish()
 * flushes wfile and closes both.
 */
export class StreamRequestHandler extends BaseRequestHandler<socket> {
  /** rbufsize: rfile's buffering (-1: default). */
  rbufsize = -1;
  /** wbufsize: wfile's buffering (0: unbuffered). */
  wbufsize = 0;
  /** timeout: set on the connection in setup() when not null. */
  timeout: number | null = null;
  /** disable_nagle_algorithm: sets TCP_NODELAY in setup() (useful when wbufsize is not 0). */
  disable_nagle_algorithm = false;
  /** The connection (the request itself). */
  connection!: socket;
  rfile!: SocketIO<Buffer>;
  wfile!: SocketIO<Buffer>;

  override setup(): void | Promise<void> {
    this.connection = this.request;
    if (this.timeout !== null) this.connection.settimeout(this.timeout);
    if (this.disable_nagle_algorithm) this.connection.setsockopt(IPPROTO_TCP, TCP_NODELAY, true);
    this.rfile = this.connection.makefile("rb", { buffering: this.rbufsize });
    this.wfile = this.connection.makefile("wb", { buffering: this.wbufsize });
  }

  override async finish(): Promise<void> {
    if (!this.wfile.closed) {
      try {
        await this.wfile.flush();
      } catch (err) {
        // A final socket error (the client went away) is not the handler's failure.
        if (!(err instanceof OSError)) throw err;
      }
    }
    await this.wfile.close().catch((err: unknown) => {
      if (!(err instanceof OSError)) throw err;
    });
    await this.rfile.close();
  }
}

/**
 * DatagramRequestHandler gives a datagram request its files: rfile reads the datagram, and
 * what is written to wfile is sent back to the client as one datagram by finish().
 */
export class DatagramRequestHandler extends BaseRequestHandler<DatagramRequest> {
  packet!: Buffer;
  /** The server's socket, to reply with. */
  socket!: socket;
  rfile!: BytesIO;
  wfile!: BytesIO;

  override setup(): void | Promise<void> {
    [this.packet, this.socket] = this.request;
    this.rfile = new BytesIO(this.packet);
    this.wfile = new BytesIO();
  }

  override async finish(): Promise<void> {
    await this.socket.sendto(this.wfile.getvalue(), this.client_address as Address);
  }
}
