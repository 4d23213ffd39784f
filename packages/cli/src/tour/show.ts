// How the tour prints: a heading per protocol, each call, its result indented, and the
// inetlib command that does the same.
import { safeText } from "../terminal.js";
import type { TourLog, TourShow } from "./types.js";

const RESULT_LINES = 12;

/** makeShow returns the TourShow of one step, writing through `log`. */
export function makeShow(
  log: TourLog,
  timeout: number,
  signal: AbortSignal | undefined,
  command: string | null = "inetlib",
): TourShow {
  return {
    call: (text) => log(`  > ${text}`),
    result: (text) => {
      const lines = text.replace(/\n$/, "").split("\n");
      const shown =
        lines.length > RESULT_LINES
          ? [...lines.slice(0, RESULT_LINES - 1), `... (${lines.length - RESULT_LINES + 1} more lines)`]
          : lines;
      for (const line of shown) log(`      ${safe(line)}`);
    },
    // Only where the servers outlive the tour: an embedded server's port is gone when it ends.
    cli: (line) => {
      if (command !== null) log(`  $ ${line.replace(/^inetlib\b/, command)}`);
    },
    note: (text) => log(`  ${text}`),
    timeout,
    signal,
  };
}

function safe(line: string): string {
  return safeText(line.replace(/\r$/, ""));
}

/** shellQuote quotes an argument for the `$ inetlib ...` lines when it needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}
