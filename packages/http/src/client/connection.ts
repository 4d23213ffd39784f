// HTTPConnection and HTTPSConnection: Python's state machine (putrequest, putheader,
// endheaders, send, getresponse) over one connection on the core socket (link.ts), writing
// the bytes Python writes and reading responses as Python's HTTPResponse.begin() does. A
// kept-alive connection the server has closed meanwhile is reopened before the next request.
import type net from "node:net";
import { type Address, type DebugSink, DebugTrace, pyrepr, type SSLContext } from "@inetlib/socket";
import { CannotSendHeader, CannotSendRequest, NotConnected, ResponseNotReady } from "./errors.js";
import { asciiHost, fdOf, stripIPv6Zone } from "./glue.js";
import { Link } from "./link.js";
import { HTTPMessage } from "./message.js";
import {
  bodyPieces,
  COALESCE_LIMIT,
  contentLength,
  describe,
  encodeHead,
  type HeaderValue,
  headerPairs,
  type PendingRequest,
  type RequestHeaders,
  valueText,
} from "./outgoing.js";
import { latin1, type RequestBody, toBuffer } from "./request-body.js";
import { HTTPResponse } from "./response.js";
import type { TunnelTarget } from "./transport.js";
import {
  checkAscii,
  getHostPort,
  validateHeaderName,
  validateHeaderValue,
  validateHost,
  validateMethod,
  validatePath,
} from "./validate.js";

export const HTTP_PORT = 80;
const EMPTY = Buffer.alloc(0);
export const HTTPS_PORT = 443;
/** request()'s headers when none are given (no pairs to list, no names to look up). */
const NO_HEADERS: RequestHeaders = Object.freeze({});
const NO_NAMES: ReadonlySet<string> = new Set();

const _CS_IDLE = "Idle";
const _CS_REQ_STARTED = "Request-started";
const _CS_REQ_SENT = "Request-sent";
type State = typeof _CS_IDLE | typeof _CS_REQ_STARTED | typeof _CS_REQ_SENT;

/** Keyword arguments of HTTPConnection. */
export interface HTTPConnectionOptions {
  /** Seconds for connecting and for each wait on the server; null blocks; left out: getdefaulttimeout(). */
  timeout?: number | null;
  /** [host, port] to bind before connecting. */
  source_address?: Address | null;
  /** Kept for parity: how much of a file-like body Python reads at a time. */
  blocksize?: number;
  /** Aborting closes the connection; pending calls reject with AbortError. */
  signal?: AbortSignal;
  /** Where set_debuglevel's trace goes (default: stdout, as Python's print()). */
  debugSink?: DebugSink;
}

/** Keyword arguments of putrequest(). */
export interface PutRequestOptions {
  skip_host?: boolean;
  skip_accept_encoding?: boolean;
}

/** Keyword arguments of endheaders() and request(). */
export interface EncodeChunkedOptions {
  encode_chunked?: boolean;
}

/**
 * HTTPConnection(host, port, {timeout, source_address, blocksize}): one connection to an HTTP
 * server, as Python's. `new` does no I/O; request() (or connect()) opens the connection.
 *
 *	const conn = new HTTPConnection("127.0.0.1", 8080);
 *	await conn.request("GET", "/");
 *	const r = await conn.getresponse();
 *	console.log(r.status, r.reason, await r.read());
 */
export class HTTPConnection implements AsyncDisposable {
  static readonly default_port: number = HTTP_PORT;
  readonly default_port: number = HTTP_PORT;
  /** Reopen a closed connection on the next request (Python's auto_open). */
  auto_open = 1;
  readonly _http_vsn = 11;
  readonly _http_vsn_str = "HTTP/1.1";
  host: string;
  port: number;
  timeout: number | null | undefined;
  source_address: Address | null;
  blocksize: number;
  _tunnel_host: string | null = null;
  _tunnel_port: number | null = null;
  _tunnel_headers: Array<[string, string]> = [];
  readonly signal: AbortSignal | undefined;
  readonly #trace: DebugTrace;
  readonly #link: Link;
  #state: State = _CS_IDLE;
  #response: HTTPResponse | null = null;
  #pending: PendingRequest | null = null;
  #method: string | null = null;
  /** fileno() of every response: the descriptor of the connection as it is when asked. */
  readonly #fileno = (): number => fdOf(this.sock);
  /** The last Host value that passed putheader's check (the same host is not checked again). */
  #hostChecked: string | null = null;
  /** The Host value of the connection's own host and port, and what it was made from. */
  #hostCache: {
    host: string;
    port: number;
    tunnelHost: string | null;
    tunnelPort: number | null;
    value: string;
  } | null = null;

  constructor(host: string, port: number | null = null, options: HTTPConnectionOptions = {}) {
    this.timeout = options.timeout;
    this.source_address = options.source_address ?? null;
    this.blocksize = options.blocksize ?? 8192;
    this.signal = options.signal;
    this.#trace = new DebugTrace(options.debugSink ? { sink: options.debugSink } : {});
    this.#link = new Link(this, this.#trace);
    [this.host, this.port] = getHostPort(host, port, this.defaultPort());
    validateHost(this.host);
  }

  /** The port used when none is given (80; 443 for HTTPSConnection). */
  protected defaultPort(): number {
    return HTTP_PORT;
  }

  /** The Node socket of the open connection (net.Socket or tls.TLSSocket); null when closed. */
  get sock(): net.Socket | null {
    return this.#link.sock;
  }

  /** debuglevel: 0 is silent; above 0 prints the request and response heads, as Python's. */
  get debuglevel(): number {
    return this.#trace.level;
  }

  /** set_debuglevel(level). */
  set_debuglevel(level: number): void {
    this.#trace.set_debuglevel(level);
    this.#link.traceLevelChanged();
  }

  /**
   * set_tunnel(host, port, headers): connect through the proxy this connection points at,
   * with CONNECT host:port (and these headers), before anything else. Only before connecting.
   */
  set_tunnel(host: string, port: number | null = null, headers: RequestHeaders | null = null): void {
    if (this.#link.connected) throw new Error("RuntimeError: Can't set up tunnel for established connection");
    [this._tunnel_host, this._tunnel_port] = getHostPort(host, port, this.defaultPort());
    this._tunnel_headers = headers ? headerPairs(headers).map(([k, v]) => [k, valueText(v)]) : [];
  }

  /** get_proxy_response_headers(): the CONNECT reply's headers (Python 3.12), null without a tunnel. */
  get_proxy_response_headers(): HTTPMessage | null {
    return this.#link.proxyHeaders;
  }

  /** connect(): opens the connection now (request() does when needed). */
  connect(): Promise<void> {
    return this.#link.connect();
  }

  /** @internal Where set_tunnel() points, for the connector. */
  tunnel(): TunnelTarget | null {
    if (this._tunnel_host === null) return null;
    return {
      host: this._tunnel_host,
      port: this._tunnel_port ?? this.defaultPort(),
      headers: this._tunnel_headers,
    };
  }

  /** close(): closes the connection and the response being read on it (not one handed over by will_close). */
  async close(): Promise<void> {
    this.#state = _CS_IDLE;
    this.#pending = null;
    const response = this.#response;
    this.#response = null;
    response?.close();
    await this.#link.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * putrequest(method, url, {skip_host, skip_accept_encoding}): starts a request: the request
   * line, then Host and Accept-Encoding: identity unless skipped.
   */
  putrequest(
    method: string,
    url: string,
    skip_host: boolean | PutRequestOptions = false,
    skip_accept_encoding = false,
  ): void {
    if (typeof skip_host === "object") {
      skip_accept_encoding = skip_host.skip_accept_encoding ?? false;
      skip_host = skip_host.skip_host ?? false;
    }
    if (this.#response?.isclosed()) this.#response = null;
    if (this.#state !== _CS_IDLE) throw new CannotSendRequest(this.#state);
    validateMethod(method);
    url = url || "/";
    validatePath(url);
    const line = `${method} ${url} ${this._http_vsn_str}`;
    checkAscii(line);
    this.#state = _CS_REQ_STARTED;
    this.#method = method;
    this.#pending = { method, url, lines: [line] };
    if (!skip_host) {
      // The field putheader("Host", ...) would add, checked as it checks.
      const host = this.#hostHeader(url);
      if (host !== this.#hostChecked) {
        validateHeaderValue(host);
        this.#hostChecked = host;
      }
      this.#addHeader("Host", host);
    }
    if (!skip_accept_encoding) this.#addHeader("Accept-Encoding", "identity");
  }

  // A field whose name and value are known to pass putheader's checks.
  #addHeader(name: string, text: string): void {
    this.#pending!.lines.push(`${name}: ${text}`);
  }

  /** putheader(header, ...values): adds a header field; refuses names and values that would inject. */
  putheader(header: string, ...values: HeaderValue[]): void {
    if (this.#state !== _CS_REQ_STARTED || !this.#pending) throw new CannotSendHeader();
    validateHeaderName(header);
    const texts = values.map((v) => {
      const text = valueText(v);
      validateHeaderValue(text);
      return text;
    });
    // Several values go folded over lines, as Python sends them.
    this.#pending.lines.push(`${header}: ${texts.join("\r\n\t")}`);
  }

  /**
   * endheaders(message_body, {encode_chunked}): sends the request, with the body if given.
   * With a Content-Length the body lacks, or chunked and no body, send() supplies the rest.
   */
  async endheaders(message_body: RequestBody = null, options: EncodeChunkedOptions = {}): Promise<void> {
    if (this.#state !== _CS_REQ_STARTED || !this.#pending) throw new CannotSendHeader();
    this.#state = _CS_REQ_SENT;
    const pending = this.#pending;
    this.#pending = null;
    await this.#dispatch(pending, message_body, options.encode_chunked ?? false);
  }

  /**
   * request(method, url, body, headers, {encode_chunked}): a whole request, as Python's:
   * Content-Length for bytes and text, chunked for iterables, Host and Accept-Encoding unless
   * given.
   */
  async request(
    method: string,
    url: string,
    body: RequestBody = null,
    headers: RequestHeaders = NO_HEADERS,
    options: EncodeChunkedOptions = {},
  ): Promise<void> {
    const pairs = headers === NO_HEADERS ? [] : headerPairs(headers);
    const names = pairs.length === 0 ? NO_NAMES : new Set(pairs.map(([k]) => k.toLowerCase()));
    this.putrequest(method, url, {
      skip_host: names.has("host"),
      skip_accept_encoding: names.has("accept-encoding"),
    });
    let encode_chunked = options.encode_chunked ?? false;
    if (!names.has("content-length")) {
      if (!names.has("transfer-encoding")) {
        encode_chunked = false;
        const length = contentLength(body, method);
        if (length === null) {
          if (body !== null && body !== undefined) {
            if (this.debuglevel > 0) this.#trace.print(`Unable to determine size of ${describe(body)}`);
            encode_chunked = true;
            this.putheader("Transfer-Encoding", "chunked");
          }
        } else this.#addHeader("Content-Length", String(length));
      }
    } else encode_chunked = false;
    for (const [k, v] of pairs) this.putheader(k, v);
    if (typeof body === "string") body = latin1(body, "body");
    await this.endheaders(body, { encode_chunked });
  }

  /**
   * send(data): bytes written as they are (Python's send): the rest of a body endheaders() left
   * open, or anything else. Opens the connection first when it is closed (auto_open).
   */
  async send(data: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
    if (typeof data === "string")
      throw new TypeError("data should be a bytes-like object or an iterable, got str");
    await this.#ensureConnected();
    if (data instanceof Uint8Array) return this.#link.send(toBuffer(data));
    if (this.debuglevel > 0) this.#trace.print("send:", describe(data));
    for await (const piece of data as AsyncIterable<Uint8Array>)
      await this.#link.send(toBuffer(piece), false);
  }

  /**
   * getresponse(): the response to the request sent (its head read; the body is read from
   * it). ResponseNotReady when no request was sent or the previous response is unread.
   */
  async getresponse(): Promise<HTTPResponse> {
    if (this.#response?.isclosed()) this.#response = null;
    if (this.#state !== _CS_REQ_SENT || this.#response) throw new ResponseNotReady(this.#state);
    if (!this.#link.connected) throw new NotConnected();
    let got: Awaited<ReturnType<Link["receive"]>>;
    try {
      got = await this.#link.receive(this.#method);
    } catch (err) {
      // The connection cannot be trusted after a broken head (Python's ConnectionError branch
      // closes it; a parse error leaves its stream mid-message).
      await this.close();
      throw err;
    }
    this.#state = _CS_IDLE;
    const { head } = got;
    const response = new HTTPResponse({
      handler: got.body,
      version: head.version,
      status: head.status,
      reason: head.reason,
      headers: HTTPMessage._adopt(head.headers),
      framing: got,
      method: this.#method,
      trace: this.#trace,
      fileno: this.#fileno,
    });
    // will_close: the connection now belongs to the response (Python's self.close() here).
    if (response.will_close) this.#link.handOver();
    else this.#response = response;
    return response;
  }

  /**
   * @internal urllib's do_open: the response keeps the connection until it is read or closed,
   * and this HTTPConnection lets go of it (Python closes its own reference to the socket).
   */
  _hand_over(response: HTTPResponse): void {
    if (this.#response === response) {
      this.#response = null;
      this.#link.handOver();
    }
  }

  #hostHeader(url: string): string {
    if (url.startsWith("http")) {
      const netloc = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1];
      if (netloc) return stripIPv6Zone(asciiHost(netloc));
    }
    const c = this.#hostCache;
    if (
      c &&
      c.host === this.host &&
      c.port === this.port &&
      c.tunnelHost === this._tunnel_host &&
      c.tunnelPort === this._tunnel_port
    )
      return c.value;
    const host = this._tunnel_host ?? this.host;
    const port = this._tunnel_host ? this._tunnel_port : this.port;
    let enc = asciiHost(host);
    if (host.includes(":")) enc = stripIPv6Zone(`[${enc}]`);
    const value = port === this.defaultPort() ? enc : `${enc}:${port}`;
    this.#hostCache = {
      host: this.host,
      port: this.port,
      tunnelHost: this._tunnel_host,
      tunnelPort: this._tunnel_port,
      value,
    };
    return value;
  }

  async #ensureConnected(): Promise<void> {
    if (this.#link.connected) return;
    if (!this.auto_open) throw new NotConnected();
    await this.#link.connect();
  }

  // _send_output: the head, then the body's pieces (a small first piece in the same write).
  async #dispatch(
    pending: PendingRequest,
    message_body: RequestBody,
    encode_chunked: boolean,
  ): Promise<void> {
    if (this.#link.connected && this.#link.dropped()) await this.#link.close();
    if (!this.#link.connected) await this.#ensureConnected();
    const head = encodeHead(pending);
    if (message_body === null || message_body === undefined) {
      if (this.debuglevel > 0) this.#trace.print("send:", pyrepr(head));
      return this.#link.send(head, false);
    }
    const pieces = bodyPieces(message_body, encode_chunked, this.#trace);
    // Bytes in hand may share the head's write; an iterable's first piece is not waited for.
    const inHand = typeof message_body === "string" || message_body instanceof Uint8Array;
    let next = inHand ? await pieces.next() : { done: false as const, value: EMPTY };
    if (this.debuglevel > 0) this.#trace.print("send:", pyrepr(head));
    if (!inHand) next = await this.#link.send(head, false).then(() => pieces.next());
    else if (!next.done && next.value.length <= COALESCE_LIMIT) {
      if (this.debuglevel > 0) this.#trace.print("send:", pyrepr(next.value));
      await this.#link.send(Buffer.concat([head, next.value]), false);
      next = await pieces.next();
    } else await this.#link.send(head, false);
    for (; !next.done; next = await pieces.next()) await this.#link.send(next.value);
  }

  /** @internal The TLS context (HTTPSConnection), null for plain HTTP. */
  _tlsContext(): SSLContext | null {
    return null;
  }
}
