// Menus (RFC 1436 3.8, Gopher+ 2.2): one item a line, fields split by TAB, "." alone at the end.
//
//	0About this server<TAB>/about.txt<TAB>gopher.example<TAB>70<CRLF>
//	1Documents<TAB>/docs<TAB>gopher.example<TAB>70<TAB>+<CRLF>
//	iJust some text<TAB><TAB>null.host<TAB>0<CRLF>
//	hA web page<TAB>URL:https://example.org/<TAB>gopher.example<TAB>70<CRLF>
//	.<CRLF>
//
// A line that is not an item is kept as an error beside the items; reading never throws for it.
import { type Reader, ResponseTooLarge, stripEOL } from "@inetlib/socket";
import { MAXLINE } from "./limits.js";
import type { SelectorEncoding } from "./selector.js";
import { A_ERROR, A_HTML, A_INFO } from "./types.js";

/** MenuItem is one item of a menu. */
export interface MenuItem {
  /** The item type, one character: "0" text, "1" menu, "7" search, "9" binary, "i" info, ... */
  type: string;
  /** The display string (what a user sees). */
  display: string;
  /** The selector, decoded with the menu's encoding; rawSelector has its exact bytes. */
  selector: string;
  host: string;
  /** The port; 0 for an info or error line that gave none. */
  port: number;
  /** True when the server marked the item Gopher+ ("+" or "?" after the port). */
  plus: boolean;
  /** True for a Gopher+ interactive query item ("?" after the port). */
  ask: boolean;
  /** The fields after the port, as received (the Gopher+ flag first). */
  extra: string[];
  /** The target of an "h" item whose selector is "URL:..." (or "/URL:..."), else null. */
  url: string | null;
  /** The selector as received, byte for byte, for sending it back exactly. */
  rawSelector: Buffer;
}

/** MenuLineError is a menu line that is not an item, kept with its place and the reason. */
export interface MenuLineError {
  /** 1-based line number in the menu. */
  line: number;
  /** The line as received, without its terminator. */
  raw: Buffer;
  /** The line decoded, for display. */
  text: string;
  reason: string;
}

/** Menu is a menu read whole. */
export interface Menu {
  items: MenuItem[];
  errors: MenuLineError[];
  /** False when the connection ended before the "." line (the menu may be cut short). */
  complete: boolean;
}

/** MenuEntry is what a menu line parses into. */
export type MenuEntry = MenuItem | MenuLineError;

/** isMenuLineError tells a MenuLineError from a MenuItem. */
export function isMenuLineError(entry: MenuEntry): entry is MenuLineError {
  return "reason" in entry;
}

const TAB = 9;

/**
 * parseMenuLine parses one menu line (terminator removed). An info ("i") or error ("3") line
 * may lack trailing fields; any other line needs type, display, selector, host and a port of
 * 0-65535, or it comes back as a MenuLineError.
 */
export function parseMenuLine(raw: Buffer, lineNumber = 1, encoding: SelectorEncoding = "utf8"): MenuEntry {
  const decode = (b: Buffer) => b.toString(encoding);
  const fail = (reason: string): MenuLineError => ({ line: lineNumber, raw, text: decode(raw), reason });
  if (raw.length === 0) return fail("empty line");
  const type = String.fromCharCode(raw[0]!);
  if (raw[0]! < 0x20 || raw[0]! >= 0x7f) return fail("item type is not a printable ASCII character");
  const fields = splitTabs(raw.subarray(1));
  const lenient = type === A_INFO || type === A_ERROR;
  if (fields.length < 4 && !lenient)
    return fail(`expected display, selector, host and port separated by TABs, got ${fields.length} field(s)`);
  const [display, rawSelector = Buffer.alloc(0), host = Buffer.alloc(0), portField] = fields;
  let port = 0;
  if (portField !== undefined) {
    const text = portField.toString("latin1").trim();
    const n = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isInteger(n) && n <= 65535) port = n;
    else if (!lenient) return fail(`bad port ${JSON.stringify(portField.toString("latin1"))}`);
  }
  const extra = fields.slice(4).map(decode);
  const selector = decode(rawSelector);
  return {
    type,
    display: decode(display!),
    selector,
    host: decode(host),
    port,
    plus: extra[0] === "+" || extra[0] === "?",
    ask: extra[0] === "?",
    extra,
    url: type === A_HTML ? urlOf(selector) : null,
    rawSelector,
  };
}

function urlOf(selector: string): string | null {
  if (selector.startsWith("URL:")) return selector.slice(4);
  if (selector.startsWith("/URL:")) return selector.slice(5);
  return null;
}

function splitTabs(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (;;) {
    const at = bytes.indexOf(TAB, start);
    if (at === -1) break;
    out.push(bytes.subarray(start, at));
    start = at + 1;
  }
  out.push(bytes.subarray(start));
  return out;
}

/** MenuReadOptions bound and decode a menu. */
export interface MenuReadOptions {
  encoding?: SelectorEncoding;
  /** Per-line limit in bytes, terminator included (default MAXLINE): LineTooLong beyond it. */
  maxline?: number;
  /** At most this many lines (readMenu only): ResponseTooLarge beyond it. null: no bound. */
  maxLines?: number | null;
  /** At most this many bytes (readMenu only): ResponseTooLarge beyond it. null: no bound. */
  maxBytes?: number | null;
}

/** MenuLines is an async iterator over the entries of a menu; `complete` and `bytes` are set as it goes. */
export class MenuLines implements AsyncIterableIterator<MenuEntry> {
  readonly #reader: Reader;
  readonly #maxline: number;
  readonly #encoding: SelectorEncoding;
  /** Lines read so far, the "." line not counted. */
  count = 0;
  /** Bytes read so far, terminators included, the "." line not counted. */
  bytes = 0;
  /** True once the "." line was read. */
  complete = false;
  /** True once the menu ended, by "." or by end of stream. */
  done = false;

  constructor(reader: Reader, options: MenuReadOptions = {}) {
    this.#reader = reader;
    this.#maxline = options.maxline ?? MAXLINE;
    this.#encoding = options.encoding ?? "utf8";
  }

  async next(): Promise<IteratorResult<MenuEntry, undefined>> {
    if (this.done) return { done: true, value: undefined };
    const reader = this.#reader;
    const entry = this.#step(reader.tryReadline(this.#maxline) ?? (await reader.readline(this.#maxline)));
    return entry === undefined ? { done: true, value: undefined } : { done: false, value: entry };
  }

  /**
   * tryNext is next() without waiting: the next entry when its line was already received, null
   * when it must be awaited (then next()), undefined once the menu ended.
   */
  tryNext(): MenuEntry | null | undefined {
    if (this.done) return undefined;
    const raw = this.#reader.tryReadline(this.#maxline);
    return raw === null ? null : this.#step(raw);
  }

  #step(raw: Buffer): MenuEntry | undefined {
    const line = stripEOL(raw);
    if (raw.length === 0 || (line.length === 1 && line[0] === 0x2e)) {
      this.done = true;
      this.complete = raw.length > 0;
      return undefined;
    }
    this.count++;
    this.bytes += raw.length;
    return parseMenuLine(line, this.count, this.#encoding);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * menuLines returns an iterator over the menu that comes next on `reader`, in constant memory:
 * it ends at the "." line or at end of stream (then `complete` stays false).
 */
export function menuLines(reader: Reader, options: MenuReadOptions = {}): MenuLines {
  return new MenuLines(reader, options);
}

/**
 * readMenu reads a whole menu within `maxLines` and `maxBytes` (ResponseTooLarge beyond them,
 * the rest left unread). Malformed lines go to `errors`, items to `items`, in order.
 */
export async function readMenu(reader: Reader, options: MenuReadOptions = {}): Promise<Menu> {
  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const lines = menuLines(reader, options);
  const menu: Menu = { items: [], errors: [], complete: false };
  // Synchronously over the lines already received; a promise only when none is.
  for (;;) {
    let entry = lines.tryNext();
    if (entry === null) {
      const next = await lines.next();
      entry = next.done ? undefined : next.value;
    }
    if (entry === undefined) break;
    if (lines.count > maxLines) throw new ResponseTooLarge(maxLines, "lines");
    if (lines.bytes > maxBytes) throw new ResponseTooLarge(maxBytes, "bytes");
    if (isMenuLineError(entry)) menu.errors.push(entry);
    else menu.items.push(entry);
  }
  menu.complete = lines.complete;
  return menu;
}

/** MenuLineFields are what menuLine() writes; `port` defaults to 70, `extra` to none. */
export interface MenuLineFields {
  type: string;
  display: string;
  selector?: string;
  host?: string;
  port?: number | string;
  extra?: readonly string[];
}

/**
 * menuLine formats one menu line, CRLF included, as a server sends it (the inverse of
 * parseMenuLine for well-formed items). Fields are written as given, unchecked.
 */
export function menuLine(item: MenuLineFields): string {
  const fields = [item.type + item.display, item.selector ?? "", item.host ?? "", String(item.port ?? 70)];
  return `${[...fields, ...(item.extra ?? [])].join("\t")}\r\n`;
}
