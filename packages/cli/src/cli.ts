// The inetlib command line: commander parses, each command runs with a Context, and every
// failure ends as one line on stderr and an exit code of its class (exit.ts).
import { Command, CommanderError } from "commander";
import { describeGet, runGet } from "./commands/get.js";
import { count, seconds } from "./commands/parse.js";
import { describeSend, runSend, type SendOptions } from "./commands/send.js";
import { describeTelnet, runTelnet, type TelnetCommandOptions } from "./commands/telnet.js";
import { describeTour, runTourCommand, type TourCommandOptions } from "./commands/tour.js";
import { type CommonOptions, Context, DEFAULT_TIMEOUT } from "./context.js";
import { CliError, classify, EXIT, type ExitCode } from "./exit.js";
import { type CliIO, processIO } from "./io.js";
import { VERSION } from "./version.js";

/** MainOptions let a caller run the command in-process. */
export interface MainOptions {
  /** Aborting interrupts the command (exit 130); the process's main passes Ctrl-C here. */
  signal?: AbortSignal;
}

/**
 * main runs the inetlib command with `argv` (the arguments after the program name) and
 * returns its exit code; nothing is thrown and the process is left alone:
 *
 *	const code = await main(["get", "pop://alice@localhost/1"], io);
 */
export async function main(
  argv: readonly string[],
  io: CliIO = processIO(),
  options: MainOptions = {},
): Promise<ExitCode> {
  const signal = options.signal ?? new AbortController().signal;
  let trace = 0;
  const program = buildProgram(io, signal, (level) => {
    trace = level;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    // The tour has said what failed, step by step.
    if (err instanceof TourFailed) return err.code;
    const failure = signal.aborted
      ? new CliError(EXIT.INTERRUPTED, "interrupted", { cause: err })
      : classify(err);
    io.stderr.write(`inetlib: ${failure.message}\n`);
    if (failure.code === EXIT.INTERNAL && trace > 0) io.stderr.write(`${(err as Error).stack ?? err}\n`);
    return failure.code;
  }
}

/** TourFailed ends a tour with failed steps: they are reported already, only the code is left. */
class TourFailed extends Error {
  readonly code: ExitCode;
  constructor(code: ExitCode) {
    super("the tour had failures");
    this.code = code;
  }
}

function buildProgram(io: CliIO, signal: AbortSignal, onTrace: (level: number) => void): Command {
  const program = new Command("inetlib");
  program
    .description(
      "Get URLs over the internet protocols of inetlib, send mail, open telnet sessions, take the tour.",
    )
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, "inetlib: ")),
    })
    .exitOverride();
  const context = (opts: CommonOptions) => {
    onTrace(opts.trace ?? 0);
    return new Context(io, opts, signal);
  };

  describeGet(common(program.command("get")))
    .option("-o, --output <file>", "write to FILE instead of stdout (- for stdout)")
    .action(async (url: string, opts: CommonOptions) => runGet(url, context(opts)));
  describeSend(common(program.command("send"))).action(
    async (url: string, file: string | undefined, opts: CommonOptions & SendOptions) =>
      runSend(url, file, opts, context(opts)),
  );
  describeTelnet(
    program
      .command("telnet")
      .option(
        "-u, --user <user[:password]>",
        "log in as USER (asked for the password on a terminal when it is not given)",
      )
      .option(
        "--timeout <seconds>",
        `seconds each wait may take, 0 for no limit (default ${DEFAULT_TIMEOUT})`,
        seconds,
      )
      .option("--trace", "print the protocol trace on stderr, the password masked (twice: more)", count, 0),
  ).action(async (host: string, port: string | undefined, opts: CommonOptions & TelnetCommandOptions) =>
    runTelnet(host, port, opts, context(opts)),
  );
  describeTour(program.command("tour")).action(async (opts: TourCommandOptions) => {
    const code = await runTourCommand(io, opts, signal);
    if (code !== EXIT.OK) throw new TourFailed(code);
  });
  program.addHelpText(
    "after",
    "\nExit codes: 0 ok, 2 usage, 3 connection, 4 TLS, 5 authentication, 6 protocol, 7 not found, 1 internal error.\n",
  );
  return program;
}

/** common adds the options every network command takes. */
function common(cmd: Command): Command {
  return cmd
    .option(
      "-u, --user <user[:password]>",
      "log in as USER (asked for the password on a terminal when it is not given)",
    )
    .option("--cacert <file>", "trust the certificate authorities in FILE (PEM) instead of the system's")
    .option("-k, --insecure", "do not verify the server's certificate (never implied)")
    .option("--starttls", "upgrade a plain connection to TLS (STLS, STARTTLS, AUTH TLS) and fail without it")
    .option(
      "--timeout <seconds>",
      `seconds each wait may take, 0 for no limit (default ${DEFAULT_TIMEOUT})`,
      seconds,
    )
    .option(
      "--trace",
      "print the protocol trace on stderr, passwords masked (twice: also the replies)",
      count,
      0,
    );
}
