// The URL forms every scheme shares: scheme://[user[;AUTH=mech][:password]@]host[:port]/path?query
// (RFC 3986, with the userinfo of RFC 2384 and RFC 5092), and scheme:opaque for news:. Each
// scheme reads its own path; this file only splits.
import { usage } from "./exit.js";

/** CliUrl is a URL split into its parts; user, password and auth are percent-decoded. */
export interface CliUrl {
  /** The URL as given. */
  raw: string;
  /** Lower case, without ":". */
  scheme: string;
  /** Whether the URL has an authority ("//host"); "news:group" has none. */
  hasAuthority: boolean;
  user: string | null;
  password: string | null;
  /** The ";AUTH=" value of RFC 2384 and RFC 5092 ("*", "+APOP", "PLAIN", ...), or null. */
  auth: string | null;
  /** The host, IPv6 literals without brackets; "" when none. */
  host: string;
  port: number | null;
  /** The path as written (still percent-encoded), "" or starting with "/"; the opaque part without an authority. */
  path: string;
  /** The query without "?", still percent-encoded; null when absent. */
  query: string | null;
}

/** parseUrl splits a URL; a malformed one is a usage error. */
export function parseUrl(raw: string): CliUrl {
  const text = raw.trim();
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(text);
  if (!m) throw usage(`not a URL: ${JSON.stringify(raw)}`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\s\x00-\x1f\x7f]/.test(m[2]!))
    throw usage(`spaces and control characters in a URL must be percent-encoded: ${JSON.stringify(raw)}`);
  const scheme = m[1]!.toLowerCase();
  let rest = m[2]!;
  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);
  let query: string | null = null;
  const q = rest.indexOf("?");
  if (q !== -1) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const base: CliUrl = {
    raw,
    scheme,
    hasAuthority: false,
    user: null,
    password: null,
    auth: null,
    host: "",
    port: null,
    path: rest,
    query,
  };
  if (!rest.startsWith("//")) return base;
  const end = rest.slice(2).search(/\//);
  const authority = end === -1 ? rest.slice(2) : rest.slice(2, 2 + end);
  const path = end === -1 ? "" : rest.slice(2 + end);
  const at = authority.lastIndexOf("@");
  const userinfo = at === -1 ? null : authority.slice(0, at);
  const hostport = at === -1 ? authority : authority.slice(at + 1);
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]*)(?::(\d*))?$/.exec(hostport);
  if (!hp) throw usage(`bad host in URL: ${JSON.stringify(raw)}`);
  const host = decode(hp[1]!.replace(/^\[|\]$/g, ""), raw);
  const port = hp[2] ? Number(hp[2]) : null;
  if (port !== null && port > 65535) throw usage(`port out of range 0-65535: ${JSON.stringify(raw)}`);
  return { ...base, hasAuthority: true, host, port, path, ...splitUserinfo(userinfo, raw) };
}

// user;AUTH=mech:password or user:password;AUTH=mech (curl's order): both are accepted.
function splitUserinfo(userinfo: string | null, raw: string): Pick<CliUrl, "user" | "password" | "auth"> {
  if (userinfo === null) return { user: null, password: null, auth: null };
  const m = /^([^:;]*)(?:;([^:]*))?(?::([^;]*))?(?:;(.*))?$/.exec(userinfo);
  if (!m) throw usage(`bad user information in URL: ${JSON.stringify(raw)}`);
  let auth: string | null = null;
  for (const param of [m[2], m[4]]) {
    if (param === undefined) continue;
    const a = /^auth=(.+)$/i.exec(param);
    if (!a) throw usage(`unknown URL parameter ;${param} (only ;AUTH= is known)`);
    auth = decode(a[1]!, raw);
  }
  return {
    user: m[1] === "" && m[3] === undefined ? null : decode(m[1]!, raw),
    password: m[3] === undefined ? null : decode(m[3], raw),
    auth,
  };
}

/** decode percent-decodes a URL part as UTF-8 (a usage error when it is not valid). */
export function decode(text: string, raw = text): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw usage(`bad percent-encoding in URL: ${JSON.stringify(raw)}`);
  }
}

/** hostport writes host:port for messages, IPv6 in brackets. */
export function hostport(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** redact returns the URL with its password replaced by "****", for messages and traces. */
export function redact(raw: string): string {
  return raw.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/@]*?:)([^@/]*)(@)/, (_m, a, _p, c) => `${a}****${c}`);
}
