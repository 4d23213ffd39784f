// NewsSpool: an in-memory news server's state: groups, articles numbered in each group they
// are posted to, the users who may log in. Shared by every connection of an NNTPServer, so a
// test (or the tour) can post on one connection and read on another.
import {
  countLines,
  header,
  parseHeaders,
  rfc5322Date,
  type StoredArticle,
  splitArticle,
  toCRLF,
} from "./article.js";
import { wildmat } from "./wildmat.js";

/** Newsgroup is one group: its articles by number and what LIST reports about it. */
export interface Newsgroup {
  readonly name: string;
  description: string;
  /** "y" posting allowed, "n" not, "m" moderated. */
  status: "y" | "n" | "m";
  readonly created: Date;
  readonly creator: string;
  readonly articles: Map<number, StoredArticle>;
  /** The highest number ever given (never goes down). */
  high: number;
}

/** GroupOptions describe a group to add. */
export interface GroupOptions {
  description?: string;
  status?: "y" | "n" | "m";
  created?: Date;
  creator?: string;
}

/** PostOptions: when the article arrived (default now) and its Message-ID if it has none. */
export interface PostOptions {
  arrived?: Date;
  messageId?: string;
  /** Accept it in groups where posting is not allowed (feeding, seeding). */
  feed?: boolean;
}

/** NewsError is a refusal with its NNTP code: "441 No valid newsgroups". */
export class NewsError extends Error {
  override name = "NewsError";
  readonly code: number;
  constructor(code: number, text: string) {
    super(`${code} ${text}`);
    this.code = code;
  }
}

/** NewsSpoolOptions configure a NewsSpool. */
export interface NewsSpoolOptions {
  /** The server's name: Path, generated Message-IDs, Xref (default "news.inetlib.test"). */
  hostname?: string;
  /** Users who may log in with AUTHINFO USER/PASS: name -> password. */
  users?: Record<string, string>;
}

/**
 * NewsSpool holds the news:
 *
 *	const spool = new NewsSpool({ users: { reader: "secret" } });
 *	spool.addGroup("local.test", { description: "A test group" });
 *	spool.post("From: a@b\r\nNewsgroups: local.test\r\nSubject: hi\r\n\r\nHello\r\n");
 */
export class NewsSpool {
  readonly hostname: string;
  readonly users: Map<string, string>;
  readonly #groups = new Map<string, Newsgroup>();
  readonly #byId = new Map<string, StoredArticle>();
  #serial = 0;

  constructor(options: NewsSpoolOptions = {}) {
    this.hostname = options.hostname ?? "news.inetlib.test";
    this.users = new Map(Object.entries(options.users ?? {}));
  }

  /** addGroup creates a group (or returns the existing one). */
  addGroup(name: string, options: GroupOptions = {}): Newsgroup {
    const existing = this.#groups.get(name);
    if (existing) return existing;
    const group: Newsgroup = {
      name,
      description: options.description ?? "",
      status: options.status ?? "y",
      created: options.created ?? new Date(),
      creator: options.creator ?? `usenet@${this.hostname}`,
      articles: new Map(),
      high: 0,
    };
    this.#groups.set(name, group);
    return group;
  }

  /** group returns a group by name. */
  group(name: string): Newsgroup | undefined {
    return this.#groups.get(name);
  }

  /** groups lists the groups (in creation order) whose names match `pattern` (a wildmat). */
  groups(pattern = "*"): Newsgroup[] {
    return [...this.#groups.values()].filter((g) => wildmat(pattern, g.name));
  }

  /** article returns an article by Message-ID. */
  article(messageId: string): StoredArticle | undefined {
    return this.#byId.get(messageId);
  }

  /** numbers returns the group's article numbers, ascending. */
  numbers(group: Newsgroup): number[] {
    return [...group.articles.keys()].sort((a, b) => a - b);
  }

  /** low is the group's lowest article number (high + 1 when it is empty). */
  low(group: Newsgroup): number {
    return group.articles.size === 0 ? group.high + 1 : Math.min(...group.articles.keys());
  }

  /**
   * post adds an article (string as UTF-8, or bytes) to the groups in its Newsgroups header
   * that exist. Message-ID, Date and Path are added when missing. Throws NewsError 441 when a
   * required header is missing, no group takes it, or the Message-ID is taken.
   */
  post(article: string | Uint8Array, options: PostOptions = {}): StoredArticle {
    const data = toCRLF(Buffer.from(typeof article === "string" ? Buffer.from(article, "utf8") : article));
    let [head, body] = splitArticle(data);
    let headers = parseHeaders(head);
    for (const name of ["From", "Subject", "Newsgroups"])
      if (header(headers, name) === undefined) throw new NewsError(441, `Missing required header ${name}`);
    const arrived = options.arrived ?? new Date();
    const targets = header(headers, "Newsgroups")!
      .split(",")
      .map((g) => this.#groups.get(g.trim()))
      .filter((g): g is Newsgroup => g !== undefined);
    if (targets.length === 0) throw new NewsError(441, "No valid newsgroups in Newsgroups header");
    if (!options.feed) {
      if (targets.some((g) => g.status === "n"))
        throw new NewsError(441, "Posting to this group is not allowed");
      if (targets.some((g) => g.status === "m") && header(headers, "Approved") === undefined)
        throw new NewsError(441, "Moderated group; article needs approval");
    }
    const added: string[] = [];
    let messageId = header(headers, "Message-ID")?.trim();
    if (messageId && this.#byId.has(messageId)) throw new NewsError(441, `Duplicate message-ID ${messageId}`);
    if (!messageId) {
      // Given only to an article that is going to be stored, so the numbering has no gaps.
      messageId = options.messageId ?? `<${++this.#serial}.inetlib@${this.hostname}>`;
      added.push(`Message-ID: ${messageId}`);
    }
    if (header(headers, "Date") === undefined) added.push(`Date: ${rfc5322Date(arrived)}`);
    if (header(headers, "Path") === undefined) added.unshift(`Path: ${this.hostname}!not-for-mail`);
    if (added.length > 0) {
      head = Buffer.concat([head, Buffer.from(added.map((h) => `${h}\r\n`).join(""), "latin1")]);
      headers = parseHeaders(head);
    }
    const raw = Buffer.concat([head, Buffer.from("\r\n"), body]);
    const stored: StoredArticle = {
      messageId,
      raw,
      head,
      body,
      headers,
      arrived,
      numbers: new Map(),
      lines: countLines(body),
    };
    for (const g of targets) {
      g.high++;
      g.articles.set(g.high, stored);
      stored.numbers.set(g.name, g.high);
    }
    this.#byId.set(messageId, stored);
    return stored;
  }

  /** cancel removes an article from every group (its numbers are not reused). */
  cancel(messageId: string): boolean {
    const art = this.#byId.get(messageId);
    if (!art) return false;
    for (const [name, n] of art.numbers) this.#groups.get(name)?.articles.delete(n);
    this.#byId.delete(messageId);
    return true;
  }

  /** newnews lists the Message-IDs of articles that arrived at or after `since` in groups matching `pattern`. */
  newnews(pattern: string, since: Date): string[] {
    const out: string[] = [];
    for (const art of this.#byId.values())
      if (art.arrived >= since && [...art.numbers.keys()].some((g) => wildmat(pattern, g)))
        out.push(art.messageId);
    return out;
  }

  /** newgroups lists the groups created at or after `since`. */
  newgroups(since: Date): Newsgroup[] {
    return [...this.#groups.values()].filter((g) => g.created >= since);
  }

  /** checkUser tells whether `user` may log in with `password`. */
  checkUser(user: string, password: string): boolean {
    return this.users.has(user) && this.users.get(user) === password;
  }
}
