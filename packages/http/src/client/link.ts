// Link: the connection under one HTTPConnection, on the core socket as Python's is on its
// socket. It opens the connection (transport.ts), writes what HTTPConnection sends, and reads
// each response head (framing.ts) and body (body.ts) from the bytes received (incoming.ts).
// HTTPConnection keeps Python's state machine; Link moves the bytes.
import type net from "node:net";
import { type Address, type DebugTrace, pyrepr, type SSLContext, type socket } from "@inetlib/socket";
import { BodyReader } from "./body.js";
import { framingOf, type ResponseHead, readHead } from "./framing.js";
import { Incoming } from "./incoming.js";
import type { HTTPMessage } from "./message.js";
import { openConnection, type TunnelTarget } from "./transport.js";

/** What a Link needs to know of its connection, read at each (re)connect. */
export interface LinkTarget {
  readonly host: string;
  readonly port: number;
  readonly timeout: number | null | undefined;
  readonly source_address: Address | null;
  readonly signal: AbortSignal | undefined;
  tunnel(): TunnelTarget | null;
  _tlsContext(): SSLContext | null;
}

/** A response head read, and its body to read. */
export interface Received {
  head: ResponseHead;
  body: BodyReader;
  chunked: boolean;
  length: number | null;
  will_close: boolean;
}

/** Link carries one connection's requests and responses. */
export class Link {
  /** The CONNECT reply's headers of the last tunnel. */
  proxyHeaders: HTTPMessage | null = null;
  readonly #target: LinkTarget;
  readonly #trace: DebugTrace;
  #sock: socket | null = null;
  #incoming: Incoming | null = null;
  #opening: Promise<void> | null = null;
  /** The body being read on this connection; the next response starts after it. */
  #current: BodyReader | null = null;
  /** The connection's signal, listened to while the connection is open. */
  #signal: AbortSignal | null = null;
  readonly #onAbort = (): void => void this.abort();

  constructor(target: LinkTarget, trace: DebugTrace) {
    this.#target = target;
    this.#trace = trace;
  }

  /** The open Node stream (net.Socket or tls.TLSSocket); null when there is none. */
  get sock(): net.Socket | null {
    return this.#sock?._stream ?? null;
  }

  /** True when a connection is open. */
  get connected(): boolean {
    return this.#sock !== null;
  }

  /** connect opens the connection now. */
  async connect(): Promise<void> {
    if (this.#sock) return;
    if (this.#opening) return this.#opening;
    this.#opening = (async () => {
      try {
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
        this.#sock = opened.sock;
        this.#incoming = new Incoming(opened.sock);
        this.proxyHeaders = opened.proxyHeaders;
        // Listened to only while a connection is open, so a long-lived signal shared by many
        // connections does not collect one listener per connection ever made.
        if (t.signal) {
          this.#signal = t.signal;
          t.signal.addEventListener("abort", this.#onAbort, { once: true });
        }
      } finally {
        this.#opening = null;
      }
    })();
    return this.#opening;
  }

  /**
   * dropped: the idle connection can no longer carry a request, because the server closed it
   * (or sent bytes nobody asked for). Checked before reusing a kept-alive connection, so a
   * server's idle timeout costs a reconnect rather than a failed request.
   */
  dropped(): boolean {
    const sock = this.#sock;
    if (!sock || this.#current) return false;
    if (this.#incoming!.length > 0 || this.#incoming!.eof) return true;
    const stream = sock._stream;
    return !stream || stream.destroyed || stream.readableEnded;
  }

  /** send writes bytes as they are (Python's sock.sendall), printing them at debug level 1. */
  async send(data: Buffer, trace = true): Promise<void> {
    const sock = this.#sock;
    if (!sock) throw new Error("Link.send: not connected");
    if (trace && this.#trace.level > 0) this.#trace.print("send:", pyrepr(data));
    await sock.sendall(data);
  }

  /** receive reads the next response head on this connection and sets up its body. */
  async receive(method: string | null): Promise<Received> {
    const sock = this.#sock;
    const incoming = this.#incoming;
    if (!sock || !incoming) throw new Error("Link.receive: not connected");
    const head = await readHead(incoming, this.#trace);
    const framing = framingOf(head.version, head.status, head.headers, method);
    const body = new BodyReader(incoming, framing);
    this.#current = body;
    body.bind((reusable) => {
      if (this.#current === body) this.#current = null;
      // A connection this Link still holds stays open for the next request if the body ended
      // cleanly; one handed over (will_close) or broken closes.
      if (this.#sock === sock && reusable && !framing.will_close) return;
      if (this.#sock === sock) this.#forget();
      void sock.close();
    });
    return { head, body, chunked: framing.chunked, length: framing.length, will_close: framing.will_close };
  }

  /** traceLevelChanged: nothing to do (sends are printed as they are written). */
  traceLevelChanged(): void {}

  /**
   * handOver lets the last response keep the connection (will_close, or urllib's do_open):
   * it closes once that response has finished, and this Link starts afresh.
   */
  handOver(): void {
    const sock = this.#sock;
    const current = this.#current;
    this.#forget();
    if (sock && (!current || current.finished)) void sock.close();
  }

  /** close closes the connection; a body being read on it fails. */
  async close(): Promise<void> {
    const sock = this.#sock;
    this.#forget();
    if (sock) await sock.close();
  }

  /**
   * abort: the connection's signal fired. The socket obeys the same signal (it closes and
   * every pending call rejects with AbortError), so the Link only lets go of it.
   */
  abort(): Promise<void> {
    this.#forget();
    return Promise.resolve();
  }

  #forget(): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#signal = null;
    this.#sock = null;
    this.#incoming = null;
    this.#current = null;
  }
}
