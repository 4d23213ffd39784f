// GopherServer: serves a GopherHole on loopback, RFC 1436 and Gopher+ (data heads, "!", "$",
// views), optionally over TLS, on @inetlib/socket's socketserver (a TCPServer whose handler
// answers one request per connection). It records every request's exact bytes, for tests that
// assert what a client sent, and can write its replies in small pieces to exercise parsers.
import { type AddressInfo, dotStuff, type SSLContext, type socket } from "@inetlib/socket";
import { ImplicitTLSHandler, LoopbackTCPServer } from "../loopback.js";
import type { GopherHole, HoleAttributes, HoleEntry, HoleItem } from "./hole.js";
import { demoHole, GOPHER_ADMIN } from "./hole.js";

/** GopherServerOptions configure a GopherServer. */
export interface GopherServerOptions {
  /** The address to listen on: "127.0.0.1" (default) or "::1". */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Serve gophers: every connection starts with a TLS handshake (a server-side context). */
  tls?: SSLContext | null;
  /** Answer Gopher+ requests (default true); false plays an RFC 1436-only server. */
  gopherPlus?: boolean;
  /** Write replies in pieces of this many bytes (default: whole). */
  chunkSize?: number | null;
  /** The host name menus give for this server's items (default: `host`). */
  advertisedHost?: string;
  /** The administrator named in Gopher+ errors and +ADMIN blocks. */
  admin?: string;
  /** The longest request line accepted (default 4096); a longer one gets an error reply. */
  maxRequest?: number;
  /** Seconds to wait for a request (default 10). */
  timeout?: number;
}

/** HoleTCPServer is the socketserver under a GopherServer; its handler asks the GopherServer what to send. */
class HoleTCPServer extends LoopbackTCPServer {
  gopher!: GopherServer;
  override request_queue_size = 16;

  /** A client that went away or failed its handshake is not news: kept in `errors`, not printed. */
  override handle_error(_request: socket, _client_address: AddressInfo, error?: unknown): void {
    this.gopher.errors.push(error);
  }
}

/** HoleHandler answers one request: TLS handshake if asked, the request line, the reply. */
class HoleHandler extends ImplicitTLSHandler {
  protected override serverTLS(): SSLContext | null | undefined {
    return (this.server as HoleTCPServer).gopher.options.tls;
  }

  override async setup(): Promise<void> {
    this.timeout = (this.server as HoleTCPServer).gopher.options.timeout ?? 10;
    return super.setup();
  }

  override async handle(): Promise<void> {
    const gopher = (this.server as HoleTCPServer).gopher;
    const max = gopher.options.maxRequest ?? 4096;
    const raw = await this.rfile.readline(max + 1);
    const write = (data: Buffer) => gopher._write(this.wfile, data);
    if (raw.length > max) return write(Buffer.from(errorLine("Request too long")));
    if (raw.length === 0) return;
    gopher.requests.push(raw);
    await gopher._respond(raw.toString("latin1").replace(/\r?\n$/, ""), write, this.rfile);
  }

  override async finish(): Promise<void> {
    await super.finish();
    if (this.connection !== this.request) await this.connection.close();
  }
}

/** Writer is where a reply goes: the handler's wfile, in pieces when chunkSize asks for it. */
type Writer = (data: Buffer) => Promise<void>;

/**
 * GopherServer serves a gopher hole:
 *
 *	await using server = await GopherServer.start(demoHole());
 *	... new Gopher("127.0.0.1", server.port) ...
 *	server.requests   // [Buffer "/docs\r\n", ...]
 */
export class GopherServer implements AsyncDisposable {
  readonly hole: GopherHole;
  readonly host: string;
  readonly port: number;
  /** Each request line received, terminator included, in order. */
  readonly requests: Buffer[] = [];
  /** The answers of every form submitted (the data block's lines), in order. */
  readonly answers: string[][] = [];
  /** What handlers threw (clients that went away, failed TLS handshakes), in order. */
  readonly errors: unknown[] = [];
  readonly options: Readonly<GopherServerOptions>;
  readonly #server: HoleTCPServer;
  readonly #serving: Promise<void>;
  #closed = false;

  private constructor(hole: GopherHole, server: HoleTCPServer, options: GopherServerOptions) {
    this.hole = hole;
    this.options = options;
    this.#server = server;
    server.gopher = this;
    const [host, port] = server.server_address as [string, number];
    this.host = host;
    this.port = port;
    this.#serving = server.serve_forever(0.5).catch(() => {});
  }

  /** start listens and serves until close(). */
  static async start(
    hole: GopherHole = demoHole(),
    options: GopherServerOptions = {},
  ): Promise<GopherServer> {
    const server = await HoleTCPServer.open([options.host ?? "127.0.0.1", options.port ?? 0], HoleHandler);
    return new GopherServer(hole, server, options);
  }

  /** The host name items of this server carry in menus. */
  get advertisedHost(): string {
    return this.options.advertisedHost ?? this.host;
  }

  /** url(type, selector): this server's URL for an item (gopher:// or gophers://). */
  url(type = "1", selector = ""): string {
    const host = this.advertisedHost.includes(":") ? `[${this.advertisedHost}]` : this.advertisedHost;
    const path = Buffer.from(type + selector)
      .toString("latin1")
      .replace(
        /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
      );
    return `${this.options.tls ? "gophers" : "gopher"}://${host}:${this.port}/${path}`;
  }

  /** close stops serving and waits for the connections being served. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#server.shutdown();
    await this.#server.server_close();
    await this.#serving;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Internal (the handler): writes a reply, in pieces of chunkSize when set. */
  async _write(wfile: { write(data: Buffer): Promise<number> }, data: Buffer): Promise<void> {
    const size = this.options.chunkSize || data.length || 1;
    for (let i = 0; i < data.length; i += size) await wfile.write(data.subarray(i, i + size));
  }

  /** Internal (the handler): answers one request line (terminator removed). */
  async _respond(line: string, write: Writer, rfile?: LineSource): Promise<void> {
    const [selectorLatin1, ...fields] = line.split("\t");
    const selector = Buffer.from(selectorLatin1!, "latin1").toString("utf8");
    const entry = this.hole[selector];
    const search = entry?.kind === "search";
    const query = search ? Buffer.from(fields[0] ?? "", "latin1").toString("utf8") : "";
    const plusField = (search ? fields[1] : fields[0]) ?? null;
    const plus =
      this.options.gopherPlus !== false && plusField !== null && /^[+!$]/.test(plusField) ? plusField : null;
    const send = (data: Buffer | string) => write(typeof data === "string" ? Buffer.from(data) : data);
    if (!entry) {
      if (plus) return send(`--1\r\n1 ${this.#admin()}\r\n'${selector}' is not available.\r\n.\r\n`);
      return send(`${errorLine(`'${selector}' does not exist`)}.\r\n`);
    }
    if (plus?.startsWith("!")) return send(`+-1\r\n${this.#attributes(selector, entry, plus.slice(1))}.\r\n`);
    if (plus?.startsWith("$")) {
      if (entry.kind !== "menu")
        return send(`--1\r\n1 ${this.#admin()}\r\n'${selector}' is not a menu.\r\n.\r\n`);
      const blocks = entry.items
        .filter(
          (i): i is Exclude<HoleItem, string> =>
            typeof i !== "string" && i.type !== "i" && i.host === undefined,
        )
        .map((i) => this.#attributes(i.selector ?? "", this.hole[i.selector ?? ""], plus.slice(1), i))
        .join("");
      return send(`+-1\r\n${blocks}.\r\n`);
    }
    const gplus = plus !== null;
    switch (entry.kind) {
      case "menu":
        return send(`${gplus ? "+-1\r\n" : ""}${this.#menu(entry.items, gplus)}.\r\n`);
      case "search":
        return send(`${gplus ? "+-1\r\n" : ""}${this.#menu(entry.search(query), gplus)}.\r\n`);
      case "text": {
        const view = plus ? plus.slice(1) : "";
        const chosen = view
          ? entry.attributes?.views?.find((v) => viewLabel(v) === view && v.data !== undefined)
          : undefined;
        if (chosen) {
          const data = Buffer.from(chosen.data!);
          return send(Buffer.concat([Buffer.from(`+${data.length}\r\n`), data]));
        }
        const body = Buffer.from(entry.text);
        if (entry.terminator === false)
          return send(gplus ? Buffer.concat([Buffer.from("+-2\r\n"), body]) : body);
        return send(Buffer.concat([Buffer.from(gplus ? "+-1\r\n" : ""), dotStuff(body)]));
      }
      case "binary": {
        const size = entry.data?.length ?? entry.size ?? 0;
        if (gplus) await send(`+${size}\r\n`);
        if (entry.data) return send(entry.data);
        return this.#generate(write, size);
      }
      case "raw":
        return send(entry.data);
      case "ask": {
        // Only "+ TAB 1" with a data block of answers is a submission.
        if (!gplus || fields[fields.length - 1] !== "1" || !rfile)
          return send(`--1\r\n1 ${this.#admin()}\r\n'${selector}' is a form: send answers.\r\n.\r\n`);
        const answers = await readDataBlock(rfile);
        if (answers === null) return send(`--1\r\n1 ${this.#admin()}\r\nNo answers.\r\n.\r\n`);
        this.answers.push(answers);
        return send(`+-1\r\n${dotStuff(Buffer.from(entry.answer(answers))).toString()}`);
      }
    }
  }

  #menu(items: HoleItem[], gplus: boolean): string {
    return items.map((item) => `${this.#menuLine(item, gplus)}\r\n`).join("");
  }

  #menuLine(item: HoleItem, gplus: boolean): string {
    if (typeof item === "string") return item;
    const ours = item.host === undefined;
    const fields = [
      item.type + item.display,
      item.selector ?? "",
      item.host ?? this.advertisedHost,
      String(item.port ?? (ours ? this.port : 70)),
      ...(item.extra ??
        (gplus && ours && item.type !== "i"
          ? [this.hole[item.selector ?? ""]?.kind === "ask" ? "?" : "+"]
          : [])),
    ];
    return fields.join("\t");
  }

  #attributes(
    selector: string,
    entry: HoleEntry | undefined,
    wanted: string,
    item?: Exclude<HoleItem, string>,
  ): string {
    const type = item?.type ?? entry?.type ?? defaultType(entry);
    const display = item?.display ?? entry?.display ?? selector;
    const mark = entry?.kind === "ask" ? "?" : "+";
    const out = [`+INFO: ${this.#menuLine({ type, display, selector, extra: [mark] }, true)}`];
    const names = wanted.split("+").filter(Boolean);
    const want = (name: string) => names.length === 0 || names.includes(name);
    const attrs: HoleAttributes = entry?.attributes ?? {};
    if (want("ADMIN")) {
      const admin = attrs.admin ?? { Admin: this.#admin(), "Mod-Date": "<20261121120000>" };
      out.push("+ADMIN:", ...Object.entries(admin).map(([k, v]) => ` ${k}: ${v}`));
    }
    if (want("VIEWS")) {
      const views = attrs.views ?? [
        { type: entry?.kind === "menu" ? "application/gopher+-menu" : "text/plain" },
      ];
      out.push(
        "+VIEWS:",
        ...views.map((v) => ` ${viewLabel(v)}: <${Math.ceil(Buffer.byteLength(v.data ?? "") / 1024)}k>`),
      );
    }
    if (attrs.abstract && want("ABSTRACT")) out.push("+ABSTRACT:", ...attrs.abstract.map((l) => ` ${l}`));
    if (entry?.kind === "ask" && want("ASK")) out.push("+ASK:", ...entry.ask.map((l) => ` ${l}`));
    for (const [name, lines] of Object.entries(attrs.blocks ?? {}))
      if (want(name)) out.push(`+${name}:`, ...lines.map((l) => ` ${l}`));
    return out.map((l) => `${l}\r\n`).join("");
  }

  #admin(): string {
    return this.options.admin ?? GOPHER_ADMIN;
  }

  async #generate(write: Writer, size: number): Promise<void> {
    const chunk = 65536;
    for (let offset = 0; offset < size; offset += chunk) {
      const n = Math.min(chunk, size - offset);
      const data = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) data[i] = (offset + i) % 251;
      await write(data);
    }
  }
}

/** holeByte(offset) is the byte at `offset` of a HoleEntry binary given by size. */
export function holeByte(offset: number): number {
  return offset % 251;
}

/** LineSource is where a request's data block is read from (the handler's rfile). */
export interface LineSource {
  readline(size?: number): Promise<Buffer>;
}

// A Gopher+ data block ("+-1" lines "." or "+N" N bytes): its lines, unstuffed; null if malformed.
async function readDataBlock(rfile: LineSource, maxLines = 1000): Promise<string[] | null> {
  const head = (await rfile.readline(4096)).toString("latin1").replace(/\r?\n$/, "");
  const m = /^\+(-1|\d{1,9})$/.exec(head);
  if (!m) return null;
  const lines: string[] = [];
  if (m[1] === "-1") {
    for (let i = 0; i < maxLines; i++) {
      const raw = await rfile.readline(65536);
      if (raw.length === 0) return null;
      const text = raw.toString("utf8").replace(/\r?\n$/, "");
      if (text === ".") return lines;
      lines.push(text.startsWith(".") ? text.slice(1) : text);
    }
    return null;
  }
  let left = Number(m[1]);
  let text = "";
  while (left > 0) {
    const raw = await rfile.readline(Math.min(left, 65536));
    if (raw.length === 0) return null;
    left -= raw.length;
    text += raw.toString("utf8");
  }
  return text.split(/\r?\n/).filter((l, i, all) => i < all.length - 1 || l !== "");
}

function errorLine(message: string): string {
  return `3${message}\t\terror.host\t1\r\n`;
}

function viewLabel(v: { type: string; language?: string }): string {
  return v.language ? `${v.type} ${v.language}` : v.type;
}

function defaultType(entry: HoleEntry | undefined): string {
  switch (entry?.kind) {
    case "menu":
      return "1";
    case "search":
      return "7";
    case "binary":
      return "9";
    default:
      return "0";
  }
}
