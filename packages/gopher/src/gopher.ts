// Gopher: a client object over RFC 1436 and Gopher+. Gopher has no session: every call opens
// a connection, sends one request line, reads the reply and closes, so the object holds only
// where to go and how (host, port, TLS, timeout, limits, encoding, debug level).
import {
  Conn,
  DebugTrace,
  type Reader,
  ResponseTooLarge,
  type SSLContext,
  type socket,
} from "@inetlib/socket";
import { type AskAnswer, type AskQuestion, encodeAnswers } from "./ask.js";
import { GopherError } from "./errors.js";
import {
  type ItemAttributes,
  parseAttributes,
  plusData,
  plusLines,
  readDataHead,
  readPlusError,
} from "./gopher-plus.js";
import { BLOCKSIZE, DEFAULT_LIMITS, type Limits } from "./limits.js";
import { type Menu, type MenuEntry, type MenuItem, menuLines, readMenu } from "./menu.js";
import { encodeRequest, type RequestOptions, type Selector, type SelectorEncoding } from "./selector.js";
import { readText, textLines } from "./text.js";
import { type ConnectOptions, openConnection } from "./transport.js";
import { A_INDEX, A_QUERY, DEF_PORT, type ItemKind, itemKind } from "./types.js";
import { type GopherUrl, parseGopherUrl } from "./url.js";

/** GopherOptions configure a client. */
export interface GopherOptions extends ConnectOptions {
  /** How text selectors are encoded and menus and texts decoded (default "utf8"). */
  encoding?: SelectorEncoding;
  /** Bounds on what is read whole (see limits.ts); null lifts one. */
  limits?: Partial<Limits>;
  /** The trace set_debuglevel() drives (default: one printing to stdout). */
  debug?: DebugTrace;
}

/** Target is what a request goes to: a selector on the client's server, or a menu item (its own host and port). */
export type Target = Selector | MenuItem;

/** TextDocument is a text item read whole. */
export interface TextDocument {
  /** The lines, unstuffed, without terminators. */
  lines: string[];
  /** False when the server closed without the "." line. */
  complete: boolean;
}

/** FetchResult is what fetch() got, by the kind of item. */
export type FetchResult =
  | { kind: "menu"; menu: Menu }
  | { kind: "text"; text: TextDocument }
  | { kind: "binary"; data: Buffer };

/** PlusOptions choose what a Gopher+ data request asks for. */
export interface PlusOptions {
  /** The view (a +VIEWS label such as "text/plain" or "application/postscript De_DE"). */
  view?: string;
  /** The search of a type-7 item. */
  query?: string;
}

interface Resolved {
  host: string;
  port: number;
  selector: Selector;
  type: string | null;
}

/**
 * Gopher talks to one gopher server (and to the servers its menus point at):
 *
 *	await using g = new Gopher("gopher.example", 70, { timeout: 10 });
 *	const menu = await g.menu("");                 // the root menu, typed items
 *	const doc = await g.text(menu.items[1]!);       // a text item, dot-unstuffed
 *	for await (const chunk of g.stream("/big.iso")) out.write(chunk);
 *
 * `new Gopher()` does no I/O. Menu items carry their own host and port, which a request for
 * one uses; the client's TLS setting applies to every connection it makes.
 */
export class Gopher implements AsyncDisposable {
  host: string;
  port: number;
  readonly options: Readonly<GopherOptions>;
  readonly limits: Readonly<Limits>;
  readonly encoding: SelectorEncoding;
  readonly debug: DebugTrace;
  #open = new Set<socket>();

  constructor(host: string, port: number = DEF_PORT, options: GopherOptions = {}) {
    this.host = host;
    this.port = port;
    this.options = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.encoding = options.encoding ?? "utf8";
    this.debug = options.debug ?? new DebugTrace();
  }

  /**
   * fromUrl returns a client for the server of a gopher:// or gophers:// URL (TLS on for
   * gophers, verified by default) and the URL parsed.
   */
  static fromUrl(url: string, options: GopherOptions = {}): [Gopher, GopherUrl] {
    const u = parseGopherUrl(url, options.encoding);
    const tls: boolean | SSLContext = u.scheme === "gophers" ? (options.tls ? options.tls : true) : false;
    return [new Gopher(u.host, u.port, { ...options, tls }), u];
  }

  /** set_debuglevel(level): 1 prints each request (`*cmd* '/docs'`), 2 also each line received. */
  set_debuglevel(level: number): void {
    this.debug.set_debuglevel(level);
  }

  /** menu(target): a menu read whole (bounded); malformed lines are in `errors`, not thrown. */
  async menu(target: Target = ""): Promise<Menu> {
    return this.#request(target, {}, (reader) => readMenu(reader, this.#menuOptions()));
  }

  /** menuEntries(target): a menu's items and malformed lines one at a time, in constant memory. */
  async *menuEntries(target: Target = ""): AsyncGenerator<MenuEntry> {
    const conn = await this.#connect(target, {});
    try {
      yield* menuLines(conn.reader, { encoding: this.encoding, maxline: this.limits.maxline });
    } finally {
      await this.#close(conn);
    }
  }

  /** search(target, query): a type-7 search; the results are a menu. TAB, CR and LF in the query are refused. */
  async search(target: Target, query: string): Promise<Menu> {
    return this.#request(target, { query }, (reader) => readMenu(reader, this.#menuOptions()));
  }

  /** text(target): a text item read whole (bounded), dot-unstuffed. */
  async text(target: Target): Promise<TextDocument> {
    return this.#request(target, {}, async (reader) => {
      const body = await readText(reader, {
        maxline: this.limits.textMaxline,
        maxBytes: this.limits.maxTextBytes,
      });
      return { lines: body.lines.map((l) => l.toString(this.encoding)), complete: body.complete };
    });
  }

  /** textLines(target): a text item's lines one at a time, in constant memory. */
  async *textLines(target: Target): AsyncGenerator<string> {
    const conn = await this.#connect(target, {});
    try {
      for await (const line of textLines(conn.reader, { maxline: this.limits.textMaxline }))
        yield line.toString(this.encoding);
    } finally {
      await this.#close(conn);
    }
  }

  /** binary(target): a binary item read whole, up to limits.maxBinaryBytes (stream() has no bound). */
  async binary(target: Target): Promise<Buffer> {
    const max = this.limits.maxBinaryBytes ?? Number.POSITIVE_INFINITY;
    const parts: Buffer[] = [];
    let total = 0;
    for await (const chunk of this.stream(target)) {
      total += chunk.length;
      if (total > max) throw new ResponseTooLarge(max, "bytes");
      parts.push(chunk);
    }
    return Buffer.concat(parts, total);
  }

  /** stream(target, blocksize): a binary item chunk by chunk to the end of the connection, in constant memory. */
  async *stream(target: Target, blocksize = BLOCKSIZE): AsyncGenerator<Buffer> {
    const conn = await this.#connect(target, {});
    try {
      for (;;) {
        const chunk = await conn.reader.readSome(blocksize);
        if (chunk.length === 0) return;
        yield chunk;
      }
    } finally {
      await this.#close(conn);
    }
  }

  /**
   * fetch(item or URL): reads an item the way its type calls for: a menu (types 1, and 7 with
   * `query`), a text, or a binary. Info, error, telnet, CSO and URL items are not fetched
   * (GopherError). A URL string is fetched from its own server with this client's options.
   */
  async fetch(target: MenuItem | string, options: { query?: string } = {}): Promise<FetchResult> {
    if (typeof target === "string") {
      const [client, url] = Gopher.fromUrl(target, { ...this.options, debug: this.debug });
      const item: MenuItem = {
        type: url.type,
        display: target,
        selector: url.selector,
        host: url.host,
        port: url.port,
        plus: false,
        ask: false,
        extra: [],
        url: null,
        rawSelector: url.rawSelector,
      };
      return client.fetch(item, { query: options.query ?? url.search ?? undefined });
    }
    const kind: ItemKind = itemKind(target.type, target.selector);
    switch (kind) {
      case "menu":
        return { kind: "menu", menu: await this.menu(target) };
      case "search":
        if (options.query === undefined) throw new GopherError("a search item needs a query");
        return { kind: "menu", menu: await this.search(target, options.query) };
      case "text":
        return { kind: "text", text: await this.text(target) };
      case "binary":
        return { kind: "binary", data: await this.binary(target) };
      default:
        throw new GopherError(`cannot fetch a ${kind} item (type ${JSON.stringify(target.type)})`);
    }
  }

  /**
   * info(target, attributes): a Gopher+ item's attribute information ("!"), all blocks or only
   * the ones named ("ADMIN", "VIEWS", ...). A Gopher+ error reply throws GopherPlusError; a
   * server that does not speak Gopher+ gives a ProtocolError.
   */
  async info(target: Target, attributes: readonly string[] = []): Promise<ItemAttributes> {
    const items = await this.#attributes(target, `!${attributeNames(attributes)}`);
    return items[0] ?? { info: null, blocks: [], admin: {}, views: [], abstract: null, ask: null };
  }

  /** directoryInfo(target, attributes): the attributes of every item of a Gopher+ menu ("$"), in one request. */
  async directoryInfo(target: Target = "", attributes: readonly string[] = []): Promise<ItemAttributes[]> {
    return this.#attributes(target, `$${attributeNames(attributes)}`);
  }

  /** plus(target, {view, query}): a Gopher+ data request read whole (bounded like a binary). */
  async plus(target: Target, options: PlusOptions = {}): Promise<Buffer> {
    const max = this.limits.maxBinaryBytes ?? Number.POSITIVE_INFINITY;
    const parts: Buffer[] = [];
    let total = 0;
    for await (const chunk of this.plusStream(target, options)) {
      total += chunk.length;
      if (total > max) throw new ResponseTooLarge(max, "bytes");
      parts.push(chunk);
    }
    return Buffer.concat(parts, total);
  }

  /**
   * plusStream(target, {view, query}): a Gopher+ data request ("selector TAB +view") chunk by
   * chunk; the data head decides where it ends. An error reply throws GopherPlusError.
   */
  async *plusStream(target: Target, options: PlusOptions = {}): AsyncGenerator<Buffer> {
    const request: RequestOptions = { plus: `+${options.view ?? ""}` };
    if (options.query !== undefined) request.query = options.query;
    const conn = await this.#connect(target, request);
    try {
      const head = await readDataHead(conn.reader, this.limits.maxline);
      if (!head.ok) throw await readPlusError(conn.reader, head, this.encoding);
      yield* plusData(conn.reader, head);
    } finally {
      await this.#close(conn);
    }
  }

  /**
   * ask(target): the questions of a Gopher+ form (the item's +ASK block; its menu line ends in
   * "?"). An item without one throws GopherError.
   */
  async ask(target: Target): Promise<AskQuestion[]> {
    const attrs = await this.info(target, ["ASK"]);
    if (!attrs.ask) throw new GopherError("the item has no +ASK block (not a Gopher+ form)");
    return attrs.ask;
  }

  /**
   * submit(target, answers, {questions}): answers a Gopher+ form ("selector TAB + TAB 1" and
   * the answers as a data block) and returns the reply's data, read whole (bounded like a
   * binary). `answers[i]` answers question i of ask(target) (asked first unless `questions`
   * is given); answers are checked (encodeAnswers) before anything is sent. An error reply
   * throws GopherPlusError.
   */
  async submit(
    target: Target,
    answers: readonly (AskAnswer | undefined)[],
    options: { questions?: readonly AskQuestion[] } = {},
  ): Promise<Buffer> {
    const block = encodeAnswers(options.questions ?? (await this.ask(target)), answers);
    const max = this.limits.maxBinaryBytes ?? Number.POSITIVE_INFINITY;
    return this.#request(
      target,
      { plus: "+", data: true },
      async (reader) => {
        const head = await readDataHead(reader, this.limits.maxline);
        if (!head.ok) throw await readPlusError(reader, head, this.encoding);
        const parts: Buffer[] = [];
        let total = 0;
        for await (const chunk of plusData(reader, head)) {
          total += chunk.length;
          if (total > max) throw new ResponseTooLarge(max, "bytes");
          parts.push(chunk);
        }
        return Buffer.concat(parts, total);
      },
      block,
    );
  }

  /** close(): closes every connection still open (streams left unfinished); the client stays usable. */
  async close(): Promise<void> {
    const open = [...this.#open];
    this.#open.clear();
    await Promise.all(open.map((s) => s.close()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #attributes(target: Target, plus: string): Promise<ItemAttributes[]> {
    const t = this.#resolve(target);
    // A type-7 item takes its Gopher+ request after an empty search (Gopher+ appendix II).
    const request: RequestOptions = t.type === A_INDEX || t.type === A_QUERY ? { query: "", plus } : { plus };
    return this.#request(target, request, async (reader) => {
      const head = await readDataHead(reader, this.limits.maxline);
      if (!head.ok) throw await readPlusError(reader, head, this.encoding);
      const lines: Buffer[] = [];
      let bytes = 0;
      const max = this.limits.maxMenuBytes ?? Number.POSITIVE_INFINITY;
      for await (const line of plusLines(reader, head, this.limits.maxline)) {
        bytes += line.length + 2;
        if (bytes > max) throw new ResponseTooLarge(max, "bytes");
        lines.push(line);
      }
      return parseAttributes(lines, this.encoding);
    });
  }

  #menuOptions() {
    return {
      encoding: this.encoding,
      maxline: this.limits.maxline,
      maxLines: this.limits.maxMenuLines,
      maxBytes: this.limits.maxMenuBytes,
    };
  }

  #resolve(target: Target): Resolved {
    if (typeof target === "string" || target instanceof Uint8Array)
      return { host: this.host, port: this.port, selector: target, type: null };
    // Info and error lines carry placeholders ("null.host", port 0, or nothing): not a server.
    if (!target.host || target.port === 0)
      throw new GopherError(`item ${JSON.stringify(target.display)} names no server to ask`);
    return { host: target.host, port: target.port, selector: target.rawSelector, type: target.type };
  }

  async #request<T>(
    target: Target,
    request: RequestOptions,
    read: (reader: Reader) => Promise<T>,
    body?: Buffer,
  ): Promise<T> {
    const conn = await this.#connect(target, request, body);
    try {
      return await read(conn.reader);
    } finally {
      await this.#close(conn);
    }
  }

  /** Checks and encodes the request before connecting, connects, sends it. */
  async #connect(target: Target, request: RequestOptions, body?: Buffer): Promise<Conn> {
    const t = this.#resolve(target);
    const line = encodeRequest(t.selector, { ...request, encoding: this.encoding });
    const sock = await openConnection(t.host, t.port, this.options);
    this.#open.add(sock);
    const conn = new Conn(sock, { debug: this.debug, maxline: this.limits.maxline });
    try {
      await conn.cmd(line.subarray(0, line.length - 2));
      if (body) await conn.sendall(body);
    } catch (err) {
      await this.#close(conn);
      throw err;
    }
    return conn;
  }

  async #close(conn: Conn): Promise<void> {
    this.#open.delete(conn.sock as socket);
    await conn.close();
  }
}

function attributeNames(names: readonly string[]): string {
  return names.map((n) => (n.startsWith("+") ? n : `+${n}`)).join("");
}
