// FTPServer: sessions (session.ts) on socketserver's TCPServer over loopback, plain, AUTH TLS
// or implicit TLS, recording what each client sent so that tests can compare it byte for byte.
import {
  type AddressInfo,
  BaseRequestHandler,
  IPPROTO_TCP,
  type SSLContext,
  type socket,
  TCP_NODELAY,
} from "@inetlib/socket";
import { LoopbackTCPServer } from "../loopback.js";
import { serverContext, testCA, testCredentials } from "../tls.js";
import type { FTPServerOptions, FTPTLSCredentials } from "./options.js";
import { type ConnectionRecord, FTPSession } from "./session.js";
import { FileTree } from "./tree.js";

/** FTPServerListen says where an FTPServer listens and how. */
export interface FTPServerListen {
  /** 127.0.0.1 (default) or ::1; nothing but loopback is meant. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** TLS from the first byte (implicit FTPS, port 990's way); needs `tls`. */
  implicitTLS?: boolean;
}

/** The test certificate for localhost, 127.0.0.1 and ::1, signed by the test CA. */
export const ftpTestCredentials: FTPTLSCredentials = testCredentials();
/** ftpTestCA is the CA file that verifies ftpTestCredentials. */
export const ftpTestCA: string = testCA;

/** The TCPServer under an FTPServer; each connection's handler hands it to the FTPServer. */
class ControlServer extends LoopbackTCPServer {
  ftp!: FTPServer;
  override allow_reuse_address = true;
}

class ControlHandler extends BaseRequestHandler<socket> {
  override async handle(): Promise<void> {
    await (this.server as ControlServer).ftp._serve(this.request);
  }
}

/**
 * FTPServer serves a FileTree over FTP on loopback:
 *
 *	await using server = await FTPServer.open({ tree: new FileTree({ "/hello.txt": "hi\r\n" }), tls: true });
 *	const ftp = await FTP.open("127.0.0.1", "user", "pass", "", { port: server.port });
 *	server.transcript()   // "USER user\r\nPASS pass\r\n..."
 */
export class FTPServer implements AsyncDisposable {
  readonly tree: FileTree;
  readonly options: FTPServerOptions;
  /** One record per accepted connection, oldest first. */
  readonly connections: ConnectionRecord[] = [];
  /** The session of each live connection, oldest first (scripted tests reach into them). */
  readonly sessions: FTPSession[] = [];
  readonly #server: ControlServer;
  readonly #implicit: boolean;
  readonly #tls: SSLContext | null;
  #serving: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(server: ControlServer, options: FTPServerOptions, implicit: boolean) {
    this.#server = server;
    server.ftp = this;
    this.options = options;
    this.tree = options.tree ?? new FileTree();
    this.#implicit = implicit;
    // One context for every connection: data connections can resume the control session.
    this.#tls = serverContext(options.tls, ftpTestCredentials, implicit);
  }

  /** open starts a server listening on loopback. */
  static async open(options: FTPServerOptions & FTPServerListen = {}): Promise<FTPServer> {
    const tcp = await ControlServer.open([options.host ?? "127.0.0.1", options.port ?? 0], ControlHandler);
    let server: FTPServer;
    try {
      server = new FTPServer(tcp, options, options.implicitTLS ?? false);
    } catch (err) {
      await tcp.server_close();
      throw err;
    }
    server.#serving = tcp.serve_forever(0.05);
    return server;
  }

  /** address is [host, port] as getsockname() gives it. */
  get address(): AddressInfo {
    return this.#server.server_address as AddressInfo;
  }

  get port(): number {
    return (this.address as [string, number])[1];
  }

  get host(): string {
    return (this.address as [string, number])[0];
  }

  /** transcript returns what the client of connection `index` (default: the last) sent on the control connection. */
  transcript(index = this.connections.length - 1): string {
    const record = this.connections[index];
    const encoding = this.options.encoding === "latin-1" ? "latin1" : "utf8";
    return record ? Buffer.concat(record.received).toString(encoding) : "";
  }

  /** close stops accepting and ends every connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#server.shutdown();
    await this.#serving;
    await Promise.all(this.sessions.map((s) => s.close()));
    await this.#server.server_close();
    await Promise.all(this.connections.map((c) => c.closed));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Serves one accepted control connection (called by the TCPServer's handler). */
  async _serve(conn: socket): Promise<void> {
    if (this.#closed) return;
    // Replies go out as they are written: Nagle would hold a 226 behind an unacknowledged 150.
    conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    let done!: () => void;
    const record: ConnectionRecord = {
      received: [],
      tls: false,
      data: [],
      closed: new Promise<void>((resolve) => (done = resolve)),
    };
    this.connections.push(record);
    const session = new FTPSession(conn, this.options, this.tree, this.#tls, record);
    this.sessions.push(session);
    try {
      if (this.#implicit) await session.secure();
      await Promise.race([session.run(), session.stopped]);
    } catch {
      // A client that goes away mid-session, or fails its handshake, ends only its own session.
    } finally {
      await session.close();
      const i = this.sessions.indexOf(session);
      if (i !== -1) this.sessions.splice(i, 1);
      done();
    }
  }
}
