// HTTPTestServer: an HTTP/1.1 server on loopback for the http.client, urllib and xmlrpc tests,
// the examples and the tour, on @inetlib/socket's socketserver. Keep-alive, chunked and
// Content-Length bodies both ways, large generated bodies in constant memory, redirects,
// basic and digest auth, a forward proxy with CONNECT tunnels, scripted raw replies, an
// XML-RPC endpoint, optional TLS. Every request is recorded byte for byte.
import {
  type Address,
  type AddressInfo,
  create_connection,
  type SSLContext,
  type socket,
} from "@inetlib/socket";
import { ImplicitTLSHandler, LoopbackTCPServer } from "../loopback.js";
import { builtinRoutes, REASONS } from "./routes.js";
import { type RecordedRequest, type Reply, type RequestView, readRequest, view, writeReply } from "./wire.js";

/** Route answers one request. */
export type Route = (req: RequestView, server: HTTPTestServer) => Reply | Promise<Reply>;

/** HTTPTestServerOptions configure an HTTPTestServer. */
export interface HTTPTestServerOptions {
  /** "127.0.0.1" (default) or "::1". */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Serve HTTPS: each connection starts with a TLS handshake (a server-side context). */
  tls?: SSLContext | null;
  /** Routes by exact path, tried before the built-in ones. */
  routes?: Record<string, Route>;
  /** Users for /basic/ and /digest/ (default { user: "pass" }). */
  users?: Record<string, string>;
  /** The realm of the auth challenges (default "inetlib"). */
  realm?: string;
  /** Files served under /files/ (path after /files/ -> content). */
  files?: Record<string, Buffer | string>;
  /** The XML-RPC endpoint at /RPC2 (and /xmlrpc): request body in, response body out. */
  xmlrpc?: ((body: Buffer, req: RequestView) => Buffer | string | Promise<Buffer | string>) | null;
  /** Act as a forward proxy: absolute-form requests are fetched, CONNECT tunnels to loopback. */
  proxy?: boolean;
  /** With proxy: require Proxy-Authorization Basic for these credentials. */
  proxyAuth?: { user: string; password: string } | null;
  /** Seconds to wait on a silent client (default 30). */
  timeout?: number;
}

class Server extends LoopbackTCPServer {
  http!: HTTPTestServer;

  constructor(address: Address, handler: typeof Handler, bind_and_activate = true) {
    super(address, handler, bind_and_activate);
    this.request_queue_size = 64;
  }

  override handle_error(_request: socket, _client_address: AddressInfo, error?: unknown): void {
    this.http.errors.push(error);
  }
}

class Handler extends ImplicitTLSHandler {
  protected override serverTLS(): SSLContext | null | undefined {
    return (this.server as Server).http.options.tls;
  }

  override async setup(): Promise<void> {
    this.timeout = (this.server as Server).http.options.timeout ?? 30;
    return super.setup();
  }

  override async handle(): Promise<void> {
    const http = (this.server as Server).http;
    const id = ++http.connections;
    const peer = this.client_address as [string, number];
    for (;;) {
      const req = await readRequest(this.rfile, id, peer[1]);
      if (!req) return;
      http.requests.push(req);
      if (req.method === "CONNECT" && http.options.proxy) {
        await http._tunnel(req, this.connection, this.wfile);
        return;
      }
      const reply = await http._route(view(req));
      const keep = await writeReply(this.wfile, reply, req, REASONS);
      if (!keep) return;
    }
  }

  override async finish(): Promise<void> {
    await super.finish();
    if (this.connection !== this.request) await this.connection.close();
  }
}

/**
 * HTTPTestServer serves HTTP on loopback until closed:
 *
 *	await using server = await HTTPTestServer.start();
 *	const conn = new HTTPConnection("127.0.0.1", server.port);
 *	server.requests[0].raw   // the exact bytes the client sent
 */
export class HTTPTestServer implements AsyncDisposable {
  readonly host: string;
  readonly port: number;
  readonly options: Readonly<HTTPTestServerOptions>;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** What handlers threw (clients that went away, failed handshakes). */
  readonly errors: unknown[] = [];
  /** Connections accepted so far. */
  connections = 0;
  readonly #server: Server;
  readonly #serving: Promise<void>;
  #closed = false;

  private constructor(server: Server, options: HTTPTestServerOptions) {
    this.options = options;
    this.#server = server;
    server.http = this;
    const [host, port] = server.server_address as [string, number];
    this.host = host;
    this.port = port;
    this.#serving = server.serve_forever(0.5).catch(() => {});
  }

  /** start listens and serves until close(). */
  static async start(options: HTTPTestServerOptions = {}): Promise<HTTPTestServer> {
    const server = await Server.open([options.host ?? "127.0.0.1", options.port ?? 0], Handler);
    return new HTTPTestServer(server, options);
  }

  /** url(path): this server's URL for a path ("http://127.0.0.1:PORT/path"). */
  url(path = "/"): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `${this.options.tls ? "https" : "http"}://${host}:${this.port}${path}`;
  }

  /** close stops serving and closes every connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#server.daemon_threads = true;
    await this.#server.shutdown();
    await this.#server.server_close();
    await this.#serving;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal Picks the route for a request. */
  async _route(req: RequestView): Promise<Reply> {
    const custom = this.options.routes?.[req.path];
    if (custom) return custom(req, this);
    if (this.options.proxy && /^https?:\/\//i.test(req.target)) return this.#forward(req);
    return builtinRoutes(req, this);
  }

  // A forward proxy's answer to an absolute-form request: the origin's reply, fetched.
  async #forward(req: RequestView): Promise<Reply> {
    const denied = this.#proxyDenied(req);
    if (denied) return denied;
    const url = new URL(req.target);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (!isLoopback(host)) return { status: 502, body: "only loopback targets\n", close: true };
    const port = Number(url.port || 80);
    const upstream = await create_connection([host, port], 10);
    try {
      const head = [`${req.method} ${url.pathname}${url.search} HTTP/1.1\r\n`];
      for (const [k, v] of req.headers) {
        if (/^(proxy-authorization|proxy-connection|connection)$/i.test(k)) continue;
        head.push(`${k}: ${v}\r\n`);
      }
      head.push("Connection: close\r\n\r\n");
      await upstream.sendall(Buffer.concat([Buffer.from(head.join(""), "latin1"), req.body]));
      const parts: Buffer[] = [];
      for (;;) {
        const b = await upstream.recv(65536);
        if (b.length === 0) break;
        parts.push(b);
      }
      return { raw: Buffer.concat(parts) };
    } finally {
      await upstream.close();
    }
  }

  #proxyDenied(req: RequestView): Reply | null {
    const auth = this.options.proxyAuth;
    if (!auth) return null;
    const want = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString("base64")}`;
    if (req.header("proxy-authorization") === want) return null;
    return {
      status: 407,
      headers: [["Proxy-Authenticate", 'Basic realm="proxy"']],
      body: "proxy authentication required\n",
    };
  }

  /** @internal CONNECT host:port: a 200, then bytes relayed both ways (loopback targets only). */
  async _tunnel(
    req: RecordedRequest,
    conn: socket,
    wfile: { write(b: Buffer): Promise<number> },
  ): Promise<void> {
    const denied = this.#proxyDenied(view(req));
    if (denied) {
      await writeReply(wfile as never, { ...denied, close: true }, req, REASONS);
      return;
    }
    const m = /^\[?([^\]]*)\]?:(\d+)$/.exec(req.target);
    if (!m || !isLoopback(m[1]!)) {
      await wfile.write(Buffer.from("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
      return;
    }
    let upstream: socket;
    try {
      upstream = await create_connection([m[1]!, Number(m[2])], 10);
    } catch {
      await wfile.write(Buffer.from("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"));
      return;
    }
    await wfile.write(Buffer.from("HTTP/1.1 200 Connection established\r\nX-Tunnel: inetlib\r\n\r\n"));
    conn.settimeout(null);
    const pump = async (from: socket, to: socket) => {
      try {
        for (;;) {
          const b = await from.recv(65536);
          if (b.length === 0) break;
          await to.sendall(b);
        }
      } catch {
        // either side went away
      }
      await to.shutdown(1).catch(() => {});
    };
    await Promise.all([pump(conn, upstream), pump(upstream, conn)]);
    await upstream.close();
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
