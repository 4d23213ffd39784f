// inetlib telnet HOST [PORT]: its arguments, options and help; the session is in
// telnet/session.ts, loaded when the command runs.
import type { Command } from "commander";
import type { Context } from "../context.js";
import { collect } from "./parse.js";

/** TelnetCommandOptions are `inetlib telnet`'s own options. */
export interface TelnetCommandOptions {
  command?: string[];
  prompt?: string;
}

/** runTelnet runs the session (telnet/session.ts). */
export async function runTelnet(
  target: string,
  port: string | undefined,
  opts: TelnetCommandOptions,
  ctx: Context,
): Promise<void> {
  const { telnetSession } = await import("../telnet/session.js");
  await telnetSession(target, port, opts, ctx);
}

/** describeTelnet adds the telnet command's arguments, options and help to `cmd`. */
export function describeTelnet(cmd: Command): Command {
  return cmd
    .description(
      "open a telnet session (RFC 854), logging in with --user, running --command non-interactively",
    )
    .argument("<host>", "the host, or a telnet://[USER[:PASSWORD]@]HOST[:PORT] URL")
    .argument("[port]", "the port (default 23)")
    .option(
      "-c, --command <command>",
      "run COMMAND after logging in and print its output (repeatable); no session",
      collect,
      [],
    )
    .option(
      "--prompt <regex>",
      "the shell prompt that ends a command's output (default: a line ending in $, #, > or %)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  inetlib telnet --user inetlib localhost 2323\n  inetlib telnet --user inetlib:PASS -c 'uname -a' localhost\n",
    );
}
