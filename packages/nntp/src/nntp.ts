// NNTP: nntplib.NNTP's commands, each a thin line over Wire under the connection's lock, and
// inetlib's additions (HDR, XPATH, COMPRESS, pipelined fetches, over_iter).
import { abortable, type SSLContext } from "@inetlib/socket";
import { compress, login, offersDeflate, starttls } from "./auth.js";
import { _unparse_datetime, isInstant, type NNTPDate } from "./datetime.js";
import {
  type CheckResult,
  checkExchange,
  checkMessageId,
  type FeedOptions,
  modeStream,
  readCheck,
  readTakethis,
  sendTakethis,
  type TakethisResult,
  takethisMany,
} from "./feed.js";
import { _parse_overview, type OverviewEntry, setField } from "./overview.js";
import {
  articleExchange,
  type Exchange,
  hold,
  type PipelineOptions,
  pipelined,
  statExchange,
} from "./pipeline.js";
import { type ArticleSource, articleChunks, sendArticle } from "./post.js";
import {
  _grouplist,
  _statparse,
  articleInfo,
  type Capabilities,
  type GroupResponse,
  parseCapabilities,
  parseDate,
  parseDescription,
  parseGroup,
  parseXhdr,
  parseXpath,
  type StatResponse,
  type XhdrLine,
} from "./replies.js";
import { type AuthObject, authinfoSasl, type SaslOptions } from "./sasl.js";
import type { FileArg } from "./sink.js";
import { getOverviewFmt, type MessageSpec, overCommand, overIter, specArgument } from "./stream.js";
import { NNTP_PORT, type NNTPOptions, NNTPTransport } from "./transport.js";
import type { ArticleInfo, GroupInfo } from "./tuples.js";
import type { Wire } from "./wire.js";

/** FileOption is the keyword-only `file` argument: where the lines go instead of the result. */
export interface FileOption {
  file?: FileArg | null;
}

/** ArticleSpec is an article number or a message-id ("<id@host>"). */
export type ArticleSpec = number | string;

/**
 * NNTP is an NNTP client (RFC 3977) with nntplib's methods and results:
 *
 *	await using s = await NNTP.open("news.example.com");
 *	const [resp, count, first, last, name] = await s.group("comp.lang.python");
 *	const [, overviews] = await s.over([last - 9, last]);
 *	const [, info] = await s.article(last);     // info.lines: Buffer[]
 *
 * Responses are strings (UTF-8, with non-UTF-8 bytes kept as U+DC80..U+DCFF, Python's
 * surrogateescape); article data is bytes. 4xx throws NNTPTemporaryError, 5xx
 * NNTPPermanentError, both carrying the response.
 */
export class NNTP extends NNTPTransport {
  /**
   * open connects and does what Python's NNTP(host, port, user, password, readermode,
   * usenetrc, timeout) does: greeting, capabilities, MODE READER, login; then COMPRESS if the
   * `compress` option asks for it and the server offers it.
   */
  static async open(host: string, port: number = NNTP_PORT, options: NNTPOptions = {}): Promise<NNTP> {
    const s = new NNTP(options);
    await s.connect(host, port);
    await s._finishOpen();
    return s;
  }

  /** _finishOpen: what the constructor does after connecting (login, compression); closes on failure. */
  async _finishOpen(): Promise<void> {
    const { user = null, password = null, usenetrc = false } = this.options;
    try {
      if (user || usenetrc) await this.login(user, password, usenetrc);
      if (this.options.compress && offersDeflate(this)) await this.compress();
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** capabilities sends CAPABILITIES: [resp, { VERSION: ["2"], OVER: [], LIST: ["ACTIVE", ...] }]. */
  capabilities(): Promise<[string, Capabilities]> {
    return this._exclusive(async (w) => {
      const [resp, lines] = await w.longcmdstring("CAPABILITIES");
      return [resp, parseCapabilities(lines)];
    });
  }

  /** newgroups lists the groups created since `date`: [resp, GroupInfo[]]. */
  newgroups(date: NNTPDate, options: FileOption = {}): Promise<[string, GroupInfo[]]> {
    return this._exclusive(async (w) => {
      const [resp, lines] = await w.longcmdstring(`NEWGROUPS ${this.#when(date)}`, options.file ?? null);
      return [resp, _grouplist(lines)];
    });
  }

  /** newnews lists the message-ids of articles in `group` (a wildmat, "*" for all) since `date`. */
  newnews(group: string, date: NNTPDate, options: FileOption = {}): Promise<[string, string[]]> {
    return this.#longstring(`NEWNEWS ${group} ${this.#when(date)}`, options.file);
  }

  /** list sends LIST, or LIST ACTIVE group_pattern: [resp, GroupInfo[]]. */
  list(group_pattern: string | null = null, options: FileOption = {}): Promise<[string, GroupInfo[]]> {
    const command = group_pattern !== null ? `LIST ACTIVE ${group_pattern}` : "LIST";
    return this._exclusive(async (w) => {
      const [resp, lines] = await w.longcmdstring(command, options.file ?? null);
      return [resp, _grouplist(lines)];
    });
  }

  /** description returns the first description matching `group` (a name or a wildmat), "" when none. */
  description(group: string): Promise<string> {
    return this._exclusive(async (w) => {
      const [, lines] = await this.#descriptions(w, group);
      for (const line of lines) {
        const found = parseDescription(line);
        if (found) return found[1];
      }
      return "";
    });
  }

  /** descriptions returns [resp, { group: description }] for the groups matching `group_pattern`. */
  descriptions(group_pattern: string): Promise<[string, Record<string, string>]> {
    return this._exclusive(async (w) => {
      const [resp, lines] = await this.#descriptions(w, group_pattern);
      const groups: Record<string, string> = {};
      for (const line of lines) {
        const found = parseDescription(line);
        if (found) setField(groups, found[0], found[1]);
      }
      return [resp, groups];
    });
  }

  /** group selects a group: [resp, count, first, last, name]. */
  group(name: string): Promise<GroupResponse> {
    return this._exclusive(async (w) => parseGroup(await w.shortcmd(`GROUP ${name}`), name));
  }

  /** help returns [resp, lines of help text]. */
  help(options: FileOption = {}): Promise<[string, string[]]> {
    return this.#longstring("HELP", options.file);
  }

  /** stat selects an article (number or message-id; the current one when none): [resp, number, message_id]. */
  stat(message_spec: ArticleSpec | null = null): Promise<StatResponse> {
    return this.#stat(message_spec ? `STAT ${message_spec}` : "STAT");
  }

  /** next moves to the next article: [resp, number, message_id]. */
  next(): Promise<StatResponse> {
    return this.#stat("NEXT");
  }

  /** last moves to the previous article: [resp, number, message_id]. */
  last(): Promise<StatResponse> {
    return this.#stat("LAST");
  }

  /** head returns [resp, ArticleInfo] with the header lines; with `file`, they go there instead. */
  head(message_spec: ArticleSpec | null = null, options: FileOption = {}): Promise<[string, ArticleInfo]> {
    return this.#art("HEAD", message_spec, options.file);
  }

  /**
   * body returns [resp, ArticleInfo] with the body lines. With `file` (a file name or a Node
   * writable stream) they are written there as they arrive, in constant memory, with their
   * line endings; the list is then empty.
   */
  body(message_spec: ArticleSpec | null = null, options: FileOption = {}): Promise<[string, ArticleInfo]> {
    return this.#art("BODY", message_spec, options.file);
  }

  /** article returns [resp, ArticleInfo] with the whole article's lines (or writes them to `file`). */
  article(message_spec: ArticleSpec | null = null, options: FileOption = {}): Promise<[string, ArticleInfo]> {
    return this.#art("ARTICLE", message_spec, options.file);
  }

  /** slave tells the server this is a slave server (RFC 977). */
  slave(): Promise<string> {
    return this._exclusive((w) => w.shortcmd("SLAVE"));
  }

  /** xhdr returns [resp, [[number, value], ...]] for header `hdr` of `str` (a number, range "a-b" or message-id). */
  xhdr(hdr: string, str: ArticleSpec, options: FileOption = {}): Promise<[string, (XhdrLine | string)[]]> {
    return this._exclusive(async (w) => {
      const [resp, lines] = await w.longcmdstring(`XHDR ${hdr} ${str}`, options.file ?? null);
      return [resp, parseXhdr(lines)];
    });
  }

  /**
   * hdr is xhdr over HDR (RFC 3977 8.5) when the server has it, else XHDR. `message_spec` is as
   * over()'s; metadata such as ":bytes" works where the server allows it.
   */
  hdr(
    header: string,
    message_spec: MessageSpec = null,
    options: FileOption = {},
  ): Promise<[string, (XhdrLine | string)[]]> {
    return this._exclusive(async (w) => {
      const verb = this._caps && "HDR" in this._caps ? "HDR" : "XHDR";
      const line = `${verb} ${header}${specArgument(message_spec)}`;
      const [resp, lines] = await w.longcmdstring(line, options.file ?? null);
      return [resp, parseXhdr(lines)];
    });
  }

  /** xover returns [resp, [[number, overview], ...]] for articles start to end (XOVER). */
  xover(
    start: number | string,
    end: number | string,
    options: FileOption = {},
  ): Promise<[string, OverviewEntry[]]> {
    return this._exclusive(async (w) => {
      const [resp, lines] = await w.longcmdstring(`XOVER ${start}-${end}`, options.file ?? null);
      return [resp, _parse_overview(lines, await getOverviewFmt(this, w))];
    });
  }

  /**
   * over returns [resp, [[number, overview], ...]]: OVER, or XOVER on servers without the
   * OVER capability. `message_spec` is [start, end] (end null: up to the newest), a
   * message-id, or null for the current article. For a large range, over_iter.
   */
  over(message_spec: MessageSpec, options: FileOption = {}): Promise<[string, OverviewEntry[]]> {
    return this._exclusive(async (w) => {
      const [resp, lines] = await w.longcmdstring(overCommand(this, message_spec), options.file ?? null);
      return [resp, _parse_overview(lines, await getOverviewFmt(this, w))];
    });
  }

  /** xpath returns [resp, path] of an article on the server's disk (XPATH, removed from Python in 3.9). */
  xpath(id: string): Promise<[string, string]> {
    return this._exclusive(async (w) => parseXpath(await w.shortcmd(`XPATH ${id}`)));
  }

  /** date returns [resp, the server's time as a Date in UTC]. */
  date(): Promise<[string, Date]> {
    return this._exclusive(async (w) => parseDate(await w.shortcmd("DATE")));
  }

  /**
   * post sends an article (bytes, lines, or a readable stream), dot-stuffed with CRLF line
   * endings, and returns the server's response. A refusal throws (440, 441, ...).
   */
  post(data: ArticleSource): Promise<string> {
    return this.#post("POST", data);
  }

  /** ihave offers an article by message-id and sends it if wanted (435, 436, 437 throw). */
  ihave(message_id: string, data: ArticleSource): Promise<string> {
    return this.#post(`IHAVE ${message_id}`, data);
  }

  // ---- streaming feeds (RFC 4644; nntplib has none) -------------------------------------

  /** mode_stream sends MODE STREAM: the 203 response; a server without streaming throws. */
  mode_stream(): Promise<string> {
    return this._exclusive((w) => modeStream(w));
  }

  /** check asks whether the server wants an article (CHECK): 238 wanted, 431 later, 438 not wanted. */
  check(message_id: string): Promise<CheckResult> {
    return this._exclusive(async (w) => {
      checkMessageId(message_id);
      await w.putcmd(`CHECK ${message_id}`);
      return readCheck(w, message_id);
    });
  }

  /** takethis sends an article without asking first (TAKETHIS): 239 accepted, 439 rejected. */
  takethis(message_id: string, data: ArticleSource): Promise<TakethisResult> {
    return this._exclusive(async (w) => {
      checkMessageId(message_id);
      await sendTakethis(w, message_id, data);
      return readTakethis(w, message_id);
    });
  }

  /** check_many pipelines CHECK for every message-id and returns the answers in order. */
  check_many(message_ids: Iterable<string>, options: FeedOptions = {}): Promise<CheckResult[]> {
    return this._exclusive(async (w) => {
      const ids = [...message_ids];
      for (const id of ids) checkMessageId(id);
      const out: CheckResult[] = [];
      const commands = ids.map((id) => `CHECK ${id}`);
      for await (const r of pipelined(this, w, commands, checkExchange(ids), options)) out.push(r);
      return out;
    });
  }

  /**
   * takethis_many sends every [message_id, article] with TAKETHIS, pipelined (answers read
   * while articles are written), and returns the answers in order.
   */
  takethis_many(
    articles: Iterable<readonly [string, ArticleSource]>,
    options: FeedOptions = {},
  ): Promise<TakethisResult[]> {
    return this._exclusive((w) => takethisMany(this, w, articles, options));
  }

  /** quit sends QUIT and closes the connection. */
  quit(): Promise<string> {
    return this._quit();
  }

  /**
   * login sends AUTHINFO USER and PASS; with `usenetrc` and no user, the login comes from
   * ~/.netrc (or the netrcFile option). Capabilities are read again afterwards.
   */
  login(user: string | null = null, password: string | null = null, usenetrc = true): Promise<void> {
    return this._exclusive((w) => login(this, w, user, password, usenetrc, this.options.netrcFile ?? null));
  }

  /**
   * authinfo_sasl authenticates with AUTHINFO SASL (RFC 4643): authinfo_sasl("PLAIN",
   * plain(user, password)). `authobject` gives the initial response (unless
   * `initial_response_ok` is false) and answers each challenge; capabilities are read again
   * afterwards. Returns the 281 (or 283) response.
   */
  authinfo_sasl(mechanism: string, authobject: AuthObject, options: SaslOptions = {}): Promise<string> {
    return this._exclusive((w) => authinfoSasl(this, w, mechanism, authobject, options));
  }

  /**
   * starttls upgrades the connection to TLS (RFC 4642). The certificate and host name are
   * verified by default (Python's nntplib verifies nothing without a context).
   */
  starttls(context: SSLContext | null = null): Promise<void> {
    return this._exclusive((w) => starttls(this, w, context));
  }

  /** compress turns on COMPRESS DEFLATE (RFC 8054) both ways; returns the 206 response. */
  compress(): Promise<string> {
    return this._exclusive((w) => compress(this, w));
  }

  /** _getoverviewfmt returns the overview format (cached after the first call). */
  _getoverviewfmt(): Promise<string[]> {
    return this._exclusive((w) => getOverviewFmt(this, w));
  }

  // ---- beyond nntplib: many articles, pipelined; a large overview as it arrives ----------------

  /**
   * articles yields [resp, ArticleInfo] for each article, in order, with up to `window`
   * commands in flight: one round trip for the lot instead of one per article. Memory holds
   * one article. A 4xx/5xx throws at its place (or is left out, for 423/430, with
   * skipMissing); the connection stays usable, also when the loop is left early.
   */
  articles(ids: Iterable<ArticleSpec>, options: PipelineOptions = {}): AsyncGenerator<[string, ArticleInfo]> {
    return this.#many("ARTICLE", ids, options, articleExchange);
  }

  /** heads is articles() for HEAD. */
  heads(ids: Iterable<ArticleSpec>, options: PipelineOptions = {}): AsyncGenerator<[string, ArticleInfo]> {
    return this.#many("HEAD", ids, options, articleExchange);
  }

  /** bodies is articles() for BODY. */
  bodies(ids: Iterable<ArticleSpec>, options: PipelineOptions = {}): AsyncGenerator<[string, ArticleInfo]> {
    return this.#many("BODY", ids, options, articleExchange);
  }

  /** stats is articles() for STAT: [resp, number, message_id] for each. */
  stats(ids: Iterable<ArticleSpec>, options: PipelineOptions = {}): AsyncGenerator<StatResponse> {
    return this.#many("STAT", ids, options, statExchange);
  }

  /**
   * over_iter yields over()'s entries one at a time as they arrive, for ranges too large to
   * hold (no response bound applies). Leaving the loop early reads and drops the rest.
   */
  over_iter(message_spec: MessageSpec): AsyncGenerator<OverviewEntry, void, undefined> {
    return overIter(this, message_spec);
  }

  // ---- helpers --------------------------------------------------------------------------------

  #when(date: NNTPDate): string {
    if (!(date instanceof Date) && (typeof date !== "object" || date === null || !("year" in date)))
      throw new TypeError(
        `the date parameter must be a date or datetime object, not '${date === null ? "NoneType" : typeof date}'`,
      );
    const [date_str, time_str] = _unparse_datetime(date, this.nntp_version < 2);
    return isInstant(date) ? `${date_str} ${time_str} GMT` : `${date_str} ${time_str}`;
  }

  #longstring(line: string, file: FileArg | null | undefined): Promise<[string, string[]]> {
    return this._exclusive((w) => w.longcmdstring(line, file ?? null));
  }

  #stat(line: string): Promise<StatResponse> {
    return this._exclusive(async (w) => _statparse(await w.shortcmd(line)));
  }

  #art(
    verb: string,
    spec: ArticleSpec | null,
    file: FileArg | null | undefined,
  ): Promise<[string, ArticleInfo]> {
    const line = spec !== null && spec !== undefined ? `${verb} ${spec}` : verb;
    return this._exclusive(async (w) => {
      const [resp, lines] = await w.longcmd(line, file ?? null);
      return articleInfo(resp, lines);
    });
  }

  // LIST NEWSGROUPS first (RFC 2980); XGTITLE only when that answers with a code other than 215.
  async #descriptions(w: Wire, pattern: string): Promise<[string, string[]]> {
    let [resp, lines] = await w.longcmdstring(`LIST NEWSGROUPS ${pattern}`);
    if (!resp.startsWith("215")) [resp, lines] = await w.longcmdstring(`XGTITLE ${pattern}`);
    return [resp, lines];
  }

  #post(command: string, data: ArticleSource): Promise<string> {
    const chunks = articleChunks(data);
    // A streamed article is raced against the signal: a slow producer must not outlive abort().
    const guarded = chunks instanceof Uint8Array ? chunks : abortable(chunks, this.signal);
    return this._exclusive((w) => sendArticle(w, command, guarded));
  }

  async *#many<T>(
    verb: string,
    ids: Iterable<ArticleSpec>,
    options: PipelineOptions,
    exchange: Exchange<T>,
  ): AsyncGenerator<T, void, undefined> {
    const commands = [...ids].map((id) => `${verb} ${id}`);
    const [w, release] = await hold(this);
    try {
      yield* pipelined(this, w, commands, exchange, options);
    } finally {
      release();
    }
  }
}
