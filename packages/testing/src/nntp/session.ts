// NNTPSession: one connection's state machine. It turns each command line into a Step (the
// reply, and what the server must do next) and knows nothing of sockets.
import { header, parseHeaders, splitArticle, toCRLF } from "./article.js";
import { listCommand, newgroupsCommand, newnewsCommand, xgtitleCommand } from "./listing.js";
import type { NNTPScripted, NNTPServerOptions, NNTPSessionView } from "./options.js";
import {
  articleCommand,
  type Cursor,
  groupCommand,
  hdrCommand,
  listgroupCommand,
  moveCommand,
  overCommand,
  xpathCommand,
} from "./reading.js";
import { block, line, type Step } from "./reply.js";
import { SaslExchange, type SaslResult } from "./sasl.js";
import { NewsError, type Newsgroup, type NewsSpool } from "./spool.js";

// Commands that need reader mode (and a login when authRequired).
const READING = new Set([
  "GROUP",
  "LISTGROUP",
  "NEXT",
  "LAST",
  "ARTICLE",
  "HEAD",
  "BODY",
  "STAT",
  "OVER",
  "XOVER",
  "HDR",
  "XHDR",
  "LIST",
  "NEWGROUPS",
  "NEWNEWS",
  "XGTITLE",
  "XPATH",
  "POST",
]);
const V2_ONLY = new Set(["CAPABILITIES", "OVER", "HDR"]);

/** NNTPSession answers one client's commands from a NewsSpool. */
export class NNTPSession implements Cursor {
  readonly spool: NewsSpool;
  readonly options: NNTPServerOptions;
  group: Newsgroup | null = null;
  article: number | null = null;
  user: string | null = null;
  tls: boolean;
  compressed = false;
  reader: boolean;
  #pendingUser: string | null = null;
  // An AUTHINFO SASL exchange awaiting the client's next response line.
  #sasl: SaslExchange | null = null;
  // The article command awaiting its body: POST, or IHAVE with its message-id.
  #receiving:
    | { verb: "POST" }
    | { verb: "IHAVE"; id: string }
    | { verb: "TAKETHIS"; id: string }
    | { verb: "SCRIPT"; body: NNTPScripted["body"] }
    | null = null;

  constructor(spool: NewsSpool, options: NNTPServerOptions, tls: boolean) {
    this.spool = spool;
    this.options = options;
    this.tls = tls;
    this.reader = (options.mode ?? "reader") === "reader";
  }

  /** greeting is the first line the server sends. */
  greeting(): Step {
    return line(this.options.greeting ?? this.#welcome());
  }

  /** handle answers one command line (without its CRLF), read as a binary string. */
  handle(raw: Buffer): Step {
    const text = raw.toString("latin1");
    if (this.#sasl) return this.#saslStep(this.#sasl.step(text));
    const space = text.indexOf(" ");
    const verb = (space === -1 ? text : text.slice(0, space)).toUpperCase();
    const rest = space === -1 ? "" : text.slice(space + 1);
    const scripted = this.options.respond?.(verb, rest, this.view());
    if (scripted !== undefined) {
      if (typeof scripted === "string" || Buffer.isBuffer(scripted)) return { reply: bytes(scripted) };
      this.#receiving = { verb: "SCRIPT", body: scripted.body };
      return { reply: bytes(scripted.reply), after: "body" };
    }
    const args = rest.split(/[ \t]+/).filter((a) => a !== "");
    if ((this.options.version ?? 2) === 1 && V2_ONLY.has(verb)) return line("500 What?");
    if (READING.has(verb) || verb === "IHAVE") {
      if (this.options.authRequired && !this.user) return line("480 Authentication required");
      if (!this.reader && verb !== "IHAVE")
        return line("502 Command unavailable in transit mode; use MODE READER");
    }
    switch (verb) {
      case "CAPABILITIES":
        if (this.options.capabilitiesNeedAuth && !this.user) return line("480 You must log in.");
        return block("101 Capability list:", this.#capabilities());
      case "MODE":
        return this.#mode(args[0]);
      case "AUTHINFO":
        return this.#authinfo(args);
      case "STARTTLS":
        return this.#starttls();
      case "COMPRESS":
        return this.#compress(args[0]);
      case "QUIT":
        return { ...line("205 Bye!"), after: "close" };
      case "DATE":
        return line(`111 ${stamp(this.#now())}`);
      case "HELP":
        return block("100 Legal commands", HELP);
      case "SLAVE":
        return line("202 Slave status noted");
      case "GROUP":
        return groupCommand(this, args[0] ?? "");
      case "LISTGROUP":
        return listgroupCommand(this, args);
      case "NEXT":
      case "LAST":
        return moveCommand(this, verb === "NEXT");
      case "ARTICLE":
      case "HEAD":
      case "BODY":
      case "STAT":
        return articleCommand(this, verb, args[0]);
      case "OVER":
      case "XOVER":
        return overCommand(this, verb, args[0]);
      case "HDR":
      case "XHDR":
        return hdrCommand(this, verb, args);
      case "XPATH":
        return xpathCommand(this, args[0]);
      case "LIST":
        return listCommand(this.spool, args, this.options.motd);
      case "NEWGROUPS":
        return newgroupsCommand(this.spool, args);
      case "NEWNEWS":
        return newnewsCommand(this.spool, args);
      case "XGTITLE":
        return xgtitleCommand(this.spool, args[0]);
      case "POST":
        if (!this.#posting()) return line("440 Posting not permitted");
        this.#receiving = { verb: "POST" };
        return { ...line("340 Input article; end with <CR-LF>.<CR-LF>"), after: "body" };
      case "CHECK":
      case "TAKETHIS":
        return this.#stream(verb, args[0]);
      case "IHAVE": {
        const id = args[0];
        if (!id?.startsWith("<")) return line("501 Syntax error");
        if (this.spool.article(id)) return line("435 Duplicate");
        this.#receiving = { verb: "IHAVE", id };
        return { ...line("335 Send it; end with <CR-LF>.<CR-LF>"), after: "body" };
      }
      default:
        return line("500 What?");
    }
  }

  /** view is what a respond hook sees of the session. */
  view(): NNTPSessionView {
    return {
      group: this.group?.name ?? null,
      article: this.article,
      user: this.user,
      tls: this.tls,
      compressed: this.compressed,
      reader: this.reader,
    };
  }

  /** receive takes the unstuffed article that followed POST or IHAVE (lines with their endings) and stores it. */
  receive(lines: Buffer[]): Step {
    const receiving = this.#receiving;
    this.#receiving = null;
    const article = Buffer.concat(lines);
    if (!receiving) return line("500 What?");
    if (receiving.verb === "SCRIPT") return { reply: bytes(receiving.body(article, lines)) };
    const arrived = this.#now();
    try {
      if (receiving.verb === "TAKETHIS") {
        // The article is read whatever it is (RFC 4644 2.5); only then is it refused.
        const [head] = splitArticle(toCRLF(article));
        if (this.spool.article(receiving.id)) return line(`439 ${receiving.id} Duplicate`);
        if (header(parseHeaders(head), "Message-ID")?.trim() !== receiving.id)
          return line(`439 ${receiving.id} Message-ID does not match`);
        this.spool.post(article, { arrived, feed: true });
        return line(`239 ${receiving.id} Article transferred OK`);
      }
      if (receiving.verb === "IHAVE") {
        const [head] = splitArticle(toCRLF(article));
        if (header(parseHeaders(head), "Message-ID")?.trim() !== receiving.id)
          return line("437 Rejected: Message-ID does not match");
        this.spool.post(article, { arrived, feed: true });
        return line("235 Article transferred OK");
      }
      const stored = this.spool.post(article, { arrived });
      return line(`240 Article received ${stored.messageId}`);
    } catch (err) {
      if (!(err instanceof NewsError)) throw err;
      if (receiving.verb === "TAKETHIS") return line(`439 ${receiving.id} ${err.message.slice(4)}`);
      return line(receiving.verb === "IHAVE" ? `437 Rejected: ${err.message.slice(4)}` : err.message);
    }
  }

  #capabilities(): string[] {
    const o = this.options;
    const caps = ["VERSION 2", `IMPLEMENTATION ${o.implementation ?? "inetlib-testing"}`];
    const sasl = o.sasl ?? [];
    if (this.spool.users.size > 0 && !this.user)
      caps.push(this.compressed ? "AUTHINFO" : sasl.length > 0 ? "AUTHINFO USER SASL" : "AUTHINFO USER");
    if (this.spool.users.size > 0 && !this.user && !this.compressed && sasl.length > 0)
      caps.push(`SASL ${sasl.join(" ")}`);
    if (o.streaming) caps.push("STREAMING");
    if ((o.compress ?? true) && !this.compressed) caps.push("COMPRESS DEFLATE");
    if (this.reader) caps.push("HDR");
    caps.push("IHAVE");
    if (this.reader) {
      caps.push("LIST ACTIVE ACTIVE.TIMES COUNTS DISTRIB.PATS HEADERS NEWSGROUPS OVERVIEW.FMT");
      caps.push("NEWNEWS", "OVER");
      if (this.#posting()) caps.push("POST");
      caps.push("READER");
    } else caps.push("MODE-READER");
    if (this.#canStartTLS()) caps.push("STARTTLS");
    return caps;
  }

  #mode(what: string | undefined): Step {
    if (what?.toUpperCase() === "STREAM" && this.options.streaming) return line("203 Streaming permitted");
    if (what?.toUpperCase() !== "READER") return line("501 Syntax error");
    if (this.options.modeReaderNeedsAuth && !this.user) return line("480 Authentication required");
    this.reader = true;
    return line(this.#welcome());
  }

  #authinfo(args: string[]): Step {
    const [sub, ...rest] = args;
    const value = rest.join(" ");
    if (this.compressed) return line("502 DEFLATE compression already active");
    if (this.user) return line("502 Already authenticated");
    if (this.options.loginRequiresTLS && !this.tls) return line("483 Encryption required");
    switch (sub?.toUpperCase()) {
      case "USER":
        this.#pendingUser = value;
        return line("381 Enter password");
      case "PASS": {
        const user = this.#pendingUser;
        if (user === null) return line("482 Authentication commands issued out of sequence");
        if (!this.spool.checkUser(user, value)) return line("481 Authentication failed");
        this.user = user;
        return line("281 Authentication succeeded");
      }
      case "SASL": {
        const mech = (rest[0] ?? "").toUpperCase();
        if (!(this.options.sasl ?? []).map((m) => m.toUpperCase()).includes(mech))
          return line("503 Mechanism not recognized");
        this.#sasl = new SaslExchange(mech, this.spool.users);
        return this.#saslStep(this.#sasl.start(rest[1] ?? null));
      }
      default:
        return line("501 Syntax error");
    }
  }

  #saslStep(result: SaslResult): Step {
    if (result.kind === "challenge") return line(`383 ${Buffer.from(result.data).toString("base64")}`);
    this.#sasl = null;
    if (result.kind === "cancel") return line("481 Authentication cancelled");
    if (result.kind === "error") return line("482 SASL protocol error");
    if (result.user === null) return line("481 Authentication failed");
    this.user = result.user;
    return line("281 Authentication succeeded");
  }

  // CHECK and TAKETHIS (RFC 4644): the message-id comes back in every answer.
  #stream(verb: "CHECK" | "TAKETHIS", id: string | undefined): Step {
    if (!this.options.streaming) return line("500 What?");
    if (!id?.startsWith("<")) return line("501 Syntax error");
    if (verb === "TAKETHIS") {
      this.#receiving = { verb: "TAKETHIS", id };
      return { reply: Buffer.alloc(0), after: "body" };
    }
    return line(this.spool.article(id) ? `438 ${id} Duplicate` : `238 ${id} Send it`);
  }

  #starttls(): Step {
    if (!this.options.tls || this.options.starttls === false)
      return line("580 Can not initiate TLS negotiation");
    if (this.tls) return line("502 Already using TLS");
    if (this.compressed) return line("502 DEFLATE compression already active");
    if (this.user) return line("502 Already authenticated without the use of a security layer");
    return { ...line("382 Begin TLS negotiation now"), after: "starttls" };
  }

  #compress(algorithm: string | undefined): Step {
    if (this.options.compress === false) return line("500 What?");
    if (this.compressed) return line("502 Already using a compression layer");
    if (!algorithm) return line("501 Syntax error");
    if (algorithm.toUpperCase() !== "DEFLATE") return line("503 Compression algorithm not supported");
    return { ...line("206 Compression now active; enjoy the speed!"), after: "compress" };
  }

  #canStartTLS(): boolean {
    return (
      !!this.options.tls && this.options.starttls !== false && !this.tls && !this.compressed && !this.user
    );
  }

  #posting(): boolean {
    return this.options.posting ?? true;
  }

  #welcome(): string {
    const ok = this.#posting();
    return `${ok ? 200 : 201} ${this.spool.hostname} inetlib NNTP server ready (${ok ? "posting ok" : "no posting"})`;
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function bytes(reply: string | Buffer): Buffer {
  return Buffer.isBuffer(reply) ? reply : Buffer.from(reply, "latin1");
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

const HELP = [
  "  ARTICLE [message-ID|number]",
  "  AUTHINFO USER name|PASS password",
  "  BODY [message-ID|number]",
  "  CAPABILITIES",
  "  COMPRESS DEFLATE",
  "  DATE",
  "  GROUP newsgroup",
  "  HDR header [message-ID|range]",
  "  HEAD [message-ID|number]",
  "  HELP",
  "  IHAVE message-ID",
  "  LAST",
  "  LIST [ACTIVE|ACTIVE.TIMES|COUNTS|DISTRIB.PATS|HEADERS|MOTD|NEWSGROUPS|OVERVIEW.FMT] [wildmat]",
  "  LISTGROUP [newsgroup [range]]",
  "  MODE READER",
  "  NEWGROUPS [yy]yymmdd hhmmss [GMT]",
  "  NEWNEWS wildmat [yy]yymmdd hhmmss [GMT]",
  "  NEXT",
  "  OVER [range|message-ID]",
  "  POST",
  "  QUIT",
  "  STARTTLS",
  "  STAT [message-ID|number]",
  "  XGTITLE [wildmat]",
  "  XHDR header [message-ID|range]",
  "  XOVER [range]",
  "  XPATH message-ID",
  "Report problems to <usenet@inetlib.test>.",
];
