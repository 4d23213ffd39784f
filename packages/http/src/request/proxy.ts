// ProxyHandler and the environment's proxy settings (*_proxy, no_proxy), as Python's.
import { ValueError } from "@inetlib/socket";
import { BaseHandler } from "./opener.js";
import { _splitpasswd, _splitport, _splittype, _splituser, unquote } from "./parse.js";
import type { Request } from "./request.js";
import type { URLResponse } from "./response.js";

/** Proxies by scheme: { http: "http://127.0.0.1:3128", no: "localhost" }. */
export type Proxies = Record<string, string>;

/**
 * getproxies_environment(): the proxies named by <scheme>_proxy variables (lower case wins;
 * HTTP_PROXY is ignored under CGI, where REQUEST_METHOD is set, as Python does).
 */
export function getproxies_environment(env: NodeJS.ProcessEnv = process.env): Proxies {
  const proxies: Proxies = {};
  // Two passes so that lower-case variables win, as Python's.
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase();
    if (value && lower.endsWith("_proxy")) proxies[lower.slice(0, -6)] = value;
  }
  // CVE-2016-1000110: under CGI, HTTP_PROXY may come from the client's Proxy: header.
  if ("REQUEST_METHOD" in env) delete proxies.http;
  for (const [name, value] of Object.entries(env)) {
    if (!name.endsWith("_proxy")) continue;
    const key = name.toLowerCase().slice(0, -6);
    if (value) proxies[key] = value;
    else delete proxies[key];
  }
  return proxies;
}

/** getproxies(): the environment's proxies (Python also reads macOS and Windows settings). */
export function getproxies(): Proxies {
  return getproxies_environment();
}

/**
 * proxy_bypass_environment(host, proxies): whether no_proxy exempts host ("*" exempts all;
 * entries match the host or a domain suffix, with or without the port).
 */
export function proxy_bypass_environment(host: string, proxies: Proxies | null = null): boolean {
  const p = proxies ?? getproxies_environment();
  const no = p.no;
  if (no === undefined) return false;
  if (no === "*") return true;
  host = host.toLowerCase();
  const [hostonly] = _splitport(host);
  for (let name of no.split(",")) {
    name = name.trim();
    if (!name) continue;
    name = name.replace(/^\./, "").toLowerCase();
    if (hostonly === name || host === name) return true;
    const suffix = `.${name}`;
    if (hostonly.endsWith(suffix) || host.endsWith(suffix)) return true;
  }
  return false;
}

/** proxy_bypass(host): proxy_bypass_environment with the environment's settings. */
export function proxy_bypass(host: string): boolean {
  return proxy_bypass_environment(host, getproxies_environment());
}

/** _parse_proxy(proxy): [scheme, user, password, hostport] of a proxy URL or authority. */
export function _parse_proxy(proxy: string): [string | null, string | null, string | null, string] {
  let [scheme, rScheme] = _splittype(proxy);
  let authority: string;
  if (!rScheme.startsWith("/")) {
    scheme = null;
    authority = proxy;
  } else {
    if (!rScheme.startsWith("//")) throw new ValueError(`proxy URL with no authority: '${proxy}'`);
    const at = rScheme.indexOf("@");
    const end = at >= 0 ? rScheme.indexOf("/", at) : rScheme.indexOf("/", 2);
    authority = end === -1 ? rScheme.slice(2) : rScheme.slice(2, end);
  }
  const [userinfo, hostport] = _splituser(authority);
  let user: string | null = null;
  let password: string | null = null;
  if (userinfo !== null) [user, password] = _splitpasswd(userinfo);
  return [scheme, user, password, hostport];
}

/**
 * ProxyHandler(proxies): sends requests through proxies by scheme (default: the environment's).
 * http goes to the proxy with the full URL; https through the proxy with CONNECT. Hosts in
 * no_proxy go direct.
 */
export class ProxyHandler extends BaseHandler {
  override handler_order = 100;
  readonly proxies: Proxies;

  constructor(proxies: Proxies | null = null) {
    super();
    this.proxies = proxies ?? getproxies();
    for (const [type, url] of Object.entries(this.proxies)) {
      const t = type.toLowerCase();
      Object.defineProperty(this, `${t}_open`, {
        value: (r: Request) => this.proxy_open(r, url, t),
        enumerable: false,
        configurable: true,
      });
    }
  }

  /** proxy_open(req, proxy, type): points req at the proxy; null lets the scheme's handler go on. */
  async proxy_open(req: Request, proxy: string, type: string): Promise<URLResponse | null> {
    const origType = req.type;
    let [proxyType, user, password, hostport] = _parse_proxy(proxy);
    proxyType ??= origType;
    if (req.host && proxy_bypass(req.host)) return null;
    if (user && password) {
      const creds = Buffer.from(`${unquote(user)}:${unquote(password)}`).toString("base64");
      req.add_header("Proxy-authorization", `Basic ${creds}`);
    }
    hostport = unquote(hostport);
    req.set_proxy(hostport, proxyType);
    void type;
    if (origType === proxyType || origType === "https") return null;
    return this.director.open(req, null, req.timeout);
  }
}
