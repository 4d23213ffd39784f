// POP3Server: the session machine (session.ts) on loopback TCP, plain, STLS or implicit TLS,
// recording what each client sent so that tests can compare it byte for byte.
import {
  type AddressInfo,
  BaseRequestHandler,
  IPPROTO_TCP,
  LineTooLong,
  Reader,
  type SSLContext,
  type socket,
  stripEOL,
  TCP_NODELAY,
} from "@inetlib/socket";
import { LoopbackTCPServer } from "../loopback.js";
import { serverContext, testCA, testCredentials } from "../tls.js";
import { Maildrop } from "./maildrop.js";
import type { POP3ServerOptions, TLSCredentials } from "./options.js";
import { POP3Session } from "./session.js";

/** POP3ServerListen says where a POP3Server listens and how. */
export interface POP3ServerListen {
  /** 127.0.0.1 (default) or ::1; nothing but loopback is meant. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** TLS from the first byte (POP3S, port 995's way); needs `tls`. */
  implicitTLS?: boolean;
}

/** ConnectionRecord is what one client did. */
export interface ConnectionRecord {
  /** Every line the client sent, CRLF included, in order (decrypted after STLS). */
  readonly received: Buffer[];
  /** Commands that were already waiting when the one before them was answered (pipelined). */
  pipelined: number;
  /** Whether TLS is on (after STLS, or from the start). */
  tls: boolean;
  /** Settles when the connection has ended. */
  readonly closed: Promise<void>;
}

/** The test certificate for localhost, 127.0.0.1 and ::1, signed by the test CA. */
export const pop3TestCredentials: TLSCredentials = testCredentials();
/** pop3TestCA is the CA file that verifies pop3TestCredentials. */
export const pop3TestCA: string = testCA;

const MAXLINE = 8192;

/**
 * POP3Server serves a Maildrop over POP3 on loopback:
 *
 *	await using server = await POP3Server.open({ maildrop, tls: true });
 *	const pop = await POP3.open("127.0.0.1", server.port);
 *	server.transcript()   // "USER alice\r\nPASS alice-pass\r\n..."
 */
export class POP3Server implements AsyncDisposable {
  readonly maildrop: Maildrop;
  readonly options: POP3ServerOptions;
  /** One record per accepted connection, oldest first. */
  readonly connections: ConnectionRecord[] = [];
  readonly #tcp: POP3TCPServer;
  readonly #implicit: boolean;
  readonly #tls: SSLContext | null;
  readonly #live = new Set<socket>();
  #serving: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(tcp: POP3TCPServer, options: POP3ServerOptions, implicit: boolean) {
    this.#tcp = tcp;
    this.options = options;
    this.maildrop = options.maildrop ?? new Maildrop();
    this.#implicit = implicit;
    this.#tls = serverContext(options.tls, pop3TestCredentials, implicit);
  }

  /** open starts a server listening on loopback (socketserver's TCPServer, one task per client). */
  static async open(options: POP3ServerOptions & POP3ServerListen = {}): Promise<POP3Server> {
    const tcp = await POP3TCPServer.open([options.host ?? "127.0.0.1", options.port ?? 0], POP3Handler);
    let server: POP3Server;
    try {
      server = new POP3Server(tcp, options, options.implicitTLS ?? false);
    } catch (err) {
      await tcp.server_close();
      throw err;
    }
    tcp.pop3 = server;
    server.#serving = tcp.serve_forever();
    return server;
  }

  /** address is [host, port] as getsockname() gives it. */
  get address(): AddressInfo {
    return this.#tcp.server_address as AddressInfo;
  }

  get port(): number {
    return (this.address as [string, number])[1];
  }

  /** transcript returns what the client of connection `index` (default: the last) sent, as text. */
  transcript(index = this.connections.length - 1): string {
    const record = this.connections[index];
    return record ? Buffer.concat(record.received).toString("utf8") : "";
  }

  /** close stops accepting and ends every connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tcp.shutdown();
    await this.#serving;
    await Promise.all([...this.#live].map((s) => s.close()));
    await this.#tcp.server_close();
    await Promise.all(this.connections.map((c) => c.closed));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** _session serves one accepted connection (called by the request handler). */
  async _session(conn: socket): Promise<void> {
    let done!: () => void;
    const record: ConnectionRecord = {
      received: [],
      pipelined: 0,
      tls: false,
      closed: new Promise<void>((resolve) => (done = resolve)),
    };
    this.connections.push(record);
    try {
      if (!this.#closed) await this.#serve(conn, record);
    } finally {
      done();
    }
  }

  async #serve(conn: socket, record: ConnectionRecord): Promise<void> {
    let sock = conn;
    this.#live.add(sock);
    // Replies go out as soon as they are written: Nagle's algorithm would hold a pipelined
    // reply back until the client ACKs the previous one, which a delayed ACK makes 40 ms.
    conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    const session = new POP3Session(this.maildrop, this.options, this.#implicit);
    try {
      if (this.#implicit) sock = await this.#secure(sock, record);
      const reader = new Reader(sock);
      await this.#send(sock, session.greeting());
      for (;;) {
        let raw: Buffer;
        try {
          raw = await reader.readline(MAXLINE);
        } catch (err) {
          if (!(err instanceof LineTooLong)) throw err;
          await this.#send(sock, Buffer.from("-ERR Line too long\r\n"));
          return;
        }
        if (raw.length === 0) return;
        if (reader.buffered > 0) record.pipelined++;
        record.received.push(raw);
        const step = session.handle(stripEOL(raw));
        // An injection rides in the same write as the go-ahead, as an attacker's would.
        const injection = step.after === "starttls" ? this.options.stlsInjection : undefined;
        await this.#send(
          sock,
          injection === undefined ? step.reply : Buffer.concat([step.reply, Buffer.from(injection)]),
        );
        for (const piece of step.body ?? []) if (piece.length > 0) await this.#send(sock, piece);
        if (step.after === "close") return;
        if (step.after === "starttls") {
          reader.discard();
          sock = await this.#secure(sock, record);
          reader.reset(sock);
        }
      }
    } catch {
      // A client that goes away mid-session, or fails its handshake, ends only its own session.
    } finally {
      session.disconnect();
      this.#live.delete(sock);
      this.#live.delete(conn);
      await sock.close();
    }
  }

  async #secure(sock: socket, record: ConnectionRecord): Promise<socket> {
    this.#live.delete(sock);
    const secure = await this.#tls!.wrap_socket(sock, { server_side: true });
    this.#live.add(secure);
    record.tls = true;
    return secure;
  }

  async #send(sock: socket, data: Buffer): Promise<void> {
    const piece = this.options.splitReplies;
    if (!piece || piece <= 0) return sock.sendall(data);
    for (let i = 0; i < data.length; i += piece) {
      await sock.sendall(data.subarray(i, i + piece));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

// socketserver's pieces: the server knows its POP3Server, the handler hands it the connection.
class POP3TCPServer extends LoopbackTCPServer {
  pop3: POP3Server | null = null;
  override request_queue_size = 16;
}

class POP3Handler extends BaseRequestHandler<socket> {
  override async handle(): Promise<void> {
    await (this.server as POP3TCPServer).pop3?._session(this.request);
  }
}
