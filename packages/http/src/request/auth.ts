// Password managers and the Basic and Digest auth handlers, as Python's.
import { createHash, randomBytes } from "node:crypto";
import { ValueError } from "@inetlib/socket";
import type { HTTPMessage } from "../client/message.js";
import { HTTPError, URLError } from "./errors.js";
import { BaseHandler } from "./opener.js";
import { _splitport, urlsplit } from "./parse.js";
import type { Request } from "./request.js";
import type { URLResponse } from "./response.js";

type Reduced = [authority: string, path: string];
type Credentials = [user: string | null, password: string | null];

/** HTTPPasswordMgr: user and password by realm and URI (a URI covers the paths below it). */
export class HTTPPasswordMgr {
  passwd = new Map<string | null, Array<[Reduced[], [string, string]]>>();

  /** add_password(realm, uri, user, passwd): uri may be a list of URIs. */
  add_password(realm: string | null, uri: string | readonly string[], user: string, passwd: string): void {
    const uris = typeof uri === "string" ? [uri] : uri;
    let domains = this.passwd.get(realm);
    if (!domains) {
      domains = [];
      this.passwd.set(realm, domains);
    }
    for (const defaultPort of [true, false]) {
      const reduced = uris.map((u) => this.reduce_uri(u, defaultPort));
      const key = JSON.stringify(reduced);
      const i = domains.findIndex(([r]) => JSON.stringify(r) === key);
      if (i >= 0) domains.splice(i, 1);
      domains.push([reduced, [user, passwd]]);
    }
  }

  /** find_user_password(realm, authuri): [user, password], or [null, null]. */
  find_user_password(realm: string | null, authuri: string): Credentials {
    const domains = this.passwd.get(realm) ?? [];
    for (const defaultPort of [true, false]) {
      const reduced = this.reduce_uri(authuri, defaultPort);
      for (const [uris, authinfo] of domains)
        for (const uri of uris) if (this.is_suburi(uri, reduced)) return authinfo;
    }
    return [null, null];
  }

  /** reduce_uri(uri, default_port): [authority, path] with the scheme's port added when asked. */
  reduce_uri(uri: string, default_port = true): Reduced {
    const parts = urlsplit(uri);
    let scheme: string | null;
    let authority: string;
    let path: string;
    if (parts.netloc) {
      scheme = parts.scheme;
      authority = parts.netloc;
      path = parts.path || "/";
    } else {
      scheme = null;
      authority = uri;
      path = "/";
    }
    const [host, port] = _splitport(authority);
    if (default_port && port === null && scheme !== null) {
      const dport = ({ http: 80, https: 443 } as Record<string, number>)[scheme];
      if (dport !== undefined) authority = `${host}:${dport}`;
    }
    return [authority, path];
  }

  /** is_suburi(base, test): whether test is base or below it. */
  is_suburi(base: Reduced, test: Reduced): boolean {
    if (base[0] === test[0] && base[1] === test[1]) return true;
    if (base[0] !== test[0]) return false;
    let prefix = base[1];
    if (!prefix.endsWith("/")) prefix += "/";
    return test[1].startsWith(prefix);
  }
}

/** HTTPPasswordMgrWithDefaultRealm: falls back on the credentials added for realm null. */
export class HTTPPasswordMgrWithDefaultRealm extends HTTPPasswordMgr {
  override find_user_password(realm: string | null, authuri: string): Credentials {
    const found = super.find_user_password(realm, authuri);
    if (found[0] !== null) return found;
    return super.find_user_password(null, authuri);
  }
}

/** HTTPPasswordMgrWithPriorAuth: also remembers which URIs are known to need auth (sent up front). */
export class HTTPPasswordMgrWithPriorAuth extends HTTPPasswordMgrWithDefaultRealm {
  authenticated = new Map<string, boolean>();

  override add_password(
    realm: string | null,
    uri: string | readonly string[],
    user: string,
    passwd: string,
    is_authenticated = false,
  ): void {
    this.update_authenticated(uri, is_authenticated);
    if (realm !== null) super.add_password(null, uri, user, passwd);
    super.add_password(realm, uri, user, passwd);
  }

  update_authenticated(uri: string | readonly string[], is_authenticated = false): void {
    const uris = typeof uri === "string" ? [uri] : uri;
    for (const defaultPort of [true, false])
      for (const u of uris)
        this.authenticated.set(JSON.stringify(this.reduce_uri(u, defaultPort)), is_authenticated);
  }

  is_authenticated(authuri: string): boolean | undefined {
    for (const defaultPort of [true, false]) {
      const reduced = this.reduce_uri(authuri, defaultPort);
      for (const [key, value] of this.authenticated)
        if (this.is_suburi(JSON.parse(key) as Reduced, reduced)) return value;
    }
    return undefined;
  }
}

const REALM_RX = /(?:^|,)[ \t]*([^ \t,]+)[ \t]+realm=(["']?)([^"']*)\2/gi;

/** AbstractBasicAuthHandler: answers a Basic challenge with the password manager's credentials. */
export class AbstractBasicAuthHandler extends BaseHandler {
  passwd: HTTPPasswordMgr;
  auth_header = "Authorization";

  constructor(password_mgr: HTTPPasswordMgr | null = null) {
    super();
    this.passwd = password_mgr ?? new HTTPPasswordMgr();
  }

  /** add_password(realm, uri, user, passwd): the password manager's. */
  add_password(realm: string | null, uri: string | readonly string[], user: string, passwd: string): void {
    this.passwd.add_password(realm, uri, user, passwd);
  }

  *_parse_realm(header: string): Generator<[string, string | null]> {
    let found = false;
    for (const m of header.matchAll(REALM_RX)) {
      found = true;
      yield [m[1]!, m[3]!];
    }
    if (!found) yield [header ? header.split(/\s+/)[0]! : "", null];
  }

  async http_error_auth_reqed(
    authreq: string,
    host: string,
    req: Request,
    headers: HTTPMessage,
  ): Promise<URLResponse | null> {
    const values = headers.get_all(authreq);
    if (!values) return null;
    let unsupported: string | null = null;
    for (const header of values) {
      for (const [scheme, realm] of this._parse_realm(header)) {
        if (scheme.toLowerCase() !== "basic") {
          unsupported = scheme;
          continue;
        }
        if (realm !== null) return this.retry_http_basic_auth(host, req, realm);
      }
    }
    if (unsupported !== null)
      throw new ValueError(
        `AbstractBasicAuthHandler does not support the following scheme: '${unsupported}'`,
      );
    return null;
  }

  async retry_http_basic_auth(host: string, req: Request, realm: string): Promise<URLResponse | null> {
    const [user, pw] = this.passwd.find_user_password(realm, host);
    if (pw === null) return null;
    const auth = `Basic ${Buffer.from(`${user}:${pw}`).toString("base64")}`;
    if (req.get_header(this.auth_header, null) === auth) return null;
    req.add_unredirected_header(this.auth_header, auth);
    return this.director.open(req, null, req.timeout);
  }

  http_request(req: Request): Request {
    const mgr = this.passwd as Partial<HTTPPasswordMgrWithPriorAuth>;
    if (typeof mgr.is_authenticated !== "function" || !mgr.is_authenticated(req.full_url)) return req;
    if (!req.has_header("Authorization")) {
      const [user, passwd] = this.passwd.find_user_password(null, req.full_url);
      req.add_unredirected_header(
        "Authorization",
        `Basic ${Buffer.from(`${user}:${passwd}`).toString("base64")}`,
      );
    }
    return req;
  }

  http_response(req: Request, response: URLResponse): URLResponse {
    const mgr = this.passwd as Partial<HTTPPasswordMgrWithPriorAuth>;
    if (typeof mgr.update_authenticated === "function") {
      const code = response.getcode() ?? 0;
      mgr.update_authenticated(req.full_url, code >= 200 && code < 300);
    }
    return response;
  }

  https_request(req: Request): Request {
    return this.http_request(req);
  }

  https_response(req: Request, response: URLResponse): URLResponse {
    return this.http_response(req, response);
  }
}

/** HTTPBasicAuthHandler(password_mgr): answers 401 Basic challenges. */
export class HTTPBasicAuthHandler extends AbstractBasicAuthHandler {
  http_error_401(req: Request, _fp: URLResponse, _code: number, _msg: string, headers: HTTPMessage) {
    return this.http_error_auth_reqed("www-authenticate", req.full_url, req, headers);
  }
}

/** ProxyBasicAuthHandler(password_mgr): answers 407 Basic challenges from a proxy. */
export class ProxyBasicAuthHandler extends AbstractBasicAuthHandler {
  override auth_header = "Proxy-authorization";

  http_error_407(req: Request, _fp: URLResponse, _code: number, _msg: string, headers: HTTPMessage) {
    return this.http_error_auth_reqed("proxy-authenticate", req.host ?? "", req, headers);
  }
}

/** parse_http_list(s): a comma-separated list whose elements may be quoted strings. */
export function parse_http_list(s: string): string[] {
  const res: string[] = [];
  let part = "";
  let escaped = false;
  let quote = false;
  for (const cur of s) {
    if (escaped) {
      part += cur;
      escaped = false;
      continue;
    }
    if (quote) {
      if (cur === "\\") {
        escaped = true;
        continue;
      }
      if (cur === '"') quote = false;
      part += cur;
      continue;
    }
    if (cur === ",") {
      res.push(part);
      part = "";
      continue;
    }
    if (cur === '"') quote = true;
    part += cur;
  }
  if (part) res.push(part);
  return res.map((p) => p.trim());
}

/** parse_keqv_list(l): key=value strings to a record (quotes around values removed). */
export function parse_keqv_list(l: Iterable<string>): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const elt of l) {
    const i = elt.indexOf("=");
    const k = elt.slice(0, i);
    let v = elt.slice(i + 1);
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    parsed[k] = v;
  }
  return parsed;
}

/** AbstractDigestAuthHandler: answers Digest challenges (MD5 and SHA; qop auth or none). */
export class AbstractDigestAuthHandler extends BaseHandler {
  passwd: HTTPPasswordMgr;
  auth_header = "Authorization";
  retried = 0;
  nonce_count = 0;
  last_nonce: string | null = null;

  constructor(passwd: HTTPPasswordMgr | null = null) {
    super();
    this.passwd = passwd ?? new HTTPPasswordMgr();
  }

  add_password(realm: string | null, uri: string | readonly string[], user: string, passwd: string): void {
    this.passwd.add_password(realm, uri, user, passwd);
  }

  reset_retry_count(): void {
    this.retried = 0;
  }

  async http_error_auth_reqed(
    authHeader: string,
    _host: string,
    req: Request,
    headers: HTTPMessage,
  ): Promise<URLResponse | null> {
    const authreq = headers.get(authHeader);
    if (this.retried > 5) throw new HTTPError(req.full_url, 401, "digest auth failed", headers, null);
    this.retried += 1;
    if (authreq) {
      const scheme = authreq.split(/\s+/)[0]!;
      if (scheme.toLowerCase() === "digest") return this.retry_http_digest_auth(req, authreq);
      if (scheme.toLowerCase() !== "basic")
        throw new ValueError(`AbstractDigestAuthHandler does not support the following scheme: '${scheme}'`);
    }
    return null;
  }

  async retry_http_digest_auth(req: Request, auth: string): Promise<URLResponse | null> {
    const challenge = auth.slice(auth.indexOf(" ") + 1);
    const chal = parse_keqv_list(parse_http_list(challenge).filter((x) => x));
    const value = this.get_authorization(req, chal);
    if (!value) return null;
    const authVal = `Digest ${value}`;
    if (req.headers[this.auth_header] === authVal) return null;
    req.add_unredirected_header(this.auth_header, authVal);
    return this.director.open(req, null, req.timeout);
  }

  get_cnonce(nonce: string): string {
    const s = `${this.nonce_count}:${nonce}:${new Date().toString()}:`;
    return createHash("sha1")
      .update(Buffer.concat([Buffer.from(s, "ascii"), randomBytes(8)]))
      .digest("hex")
      .slice(0, 16);
  }

  get_authorization(req: Request, chal: Record<string, string>): string | null {
    const realm = chal.realm;
    const nonce = chal.nonce;
    if (realm === undefined || nonce === undefined) return null;
    const qop = chal.qop;
    const algorithm = chal.algorithm ?? "MD5";
    const opaque = chal.opaque;
    const H = this.get_algorithm_impls(algorithm);
    const KD = (s: string, d: string) => H(`${s}:${d}`);
    const [user, pw] = this.passwd.find_user_password(realm, req.full_url);
    if (user === null) return null;
    const A1 = `${user}:${realm}:${pw}`;
    const A2 = `${req.get_method()}:${req.selector}`;
    let respdig: string;
    let ncvalue = "";
    let cnonce = "";
    if (qop === undefined) respdig = KD(H(A1), `${nonce}:${H(A2)}`);
    else if (qop.split(",").includes("auth")) {
      if (nonce === this.last_nonce) this.nonce_count += 1;
      else {
        this.nonce_count = 1;
        this.last_nonce = nonce;
      }
      ncvalue = this.nonce_count.toString(16).padStart(8, "0");
      cnonce = this.get_cnonce(nonce);
      respdig = KD(H(A1), `${nonce}:${ncvalue}:${cnonce}:auth:${H(A2)}`);
    } else throw new URLError(`qop '${qop}' is not supported.`);
    let base = `username="${user}", realm="${realm}", nonce="${nonce}", uri="${req.selector}", response="${respdig}"`;
    if (opaque) base += `, opaque="${opaque}"`;
    base += `, algorithm="${algorithm}"`;
    if (qop) base += `, qop=auth, nc=${ncvalue}, cnonce="${cnonce}"`;
    return base;
  }

  get_algorithm_impls(algorithm: string): (x: string) => string {
    if (algorithm === "MD5") return (x) => createHash("md5").update(x, "ascii").digest("hex");
    if (algorithm === "SHA") return (x) => createHash("sha1").update(x, "ascii").digest("hex");
    throw new ValueError(`Unsupported digest authentication algorithm '${algorithm}'`);
  }
}

/** HTTPDigestAuthHandler(passwd): answers 401 Digest challenges (before Basic). */
export class HTTPDigestAuthHandler extends AbstractDigestAuthHandler {
  override handler_order = 490;

  async http_error_401(req: Request, _fp: URLResponse, _code: number, _msg: string, headers: HTTPMessage) {
    const host = urlsplit(req.full_url).netloc;
    const retry = await this.http_error_auth_reqed("www-authenticate", host, req, headers);
    this.reset_retry_count();
    return retry;
  }
}

/** ProxyDigestAuthHandler(passwd): answers 407 Digest challenges from a proxy. */
export class ProxyDigestAuthHandler extends AbstractDigestAuthHandler {
  override auth_header = "Proxy-Authorization";
  override handler_order = 490;

  async http_error_407(req: Request, _fp: URLResponse, _code: number, _msg: string, headers: HTTPMessage) {
    const retry = await this.http_error_auth_reqed("proxy-authenticate", req.host ?? "", req, headers);
    this.reset_retry_count();
    return retry;
  }
}
