// news: and nntp: URLs (RFC 5538), and newss:/nntps: over TLS:
//   news:GROUP, news://HOST/GROUP, nntp://HOST/GROUP       the group's articles (overview)
//   news:MESSAGE-ID, news://HOST/<MESSAGE-ID>                an article by message-id
//   nntp://HOST/GROUP/N                                      article N of the group
//   news://HOST/ or news://HOST/comp.*                       the groups (a wildmat)
// A news: URL without a host asks $NNTPSERVER (else localhost), as RFC 5538 leaves to the client.
import {
  decode_header,
  NNTP,
  NNTP_PORT,
  NNTP_SSL,
  NNTP_SSL_PORT,
  NNTPError,
  NNTPPermanentError,
  NNTPTemporaryError,
} from "@inetlib/nntp";
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { safeText } from "../terminal.js";
import { type CliUrl, decode } from "../url.js";
import { during, type Refusal, type Scheme } from "./scheme.js";

const AUTH_CODES = new Set([480, 481, 482, 483, 502]);
// 411 no such group, 420 no current article, 423 no article with that number, 430 no such article.
const NOT_FOUND_CODES = new Set([411, 420, 423, 430]);

const refuse: Refusal = (err, phase) => {
  if (!(err instanceof NNTPError)) return null;
  const text = err.response;
  const code = err.code;
  if (code !== null && AUTH_CODES.has(code)) return { code: EXIT.AUTH, text };
  if (code !== null && NOT_FOUND_CODES.has(code)) return { code: EXIT.NOT_FOUND, text };
  if (phase === "auth" && (err instanceof NNTPTemporaryError || err instanceof NNTPPermanentError))
    return { code: EXIT.AUTH, text };
  return { code: EXIT.PROTOCOL, text };
};

/** What a news URL asks for. */
export type NewsTarget =
  | { kind: "groups"; pattern: string | null }
  | { kind: "group"; group: string }
  | { kind: "article"; group: string | null; id: string | number };

/** nntp is the Scheme for news:, nntp:, newss: and nntps:. */
export const nntp: Scheme = {
  async get(url: CliUrl, ctx: Context): Promise<void> {
    const target = newsTarget(url);
    const tls = url.scheme === "newss" || url.scheme === "nntps" || url.scheme === "snews";
    if (tls && ctx.options.starttls)
      throw usage(`--starttls is for news: and nntp:; ${url.scheme}: is TLS from the start`);
    const host = url.host || ctx.io.env.NNTPSERVER || "localhost";
    const port = url.port ?? (tls ? NNTP_SSL_PORT : NNTP_PORT);
    const creds = await ctx.credentials(url);
    const options = { timeout: ctx.timeout, signal: ctx.signal, debugSink: ctx.debugSink, usenetrc: false };
    const s = tls ? new NNTP_SSL({ ...options, ssl_context: ctx.tls() }) : new NNTP(options);
    s.set_debuglevel(ctx.trace);
    try {
      await during("connect", refuse, () => s.connect(host, port), { host, port });
      if (ctx.options.starttls) await during("connect", refuse, () => s.starttls(ctx.tls()));
      if (creds) await during("auth", refuse, () => s.login(creds.user, creds.password, false));
      await fetch(s, target, ctx);
      await s.quit().catch(() => {});
    } finally {
      await s.close();
    }
  },
};

async function fetch(s: NNTP, target: NewsTarget, ctx: Context): Promise<void> {
  const out = ctx.output();
  const terminal = ctx.io.stdoutIsTTY && !out.toFile;
  if (target.kind === "groups") {
    const [, groups] = await during("find", refuse, () => s.list(target.pattern));
    // a listing like the others (TAB-separated to a pipe), not the server's raw active lines
    for (const [name, last, first, flag] of groups) {
      const fields = [name, number(last), number(first), flag];
      await out.line(terminal ? safeText(fields.join("  ")) : fields.join("\t"));
    }
    return;
  }
  if (target.kind === "group") {
    const [, count, first, last] = await during("find", refuse, () => s.group(target.group));
    if (count === 0 || last < first) return;
    await during("transfer", refuse, async () => {
      for await (const [n, over] of s.over_iter([first, last])) {
        const fields = [String(n), header(over.date), header(over.from), header(over.subject)];
        await out.line(terminal ? safeText(fields.join("  ")) : fields.join("\t"));
      }
    });
    return;
  }
  if (target.group !== null) {
    const group = target.group;
    await during("find", refuse, () => s.group(group));
  }
  const [, info] = await during("find", refuse, () => s.article(target.id));
  for (const line of info.lines) {
    if (terminal) await out.line(safeText(line.toString("utf8")));
    else await out.write(Buffer.concat([line, CRLF]));
  }
}

const CRLF = Buffer.from("\r\n");

/** number drops an active file's zero padding ("0000000020" -> "20"); anything else as it is. */
function number(value: string | number): string {
  return /^\d+$/.test(String(value)) ? String(Number(value)) : String(value);
}

function header(value: string | null | undefined): string {
  if (!value) return "";
  try {
    return decode_header(value);
  } catch {
    return value;
  }
}

/** newsTarget reads what a news or nntp URL names (RFC 5538). */
export function newsTarget(url: CliUrl): NewsTarget {
  const path = url.hasAuthority ? url.path.replace(/^\//, "") : url.path;
  const parts = path.split("/").map((p) => decode(p));
  const first = parts[0] ?? "";
  if (parts.length > 2) throw usage(`too many path segments in ${JSON.stringify(url.raw)}`);
  if (first.includes("@")) {
    // RFC 5538 2.2: a message-id, with or without its angle brackets.
    if (parts.length > 1)
      throw usage(`a message-id URL has nothing after the id: ${JSON.stringify(url.raw)}`);
    return { kind: "article", group: null, id: first.startsWith("<") ? first : `<${first}>` };
  }
  if (first === "" || first.includes("*") || first.includes("?"))
    return { kind: "groups", pattern: first || null };
  if (parts.length === 2 && parts[1] !== "") {
    if (!/^\d+$/.test(parts[1]!)) throw usage(`an article number is digits: ${JSON.stringify(parts[1])}`);
    return { kind: "article", group: first, id: Number(parts[1]) };
  }
  return { kind: "group", group: first };
}
