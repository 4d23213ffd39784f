// Link: the undici side of one HTTPConnection. It owns the undici Client, the stream our
// connector opened (transport.ts) before undici asked for it, and the debug trace of the
// heads undici sends. HTTPConnection keeps Python's state machine; Link moves the bytes.
import type net from "node:net";
import { AbortError, type Address, type DebugTrace, pyrepr, type SSLContext } from "@inetlib/socket";
import { Client, type Dispatcher } from "undici";
import { _MAXHEADERS, _MAXLINE } from "../limits.js";
import type { ResponseHandler } from "./body.js";
import { NotConnected } from "./errors.js";
import { originOf, refusal } from "./glue.js";
import type { HTTPMessage } from "./message.js";
import type { Outgoing } from "./outgoing.js";
import { watchHeads } from "./trace.js";
import { type Opened, openConnection, type TunnelTarget } from "./transport.js";

/** What a Link needs to know of its connection, read at each (re)connect. */
export interface LinkTarget {
  readonly host: string;
  readonly port: number;
  readonly timeout: number | null | undefined;
  readonly source_address: Address | null;
  readonly signal: AbortSignal | undefined;
  readonly auto_open: number;
  tunnel(): TunnelTarget | null;
  _tlsContext(): SSLContext | null;
}

/** Link carries one connection's requests through undici. */
export class Link {
  /** The open stream (net.Socket or tls.TLSSocket); null when there is none. */
  sock: net.Socket | null = null;
  /** The CONNECT reply's headers of the last tunnel. */
  proxyHeaders: HTTPMessage | null = null;
  readonly #target: LinkTarget;
  readonly #trace: DebugTrace;
  #client: Client | null = null;
  #opened: Opened | null = null;
  #opening: Promise<void> | null = null;
  #unwatch: (() => void) | null = null;
  #headTail = "\r\n";
  #traceBody: Buffer | null = null;
  #last: ResponseHandler | null = null;

  constructor(target: LinkTarget, trace: DebugTrace) {
    this.#target = target;
    this.#trace = trace;
  }

  /** True when a stream is open or opened and waiting for undici. */
  get connected(): boolean {
    return this.sock !== null || this.#opened !== null;
  }

  /** connect opens the stream now (undici takes it for the next request). */
  async connect(): Promise<void> {
    if (this.connected) return;
    if (this.#opening) return this.#opening;
    this.#opening = (async () => {
      try {
        this.#opened = await this.#open();
      } finally {
        this.#opening = null;
      }
    })();
    return this.#opening;
  }

  /**
   * dispatch hands a request to undici with its response handler. A request undici refuses
   * (its header rules) throws at once, as ValueError.
   */
  dispatch(out: Outgoing, method: string, path: string, timeoutMs: number, handler: ResponseHandler): void {
    const client = this.#ensureClient();
    this.#last = handler;
    this.#headTail = out.headTail;
    this.#traceBody = this.#trace.level > 0 && Buffer.isBuffer(out.body) ? out.body : null;
    const options: Dispatcher.DispatchOptions = {
      origin: originOf(this.#target.host, this.#target.port),
      path,
      method,
      headers: out.headers,
      // undici takes (async) iterables as bodies (writeIterable); its types list only streams.
      body: out.body as Dispatcher.DispatchOptions["body"],
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    };
    client.dispatch(options, handler);
    const code = (handler.error as { code?: string } | null)?.code;
    if (code === "UND_ERR_INVALID_ARG" || code === "UND_ERR_NOT_SUPPORTED") throw refusal(handler.error!);
  }

  /** traceLevelChanged starts or stops printing heads for the open stream. */
  traceLevelChanged(): void {
    if (this.#trace.level > 0 && this.sock && !this.#unwatch) this.#watch(this.sock);
    if (this.#trace.level <= 0) this.#stopWatching();
  }

  /**
   * handOver lets the last response keep the connection (will_close, or urllib's do_open):
   * the Client closes once that response has finished, and this Link starts afresh.
   */
  handOver(): void {
    const client = this.#client;
    const handler = this.#last;
    this.#client = null;
    this.#opened = null;
    this.sock = null;
    this.#stopWatching();
    if (!client) return;
    const done = () => void client.close().catch(() => {});
    if (!handler || handler.finished) done();
    else handler.onDone = done;
  }

  /** close destroys the connection and whatever is in flight on it. */
  async close(reason?: Error): Promise<void> {
    const client = this.#client;
    this.#client = null;
    this.#opened?.stream.destroy();
    this.#opened = null;
    this.sock = null;
    this.#stopWatching();
    if (client) await client.destroy(reason ?? null).catch(() => {});
  }

  /** abort closes with AbortError (the connection's signal fired). */
  abort(): Promise<void> {
    return this.close(new AbortError(undefined, { cause: this.#target.signal?.reason }));
  }

  #ensureClient(): Client {
    if (this.#client) return this.#client;
    const connect = (
      _opts: unknown,
      callback: (...args: [null, net.Socket] | [Error, null]) => void,
    ): void => {
      const pre = this.#opened;
      // undici must get the socket asynchronously: called back inside its own resume(), it
      // would not write the request until something else woke it.
      if (pre) {
        this.#opened = null;
        queueMicrotask(() => callback(null, pre.stream));
        return;
      }
      if (!this.#target.auto_open) {
        queueMicrotask(() => callback(new NotConnected(), null));
        return;
      }
      this.#open().then(
        (o) => callback(null, o.stream),
        (err: Error) => callback(err, null),
      );
    };
    this.#client = new Client(originOf(this.#target.host, this.#target.port), {
      connect,
      pipelining: 1,
      maxHeaderSize: _MAXLINE * (_MAXHEADERS + 1),
      strictContentLength: true,
    });
    return this.#client;
  }

  async #open(): Promise<Opened> {
    const t = this.#target;
    const tunnel = t.tunnel();
    const opened = await openConnection({
      host: t.host,
      port: t.port,
      timeout: t.timeout,
      source_address: t.source_address,
      tunnel,
      context: t._tlsContext(),
      server_hostname: tunnel?.host ?? t.host,
      signal: t.signal,
      trace: this.#trace,
    });
    const stream = opened.stream;
    this.sock = stream;
    this.proxyHeaders = opened.proxyHeaders;
    stream.once("close", () => {
      if (this.sock === stream) {
        this.sock = null;
        this.#stopWatching();
      }
    });
    this.#stopWatching();
    if (this.#trace.level > 0) this.#watch(stream);
    return opened;
  }

  // The request heads undici sends on this stream go to the trace, as Python's "send:" lines.
  #watch(stream: net.Socket): void {
    this.#unwatch = watchHeads(stream, (head) => {
      this.#trace.print("send:", pyrepr(Buffer.from(head + this.#headTail, "latin1")));
      const body = this.#traceBody;
      this.#traceBody = null;
      if (body) this.#trace.print("send:", pyrepr(body));
    });
  }

  #stopWatching(): void {
    this.#unwatch?.();
    this.#unwatch = null;
  }
}
