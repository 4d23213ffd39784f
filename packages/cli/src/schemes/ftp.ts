// ftp:// and ftps:// (RFC 1738, RFC 4217): a directory's LIST, or a file streamed. The path is
// relative to the login directory (%2F at its start makes it absolute); ;type=a reads a file as
// text, ;type=d lists names only. ftps:// is implicit TLS (port 990); --starttls is AUTH TLS.
import {
  error_perm,
  error_proto,
  error_reply,
  error_temp,
  FTP,
  FTP_PORT,
  FTP_TLS,
  FTPError,
  FTPS_PORT,
} from "@inetlib/ftp";
import { DebugTrace } from "@inetlib/socket";
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { safeText } from "../terminal.js";
import { type CliUrl, decode } from "../url.js";
import { during, type Refusal, type Scheme } from "./scheme.js";

const refuse: Refusal = (err, phase) => {
  if (!(err instanceof FTPError)) return null;
  const text = err.message;
  const code = err.code;
  if (err instanceof error_proto || code === null) return { code: EXIT.PROTOCOL, text };
  // RFC 959: 530 not logged in, 532 need an account; 550 file unavailable, 450 file busy.
  if (
    code === 530 ||
    code === 532 ||
    (phase === "auth" && (err instanceof error_perm || err instanceof error_reply))
  )
    return { code: EXIT.AUTH, text };
  if (code === 550 || code === 553 || (phase === "find" && err instanceof error_perm))
    return { code: EXIT.NOT_FOUND, text };
  if (err instanceof error_temp || err instanceof error_perm || err instanceof error_reply)
    return { code: EXIT.PROTOCOL, text };
  return { code: EXIT.PROTOCOL, text };
};

/** ftp is the Scheme for ftp:// and ftps://. */
export const ftp: Scheme = {
  async get(url: CliUrl, ctx: Context): Promise<void> {
    const { path, type } = ftpPath(url.path);
    const implicit = url.scheme === "ftps";
    if (implicit && ctx.options.starttls)
      throw usage("--starttls is for ftp://; ftps:// is TLS from the start");
    const tls = implicit || ctx.options.starttls === true;
    const host = url.host || "localhost";
    const port = url.port ?? (implicit ? FTPS_PORT : FTP_PORT);
    const anonymous = { user: "anonymous", password: "anonymous@" };
    const named = ctx.options.user ?? url.user ?? "";
    // RFC 1738: no user is anonymous FTP, and anonymous needs no password to be asked for.
    const creds =
      /^(anonymous|ftp)$/i.test(named) && !named.includes(":") && url.password === null
        ? { ...anonymous, user: named }
        : ((await ctx.credentials(url)) ?? anonymous);
    const debugtrace = new DebugTrace({ sink: ctx.debugSink, level: ctx.trace });
    const options = { timeout: ctx.timeout, signal: ctx.signal, debugtrace };
    const client = tls
      ? new FTP_TLS({ ...options, context: ctx.tls(), implicit_tls: implicit })
      : new FTP(options);
    const out = ctx.output();
    try {
      await during("connect", refuse, () => client.connect(host, port), { host, port });
      await during("auth", refuse, () => client.login(creds.user, creds.password));
      if (client instanceof FTP_TLS) await during("connect", refuse, () => client.prot_p());
      const directory = type === "d" || path === "" || path.endsWith("/");
      if (directory) {
        const target = path.replace(/(.)\/$/, "$1");
        if (type === "d") {
          const names = await during("find", refuse, () => client.nlst(...(target ? [target] : [])));
          for (const name of names) await out.line(name);
        } else {
          const lines: string[] = [];
          // LIST of a missing directory is a 450/550 before any data: "not found".
          await during("find", refuse, () =>
            client.dir(...(target ? [target] : []), (line: string) => void lines.push(line)),
          );
          for (const line of lines) await out.line(ctx.io.stdoutIsTTY ? safeText(line) : line);
        }
      } else if (type === "a") {
        await during("find", refuse, () =>
          client.retrlines(`RETR ${path}`, (line: string) =>
            out.line(ctx.io.stdoutIsTTY && !out.toFile ? safeText(line) : line),
          ),
        );
      } else {
        const size = await client.size(path).catch(() => null);
        out.expect(size);
        await during("find", refuse, () =>
          client.retrbinary(`RETR ${path}`, (block: Buffer) => out.write(block)),
        );
      }
      await client.quit().catch(() => {});
    } finally {
      await client.close();
    }
  },
};

/** ftpPath decodes a URL path (RFC 1738 3.2.2): the path relative to the login directory and ;type=. */
export function ftpPath(raw: string): { path: string; type: "a" | "i" | "d" | null } {
  let text = raw.replace(/^\//, "");
  let type: "a" | "i" | "d" | null = null;
  const m = /;type=([aid])$/i.exec(text);
  if (m) {
    type = m[1]!.toLowerCase() as "a" | "i" | "d";
    text = text.slice(0, m.index);
  }
  const path = text
    .split("/")
    .map((segment) => decode(segment))
    .join("/");
  if (/[\r\n\0]/.test(path)) throw usage("CR, LF and NUL are not allowed in an FTP path");
  return { path, type };
}
