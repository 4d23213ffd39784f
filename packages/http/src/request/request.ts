// urllib.request.Request: a URL, its data, headers (capitalized as Python's add_header does),
// and what the handlers note on it (proxy, tunnel host, timeout, redirect history).
import { ValueError } from "@inetlib/socket";
import { _splithost, _splittag, _splittype, unquote, unwrap, urlsplit } from "./parse.js";

/** Request data: bytes, or an (async) iterable of bytes (sent chunked). Text is refused, as Python refuses str. */
export type RequestData = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array> | null;

/** Keyword arguments of Request. */
export interface RequestOptions {
  data?: RequestData;
  headers?: Readonly<Record<string, string>> | Iterable<readonly [string, string]>;
  origin_req_host?: string | null;
  unverifiable?: boolean;
  method?: string | null;
}

/** str.capitalize(): first character upper case, the rest lower. */
export function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}

/**
 * Request(url, {data, headers, origin_req_host, unverifiable, method}): what urlopen() opens.
 *
 *	const req = new Request("http://127.0.0.1:8000/", { data: Buffer.from("x=1"), method: "PUT" });
 *	req.add_header("Referer", "http://example.test/");
 */
export class Request {
  /** Headers sent on redirects too, keyed by capitalized name ("Content-type"). */
  headers: Record<string, string> = {};
  /** Headers not carried over to a redirect (Host, auth, Content-length...). */
  unredirected_hdrs: Record<string, string> = {};
  type!: string;
  host!: string | null;
  selector!: string;
  fragment: string | null = null;
  origin_req_host: string;
  unverifiable: boolean;
  method: string | null;
  /** Set by OpenerDirector.open (seconds; null blocks; undefined is the default timeout). */
  timeout: number | null | undefined = undefined;
  /** Set by OpenerDirector.open from its options: aborting stops the request and closes its connection. */
  signal: AbortSignal | null = null;
  /** The https host behind a proxy (set_proxy), reached with CONNECT. */
  _tunnel_host: string | null = null;
  /** HTTPRedirectHandler's record of the URLs visited. */
  redirect_dict: Map<string, number> | null = null;
  #fullUrl!: string;
  #data: RequestData = null;

  constructor(url: string, options: RequestOptions = {}) {
    this.full_url = url;
    this.data = options.data ?? null;
    const headers = options.headers ?? {};
    const pairs =
      Symbol.iterator in headers
        ? [...(headers as Iterable<readonly [string, string]>)]
        : Object.entries(headers);
    for (const [k, v] of pairs) this.add_header(k, v);
    this.origin_req_host = options.origin_req_host ?? request_host(this);
    this.unverifiable = options.unverifiable ?? false;
    this.method = options.method ?? null;
  }

  /** full_url: the URL, with its #fragment. Setting it parses it again. */
  get full_url(): string {
    return this.fragment ? `${this.#fullUrl}#${this.fragment}` : this.#fullUrl;
  }
  set full_url(url: string) {
    const [u, tag] = _splittag(unwrap(url));
    this.#fullUrl = u;
    this.fragment = tag;
    this.#parse();
  }

  /** data: the body. Changing it drops a Content-length set for the old one. */
  get data(): RequestData {
    return this.#data;
  }
  set data(data: RequestData) {
    if (typeof data === "string")
      throw new TypeError(
        "POST data should be bytes, an iterable of bytes, or a file object. It cannot be of type str.",
      );
    if (data !== this.#data) {
      this.#data = data;
      if (this.has_header("Content-length")) this.remove_header("Content-length");
    }
  }

  #parse(): void {
    const [type, rest] = _splittype(this.#fullUrl);
    if (type === null) throw new ValueError(`unknown url type: '${this.full_url}'`);
    this.type = type;
    const [host, selector] = _splithost(rest);
    this.host = host ? unquote(host) : host;
    this.selector = selector;
  }

  /** get_method(): method if set, else POST with data and GET without. */
  get_method(): string {
    return this.method ?? (this.data !== null ? "POST" : "GET");
  }

  get_full_url(): string {
    return this.full_url;
  }

  /** set_proxy(host, type): send through a proxy (an https request keeps its host for CONNECT). */
  set_proxy(host: string, type: string): void {
    if (this.type === "https" && !this._tunnel_host) this._tunnel_host = this.host;
    else {
      this.type = type;
      this.selector = this.full_url;
    }
    this.host = host;
  }

  has_proxy(): boolean {
    return this.selector === this.full_url;
  }

  add_header(key: string, val: string): void {
    this.headers[capitalize(key)] = val;
  }

  add_unredirected_header(key: string, val: string): void {
    this.unredirected_hdrs[capitalize(key)] = val;
  }

  has_header(header_name: string): boolean {
    return header_name in this.headers || header_name in this.unredirected_hdrs;
  }

  get_header(header_name: string, defaultValue: string | null = null): string | null {
    return this.headers[header_name] ?? this.unredirected_hdrs[header_name] ?? defaultValue;
  }

  remove_header(header_name: string): void {
    delete this.headers[header_name];
    delete this.unredirected_hdrs[header_name];
  }

  /** header_items(): [name, value] pairs, unredirected headers overridden by the others. */
  header_items(): Array<[string, string]> {
    return Object.entries({ ...this.unredirected_hdrs, ...this.headers });
  }
}

/** request_host(request): the request's host, lower case, without port (RFC 2965). */
export function request_host(request: Request): string {
  let host = urlsplit(request.full_url).netloc;
  if (host === "") host = request.get_header("Host", "") ?? "";
  return host.replace(/:\d+$/, "").toLowerCase();
}
