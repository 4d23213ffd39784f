// gopher:// URLs (RFC 4266), and gophers:// for gopher over TLS:
//
//	gopher://<host>[:<port>]/<type><selector>[%09<search>[%09<gopher+ string>]]
//
// An empty path is the root menu (type "1", empty selector). The path is percent-decoded to
// bytes, then split at TAB; everything after the first "/" belongs to the selector, "?" and
// ";" included (gopher has no query component), except a "#fragment".
import { ValueError } from "@inetlib/socket";
import type { MenuItem } from "./menu.js";
import type { SelectorEncoding } from "./selector.js";
import { A_MENU, DEF_PORT } from "./types.js";

/** GopherScheme is "gopher" (plain) or "gophers" (TLS). */
export type GopherScheme = "gopher" | "gophers";

/** GopherUrl is a parsed gopher URL. */
export interface GopherUrl {
  scheme: GopherScheme;
  /** The host, IPv6 literals without brackets. */
  host: string;
  /** The port; 70 when the URL gives none. */
  port: number;
  /** The item type, one character ("1" for an empty path). */
  type: string;
  /** The selector, percent-decoded and decoded as text; rawSelector has its exact bytes. */
  selector: string;
  rawSelector: Buffer;
  /** The search after the first %09, or null. */
  search: string | null;
  /** The Gopher+ string after the second %09, or null. */
  plus: string | null;
}

/** parseGopherUrl parses a gopher:// or gophers:// URL; ValueError for anything else. */
export function parseGopherUrl(url: string, encoding: SelectorEncoding = "utf8"): GopherUrl {
  const m = /^(gophers?):\/\/([^/?#]*)(.*)$/is.exec(url.trim());
  if (!m) throw new ValueError(`not a gopher URL: ${JSON.stringify(url)}`);
  const scheme = m[1]!.toLowerCase() as GopherScheme;
  const [host, port] = parseAuthority(m[2]!, url);
  let path = m[3]!;
  const hash = path.indexOf("#");
  if (hash !== -1) path = path.slice(0, hash);
  if ([...path].some((c) => c < " " || c === "\x7f"))
    throw new ValueError("control characters in a gopher URL must be percent-encoded");
  // The path is "/" then the type; what the URL gives without a slash is not a gopher path.
  const body = path.startsWith("/") ? path.slice(1) : path;
  if (body === "")
    return {
      scheme,
      host,
      port,
      type: A_MENU,
      selector: "",
      rawSelector: Buffer.alloc(0),
      search: null,
      plus: null,
    };
  const bytes = percentDecode(body);
  const type = String.fromCharCode(bytes[0]!);
  const rest = bytes.subarray(1);
  const tab1 = rest.indexOf(9);
  const rawSelector = tab1 === -1 ? rest : rest.subarray(0, tab1);
  let search: string | null = null;
  let plus: string | null = null;
  if (tab1 !== -1) {
    const after = rest.subarray(tab1 + 1);
    const tab2 = after.indexOf(9);
    search = (tab2 === -1 ? after : after.subarray(0, tab2)).toString(encoding);
    if (tab2 !== -1) plus = after.subarray(tab2 + 1).toString(encoding);
  }
  if (rawSelector.includes(13) || rawSelector.includes(10))
    throw new ValueError("an illegal newline character should not be contained");
  return {
    scheme,
    host,
    port,
    type,
    selector: rawSelector.toString(encoding),
    rawSelector: Buffer.from(rawSelector),
    search,
    plus,
  };
}

function parseAuthority(authority: string, url: string): [string, number] {
  if (authority.includes("@"))
    throw new ValueError(`gopher URLs have no user information: ${JSON.stringify(url)}`);
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
  if (!m) throw new ValueError(`bad host in gopher URL: ${JSON.stringify(url)}`);
  let host = decodeURIComponentLenient(m[1]!);
  if (host.startsWith("[")) host = host.slice(1, -1);
  if (host === "") throw new ValueError(`no host given: ${JSON.stringify(url)}`);
  const port = m[2] ? Number(m[2]) : DEF_PORT;
  if (port > 65535) throw new ValueError(`port out of range 0-65535: ${JSON.stringify(url)}`);
  return [host, port];
}

function decodeURIComponentLenient(text: string): string {
  return percentDecode(text).toString("utf8");
}

/** percentDecode turns %XX into bytes and every other character into its UTF-8; a "%" not followed by two hex digits stays. */
export function percentDecode(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) out.push(c);
    else {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      out.push(...Buffer.from(ch, "utf8"));
      i += ch.length - 1;
    }
  }
  return Buffer.from(out);
}

// RFC 3986 pchar less what this parser or a generic one would split on: unreserved,
// sub-delims but ";" kept literal, ":" "@" "/". "?" "#" "%" and everything else are encoded.
const KEEP = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;

/** percentEncode encodes the bytes of a selector, search or Gopher+ string for a URL path. */
export function percentEncode(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out += b < 0x80 && KEEP.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** GopherUrlParts are what buildGopherUrl needs; everything but `host` has a default. */
export interface GopherUrlParts {
  scheme?: GopherScheme;
  host: string;
  port?: number;
  type?: string;
  selector?: string | Uint8Array;
  search?: string | null;
  plus?: string | null;
  encoding?: SelectorEncoding;
}

/**
 * buildGopherUrl builds a URL that parseGopherUrl reads back to the same parts:
 *
 *	buildGopherUrl({ host: "::1", port: 7070, type: "7", selector: "/find", search: "a b" })
 *	  ->  "gopher://[::1]:7070/7/find%09a%20b"
 */
export function buildGopherUrl(parts: GopherUrlParts): string {
  const {
    scheme = "gopher",
    host,
    port = DEF_PORT,
    type = A_MENU,
    selector = "",
    search = null,
    plus = null,
  } = parts;
  const encoding = parts.encoding ?? "utf8";
  if (!host) throw new ValueError("no host given");
  if (type.length !== 1) throw new ValueError(`an item type is one character, not ${JSON.stringify(type)}`);
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const portPart = port === DEF_PORT ? "" : `:${port}`;
  const sel = typeof selector === "string" ? Buffer.from(selector, encoding) : selector;
  let path = percentEncode(Buffer.from(type, "latin1")) + percentEncode(sel);
  if (search !== null || plus !== null) path += `%09${percentEncode(Buffer.from(search ?? "", encoding))}`;
  if (plus !== null) path += `%09${percentEncode(Buffer.from(plus, encoding))}`;
  return `${scheme}://${hostPart}${portPart}/${path}`;
}

/**
 * itemToUrl is the gopher URL of a menu item ("gophers" when asked). For an "h" item with a
 * "URL:" selector this is still the gopher URL; its target is item.url.
 */
export function itemToUrl(item: MenuItem, scheme: GopherScheme = "gopher"): string {
  return buildGopherUrl({
    scheme,
    host: item.host,
    port: item.port,
    type: item.type,
    selector: item.rawSelector,
  });
}

/** urlToItem is the menu item a gopher URL points at; its display string is the URL itself. */
export function urlToItem(url: string, encoding: SelectorEncoding = "utf8"): MenuItem {
  const u = parseGopherUrl(url, encoding);
  const item: MenuItem = {
    type: u.type,
    display: url,
    selector: u.selector,
    host: u.host,
    port: u.port,
    plus: u.plus !== null,
    ask: false,
    extra: u.plus !== null ? ["+"] : [],
    url: null,
    rawSelector: u.rawSelector,
  };
  if (u.type === "h") item.url = u.selector.startsWith("URL:") ? u.selector.slice(4) : null;
  return item;
}
