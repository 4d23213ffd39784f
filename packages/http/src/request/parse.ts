// The parts of urllib.parse urllib.request uses, with Python's results (urlsplit keeps what
// the WHATWG URL parser would normalise away; the _split* helpers are Python's).

/** SplitResult: urlsplit's five parts. */
export interface SplitResult {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** urlsplit(url): scheme, netloc, path, query, fragment, as Python's (scheme lower-cased). */
export function urlsplit(url: string, scheme = ""): SplitResult {
  // Python strips leading C0 controls and spaces, and removes tabs and newlines (WHATWG's rule).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: see above
  url = url.replace(/^[\x00-\x20]+/, "").replace(/[\t\r\n]/g, "");
  let rest = url;
  const m = SCHEME.exec(url);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = url.slice(m[0].length);
  }
  let netloc = "";
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
    rest = end < 0 ? "" : rest.slice(2 + end);
  }
  let fragment = "";
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = "";
  const q = rest.indexOf("?");
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return { scheme, netloc, path: rest, query, fragment };
}

/** urlunsplit(parts): the inverse of urlsplit. */
export function urlunsplit(p: SplitResult): string {
  let url = p.path;
  if (p.netloc || (p.scheme && ["http", "https", "ftp", "file"].includes(p.scheme) && url.startsWith("//"))) {
    if (url && !url.startsWith("/")) url = `/${url}`;
    url = `//${p.netloc}${url}`;
  }
  if (p.scheme) url = `${p.scheme}:${url}`;
  if (p.query) url += `?${p.query}`;
  if (p.fragment) url += `#${p.fragment}`;
  return url;
}

/** urljoin(base, url): a reference resolved against a base (RFC 3986). */
export function urljoin(base: string, url: string): string {
  if (!base) return url;
  if (!url) return base;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/** unwrap("<URL:type://host/path>") -> "type://host/path". */
export function unwrap(url: string): string {
  url = url.trim();
  if (url.startsWith("<") && url.endsWith(">")) url = url.slice(1, -1).trim();
  if (url.startsWith("URL:")) url = url.slice(4).trim();
  return url;
}

/** _splittype("type:opaquestring") -> [type (lower case), opaquestring], or [null, url]. */
export function _splittype(url: string): [string | null, string] {
  const m = /^([^/:]+):(.*)$/s.exec(url);
  return m ? [m[1]!.toLowerCase(), m[2]!] : [null, url];
}

/** _splithost("//host[:port]/path") -> [host, path], or [null, url]. */
export function _splithost(url: string): [string | null, string] {
  const m = /^\/\/([^/#?]*)(.*)$/s.exec(url);
  if (!m) return [null, url];
  let path = m[2]!;
  if (path && !path.startsWith("/")) path = `/${path}`;
  return [m[1]!, path];
}

/** _splittag("url#tag") -> [url, tag], or [url, null]. */
export function _splittag(url: string): [string, string | null] {
  const i = url.lastIndexOf("#");
  return i < 0 ? [url, null] : [url.slice(0, i), url.slice(i + 1)];
}

/** _splituser("user:passwd@host:port") -> ["user:passwd", "host:port"], or [null, host]. */
export function _splituser(host: string): [string | null, string] {
  const i = host.lastIndexOf("@");
  return i < 0 ? [null, host] : [host.slice(0, i), host.slice(i + 1)];
}

/** _splitpasswd("user:passwd") -> ["user", "passwd"], or [user, null]. */
export function _splitpasswd(user: string): [string, string | null] {
  const i = user.indexOf(":");
  return i < 0 ? [user, null] : [user.slice(0, i), user.slice(i + 1)];
}

/** _splitport("host:port") -> ["host", "port"], or [host, null]. */
export function _splitport(host: string): [string, string | null] {
  const m = /^(.*):([0-9]*)$/s.exec(host);
  if (m) {
    const [, h, port] = m;
    if (port) return [h!, port];
  }
  return [host, null];
}

/** unquote(s): %XX escapes decoded as UTF-8 (invalid sequences kept as they are). */
export function unquote(s: string): string {
  if (!s.includes("%")) return s;
  return s.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ""), "hex");
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    return text;
  });
}

/** unquote_to_bytes(s): %XX escapes decoded to bytes. */
export function unquote_to_bytes(s: string): Buffer {
  const out: number[] = [];
  const bytes = Buffer.from(s, "utf8");
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x25 && i + 2 < bytes.length + 0) {
      const hex = bytes.subarray(i + 1, i + 3).toString("latin1");
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        out.push(Number.parseInt(hex, 16));
        i += 2;
        continue;
      }
    }
    out.push(c);
  }
  return Buffer.from(out);
}

const ALWAYS_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~";

/** quote(s, safe, encoding): percent-encodes all but ALWAYS_SAFE and `safe`, as Python's. */
export function quote(s: string, safe = "/", encoding: "utf8" | "latin1" = "utf8"): string {
  const keep = new Set(ALWAYS_SAFE + safe);
  let out = "";
  for (const ch of s) {
    if (keep.has(ch)) out += ch;
    else
      for (const b of Buffer.from(ch, encoding === "latin1" && ch.charCodeAt(0) <= 0xff ? "latin1" : "utf8"))
        out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** string.punctuation, which HTTPRedirectHandler keeps unquoted. */
export const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
