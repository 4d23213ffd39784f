// NNTPServer: the session machine (session.ts) over a NewsSpool, served by @inetlib/socket's
// socketserver on loopback: plain, STARTTLS or implicit TLS, with COMPRESS DEFLATE, recording
// what each client sent so that tests can compare it byte for byte.
import {
  type AddressInfo,
  BaseRequestHandler,
  IPPROTO_TCP,
  Reader,
  readDotBody,
  type SocketLike,
  type SSLContext,
  type socket,
  stripEOL,
  TCP_NODELAY,
} from "@inetlib/socket";
import { LoopbackTCPServer } from "../loopback.js";
import { serverContext, testCA, testCredentials } from "../tls.js";
import { ServerDeflate } from "./deflate.js";
import type { NNTPServerOptions, NNTPTLSCredentials } from "./options.js";
import type { Step } from "./reply.js";
import { NNTPSession } from "./session.js";
import { NewsSpool } from "./spool.js";

/** NNTPServerListen says where an NNTPServer listens and how. */
export interface NNTPServerListen {
  /** 127.0.0.1 (default) or ::1; nothing but loopback is meant. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** TLS from the first byte (NNTPS, port 563's way); needs `tls`. */
  implicitTLS?: boolean;
}

/** NNTPConnectionRecord is what one client did. */
export interface NNTPConnectionRecord {
  /** Every line the client sent (commands and article lines), CRLF included, in order, as the server read them (decrypted, decompressed). */
  readonly received: Buffer[];
  /** Commands that were already waiting when the one before them was answered (pipelined). */
  pipelined: number;
  tls: boolean;
  compressed: boolean;
  /** Settles when the connection has ended. */
  readonly closed: Promise<void>;
}

/** The test certificate for localhost, 127.0.0.1 and ::1, signed by the test CA (nntpTestCA). */
export const nntpTestCredentials: NNTPTLSCredentials = testCredentials();
/** nntpTestCA is the CA file that verifies nntpTestCredentials. */
export const nntpTestCA: string = testCA;

const MAXLINE = 8192;

/**
 * NNTPServer serves a NewsSpool over NNTP on loopback:
 *
 *	await using server = await NNTPServer.open({ spool, tls: true });
 *	const s = await NNTP.open("127.0.0.1", server.port);
 *	server.transcript()   // "CAPABILITIES\r\nGROUP local.test\r\n..."
 */
export class NNTPServer implements AsyncDisposable {
  readonly spool: NewsSpool;
  readonly options: NNTPServerOptions;
  /** One record per accepted connection, oldest first. */
  readonly connections: NNTPConnectionRecord[] = [];
  readonly #server: NewsTCPServer;
  readonly #serving: Promise<void>;
  readonly _implicit: boolean;
  readonly _tls: SSLContext | null;
  readonly _live = new Set<SocketLike>();
  #closed = false;

  private constructor(server: NewsTCPServer, options: NNTPServerOptions, implicit: boolean) {
    this.#server = server;
    this.options = options;
    this.spool = options.spool ?? new NewsSpool();
    this._implicit = implicit;
    this._tls = serverContext(options.tls, nntpTestCredentials, implicit);
    server.nntp = this;
    this.#serving = server.serve_forever(0.05);
  }

  /** open starts a server listening on loopback. */
  static async open(options: NNTPServerOptions & NNTPServerListen = {}): Promise<NNTPServer> {
    const server = await NewsTCPServer.open([options.host ?? "127.0.0.1", options.port ?? 0], NNTPHandler);
    try {
      return new NNTPServer(server, options, options.implicitTLS ?? false);
    } catch (err) {
      await server.server_close();
      throw err;
    }
  }

  /** address is [host, port] as getsockname() gives it. */
  get address(): AddressInfo {
    return this.#server.socket.getsockname();
  }

  get port(): number {
    return (this.address as [string, number])[1];
  }

  /** transcript returns what the client of connection `index` (default: the last) sent, as binary text. */
  transcript(index = this.connections.length - 1): string {
    const record = this.connections[index];
    return record ? Buffer.concat(record.received).toString("latin1") : "";
  }

  /** close stops accepting, ends every connection and waits for them. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#server.shutdown();
    await Promise.all([...this._live].map((s) => Promise.resolve(s.close()).catch(() => {})));
    await this.#server.server_close();
    await this.#serving.catch(() => {});
    await Promise.all(this.connections.map((c) => c.closed));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

class NewsTCPServer extends LoopbackTCPServer {
  nntp!: NNTPServer;
  override request_queue_size = 64;
  override allow_reuse_address = true;

  // A client that goes away mid-session, or fails its handshake, ends only its own session.
  override handle_error(): void {}
}

class NNTPHandler extends BaseRequestHandler<socket> {
  override async handle(): Promise<void> {
    const nntp = (this.server as NewsTCPServer).nntp;
    let done!: () => void;
    const record: NNTPConnectionRecord = {
      received: [],
      pipelined: 0,
      tls: false,
      compressed: false,
      closed: new Promise<void>((resolve) => (done = resolve)),
    };
    nntp.connections.push(record);
    // Replies go out at once: Nagle's algorithm would hold a pipelined reply back until the
    // client ACKs the previous one, which a delayed ACK makes 40 ms.
    this.request.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    let sock: SocketLike = this.request;
    nntp._live.add(sock);
    const swap = (next: SocketLike) => {
      nntp._live.delete(sock);
      sock = next;
      nntp._live.add(sock);
    };
    const source = { recv: (n: number) => sock.recv(n) };
    const session = new NNTPSession(nntp.spool, nntp.options, nntp._implicit);
    try {
      if (nntp._implicit) {
        swap(await nntp._tls!.wrap_socket(this.request, { server_side: true }));
        record.tls = true;
      }
      // Every line the client sends is recorded as it came, stuffing and all.
      const reader = new Reader(source, { onLine: (l) => l.length > 0 && record.received.push(l) });
      await send(sock, session.greeting(), nntp.options.splitReplies);
      for (;;) {
        const raw = await reader.readline(MAXLINE);
        if (raw.length === 0) return;
        if (reader.buffered > 0) record.pipelined++;
        let step: Step =
          raw[raw.length - 1] === 10
            ? session.handle(stripEOL(raw))
            : { reply: Buffer.from("501 Line too long\r\n"), after: "close" };
        if (step.after === "body") {
          await send(sock, step, nntp.options.splitReplies);
          const article = await readDotBody(reader, { keepends: true, maxline: MAXLINE });
          step = session.receive(article.lines);
        }
        const injection = step.after === "starttls" ? nntp.options.starttlsInjection : undefined;
        // The injection rides in the same write as the go-ahead, as an attacker's would.
        const reply =
          injection === undefined ? step : { reply: Buffer.concat([step.reply, Buffer.from(injection)]) };
        await send(sock, reply, nntp.options.splitReplies);
        if (step.after === "close") return;
        if (step.after === "starttls") {
          reader.discard();
          swap(await nntp._tls!.wrap_socket(this.request, { server_side: true }));
          reader.reset(source);
          session.tls = record.tls = true;
        } else if (step.after === "compress") {
          const leftover = reader.buffered > 0 ? await reader.read(reader.buffered) : Buffer.alloc(0);
          swap(new ServerDeflate(sock, leftover));
          reader.reset(source);
          session.compressed = record.compressed = true;
        }
      }
    } finally {
      nntp._live.delete(sock);
      await Promise.resolve(sock.close()).catch(() => {});
      done();
    }
  }
}

async function send(sock: SocketLike, step: Step, piece: number | undefined): Promise<void> {
  if (!piece || piece <= 0) return sock.sendall(step.reply);
  for (let i = 0; i < step.reply.length; i += piece) await sock.sendall(step.reply.subarray(i, i + piece));
}
