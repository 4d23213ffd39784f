// Transport and SafeTransport: one XML-RPC request over a kept-alive HTTPConnection, as
// Python's (gzip accepted, a retry when the server closed the kept-alive connection).
import { gunzipSync, gzipSync } from "node:zlib";
import { type DebugSink, OSError, pyrepr, type SSLContext, ValueError } from "@inetlib/socket";
import { HTTPConnection } from "../client/connection.js";
import { RemoteDisconnected } from "../client/errors.js";
import { HTTPSConnection } from "../client/https.js";
import type { HTTPResponse } from "../client/response.js";
import { XMLRPC_MAX_RESPONSE } from "../limits.js";
import { _splituser, unquote_to_bytes } from "../request/parse.js";
import { Fault, ProtocolError, ResponseError, type XMLRPCValue } from "./types.js";
import { getparser, type Unmarshaller, type XMLParser } from "./unmarshal.js";

/** Keyword arguments of Transport. */
export interface TransportOptions {
  use_datetime?: boolean;
  use_builtin_types?: boolean;
  /** Extra headers sent with every request, as [name, value] pairs. */
  headers?: ReadonlyArray<readonly [string, string]>;
  /** Seconds to wait on the server (HTTPConnection's timeout; not in Python's Transport). */
  timeout?: number | null;
  /** Aborting closes the connection. */
  signal?: AbortSignal;
  /** Where verbose output goes (default stdout). */
  debugSink?: DebugSink;
  /** The largest response body read (default XMLRPC_MAX_RESPONSE, 20 MiB). */
  maxResponse?: number;
}

/** Keyword arguments of SafeTransport. */
export interface SafeTransportOptions extends TransportOptions {
  context?: SSLContext | null;
}

const RETRY_ERRNO = new Set(["ECONNRESET", "ECONNABORTED", "EPIPE"]);

/** gzip_encode(data): gzip at level 1, as Python's. */
export function gzip_encode(data: Uint8Array): Buffer {
  return gzipSync(data, { level: 1 });
}

/** gzip_decode(data, max_decode): gunzip bounded by max_decode bytes (ValueError past it; -1: no bound). */
export function gzip_decode(data: Uint8Array, max_decode = XMLRPC_MAX_RESPONSE): Buffer {
  try {
    return gunzipSync(data, max_decode >= 0 ? { maxOutputLength: max_decode } : {});
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
      throw new ValueError("max gzipped payload length exceeded");
    throw new ValueError("invalid data");
  }
}

/** Transport: speaks XML-RPC over http: one connection per host, kept between calls. */
export class Transport {
  user_agent = "inetlib-xmlrpc/0.1";
  accept_gzip_encoding = true;
  /** Gzip request bodies longer than this (null: never), as Python's encode_threshold. */
  encode_threshold: number | null = null;
  verbose = false;
  readonly _use_datetime: boolean;
  readonly _use_builtin_types: boolean;
  _connection: [string | null, HTTPConnection | null] = [null, null];
  _headers: Array<[string, string]>;
  _extra_headers: Array<[string, string]> = [];
  protected readonly options: TransportOptions;

  constructor(options: TransportOptions = {}) {
    this.options = options;
    this._use_datetime = options.use_datetime ?? false;
    this._use_builtin_types = options.use_builtin_types ?? false;
    this._headers = (options.headers ?? []).map(([k, v]) => [k, v]);
  }

  /** request(host, handler, request_body, verbose): one call, retried once if the kept-alive connection had closed. */
  async request(
    host: string,
    handler: string,
    request_body: Uint8Array,
    verbose = false,
  ): Promise<XMLRPCValue[]> {
    for (const i of [0, 1]) {
      try {
        return await this.single_request(host, handler, request_body, verbose);
      } catch (err) {
        const retry =
          err instanceof RemoteDisconnected ||
          (err instanceof OSError && typeof err.code === "string" && RETRY_ERRNO.has(err.code));
        if (i || !retry) throw err;
      }
    }
    throw new ResponseError("unreachable");
  }

  async single_request(
    host: string,
    handler: string,
    request_body: Uint8Array,
    verbose = false,
  ): Promise<XMLRPCValue[]> {
    let resp: HTTPResponse;
    try {
      const conn = await this.send_request(host, handler, request_body, verbose);
      resp = await conn.getresponse();
      if (resp.status === 200) {
        this.verbose = verbose;
        return await this.parse_response(resp);
      }
    } catch (err) {
      if (!(err instanceof Fault)) await this.close();
      throw err;
    }
    if (resp.getheader("content-length", "")) await resp.read();
    // Python leaves any other body unread (and the connection unusable); closing it frees the connection.
    else resp.close();
    const headers: Record<string, string> = {};
    for (const [k, v] of resp.getheaders()) headers[k] = v;
    throw new ProtocolError(host + handler, resp.status, resp.reason, headers);
  }

  getparser(): [XMLParser, Unmarshaller] {
    return getparser(this._use_datetime, this._use_builtin_types);
  }

  /** get_host_info(host): [host, extra headers (Basic auth from user:pass@), x509]. */
  get_host_info(host: string): [string, Array<[string, string]>, Record<string, never>] {
    const [auth, rest] = _splituser(host);
    if (auth) {
      const token = unquote_to_bytes(auth).toString("base64");
      return [rest, [["Authorization", `Basic ${token}`]], {}];
    }
    return [rest, [], {}];
  }

  /** make_connection(host): the kept connection for host, or a new one. */
  make_connection(host: string): HTTPConnection {
    const [known, conn] = this._connection;
    if (conn && host === known) return conn;
    const [chost, extra] = this.get_host_info(host);
    this._extra_headers = extra;
    const made = new HTTPConnection(chost, null, this.connectionOptions());
    this._connection = [host, made];
    return made;
  }

  protected connectionOptions(): { timeout?: number | null; signal?: AbortSignal; debugSink?: DebugSink } {
    const o = this.options;
    return {
      ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.debugSink ? { debugSink: o.debugSink } : {}),
    };
  }

  /** close(): closes the kept connection. */
  async close(): Promise<void> {
    const [, conn] = this._connection;
    if (conn) {
      this._connection = [null, null];
      await conn.close();
    }
  }

  async send_request(
    host: string,
    handler: string,
    request_body: Uint8Array,
    debug: boolean,
  ): Promise<HTTPConnection> {
    const connection = this.make_connection(host);
    const headers: Array<[string, string]> = [...this._headers, ...this._extra_headers];
    if (debug) connection.set_debuglevel(1);
    if (this.accept_gzip_encoding) {
      connection.putrequest("POST", handler, { skip_accept_encoding: true });
      headers.push(["Accept-Encoding", "gzip"]);
    } else connection.putrequest("POST", handler);
    headers.push(["Content-Type", "text/xml"]);
    headers.push(["User-Agent", this.user_agent]);
    this.send_headers(connection, headers);
    await this.send_content(connection, request_body);
    return connection;
  }

  send_headers(connection: HTTPConnection, headers: ReadonlyArray<readonly [string, string]>): void {
    for (const [key, val] of headers) connection.putheader(key, val);
  }

  async send_content(connection: HTTPConnection, request_body: Uint8Array): Promise<void> {
    let body = request_body;
    if (this.encode_threshold !== null && this.encode_threshold < body.length) {
      connection.putheader("Content-Encoding", "gzip");
      body = gzip_encode(body);
    }
    connection.putheader("Content-Length", String(body.length));
    await connection.endheaders(body);
  }

  /**
   * parse_response(response): the response body fed to the XML parser as it arrives (gunzipped
   * when Content-Encoding is gzip), bounded by maxResponse; the values, or the Fault thrown.
   */
  async parse_response(response: HTTPResponse): Promise<XMLRPCValue[]> {
    const max = this.options.maxResponse ?? XMLRPC_MAX_RESPONSE;
    const [p, u] = this.getparser();
    const gzip = response.getheader("Content-Encoding", "") === "gzip";
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const data = await response.read1(65536);
      if (data.length === 0) break;
      total += data.length;
      if (total > max) {
        response.close();
        throw new ResponseError(`response too large: more than ${max} bytes`);
      }
      if (this.verbose)
        (this.options.debugSink ?? ((t: string) => process.stdout.write(t)))(`body: ${pyrepr(data)}\n`);
      if (gzip) parts.push(data);
      else p.feed(data);
    }
    if (gzip) p.feed(gzip_decode(Buffer.concat(parts), max));
    p.close();
    return u.close();
  }
}

/** SafeTransport: Transport over https, verified by default (context to trust others). */
export class SafeTransport extends Transport {
  context: SSLContext | null;

  constructor(options: SafeTransportOptions = {}) {
    super(options);
    this.context = options.context ?? null;
  }

  override make_connection(host: string): HTTPConnection {
    const [known, conn] = this._connection;
    if (conn && host === known) return conn;
    const [chost, extra] = this.get_host_info(host);
    this._extra_headers = extra;
    const made = new HTTPSConnection(chost, null, { ...this.connectionOptions(), context: this.context });
    this._connection = [host, made];
    return made;
  }
}
