// The listing commands (RFC 3977 7, RFC 6048): LIST and its keywords, NEWGROUPS, NEWNEWS and
// the old XGTITLE.
import { bin, block, line, type Step } from "./reply.js";
import type { NewsSpool } from "./spool.js";

/** LIST [keyword [argument]] */
export function listCommand(spool: NewsSpool, args: string[], motd: string | undefined): Step {
  const keyword = (args[0] ?? "ACTIVE").toUpperCase();
  const pattern = args[1] ?? "*";
  const pad = (n: number) => String(n).padStart(10, "0");
  switch (keyword) {
    case "ACTIVE":
      return block(
        '215 Newsgroups in form "group high low status"',
        spool.groups(pattern).map((g) => `${g.name} ${pad(g.high)} ${pad(spool.low(g))} ${g.status}`),
      );
    case "ACTIVE.TIMES":
      return block(
        '215 Newsgroup creation times in form "group time who"',
        spool.groups(pattern).map((g) => `${g.name} ${Math.floor(g.created.getTime() / 1000)} ${g.creator}`),
      );
    case "COUNTS":
      return block(
        '215 Newsgroups in form "group high low count status"',
        spool
          .groups(pattern)
          .map((g) => `${g.name} ${g.high} ${spool.low(g)} ${g.articles.size} ${g.status}`),
      );
    case "NEWSGROUPS":
      return block(
        '215 Newsgroup descriptions in form "group description"',
        spool.groups(pattern).map((g) => `${g.name}\t${bin(g.description)}`),
      );
    case "OVERVIEW.FMT":
      return block("215 Order of fields in overview database", [
        "Subject:",
        "From:",
        "Date:",
        "Message-ID:",
        "References:",
        ":bytes",
        ":lines",
        "Xref:full",
      ]);
    case "HEADERS":
      return block("215 Headers and metadata items supported", [":", ":bytes", ":lines"]);
    case "DISTRIB.PATS":
      return block('215 Default distributions in form "weight:group-pattern:distribution"', []);
    case "MOTD":
      if (motd === undefined) return line("503 No message of the day");
      return block("215 Message of the day text follows", bin(motd).split(/\r?\n/));
    default:
      return line("501 Syntax error");
  }
}

/** NEWGROUPS [yy]yymmdd hhmmss [GMT] */
export function newgroupsCommand(spool: NewsSpool, args: string[]): Step {
  const since = parseWhen(args);
  if (!since) return line("501 Syntax error");
  return block(
    "231 New newsgroups follow",
    spool.newgroups(since).map((g) => `${g.name} ${g.high} ${spool.low(g)} ${g.status}`),
  );
}

/** NEWNEWS wildmat [yy]yymmdd hhmmss [GMT] */
export function newnewsCommand(spool: NewsSpool, args: string[]): Step {
  const since = parseWhen(args.slice(1));
  if (!args[0] || !since) return line("501 Syntax error");
  return block("230 New news follows", spool.newnews(args[0], since));
}

/** XGTITLE [wildmat] (RFC 2980): LIST NEWSGROUPS under another code. */
export function xgtitleCommand(spool: NewsSpool, pattern = "*"): Step {
  return block(
    "282 List of groups and descriptions follows",
    spool.groups(pattern).map((g) => `${g.name}\t${bin(g.description)}`),
  );
}

// "yyyymmdd hhmmss" or "yymmdd hhmmss", with or without "GMT"; this server's time zone is UTC.
function parseWhen(args: string[]): Date | null {
  const [date, time, gmt] = args;
  if (!date || !time || !/^(\d{2}|\d{4})\d{4}$/.test(date) || !/^\d{6}$/.test(time)) return null;
  if (gmt !== undefined && gmt.toUpperCase() !== "GMT") return null;
  let year = Number(date.slice(0, -4));
  if (date.length === 6) year += year < 70 ? 2000 : 1900;
  const d = new Date(
    Date.UTC(
      year,
      Number(date.slice(-4, -2)) - 1,
      Number(date.slice(-2)),
      Number(time.slice(0, 2)),
      Number(time.slice(2, 4)),
      Number(time.slice(4)),
    ),
  );
  return Number.isNaN(d.getTime()) ? null : d;
}
