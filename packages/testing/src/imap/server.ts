// IMAPServer: the session machine (session.ts) over a Mailstore on loopback, on the core's
// socketserver: plain, STARTTLS or implicit TLS, literals synchronizing or not, recording every
// byte each client sent so that tests can compare it byte for byte.
import {
  type Address,
  type AddressInfo,
  BaseRequestHandler,
  IPPROTO_TCP,
  Reader,
  type SocketLike,
  type SSLContext,
  type socket,
  stripEOL,
  TCP_NODELAY,
} from "@inetlib/socket";
import { LoopbackTCPServer } from "../loopback.js";
import { ServerDeflate } from "../nntp/deflate.js";
import { pop3TestCA, pop3TestCredentials } from "../pop3/server.js";
import { serverContext } from "../tls.js";
import type { CommandView, IMAPServerOptions } from "./options.js";
import { IMAPSession } from "./session.js";
import { Mailstore } from "./store.js";
import { type Arg, CommandSyntaxError, type Piece, parseArgs } from "./syntax.js";

/** IMAPServerListen says where an IMAPServer listens and how. */
export interface IMAPServerListen {
  /** 127.0.0.1 (default) or ::1; nothing but loopback is meant. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** TLS from the first byte (IMAPS, port 993's way); needs `tls`. */
  implicitTLS?: boolean;
}

/** IMAPConnection is what one client did. */
export interface IMAPConnection {
  /** Every byte the client sent, in order, literals included (decrypted after STARTTLS). */
  readonly received: Buffer[];
  /** Whether TLS is on (after STARTTLS, or from the start). */
  tls: boolean;
  /** The session, for inspection (user, state, selected mailbox). */
  session: IMAPSession | null;
  /** Settles when the connection has ended. */
  readonly closed: Promise<void>;
}

/** The test certificate (localhost, 127.0.0.1, ::1) and the CA that signed it. */
export const imapTestCredentials = pop3TestCredentials;
export const imapTestCA: string = pop3TestCA;

const MAXLINE = 65536;
const MAX_LITERAL = 64 * 1024 * 1024;
const LITERAL = /(~?)\{(\d+)(\+?)\}$/;

class StoreServer extends LoopbackTCPServer {
  imap!: IMAPServer;

  constructor(address: Address, handler: typeof Handler, bind_and_activate = true) {
    super(address, handler, bind_and_activate);
    this.request_queue_size = 16;
  }

  // A client that went away or failed its handshake is not news: kept in `errors`.
  override handle_error(_request: socket, _client_address: AddressInfo, error?: unknown): void {
    this.imap.errors.push(error);
  }
}

class Handler extends BaseRequestHandler<socket> {
  override async handle(): Promise<void> {
    await (this.server as StoreServer).imap._serve(this.request);
  }
}

/**
 * IMAPServer serves a Mailstore over IMAP on loopback:
 *
 *	await using server = await IMAPServer.open({ store, tls: true });
 *	const M = await IMAP4.open("127.0.0.1", server.port);
 *	server.transcript()   // "ABCD0 CAPABILITY\r\nABCD1 LOGIN alice ..."
 */
export class IMAPServer implements AsyncDisposable {
  readonly store: Mailstore;
  readonly options: IMAPServerOptions;
  /** One record per accepted connection, oldest first. */
  readonly connections: IMAPConnection[] = [];
  /** What connection handlers threw (clients that went away mid-command, failed handshakes). */
  readonly errors: unknown[] = [];
  readonly #server: StoreServer;
  readonly #serving: Promise<void>;
  readonly #implicit: boolean;
  readonly #tls: SSLContext | null;
  readonly #live = new Set<socket>();
  #closed = false;

  private constructor(server: StoreServer, options: IMAPServerOptions, implicit: boolean) {
    this.#server = server;
    server.imap = this;
    this.options = options;
    this.store = options.store ?? new Mailstore();
    this.#implicit = implicit;
    this.#tls = serverContext(options.tls, imapTestCredentials, implicit);
    this.#serving = server.serve_forever(0.5).catch(() => {});
  }

  /** open starts a server listening on loopback. */
  static async open(options: IMAPServerOptions & IMAPServerListen = {}): Promise<IMAPServer> {
    const server = await StoreServer.open([options.host ?? "127.0.0.1", options.port ?? 0], Handler);
    try {
      return new IMAPServer(server, options, options.implicitTLS ?? false);
    } catch (err) {
      await server.server_close();
      throw err;
    }
  }

  /** address is [host, port] as getsockname() gives it. */
  get address(): AddressInfo {
    return this.#server.server_address as AddressInfo;
  }

  get port(): number {
    return (this.address as [string, number])[1];
  }

  /** transcript returns what the client of connection `index` (default: the last) sent, as latin1 text. */
  transcript(index = this.connections.length - 1): string {
    const record = this.connections[index];
    return record ? Buffer.concat(record.received).toString("latin1") : "";
  }

  /** close stops accepting and ends every connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#server.shutdown();
    await Promise.all([...this.#live].map((s) => s.close()));
    await this.#server.server_close();
    await this.#serving;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** _serve runs one connection (the socketserver handler's work). */
  async _serve(conn: socket): Promise<void> {
    let done!: () => void;
    const record: IMAPConnection = {
      received: [],
      tls: false,
      session: null,
      closed: new Promise<void>((r) => (done = r)),
    };
    this.connections.push(record);
    let sock = conn;
    this.#live.add(sock);
    conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    try {
      if (this.#implicit) sock = await this.#secure(sock, record);
      const reader = new Reader(sock);
      let layer: ServerDeflate | null = null;
      const io = {
        write: (data: string | Buffer) =>
          this.#send(layer ?? sock, typeof data === "string" ? Buffer.from(data, "latin1") : data),
        readLine: async () => {
          const raw = await reader.readline(MAXLINE);
          if (raw.length === 0) return null;
          record.received.push(raw);
          return stripEOL(raw);
        },
        startTLS: async () => {
          reader.discard();
          sock = await this.#secure(sock, record);
          reader.reset(sock);
        },
        startCompress: async () => {
          // What the client sent after COMPRESS is already compressed: the layer inflates it first.
          const leftover = reader.buffered > 0 ? await reader.read(reader.buffered) : Buffer.alloc(0);
          layer = new ServerDeflate(layer ?? sock, leftover);
          reader.reset(layer);
        },
      };
      const session = new IMAPSession(this.store, this.options, io, record.tls);
      record.session = session;
      try {
        await session.send(session.greeting());
        for (;;) {
          const cmd = await this.#readCommand(reader, record, session);
          if (cmd === null) return;
          if (typeof cmd === "string") {
            await session.send(cmd);
            continue;
          }
          if ((await session.handle(cmd)) === "close") return;
        }
      } finally {
        session.dispose();
      }
    } finally {
      this.#live.delete(sock);
      this.#live.delete(conn);
      await sock.close();
      done();
    }
  }

  // A command with its literals; a string is a reply to send instead (a refused command);
  // null at end of stream or when the connection must end.
  async #readCommand(
    reader: Reader,
    record: IMAPConnection,
    session: IMAPSession,
  ): Promise<CommandView | string | null> {
    const pieces: Piece[] = [];
    const raw: Buffer[] = [];
    let refused: string | null = null;
    const maxLiteral = this.options.maxLiteral ?? MAX_LITERAL;
    for (;;) {
      const line = await reader.readline(MAXLINE);
      if (line.length === 0) return null;
      record.received.push(line);
      raw.push(line);
      if (line[line.length - 1] !== 10) {
        await session.send("* BAD Line too long\r\n");
        return null;
      }
      const text = stripEOL(line);
      const m = LITERAL.exec(text.toString("latin1"));
      if (!m) {
        pieces.push({ text });
        break;
      }
      const n = Number(m[2]);
      const nonsync = m[3] === "+";
      pieces.push({ text: text.subarray(0, m.index) });
      if (n > maxLiteral) {
        await session.send(`* BAD Literal too large\r\n`);
        return null;
      }
      const lp = this.options.literalPlus ?? "LITERAL+";
      if (nonsync && (!lp || (lp === "LITERAL-" && n > 4096)))
        refused = "non-synchronizing literal not allowed";
      if (!nonsync) await session.send("+ Ready for literal data\r\n");
      const data = await reader.read(n);
      record.received.push(data);
      raw.push(data);
      if (data.length < n) return null;
      pieces.push({ literal: data });
    }
    const first = pieces[0] as { text: Buffer };
    const head = /^(\S+) (\S+) ?/.exec(first.text.toString("latin1"));
    if (!head) return `${first.text.toString("latin1").split(" ")[0] || "*"} BAD Error in IMAP command\r\n`;
    const [whole, tag, name] = head as unknown as [string, string, string];
    if (refused) return `${tag} BAD ${refused}\r\n`;
    pieces[0] = { text: first.text.subarray(whole.length) };
    let args: Arg[];
    try {
      args = parseArgs(pieces);
    } catch (err) {
      if (err instanceof CommandSyntaxError) return `${tag} BAD Error in IMAP command: ${err.message}\r\n`;
      throw err;
    }
    return { tag, name: name.toUpperCase(), args, raw: Buffer.concat(raw) };
  }

  async #secure(sock: socket, record: IMAPConnection): Promise<socket> {
    this.#live.delete(sock);
    const secure = await this.#tls!.wrap_socket(sock, { server_side: true });
    this.#live.add(secure);
    record.tls = true;
    return secure;
  }

  async #send(sock: SocketLike, data: Buffer): Promise<void> {
    const piece = this.options.splitReplies;
    if (!piece || piece <= 0) return sock.sendall(data);
    for (let i = 0; i < data.length; i += piece) {
      await sock.sendall(data.subarray(i, i + piece));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
