// HTTPCookieProcessor and a CookieJar with http.cookiejar.CookieJar's methods, kept by
// tough-cookie (RFC 6265: domains, paths, expiry, Secure, public suffixes).
import { CookieJar as ToughCookieJar } from "tough-cookie";
import { BaseHandler } from "./opener.js";
import type { Request } from "./request.js";
import type { URLResponse } from "./response.js";

/** Cookie: what iterating a CookieJar yields (http.cookiejar.Cookie's main attributes). */
export interface Cookie {
  name: string;
  value: string;
  domain: string | null;
  path: string | null;
  secure: boolean;
  /** Seconds since the epoch; null for a session cookie. */
  expires: number | null;
}

/**
 * CookieJar: http.cookiejar.CookieJar's interface (add_cookie_header, extract_cookies, clear,
 * iteration, len) over tough-cookie's store, which `jar` exposes.
 */
export class CookieJar implements Iterable<Cookie> {
  /** The tough-cookie jar keeping the cookies. */
  jar: ToughCookieJar;

  constructor(jar: ToughCookieJar = new ToughCookieJar()) {
    this.jar = jar;
  }

  /** add_cookie_header(request): a Cookie header with the cookies that apply, unless one is set. */
  add_cookie_header(request: Request): void {
    if (request.has_header("Cookie")) return;
    const text = this.jar.getCookieStringSync(request.get_full_url());
    if (text) request.add_unredirected_header("Cookie", text);
  }

  /** extract_cookies(response, request): keeps what the response's Set-Cookie fields set. */
  extract_cookies(response: URLResponse, request: Request): void {
    for (const value of response.info().get_all("Set-Cookie") ?? [])
      this.jar.setCookieSync(value, request.get_full_url(), { ignoreError: true });
  }

  /** clear(domain, path, name): removes all cookies, or those of a domain (and path, and name). */
  clear(domain: string | null = null, path: string | null = null, name: string | null = null): void {
    if (domain === null) {
      this.jar.removeAllCookiesSync();
      return;
    }
    const data = this.jar.serializeSync();
    if (!data) return;
    data.cookies = data.cookies.filter(
      (c) =>
        !(c.domain === domain && (path === null || (c.path === path && (name === null || c.key === name)))),
    );
    this.jar = ToughCookieJar.deserializeSync(data);
  }

  /** len(jar). */
  get length(): number {
    return this.jar.serializeSync()?.cookies.length ?? 0;
  }

  *[Symbol.iterator](): Iterator<Cookie> {
    for (const c of this.jar.serializeSync()?.cookies ?? []) {
      const expires = c.expires && c.expires !== "Infinity" ? Date.parse(String(c.expires)) / 1000 : null;
      yield {
        name: String(c.key ?? ""),
        value: String(c.value ?? ""),
        domain: (c.domain as string | null | undefined) ?? null,
        path: (c.path as string | null | undefined) ?? null,
        secure: Boolean(c.secure),
        expires,
      };
    }
  }
}

/** HTTPCookieProcessor(cookiejar): sends the jar's cookies and keeps the ones servers set. */
export class HTTPCookieProcessor extends BaseHandler {
  readonly cookiejar: CookieJar;

  constructor(cookiejar: CookieJar | null = null) {
    super();
    this.cookiejar = cookiejar ?? new CookieJar();
  }

  http_request(request: Request): Request {
    this.cookiejar.add_cookie_header(request);
    return request;
  }

  http_response(request: Request, response: URLResponse): URLResponse {
    this.cookiejar.extract_cookies(response, request);
    return response;
  }

  https_request(request: Request): Request {
    return this.http_request(request);
  }

  https_response(request: Request, response: URLResponse): URLResponse {
    return this.http_response(request, response);
  }
}
