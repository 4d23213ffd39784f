// urllib.parse: the parts urllib.request uses, with Python's results (urlsplit keeps what the
// WHATWG URL parser would normalise away; urljoin is Python's algorithm, not WHATWG's; the
// _split* helpers are Python's).
import { ValueError } from "@inetlib/socket";

/** SplitResult: urlsplit's five parts. */
export interface SplitResult {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

// Python's scheme lists (urllib.parse): which schemes join relatively, carry a netloc,
// and split ;params off the last path segment.
export const uses_relative = [
  "",
  "ftp",
  "http",
  "gopher",
  "nntp",
  "imap",
  "wais",
  "file",
  "https",
  "shttp",
  "mms",
  "prospero",
  "rtsp",
  "rtspu",
  "sftp",
  "svn",
  "svn+ssh",
  "ws",
  "wss",
];
export const uses_netloc = [
  "",
  "ftp",
  "http",
  "gopher",
  "nntp",
  "telnet",
  "imap",
  "wais",
  "file",
  "mms",
  "https",
  "shttp",
  "snews",
  "prospero",
  "rtsp",
  "rtspu",
  "rsync",
  "svn",
  "svn+ssh",
  "sftp",
  "nfs",
  "git",
  "git+ssh",
  "ws",
  "wss",
];
export const uses_params = [
  "",
  "ftp",
  "hdl",
  "prospero",
  "http",
  "imap",
  "https",
  "shttp",
  "rtsp",
  "rtspu",
  "sip",
  "sips",
  "mms",
  "sftp",
  "tel",
];

const SCHEME_CHARS = /^[a-zA-Z][a-zA-Z0-9+.-]*$/;

/**
 * urlsplit(url, scheme, allow_fragments): scheme, netloc, path, query, fragment, as Python's
 * (scheme lower-cased; nothing else normalised, % escapes kept).
 */
export function urlsplit(url: string, scheme = "", allow_fragments = true): SplitResult {
  // Python strips leading C0 controls and spaces, and removes tabs and newlines (WHATWG's rule).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: see above
  url = url.replace(/^[\x00-\x20]+/, "").replace(/[\t\r\n]/g, "");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: see above
  scheme = scheme.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "").replace(/[\t\r\n]/g, "");
  const i = url.indexOf(":");
  if (i > 0 && SCHEME_CHARS.test(url.slice(0, i))) {
    scheme = url.slice(0, i).toLowerCase();
    url = url.slice(i + 1);
  }
  let netloc = "";
  if (url.startsWith("//")) {
    const end = url.slice(2).search(/[/?#]/);
    netloc = end < 0 ? url.slice(2) : url.slice(2, 2 + end);
    url = end < 0 ? "" : url.slice(2 + end);
    if (netloc.includes("[") !== netloc.includes("]")) throw new ValueError("Invalid IPv6 URL");
  }
  let fragment = "";
  const hash = allow_fragments ? url.indexOf("#") : -1;
  if (hash >= 0) {
    fragment = url.slice(hash + 1);
    url = url.slice(0, hash);
  }
  let query = "";
  const q = url.indexOf("?");
  if (q >= 0) {
    query = url.slice(q + 1);
    url = url.slice(0, q);
  }
  return { scheme, netloc, path: url, query, fragment };
}

/**
 * urlunsplit(parts): the inverse of urlsplit; a scheme that carries a netloc gets "//" even
 * when the netloc is empty, so urlunsplit(urlsplit("file:///etc/x")) is "file:///etc/x".
 */
export function urlunsplit(p: SplitResult): string {
  let url = p.path;
  if (p.netloc || (p.scheme && uses_netloc.includes(p.scheme) && !url.startsWith("//"))) {
    if (url && !url.startsWith("/")) url = `/${url}`;
    url = `//${p.netloc}${url}`;
  }
  if (p.scheme) url = `${p.scheme}:${url}`;
  if (p.query) url += `?${p.query}`;
  if (p.fragment) url += `#${p.fragment}`;
  return url;
}

/** ParseResult: urlparse's six parts (urlsplit's, with ;params split off the path). */
export interface ParseResult extends SplitResult {
  params: string;
}

/** urlparse(url, scheme, allow_fragments): urlsplit, then ;params off the last path segment. */
export function urlparse(url: string, scheme = "", allow_fragments = true): ParseResult {
  const s = urlsplit(url, scheme, allow_fragments);
  let params = "";
  if (uses_params.includes(s.scheme) && s.path.includes(";")) {
    const slash = s.path.lastIndexOf("/");
    const i = s.path.indexOf(";", Math.max(slash, 0));
    if (i >= 0) {
      params = s.path.slice(i + 1);
      s.path = s.path.slice(0, i);
    }
  }
  return { ...s, params };
}

/** urlunparse(parts): the inverse of urlparse. */
export function urlunparse(p: ParseResult): string {
  return urlunsplit({ ...p, path: p.params ? `${p.path};${p.params}` : p.path });
}

/**
 * urljoin(base, url, allow_fragments): a reference resolved against a base, Python's
 * algorithm (RFC 3986 section 5.2, with Python's choices: only the schemes in uses_relative
 * join, a ".." above the root is dropped).
 */
export function urljoin(base: string, url: string, allow_fragments = true): string {
  if (!base) return url;
  if (!url) return base;
  const b = urlparse(base, "", allow_fragments);
  const r = urlparse(url, b.scheme, allow_fragments);
  const { scheme, params, fragment } = r;
  let { netloc, path, query } = r;
  if (scheme !== b.scheme || !uses_relative.includes(scheme)) return url;
  if (uses_netloc.includes(scheme)) {
    if (netloc) return urlunparse({ scheme, netloc, path, params, query, fragment });
    netloc = b.netloc;
  }
  if (!path && !params) {
    path = b.path;
    if (!query) query = b.query;
    return urlunparse({ scheme, netloc, path, params: b.params, query, fragment });
  }
  const baseParts = b.path.split("/");
  // The base's last segment is a file, not a directory: it takes no part in the resolution.
  if (baseParts[baseParts.length - 1] !== "") baseParts.pop();
  let segments: string[];
  if (path.startsWith("/")) segments = path.split("/");
  else {
    segments = [...baseParts, ...path.split("/")];
    // Empty inner segments would give doubled slashes when joined again.
    if (segments.length > 2)
      segments = [segments[0]!, ...segments.slice(1, -1).filter(Boolean), segments[segments.length - 1]!];
  }
  const resolved: string[] = [];
  for (const seg of segments) {
    if (seg === "..") resolved.pop();
    else if (seg !== ".") resolved.push(seg);
  }
  const last = segments[segments.length - 1];
  if (last === "." || last === "..") resolved.push("");
  return urlunparse({ scheme, netloc, path: resolved.join("/") || "/", params, query, fragment });
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

/** _splitattr("/path;attr1=value1;attr2") -> ["/path", ["attr1=value1", "attr2"]]. */
export function _splitattr(url: string): [string, string[]] {
  const words = url.split(";");
  return [words[0]!, words.slice(1)];
}

/** _splitvalue("attr=value") -> ["attr", "value"]; ["attr", null] without "=". */
export function _splitvalue(attr: string): [string, string | null] {
  const i = attr.indexOf("=");
  return i < 0 ? [attr, null] : [attr.slice(0, i), attr.slice(i + 1)];
}
