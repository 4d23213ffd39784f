// pnpm bench [--quick] [--rounds N] [--only ID,ID] [--clean]
//
// inetlib side by side with Python's standard library, curl and the Node libraries, on the
// real daemons test/daemons/up.sh starts. Each client run is its own process under
// /usr/bin/time -v (peak RSS); clients are interleaved A B C A B C ... for every round; the
// report (JSON, a markdown table, an SVG chart of the ratios) goes to bench/results/.
// A benchmark, not a test: it measures and prints, and fails only when the harness breaks.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { build, clientPrograms } from "./lib/build.js";
import { chart } from "./lib/chart.js";
import type { ClientResult, ClientSpec, Report, Workload, WorkloadResult } from "./lib/model.js";
import { benchDir, resultsDir, rootDir } from "./lib/paths.js";
import { answers, version } from "./lib/preflight.js";
import { markdown, progressLine, table } from "./lib/report.js";
import { removeScratch, stateDir, TempDir } from "./lib/scratch.js";
import { cleanupSpawn, killRunning, RunFailure, rssProbe, runChild } from "./lib/spawn.js";
import { ratios, summarize } from "./lib/stats.js";
import { FULL, type Plan, QUICK, workloads } from "./lib/workloads.js";

interface Args {
  quick: boolean;
  rounds: number | null;
  only: string[] | null;
  clean: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false, rounds: null, only: null, clean: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    else if (arg === "--quick") a.quick = true;
    else if (arg === "--clean") a.clean = true;
    else if (arg === "--rounds") a.rounds = Number(argv[++i]);
    else if (arg === "--only") a.only = (argv[++i] ?? "").split(",").filter(Boolean);
    else {
      console.error(
        `unknown argument ${arg}\nusage: pnpm bench [--quick] [--rounds N] [--only ID,ID] [--clean]`,
      );
      process.exit(2);
    }
  }
  if (a.rounds !== null && !(Number.isInteger(a.rounds) && a.rounds > 0)) {
    console.error("--rounds needs a positive integer");
    process.exit(2);
  }
  return a;
}

/** The @inetlib package each inetlib client program needs. */
function packageOf(program: string): string {
  return program.split("-")[0]!;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.clean) {
    removeScratch();
    console.log("removed the bench's scratch files from the daemons' roots");
    return;
  }
  const started = new Date();
  const t0 = performance.now();
  const loadBefore = loadavg();
  const plan: Plan = { ...(args.quick ? QUICK : FULL) };
  if (args.rounds) plan.rounds = args.rounds;
  const mode = args.quick ? "quick" : "full";
  console.log(`inetlib bench (${mode}): ${plan.rounds} rounds, daemons in ${stateDir}`);

  const tmp = new TempDir();
  const programs = clientPrograms();
  const built = await build(programs);
  for (const [name, why] of built.failed) console.log(`  client ${name} did not build: ${why}`);

  const report: Report = {
    mode,
    rounds: plan.rounds,
    started: started.toISOString(),
    wallSeconds: 0,
    machine: { cpus: cpus().length, memoryGiB: totalmem() / 2 ** 30, loadBefore, loadAfter: [] },
    versions: {
      inetlib: inetlibVersion(),
      node: process.version,
      python: version("python3", ["--version"]) ?? "missing",
      curl: version("curl", ["--version"]) ?? "missing",
      "peak RSS":
        rssProbe === "getrusage"
          ? "getrusage(RUSAGE_CHILDREN) (/usr/bin/time missing)"
          : `/usr/bin/time -v (${version("/usr/bin/time", ["--version"]) ?? "?"})`,
    },
    workloads: [],
    leftOut: [],
    clientsLeftOut: [],
    finished: false,
  };

  const name = args.only ? "partial" : args.quick ? "quick" : "latest";
  const save = (): void => {
    report.machine.loadAfter = loadavg();
    report.wallSeconds = (performance.now() - t0) / 1000;
    writeReport(report, name);
  };
  // Interrupted: stop the run under way, undo what the workload changed, keep what was measured.
  const interrupt = (signal: NodeJS.Signals): void => {
    console.log(`\n${signal}: stopping`);
    killRunning();
    void (async () => {
      await inFlight.teardown?.().catch(() => {});
      tmp.remove();
      cleanupSpawn();
      save();
      process.exit(130);
    })();
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);

  const all = workloads(plan, tmp).filter((w) => !args.only || args.only.some((id) => w.id.startsWith(id)));
  const answering = new Map<number, boolean>();
  try {
    for (const w of all) {
      if (w.daemon) {
        if (!answering.has(w.daemon.port)) answering.set(w.daemon.port, await answers(w.daemon.port));
        if (!answering.get(w.daemon.port)) {
          leaveOut(
            report,
            w,
            `${w.daemon.name} does not answer on port ${w.daemon.port} (bash test/daemons/up.sh)`,
          );
          continue;
        }
      }
      const missing = w.clients
        .map((c) => ({ workload: w.id, client: c.label, reason: unavailable(c, built.built, programs) }))
        .filter((m): m is { workload: string; client: string; reason: string } => m.reason !== null);
      const clients = w.clients.filter((c) => !missing.some((m) => m.client === c.label));
      if (w.group !== "reference" && !clients.some((c) => c.kind === "inetlib")) {
        const pkgs = [...new Set(w.clients.filter((c) => c.kind === "inetlib").map((c) => c.program!))];
        leaveOut(
          report,
          w,
          `@inetlib/${packageOf(pkgs[0]!)} has not landed (${pkgs.map((p) => unavailable({ program: p } as ClientSpec, built.built, programs)).join("; ")})`,
        );
        continue;
      }
      const why = await w.setup?.();
      if (typeof why === "string") {
        await w.teardown?.();
        leaveOut(report, w, why);
        continue;
      }
      report.clientsLeftOut.push(...missing);
      report.workloads.push(await measure(w, clients, plan.rounds, args.quick ? 120 : 900));
      // Written after every workload, so an interrupted run keeps what it measured.
      save();
    }
  } finally {
    tmp.remove();
    cleanupSpawn();
  }

  report.finished = true;
  save();
  console.log(`\n${table(report)}`);
  const rel = (f: string): string => join(resultsFor(name), f).slice(rootDir.length + 1);
  console.log(
    `\n${rel(`${name}.md`)}, ${rel(`${name}.json`)}, ${rel(`${name}.svg`)} written; ${report.wallSeconds.toFixed(0)} s`,
  );
  const measured = report.workloads.some((w) => w.clients.some((c) => c.runs.length > 0));
  if (!measured) {
    console.error("nothing was measured: the harness is broken, or no daemon answers");
    process.exitCode = 1;
  }
}

/** writeReport writes NAME.{json,md,svg} where resultsFor says. */
function writeReport(report: Report, name: string): void {
  const dir = resultsFor(name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.md`), markdown(report, `${name}.svg`));
  writeFileSync(join(dir, `${name}.svg`), chart(report));
}

/**
 * resultsFor is where a run's report goes: a full run's to results/, the one the README links
 * and git keeps; a quick or partial run's to results/local/, which git ignores, so that CI's
 * quick run leaves the checkout clean.
 */
function resultsFor(name: string): string {
  return name === "latest" ? resultsDir : join(resultsDir, "local");
}

/** The workload under way: what an interrupt must undo. */
const inFlight: { teardown?: () => Promise<void> } = {};

/** The commit measured, and whether the packages had uncommitted changes. */
function inetlibVersion(): string {
  const head = version("git", ["-C", rootDir, "rev-parse", "--short", "HEAD"]) ?? "unknown commit";
  const dirty = version("git", ["-C", rootDir, "status", "--porcelain", "--", "packages"]);
  return dirty ? `${head} with uncommitted changes in packages/` : head;
}

function leaveOut(report: Report, w: Workload, reason: string): void {
  report.leftOut.push({ id: w.id, title: w.title, reason });
  console.log(`- ${w.title}: left out: ${reason}`);
}

function unavailable(c: ClientSpec, built: Set<string>, programs: string[]): string | null {
  if (!c.program) return null;
  if (built.has(c.program)) return null;
  if (!programs.includes(c.program)) {
    const pkg = packageOf(c.program);
    const index = join(rootDir, "packages", pkg, "src", "index.ts");
    return existsSync(index)
      ? `no client program bench/clients/node/${c.program}.ts`
      : `packages/${pkg}/src/index.ts does not exist yet`;
  }
  return `bench/clients/node/${c.program}.ts did not build`;
}

async function measure(
  w: Workload,
  clients: ClientSpec[],
  rounds: number,
  timeout: number,
): Promise<WorkloadResult> {
  console.log(`- ${w.title}`);
  const results: ClientResult[] = clients.map((c) => ({
    id: c.id,
    label: c.label,
    kind: c.kind,
    form: c.kind === "inetlib" ? (c.form ?? (c.id === "inetlib" ? "sequential" : "best")) : null,
    runs: [],
    failures: [],
    seconds: null,
    peakRssMiB: null,
  }));
  inFlight.teardown = w.teardown;
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const [i, c] of clients.entries()) {
        const r = results[i]!;
        try {
          await c.before?.();
          const run = await runChild(c.argv, c.format, timeout, benchDir);
          const bad = check(w, run);
          if (bad) throw new RunFailure(bad);
          r.runs.push(run);
          console.log(progressLine(w, c, round, run));
        } catch (err) {
          if (!(err instanceof RunFailure)) throw err;
          r.failures.push(`round ${round}: ${err.message}`);
          console.log(`    r${round} ${c.label}: FAILED ${err.message}`);
        } finally {
          await c.after?.();
        }
      }
    }
  } finally {
    inFlight.teardown = undefined;
    await w.teardown?.();
  }
  const summarized = results.map(summarize);
  return {
    id: w.id,
    title: w.title,
    group: w.group,
    expect: w.expect,
    clients: summarized,
    ratios: ratios(summarized, w.targets),
    rssTargetMiB: w.rssTargetMiB ?? null,
    note: w.note ?? null,
  };
}

/** check refuses a run that did not do the whole job. */
function check(w: Workload, run: { bytes: number; ops: number }): string | null {
  if (run.ops !== w.expect.ops) return `did ${run.ops} operations, expected ${w.expect.ops}`;
  if (w.expect.bytes !== undefined && run.bytes !== w.expect.bytes)
    return `moved ${run.bytes} bytes, expected ${w.expect.bytes}`;
  return null;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
