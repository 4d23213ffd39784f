// imap:// and imaps:// (RFC 5092):
//   imap://USER[;AUTH=MECH]@HOST/                          the mailboxes (LIST)
//   imap://USER@HOST/MAILBOX                               the messages (EXAMINE, so nothing changes)
//   imap://USER@HOST/MAILBOX?SEARCH                        the messages a search finds
//   imap://USER@HOST/MAILBOX[;UIDVALIDITY=V]/;UID=N[/;SECTION=S][/;PARTIAL=O.L]
//                                                          a message (or a part of it) by UID
import {
  decode_utf7,
  type Envelope,
  envelopeSubject,
  error,
  formatAddress,
  IMAP4,
  IMAP4_PORT,
  IMAP4_SSL,
  IMAP4_SSL_PORT,
  plain,
} from "@inetlib/imap";
import type { Context, Credentials } from "../context.js";
import { CliError, EXIT, usage } from "../exit.js";
import { safeText, TerminalText } from "../terminal.js";
import { type CliUrl, decode } from "../url.js";
import { during, type Refusal, type Scheme } from "./scheme.js";

/** What an IMAP URL asks for. */
export type ImapTarget =
  | { kind: "mailboxes" }
  | { kind: "messages"; mailbox: string; uidvalidity: number | null; search: string | null }
  | {
      kind: "message";
      mailbox: string;
      uidvalidity: number | null;
      uid: number;
      section: string | null;
      partial: [number, number | null] | null;
    };

function text(err: error): string {
  const arg = err.args[0];
  const t = typeof arg === "string" ? arg : arg.toString("utf8");
  // imaplib words a BAD as "UID command error: BAD [b'...']", a Python repr; a command line
  // shows the server's own words instead.
  const bad = /^(\S+) command error: BAD \[(.*)\]$/s.exec(t);
  return bad ? `${bad[1]} command: BAD ${unrepr(bad[2] ?? "")}` : t;
}

const REPR_ITEM = /b?'((?:[^'\\]|\\.)*)'|b?"((?:[^"\\]|\\.)*)"/g;
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t" };

/** unrepr reads the text back out of a repr'd list of bytes or strings: b'a', b'b' -> "a b". */
export function unrepr(list: string): string {
  const items: string[] = [];
  for (const m of list.matchAll(REPR_ITEM)) {
    const raw = (m[1] ?? m[2] ?? "").replace(/\\(x[0-9a-f]{2}|.)/g, (_, e: string) =>
      e.length === 3 ? String.fromCharCode(Number.parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
    );
    // a bytes repr holds one character per byte: the server's UTF-8 comes back whole
    items.push(m[0].startsWith("b") ? Buffer.from(raw, "latin1").toString("utf8") : raw);
  }
  return items.join(" ");
}

const refuse: Refusal = (err, phase) => {
  if (!(err instanceof error)) return null;
  const t = text(err);
  // RFC 5530 response codes say what kind of refusal it is.
  if (/^\[(AUTHENTICATIONFAILED|AUTHORIZATIONFAILED|EXPIRED|PRIVACYREQUIRED)\]/i.test(t))
    return { code: EXIT.AUTH, text: t };
  if (/^\[(NONEXISTENT|TRYCREATE)\]/i.test(t)) return { code: EXIT.NOT_FOUND, text: t };
  if (err.name === "abort" || err.name === "readonly") return { code: EXIT.PROTOCOL, text: t };
  return { code: phase === "auth" ? EXIT.AUTH : phase === "find" ? EXIT.NOT_FOUND : EXIT.PROTOCOL, text: t };
};

/** imap is the Scheme for imap:// and imaps://. */
export const imap: Scheme = {
  async get(url: CliUrl, ctx: Context): Promise<void> {
    const target = imapTarget(url);
    const tls = url.scheme === "imaps";
    if (tls && ctx.options.starttls) throw usage("--starttls is for imap://; imaps:// is TLS from the start");
    const host = url.host || "localhost";
    const port = url.port ?? (tls ? IMAP4_SSL_PORT : IMAP4_PORT);
    const creds = await ctx.requireCredentials(url, "IMAP");
    // imaplib's levels: 4 prints every line sent and received, 5 the untagged responses too.
    const options = {
      timeout: ctx.timeout,
      signal: ctx.signal,
      debugSink: ctx.debugSink,
      debug: ctx.trace ? ctx.trace + 3 : 0,
    };
    const M = tls ? new IMAP4_SSL({ ...options, ssl_context: ctx.tls() }) : new IMAP4(options);
    try {
      await during("connect", refuse, () => M.connect(host, port), { host, port });
      if (ctx.options.starttls) await during("connect", refuse, () => M.starttls(ctx.tls()));
      await during("auth", refuse, () => login(M, url.auth, creds));
      await fetch(M, target, ctx);
      await M.logout().catch(() => {});
    } finally {
      await M._close_transport();
    }
  },
};

async function login(M: IMAP4, auth: string | null, c: Credentials): Promise<void> {
  const mech = auth?.toUpperCase() ?? null;
  // RFC 5092: no ;AUTH= (or ;AUTH=*) lets the client choose; LOGIN is what every server has.
  if (mech === null || mech === "*") await M.login(c.user, c.password);
  else if (mech === "PLAIN") await M.authenticate("PLAIN", plain(c.user, c.password));
  else throw usage(`unknown ;AUTH=${auth} (known: *, PLAIN)`);
}

async function fetch(M: IMAP4, target: ImapTarget, ctx: Context): Promise<void> {
  const out = ctx.output();
  const terminal = ctx.io.stdoutIsTTY && !out.toFile;
  if (target.kind === "mailboxes") {
    const [typ, data] = await during("find", refuse, () => M.list());
    if (typ !== "OK") throw new CliError(EXIT.PROTOCOL, `the server refused: ${dataText(data)}`);
    for (const line of data) if (Buffer.isBuffer(line)) await out.line(mailboxName(line.toString("utf8")));
    return;
  }
  const [typ, data] = await during("find", refuse, () => M.select(target.mailbox, true));
  if (typ !== "OK") throw new CliError(EXIT.NOT_FOUND, `not found: ${dataText(data)}`);
  if (target.uidvalidity !== null) {
    const [, [current]] = M.response("UIDVALIDITY");
    if (current && Number(String(current)) !== target.uidvalidity)
      throw new CliError(
        EXIT.NOT_FOUND,
        `not found: the mailbox's UIDVALIDITY is ${current}, not ${target.uidvalidity}: its UIDs changed`,
      );
  }
  if (target.kind === "messages") {
    const uids = target.search === null ? null : await search(M, target.search);
    const set = uids === null ? "1:*" : uids.join(",");
    if (uids !== null && uids.length === 0) return;
    if (uids === null && Number(String(data[0] ?? 0)) === 0) return;
    const messages = await during("transfer", refuse, () =>
      M.fetch_messages(set, "(UID FLAGS INTERNALDATE ENVELOPE)", { uid: uids !== null }),
    );
    for (const m of messages) {
      const fields = [
        String(m.uid ?? ""),
        (m.flags ?? []).join(" "),
        m.internalDateText ?? "",
        from(m.envelope),
        envelopeSubject(m.envelope),
      ];
      await out.line(terminal ? safeText(fields.join("  ")) : fields.join("\t"));
    }
    return;
  }
  const section = target.section ?? "";
  const partial = target.partial
    ? `<${target.partial[0]}${target.partial[1] !== null ? `.${target.partial[1]}` : ""}>`
    : "";
  let found = false;
  await during("transfer", refuse, async () => {
    for await (const body of M.fetch_iter(String(target.uid), `BODY.PEEK[${section}]${partial}`, {
      uid: true,
    })) {
      found = true;
      out.expect(body.size);
      const shown = new TerminalText();
      for await (const chunk of body) await out.write(terminal ? shown.push(chunk) : chunk);
      if (terminal) await out.write(shown.end());
    }
  });
  if (!found)
    throw new CliError(EXIT.NOT_FOUND, `not found: no message with UID ${target.uid} in ${target.mailbox}`);
}

// RFC 5092's search part is IMAP SEARCH syntax as it is ("SUBJECT hello UNSEEN"): sent verbatim.
async function search(M: IMAP4, criteria: string): Promise<number[]> {
  const [typ, data] = await during("transfer", refuse, () => M.uid("SEARCH", criteria));
  if (typ !== "OK") throw new CliError(EXIT.PROTOCOL, `the server refused the search: ${dataText(data)}`);
  const uids: number[] = [];
  for (const line of data)
    if (Buffer.isBuffer(line))
      for (const n of line.toString("latin1").split(" ")) if (/^\d+$/.test(n)) uids.push(Number(n));
  return uids;
}

function dataText(data: readonly unknown[]): string {
  const last = data[data.length - 1];
  return Buffer.isBuffer(last) ? last.toString("utf8") : String(last ?? "");
}

// A LIST line: (\HasNoChildren) "/" "INBOX/Sent" -> INBOX/Sent, decoded from modified UTF-7.
function mailboxName(line: string): string {
  const m = /^\([^)]*\)\s+(?:"(?:[^"\\]|\\.)*"|NIL)\s+(.*)$/i.exec(line);
  let name = m ? m[1]! : line;
  if (name.startsWith('"')) name = name.slice(1, -1).replace(/\\(.)/g, "$1");
  try {
    return decode_utf7(name);
  } catch {
    return name;
  }
}

function from(envelope: Envelope | null): string {
  const a = envelope?.from[0];
  return a ? formatAddress(a) : "";
}

/** imapTarget reads what an IMAP URL names (RFC 5092). */
export function imapTarget(url: CliUrl): ImapTarget {
  const path = url.path.replace(/^\//, "");
  if (path === "") {
    if (url.query !== null)
      throw usage("an IMAP search needs a mailbox: imap://user@host/INBOX?SUBJECT%20hello");
    return { kind: "mailboxes" };
  }
  // The mailbox may contain "/" (the hierarchy); ";UID=" starts the message part.
  const m =
    /^(.*?)(?:;UIDVALIDITY=(\d+))?(?:\/;UID=(\d+)(?:\/?;SECTION=([^/;]*))?(?:\/?;PARTIAL=(\d+)(?:\.(\d+))?)?)?\/?$/i.exec(
      path,
    );
  if (!m || m[1] === "") throw usage(`not an IMAP URL path (RFC 5092): ${JSON.stringify(url.path)}`);
  const mailbox = decode(m[1]!);
  const uidvalidity = m[2] ? Number(m[2]) : null;
  if (m[3] === undefined)
    return { kind: "messages", mailbox, uidvalidity, search: url.query === null ? null : decode(url.query) };
  if (url.query !== null) throw usage("a message URL has no search part");
  return {
    kind: "message",
    mailbox,
    uidvalidity,
    uid: Number(m[3]),
    section: m[4] ? decode(m[4]) : null,
    partial: m[5] ? [Number(m[5]), m[6] ? Number(m[6]) : null] : null,
  };
}
