// inetlib send: one message (RFC 5322, from a file or stdin) over SMTP, the envelope taken from
// its headers as send_message() does, or from --from and --to.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  _fix_eols,
  SMTP,
  SMTP_PORT,
  SMTP_SSL,
  SMTP_SSL_PORT,
  SMTPAuthenticationError,
  SMTPException,
  SMTPRecipientsRefused,
  type SMTPRefused,
  SMTPResponseException,
  SMTPServerDisconnected,
} from "@inetlib/smtp";
import type { SendOptions } from "../commands/send.js";
import type { Context } from "../context.js";
import { CliError, EXIT, type ExitCode, oneLine, usage } from "../exit.js";
import { readAll, write } from "../io.js";
import { during, type Refusal } from "../schemes/scheme.js";
import { parseUrl } from "../url.js";

/** smtpClass sorts an SMTP reply by its enhanced status code (RFC 3463) or its basic code. */
export function smtpClass(code: number, text: string, phase: "auth" | "transfer"): ExitCode {
  const enhanced = /^[245]\.(\d{1,3})\.\d{1,3}\b/.exec(text.trim());
  if (code === 535 || code === 534 || code === 530) return EXIT.AUTH;
  if (enhanced?.[1] === "1") return EXIT.NOT_FOUND; // x.1.x: addressing (no such mailbox)
  if (enhanced?.[1] === "7") return EXIT.AUTH; // x.7.x: security or policy (relaying denied)
  if (code === 550 || code === 551 || code === 553) return EXIT.NOT_FOUND;
  return phase === "auth" ? EXIT.AUTH : EXIT.PROTOCOL;
}

const refuse: Refusal = (err, phase) => {
  if (!(err instanceof SMTPException)) return null;
  if (err instanceof SMTPServerDisconnected)
    return { code: EXIT.CONNECTION, text: err.message || "the server closed the connection" };
  if (err instanceof SMTPRecipientsRefused) {
    const [[rcpt, [code, msg]] = ["", [0, Buffer.alloc(0)]]] = Object.entries(err.recipients);
    const text = `${rcpt}: ${code} ${msg.toString("utf8")}`;
    return { code: smtpClass(code, msg.toString("utf8"), "transfer"), text: `recipient refused: ${text}` };
  }
  if (err instanceof SMTPResponseException) {
    const msg = typeof err.smtp_error === "string" ? err.smtp_error : err.smtp_error.toString("utf8");
    const kind = err instanceof SMTPAuthenticationError || phase === "auth" ? "auth" : "transfer";
    return { code: smtpClass(err.smtp_code, msg, kind), text: `${err.smtp_code} ${msg}` };
  }
  return { code: EXIT.PROTOCOL, text: err.message };
};

/** sendMessage sends the message and reports refused recipients. */
export async function sendMessage(
  target: string,
  file: string | undefined,
  opts: SendOptions,
  ctx: Context,
): Promise<void> {
  const url = parseUrl(target);
  if (url.scheme !== "smtp" && url.scheme !== "smtps")
    throw usage(`inetlib send speaks smtp:// and smtps://, not ${url.scheme}:`);
  if (url.path !== "" && url.path !== "/") throw usage(`an SMTP URL has no path: ${JSON.stringify(target)}`);
  const implicit = url.scheme === "smtps";
  if (implicit && ctx.options.starttls)
    throw usage("--starttls is for smtp://; smtps:// is TLS from the start");
  const raw = file === undefined || file === "-" ? await readAll(ctx.io.stdin) : await readMessage(ctx, file);
  // A file written in an editor ends its lines in LF; on the wire every line ends in CRLF. latin1 keeps each byte.
  const message = Buffer.from(_fix_eols(raw.toString("latin1")), "latin1");
  if (message.length === 0) throw usage("the message is empty");
  const host = url.host || "localhost";
  const port = url.port ?? (implicit ? SMTP_SSL_PORT : SMTP_PORT);
  const creds = await ctx.credentials(url);
  const options = { timeout: ctx.timeout, signal: ctx.signal, debugSink: ctx.debugSink };
  const smtp = implicit ? new SMTP_SSL({ ...options, context: ctx.tls() }) : new SMTP(options);
  smtp.set_debuglevel(ctx.trace);
  try {
    await during("connect", refuse, () => smtp.connect(host, port), { host, port });
    if (ctx.options.starttls) await during("connect", refuse, () => smtp.starttls({ context: ctx.tls() }));
    if (creds) await during("auth", refuse, () => smtp.login(creds.user, creds.password));
    const refused: SMTPRefused = await during("transfer", refuse, () =>
      smtp.send_message(message, {
        ...(opts.from !== undefined ? { from_addr: opts.from } : {}),
        ...(opts.to && opts.to.length > 0 ? { to_addrs: opts.to } : {}),
      }),
    );
    await smtp.quit().catch(() => {});
    const entries = Object.entries(refused);
    if (entries.length > 0) {
      for (const [rcpt, [code, msg]] of entries)
        await write(
          ctx.io.stderr,
          `inetlib: recipient refused: ${rcpt}: ${code} ${oneLine(msg.toString("utf8"))}\n`,
        );
      const [, [code, msg]] = entries[0]!;
      throw new CliError(
        smtpClass(code, msg.toString("utf8"), "transfer"),
        `${entries.length} recipient(s) refused; the others took the message`,
      );
    }
  } finally {
    await smtp.close();
  }
}

async function readMessage(ctx: Context, file: string): Promise<Buffer> {
  try {
    return await readFile(resolve(ctx.io.cwd, file));
  } catch (err) {
    throw usage(`cannot read ${file}: ${(err as Error).message}`);
  }
}
