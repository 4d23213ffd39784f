// inetlib telnet: a telnet session. With --user it logs in first (answering the
// login and password prompts); with --command it runs commands and prints their output instead
// of handing the session to the terminal.
import { DebugTrace } from "@inetlib/socket";
import {
  LoginError,
  type OptionHandler,
  Telnet,
  TerminalTypeHandler,
  WindowSizeHandler,
} from "@inetlib/telnet";
import type { TelnetCommandOptions } from "../commands/telnet.js";
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { write } from "../io.js";
import { during, type Refusal } from "../schemes/scheme.js";
import { parseUrl } from "../url.js";

const refuse: Refusal = (err) => {
  if (!(err instanceof LoginError)) return null;
  const said = err.text.trim().split("\n").at(-1)?.trim();
  const text = said ? `${err.message} (${said})` : err.message;
  return { code: err.message === "login refused" ? EXIT.AUTH : EXIT.PROTOCOL, text };
};

/** telnetSession opens the session, logs in when asked, then runs the commands or hands it to the terminal. */
export async function telnetSession(
  target: string,
  portArg: string | undefined,
  opts: TelnetCommandOptions,
  ctx: Context,
): Promise<void> {
  const { host, port, url } = where(target, portArg);
  const io = ctx.io;
  const prompt = opts.prompt === undefined ? undefined : regex(opts.prompt);
  const commands = opts.command ?? [];
  const interactive = commands.length === 0;
  const handlers: OptionHandler[] =
    interactive && io.stdoutIsTTY
      ? [
          new TerminalTypeHandler((io.env.TERM || "xterm").toUpperCase()),
          new WindowSizeHandler(io.columns, 24),
        ]
      : [];
  await using tn = new Telnet({
    timeout: ctx.timeout,
    signal: ctx.signal,
    debug: new DebugTrace({ sink: ctx.debugSink, level: ctx.trace }),
    handlers,
  });
  await during("connect", refuse, () => tn.open(host, port), { host, port });
  const creds = await ctx.credentials(url);
  if (creds) {
    const banner = await during("auth", refuse, () =>
      tn.login(creds.user, creds.password, prompt ? { prompt } : {}),
    );
    const text = banner.replace(/^\s*\n/, "");
    if (text.trim()) await write(io.stdout, text.endsWith("\n") ? text : `${text}\n`);
  }
  if (!interactive) {
    for (const command of commands) {
      const output = await during("transfer", refuse, () => tn.run(command, prompt ? { prompt } : {}));
      if (output) await write(io.stdout, output.endsWith("\n") ? output : `${output}\n`);
    }
    return;
  }
  // login() took the shell prompt; an empty line brings a fresh one to the terminal.
  if (creds) await tn.write(Buffer.from("\r\n"));
  await tn.interact({ stdin: io.stdin, stdout: io.stdout, waitForClose: !io.stdinIsTTY });
}

function where(
  target: string,
  portArg: string | undefined,
): { host: string; port: number; url: ReturnType<typeof parseUrl> | null } {
  let host = target;
  let port = 23;
  let url: ReturnType<typeof parseUrl> | null = null;
  if (/^telnet:\/\//i.test(target)) {
    // RFC 4248: telnet://[user[:password]@]host[:port][/]
    url = parseUrl(target);
    if (url.path !== "" && url.path !== "/")
      throw usage(`a telnet URL has no path: ${JSON.stringify(target)}`);
    host = url.host;
    port = url.port ?? 23;
  } else host = target.replace(/^\[(.*)\]$/, "$1");
  if (portArg !== undefined) {
    if (!/^\d+$/.test(portArg) || Number(portArg) > 65535)
      throw usage(`not a port number: ${JSON.stringify(portArg)}`);
    port = Number(portArg);
  }
  if (!host) throw usage("no host given");
  return { host, port, url };
}

function regex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw usage(`--prompt: ${(err as Error).message}`);
  }
}
