// The reading commands (RFC 3977 6, 8): GROUP, LISTGROUP, NEXT, LAST, ARTICLE, HEAD, BODY,
// STAT, OVER/XOVER, HDR/XHDR and XPATH, over a session's selected group and current article.
import { header, overviewValue, type StoredArticle } from "./article.js";
import { block, data, line, type Step } from "./reply.js";
import type { Newsgroup, NewsSpool } from "./spool.js";

/** Cursor is the part of a session the reading commands move. */
export interface Cursor {
  readonly spool: NewsSpool;
  group: Newsgroup | null;
  article: number | null;
}

/** GROUP name */
export function groupCommand(c: Cursor, name: string): Step {
  const g = c.spool.group(name);
  if (!name || !g) return line("411 No such group");
  c.group = g;
  const numbers = c.spool.numbers(g);
  c.article = numbers[0] ?? null;
  return line(`211 ${g.articles.size} ${c.spool.low(g)} ${g.high} ${g.name}`);
}

/** LISTGROUP [group [range]] */
export function listgroupCommand(c: Cursor, args: string[]): Step {
  if (args[0]) {
    const selected = groupCommand(c, args[0]);
    if (!c.group || c.group.name !== args[0]) return selected;
  }
  const g = c.group;
  if (!g) return line("412 No newsgroup selected");
  const range = args[1] ? parseRange(args[1], g.high) : null;
  if (args[1] && !range) return line("501 Syntax error");
  const numbers = c.spool.numbers(g).filter((n) => !range || (n >= range[0] && n <= range[1]));
  return block(`211 ${g.articles.size} ${c.spool.low(g)} ${g.high} ${g.name}`, numbers.map(String));
}

/** NEXT and LAST */
export function moveCommand(c: Cursor, forward: boolean): Step {
  const g = c.group;
  if (!g) return line("412 No newsgroup selected");
  if (c.article === null) return line("420 No current article selected");
  const numbers = c.spool.numbers(g);
  const cur = c.article;
  const to = forward ? numbers.find((n) => n > cur) : numbers.filter((n) => n < cur).pop();
  if (to === undefined)
    return line(forward ? "421 No next article in this group" : "422 No previous article in this group");
  c.article = to;
  const art = g.articles.get(to)!;
  return line(`223 ${to} ${art.messageId} Article retrieved; request text separately`);
}

const ART: Record<string, [code: number, word: string]> = {
  ARTICLE: [220, "article"],
  HEAD: [221, "head"],
  BODY: [222, "body"],
  STAT: [223, "status"],
};

/** ARTICLE, HEAD, BODY and STAT [message-id|number] */
export function articleCommand(c: Cursor, verb: string, spec: string | undefined): Step {
  const found = locate(c, spec);
  if ("reply" in found) return found;
  const [number, art] = found;
  const [code, word] = ART[verb]!;
  const status = `${code} ${number} ${art.messageId} ${word}`;
  if (verb === "STAT") return line(status);
  return data(status, verb === "HEAD" ? art.head : verb === "BODY" ? art.body : art.raw);
}

/** OVER and XOVER [range|message-id] */
export function overCommand(c: Cursor, verb: string, spec: string | undefined): Step {
  const rows = select(c, spec, verb === "OVER");
  if ("reply" in rows) return rows;
  return block(
    "224 Overview information follows",
    rows.map(([n, art]) => overviewLine(c.spool, n, art)),
  );
}

/** HDR and XHDR field [range|message-id] */
export function hdrCommand(c: Cursor, verb: string, args: string[]): Step {
  const field = args[0];
  if (!field) return line("501 Syntax error");
  const rows = select(c, args[1], true);
  if ("reply" in rows) return rows;
  const code = verb === "HDR" ? 225 : 221;
  return block(
    `${code} Header or metadata information for ${field} follows`,
    rows.map(([n, art]) => `${n} ${fieldValue(art, field)}`),
  );
}

/** XPATH message-id: where the article would be in a traditional spool ("local/test/1"). */
export function xpathCommand(c: Cursor, id: string | undefined): Step {
  if (!id?.startsWith("<")) return line("501 Syntax error");
  const art = c.spool.article(id);
  if (!art) return line("430 No such article");
  const paths = [...art.numbers].map(([g, n]) => `${g.replaceAll(".", "/")}/${n}`);
  return line(`223 ${paths.join(" ")}`);
}

/** overviewLine is an article's overview in the format LIST OVERVIEW.FMT announces. */
export function overviewLine(spool: NewsSpool, n: number, art: StoredArticle): string {
  const h = (name: string) => overviewValue(header(art.headers, name));
  const xref = [...art.numbers].map(([g, num]) => `${g}:${num}`).join(" ");
  return [
    String(n),
    h("Subject"),
    h("From"),
    h("Date"),
    h("Message-ID"),
    h("References"),
    String(art.raw.length),
    String(art.lines),
    `Xref: ${spool.hostname} ${xref}`,
  ].join("\t");
}

function fieldValue(art: StoredArticle, field: string): string {
  const lower = field.toLowerCase();
  if (lower === ":bytes") return String(art.raw.length);
  if (lower === ":lines") return String(art.lines);
  return overviewValue(header(art.headers, field));
}

// The articles a range or message-id names: [number, article] rows, or the error reply.
function select(c: Cursor, spec: string | undefined, byId: boolean): [number, StoredArticle][] | Step {
  if (spec?.startsWith("<")) {
    if (!byId) return line("501 Syntax error");
    const art = c.spool.article(spec);
    return art ? [[0, art]] : line("430 No such article");
  }
  const g = c.group;
  if (!g) return line("412 No newsgroup selected");
  if (spec === undefined) {
    const art = c.article === null ? undefined : g.articles.get(c.article);
    if (!art) return line("420 No current article selected");
    return [[c.article!, art]];
  }
  const range = parseRange(spec, g.high);
  if (!range) return line("501 Syntax error");
  const rows = c.spool
    .numbers(g)
    .filter((n) => n >= range[0] && n <= range[1])
    .map((n): [number, StoredArticle] => [n, g.articles.get(n)!]);
  return rows.length > 0 ? rows : line("423 No articles in that range");
}

// An article named by message-id or number (or the current one): [number, article] or the error reply.
function locate(c: Cursor, spec: string | undefined): [number, StoredArticle] | Step {
  if (spec?.startsWith("<")) {
    const art = c.spool.article(spec);
    return art ? [0, art] : line("430 No such article");
  }
  const g = c.group;
  if (!g) return line("412 No newsgroup selected");
  if (spec === undefined) {
    const art = c.article === null ? undefined : g.articles.get(c.article);
    if (!art) return line("420 No current article selected");
    return [c.article!, art];
  }
  if (!/^\d{1,16}$/.test(spec)) return line("501 Syntax error");
  const n = Number(spec);
  const art = g.articles.get(n);
  if (!art) return line(`423 No such article number ${n}`);
  c.article = n;
  return [n, art];
}

// "n", "n-" or "n-m" (RFC 3977 8.1).
function parseRange(spec: string, high: number): [number, number] | null {
  const m = /^(\d{1,16})(-(\d{0,16}))?$/.exec(spec);
  if (!m) return null;
  const lo = Number(m[1]);
  if (m[2] === undefined) return [lo, lo];
  return [lo, m[3] ? Number(m[3]) : Math.max(high, lo)];
}
