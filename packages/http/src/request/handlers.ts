// The default handlers: HTTP and HTTPS (over http.client), error processing, redirects,
// unknown schemes.
import { OSError, type SSLContext } from "@inetlib/socket";
import { HTTPConnection } from "../client/connection.js";
import { HTTPSConnection, type HTTPSConnectionOptions } from "../client/https.js";
import type { HTTPMessage } from "../client/message.js";
import type { HTTPResponse } from "../client/response.js";
import { MAX_REDIRECTIONS, MAX_REPEATS } from "../limits.js";
import { HTTPError, URLError } from "./errors.js";
import { BaseHandler } from "./opener.js";
import { _splithost, _splittype, PUNCTUATION, quote, urljoin, urlsplit, urlunsplit } from "./parse.js";
import { Request } from "./request.js";
import type { URLResponse } from "./response.js";

/** HTTPErrorProcessor: a status outside 2xx goes to the opener's error handlers. */
export class HTTPErrorProcessor extends BaseHandler {
  override handler_order = 1000;

  async http_response(request: Request, response: URLResponse): Promise<URLResponse> {
    const code = response.getcode() ?? 0;
    if (!(code >= 200 && code < 300)) {
      const msg = (response as HTTPResponse).msg ?? "";
      return (await this.director.error(
        "http",
        request,
        response,
        code,
        msg,
        response.info(),
      )) as URLResponse;
    }
    return response;
  }

  https_response(request: Request, response: URLResponse): Promise<URLResponse> {
    return this.http_response(request, response);
  }
}

/** HTTPDefaultErrorHandler: an error status nobody handled raises HTTPError. */
export class HTTPDefaultErrorHandler extends BaseHandler {
  http_error_default(req: Request, fp: URLResponse, code: number, msg: string, hdrs: HTTPMessage): never {
    throw new HTTPError(req.full_url, code, msg, hdrs, fp);
  }
}

/**
 * HTTPRedirectHandler: follows 301, 302, 303, 307 and 308 as Python does (GET and HEAD for
 * all; POST becomes GET for 301-303), at most max_redirections in all and max_repeats to one
 * URL, and only to http, https and ftp.
 */
export class HTTPRedirectHandler extends BaseHandler {
  max_repeats = MAX_REPEATS;
  max_redirections = MAX_REDIRECTIONS;
  inf_msg =
    "The HTTP server returned a redirect error that would lead to an infinite loop.\n" +
    "The last 30x error message was:\n";

  /** redirect_request(...): the Request to follow, or HTTPError when the method may not be redirected. */
  redirect_request(
    req: Request,
    fp: URLResponse,
    code: number,
    msg: string,
    headers: HTTPMessage,
    newurl: string,
  ): Request | null {
    const m = req.get_method();
    const ok =
      ([301, 302, 303, 307, 308].includes(code) && (m === "GET" || m === "HEAD")) ||
      ([301, 302, 303].includes(code) && m === "POST");
    if (!ok) throw new HTTPError(req.full_url, code, msg, headers, fp);
    newurl = newurl.replaceAll(" ", "%20");
    const newheaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (!["content-length", "content-type"].includes(k.toLowerCase())) newheaders[k] = v;
    return new Request(newurl, {
      headers: newheaders,
      origin_req_host: req.origin_req_host,
      unverifiable: true,
    });
  }

  async http_error_302(
    req: Request,
    fp: URLResponse,
    code: number,
    msg: string,
    headers: HTTPMessage,
  ): Promise<URLResponse | null> {
    let newurl = headers.get("location") ?? headers.get("uri");
    if (newurl === null) return null;
    const parts = urlsplit(newurl);
    if (!["http", "https", "ftp", ""].includes(parts.scheme))
      throw new HTTPError(
        newurl,
        code,
        `${msg} - Redirection to url '${newurl}' is not allowed`,
        headers,
        fp,
      );
    if (!parts.path && parts.netloc) parts.path = "/";
    newurl = quote(urlunsplit(parts), PUNCTUATION, "latin1");
    newurl = urljoin(req.full_url, newurl);
    const next = this.redirect_request(req, fp, code, msg, headers, newurl);
    if (!next) return null;
    let visited: Map<string, number>;
    if (req.redirect_dict) {
      visited = next.redirect_dict = req.redirect_dict;
      if ((visited.get(newurl) ?? 0) >= this.max_repeats || visited.size >= this.max_redirections)
        throw new HTTPError(req.full_url, code, this.inf_msg + msg, headers, fp);
    } else visited = next.redirect_dict = req.redirect_dict = new Map();
    visited.set(newurl, (visited.get(newurl) ?? 0) + 1);
    // Read the redirect's body to the end so the connection can be reused, as Python does.
    await fp.read();
    fp.close();
    return this.director.open(next, null, req.timeout, { signal: req.signal });
  }

  http_error_301(req: Request, fp: URLResponse, code: number, msg: string, headers: HTTPMessage) {
    return this.http_error_302(req, fp, code, msg, headers);
  }
  http_error_303(req: Request, fp: URLResponse, code: number, msg: string, headers: HTTPMessage) {
    return this.http_error_302(req, fp, code, msg, headers);
  }
  http_error_307(req: Request, fp: URLResponse, code: number, msg: string, headers: HTTPMessage) {
    return this.http_error_302(req, fp, code, msg, headers);
  }
  http_error_308(req: Request, fp: URLResponse, code: number, msg: string, headers: HTTPMessage) {
    return this.http_error_302(req, fp, code, msg, headers);
  }
}

/** UnknownHandler: the last resort, URLError("unknown url type: ..."). */
export class UnknownHandler extends BaseHandler {
  unknown_open(req: Request): never {
    throw new URLError(`unknown url type: ${req.type}`);
  }
}

/** str.title(): each run of letters starts upper case, the rest lower. */
function title(name: string): string {
  return name.toLowerCase().replace(/[a-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1));
}

/** An HTTPConnection class as do_open takes it. */
export type HTTPConnectionClass = new (
  host: string,
  port: number | null,
  options: HTTPSConnectionOptions,
) => HTTPConnection;

/** AbstractHTTPHandler: what HTTPHandler and HTTPSHandler share (do_request_, do_open). */
export class AbstractHTTPHandler extends BaseHandler {
  _debuglevel: number;

  constructor(debuglevel = 0) {
    super();
    this._debuglevel = debuglevel;
  }

  set_http_debuglevel(level: number): void {
    this._debuglevel = level;
  }

  /** do_request_(request): adds Content-type, Content-length (or chunked), Host and the opener's headers. */
  do_request_(request: Request): Request {
    const host = request.host;
    if (!host) throw new URLError("no host given");
    const data = request.data;
    if (data !== null) {
      if (!request.has_header("Content-type"))
        request.add_unredirected_header("Content-type", "application/x-www-form-urlencoded");
      if (!request.has_header("Content-length") && !request.has_header("Transfer-encoding")) {
        if (data instanceof Uint8Array)
          request.add_unredirected_header("Content-length", String(data.byteLength));
        else request.add_unredirected_header("Transfer-encoding", "chunked");
      }
    }
    let selHost = host;
    if (request.has_proxy()) {
      const [, sel] = _splittype(request.selector);
      selHost = _splithost(sel)[0] ?? host;
    }
    if (!request.has_header("Host")) request.add_unredirected_header("Host", selHost);
    for (const [name, value] of this.parent?.addheaders ?? []) {
      const n = name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
      if (!request.has_header(n)) request.add_unredirected_header(n, value);
    }
    return request;
  }

  /** do_open(http_class, req, options): the request over a new connection (Connection: close), as Python's. */
  async do_open(
    http_class: HTTPConnectionClass,
    req: Request,
    options: HTTPSConnectionOptions = {},
  ): Promise<HTTPResponse> {
    const host = req.host;
    if (!host) throw new URLError("no host given");
    const h = new http_class(host, null, {
      ...options,
      timeout: req.timeout,
      ...(req.signal ? { signal: req.signal } : {}),
    });
    h.set_debuglevel(this._debuglevel);
    const merged: Record<string, string> = { ...req.unredirected_hdrs };
    for (const [k, v] of Object.entries(req.headers)) if (!(k in merged)) merged[k] = v;
    merged.Connection = "close";
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(merged)) headers[title(k)] = v;
    if (req._tunnel_host) {
      const tunnelHeaders: Record<string, string> = {};
      if ("Proxy-Authorization" in headers) {
        tunnelHeaders["Proxy-Authorization"] = headers["Proxy-Authorization"]!;
        delete headers["Proxy-Authorization"];
      }
      h.set_tunnel(req._tunnel_host, null, tunnelHeaders);
    }
    let r: HTTPResponse;
    try {
      try {
        await h.request(req.get_method(), req.selector, req.data, headers, {
          encode_chunked: req.has_header("Transfer-encoding"),
        });
      } catch (err) {
        if (err instanceof OSError) throw new URLError(err);
        throw err;
      }
      r = await h.getresponse();
    } catch (err) {
      await h.close();
      throw err;
    }
    h._hand_over(r);
    // The connection's signal covers the request; the body, read after the hand-over, is
    // stopped by the response itself (AbortError on every read after the abort).
    if (req.signal) r._abortOn(req.signal);
    r.url = req.get_full_url();
    r.msg = r.reason;
    return r;
  }
}

/** HTTPHandler: http: URLs. */
export class HTTPHandler extends AbstractHTTPHandler {
  http_open(req: Request): Promise<HTTPResponse> {
    return this.do_open(HTTPConnection, req);
  }

  http_request(req: Request): Request {
    return this.do_request_(req);
  }
}

/** HTTPSHandler(debuglevel, context, check_hostname): https: URLs, verified by default. */
export class HTTPSHandler extends AbstractHTTPHandler {
  _context: SSLContext | null;
  _check_hostname: boolean | null;

  constructor(debuglevel = 0, context: SSLContext | null = null, check_hostname: boolean | null = null) {
    super(debuglevel);
    this._context = context;
    this._check_hostname = check_hostname;
  }

  https_open(req: Request): Promise<HTTPResponse> {
    return this.do_open(HTTPSConnection, req, {
      context: this._context,
      check_hostname: this._check_hostname,
    });
  }

  https_request(req: Request): Request {
    return this.do_request_(req);
  }
}
