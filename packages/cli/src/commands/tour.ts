// inetlib tour: the protocol tour, against embedded servers or (--real) the interop daemons.
import type { Command } from "commander";
import { EXIT, type ExitCode } from "../exit.js";
import type { CliIO } from "../io.js";
import { TOUR_STEP_NAMES } from "../tour/types.js";
import { seconds } from "./parse.js";

/** TourCommandOptions are `inetlib tour`'s options. */
export interface TourCommandOptions {
  real?: boolean;
  only?: string[];
  timeout?: number;
}

/** runTourCommand runs the tour; the exit code is the first failed step's class, else 0. */
export async function runTourCommand(
  io: CliIO,
  opts: TourCommandOptions,
  signal: AbortSignal,
): Promise<ExitCode> {
  const { runTour } = await import("../tour/index.js");
  const results = await runTour({
    log: (line) => void io.stdout.write(`${line}\n`),
    real: opts.real ?? false,
    ...(opts.only ? { only: opts.only } : {}),
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
    cwd: io.cwd,
    signal,
  });
  const failed = results.find((r) => !r.ok);
  return failed ? (failed.code as ExitCode) : EXIT.OK;
}

/** describeTour adds the tour command's options and help to `cmd`. */
export function describeTour(cmd: Command): Command {
  return cmd
    .description(
      "run every client's everyday job against embedded servers, printing each call and its result",
    )
    .option("--real", "visit the real daemons of `pnpm test:interop` instead (bash test/daemons/up.sh first)")
    .option("--only <steps...>", `only these steps (${TOUR_STEP_NAMES.join(", ")})`)
    .option("--timeout <seconds>", "seconds each wait may take (default 10)", seconds);
}
