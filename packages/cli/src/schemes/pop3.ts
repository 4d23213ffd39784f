// pop:// and pops:// (RFC 2384; pop3:// and pop3s:// too): the maildrop's scan listing, or
// message N (pop://user@host/N) exactly as stored. ;AUTH= picks the login: none is USER/PASS,
// +APOP is APOP, * lets the client choose, anything else is a SASL mechanism (PLAIN, LOGIN, XOAUTH2).
import { error_proto, POP3, POP3_PORT, POP3_SSL, POP3_SSL_PORT } from "@inetlib/pop3";
import type { Context, Credentials } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { safeText } from "../terminal.js";
import type { CliUrl } from "../url.js";
import { during, type Refusal, type Scheme } from "./scheme.js";

const refuse: Refusal = (err, phase) => {
  if (!(err instanceof error_proto)) return null;
  const text = err.message;
  // RFC 3206 response codes say what kind of refusal it is, whatever the phase.
  if (/^-ERR \[(AUTH|SYS\/PERM)\]/i.test(text)) return { code: EXIT.AUTH, text };
  if (/^-ERR \[IN-USE\]/i.test(text)) return { code: EXIT.PROTOCOL, text };
  if (err.resp === null) return { code: EXIT.PROTOCOL, text };
  return { code: phase === "auth" ? EXIT.AUTH : phase === "find" ? EXIT.NOT_FOUND : EXIT.PROTOCOL, text };
};

/** pop3 is the Scheme for pop://, pops://, pop3:// and pop3s://. */
export const pop3: Scheme = {
  async get(url: CliUrl, ctx: Context): Promise<void> {
    const path = url.path.replace(/^\//, "");
    if (path !== "" && !/^\d+$/.test(path))
      throw usage(`a POP URL's path is a message number: ${JSON.stringify(url.path)}`);
    const tls = url.scheme.endsWith("s");
    if (tls && ctx.options.starttls) throw usage("--starttls is for pop://; pops:// is TLS from the start");
    const host = url.host || "localhost";
    const port = url.port ?? (tls ? POP3_SSL_PORT : POP3_PORT);
    const creds = await ctx.requireCredentials(url, "POP3");
    const options = { timeout: ctx.timeout, signal: ctx.signal, debugSink: ctx.debugSink };
    const pop = tls ? new POP3_SSL({ ...options, context: ctx.tls() }) : new POP3(options);
    pop.set_debuglevel(ctx.trace);
    try {
      await during("connect", refuse, () => pop.connect(host, port), { host, port });
      if (ctx.options.starttls) await during("connect", refuse, () => pop.stls(ctx.tls()));
      await during("auth", refuse, () => login(pop, url.auth, creds));
      if (path === "") await list(pop, ctx);
      else await retrieve(pop, Number(path), ctx);
      await during("transfer", refuse, () => pop.quit());
    } finally {
      await pop.close();
    }
  },
};

async function login(pop: POP3, auth: string | null, c: Credentials): Promise<void> {
  const mech = auth?.toUpperCase() ?? null;
  if (mech === null) {
    await pop.user(c.user);
    await pop.pass_(c.password);
  } else if (mech === "+APOP") await pop.apop(c.user, c.password);
  else if (mech === "*") {
    // RFC 2384: the client's choice. APOP keeps the password off the wire when the server offers it.
    if (/<[^>]+>/.test(pop.getwelcome().toString("latin1"))) await pop.apop(c.user, c.password);
    else {
      await pop.user(c.user);
      await pop.pass_(c.password);
    }
  } else if (mech === "PLAIN") await pop.auth_plain(c.user, c.password);
  else if (mech === "LOGIN") await pop.auth_login(c.user, c.password);
  else if (mech === "XOAUTH2") await pop.auth_xoauth2(c.user, c.password);
  else throw usage(`unknown ;AUTH=${auth} (known: +APOP, *, PLAIN, LOGIN, XOAUTH2)`);
}

async function list(pop: POP3, ctx: Context): Promise<void> {
  const [, lines] = await during("transfer", refuse, () => pop.list());
  const out = ctx.output();
  for (const line of lines) await out.line(line.toString("latin1"));
}

async function retrieve(pop: POP3, n: number, ctx: Context): Promise<void> {
  const out = ctx.output();
  // LIST n first: a missing message is "not found", and its size feeds the progress bar.
  const scan = await during("find", refuse, () => pop.list(n));
  const size = Number(scan.toString("latin1").split(/\s+/)[2]);
  out.expect(Number.isFinite(size) ? size : null);
  const msg = await during("find", refuse, () => pop.retr_iter(n));
  await during("transfer", refuse, async () => {
    if (ctx.io.stdoutIsTTY && !out.toFile) {
      for await (const line of msg) await out.line(safeText(line.toString("utf8")));
      return;
    }
    for await (const chunk of msg.stream()) await out.write(chunk as Buffer);
  });
}
