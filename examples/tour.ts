// The protocol tour: every client's everyday job against embedded servers on 127.0.0.1 (a
// gopher hole, a mail system, a news spool, a file tree, a telnet server, a web server), each
// call printed with what came back. No installation, no root, a few seconds.
//
//   tsx examples/tour.ts                  embedded servers
//   tsx examples/tour.ts --real           the daemons of `pnpm test:interop` (bash test/daemons/up.sh first)
//   tsx examples/tour.ts --only mail      some steps (gopher, news, mail, ftp, telnet, http)
import { fileURLToPath } from "node:url";
import { runTour, type StepResult } from "@inetlib/cli";

/** tour runs the tour with these arguments (--real, --only STEP...) and tells how each step went. */
export async function tour(
  args: readonly string[],
  log: (line: string) => void = console.log,
): Promise<StepResult[]> {
  const only: string[] = [];
  for (let i = args.indexOf("--only") + 1; i > 0 && i < args.length && !args[i]!.startsWith("--"); i++)
    only.push(args[i]!);
  return runTour({ log, real: args.includes("--real"), only, command: "pnpm inetlib" });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await tour(process.argv.slice(2));
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}
