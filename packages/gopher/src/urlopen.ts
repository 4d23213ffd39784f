// urlopen() for gopher URLs, as urllib2's GopherHandler opened them: connect to the URL's
// server, send its selector (and search, and Gopher+ string), and hand back the reply as a
// file-like response, bytes as the server sent them (no unstuffing, no parsing).
import type { SocketIO } from "@inetlib/socket";
import { GopherError } from "./errors.js";
import { encodeRequest, type SelectorEncoding } from "./selector.js";
import { type ConnectOptions, sendRequest } from "./transport.js";
import { type GopherUrl, parseGopherUrl } from "./url.js";

/** UrlopenOptions: how to connect, and how text in the URL is encoded. */
export interface UrlopenOptions extends ConnectOptions {
  encoding?: SelectorEncoding;
}

/**
 * GopherResponse is urlopen()'s result: Python's addinfourl over the reply. read(), readline()
 * and `for await` read it; geturl() is the URL opened; info() has no headers, as gopher has none.
 */
export class GopherResponse implements AsyncIterable<Buffer>, AsyncDisposable {
  readonly url: string;
  /** The URL parsed: its item type tells how to read the reply. */
  readonly parsed: GopherUrl;
  readonly #fp: SocketIO<Buffer>;

  constructor(fp: SocketIO<Buffer>, url: string, parsed: GopherUrl) {
    this.#fp = fp;
    this.url = url;
    this.parsed = parsed;
  }

  /** The item type from the URL ("1" for the root). */
  get type(): string {
    return this.parsed.type;
  }

  /** read(n=-1): n bytes, fewer at end of reply; everything when n < 0. */
  read(n = -1): Promise<Buffer> {
    return this.#fp.read(n);
  }

  /** readline(limit=-1): one line with its terminator. */
  readline(limit = -1): Promise<Buffer> {
    return this.#fp.readline(limit);
  }

  /** geturl(): the URL this response came from. */
  geturl(): string {
    return this.url;
  }

  /** info(): the headers, none for gopher (urllib's noheaders()). */
  info(): Record<string, string> {
    return {};
  }

  close(): Promise<void> {
    return this.#fp.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this.#fp[Symbol.asyncIterator]();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * urlopen(url): opens gopher://host[:port]/<type><selector>[%09<search>[%09<gopher+>]], or
 * gophers:// over TLS (verified by default). The selector is percent-decoded; port 70 by
 * default. A URL without a host raises GopherError('no host given'), as urllib2 did.
 */
export async function urlopen(url: string, options: UrlopenOptions = {}): Promise<GopherResponse> {
  if (/^gophers?:\/\/(?:[/?#]|$)/i.test(url.trim())) throw new GopherError("no host given");
  const parsed = parseGopherUrl(url, options.encoding);
  const request = encodeRequest(parsed.rawSelector, {
    query: parsed.search,
    plus: parsed.plus,
    encoding: options.encoding ?? "utf8",
  });
  const tls = parsed.scheme === "gophers" ? (options.tls ? options.tls : true) : false;
  const fp = await sendRequest(request, parsed.host, parsed.port, { ...options, tls });
  return new GopherResponse(fp, url, parsed);
}
