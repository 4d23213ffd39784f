// tsx bench/profile.ts WORKLOAD|all [CLIENT] [--quick]
//
// Runs one client of a workload (every inetlib client by default; every workload with "all")
// once under `node --cpu-prof` and prints where the measured time went (start-up left out):
// self time by package (the bundles keep esbuild's "// ../packages/x/src/y.ts" region markers,
// which map each line back to its source file) and the functions with the most self time.
// The profile itself is kept under bench/.build/profiles/ for Chrome DevTools.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build, buildDir } from "./lib/build.js";
import type { ClientSpec, Workload } from "./lib/model.js";
import { benchDir } from "./lib/paths.js";
import { TempDir } from "./lib/scratch.js";
import { FULL, QUICK, workloads } from "./lib/workloads.js";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2).filter((a) => a !== "--quick");
const quick = process.argv.includes("--quick");
const [workloadId, clientId] = args;
if (!workloadId) {
  console.error("usage: tsx bench/profile.ts WORKLOAD|all [CLIENT] [--quick]");
  process.exit(2);
}
const tmp = new TempDir();
try {
  const all = workloads(quick ? QUICK : FULL, tmp);
  const chosen = all.filter((w) => workloadId === "all" || w.id === workloadId);
  if (chosen.length === 0) throw new Error(`no workload ${workloadId}`);
  for (const w of chosen) {
    for (const c of w.clients.filter((x) => (clientId ? x.id === clientId : x.kind === "inetlib"))) {
      if (!c.program) throw new Error(`${c.id} of ${w.id} is not a Node client`);
      await profileOne(w, c);
    }
  }
} finally {
  tmp.remove();
}

async function profileOne(w: Workload, c: ClientSpec): Promise<void> {
  const outcome = await build([c.program!]);
  if (!outcome.built.has(c.program!)) {
    console.log(`\n## ${w.title}, ${c.label}: does not build (${outcome.failed.get(c.program!)})`);
    return;
  }
  await w.setup?.();
  const dir = join(buildDir, "profiles", `${w.id}-${c.id}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let out: string;
  try {
    const [nodeBin, ...rest] = c.argv;
    out = execFileSync(nodeBin!, ["--cpu-prof", "--cpu-prof-dir", dir, ...rest], { encoding: "utf8" });
  } finally {
    await c.after?.();
    await w.teardown?.();
  }
  const result = JSON.parse(out.trim().split("\n").pop()!) as { seconds: number; window?: [number, number] };
  console.log(`\n## ${w.title}, ${c.label}: ${result.seconds.toFixed(3)} s measured`);
  const file = join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!);
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  summarize(profile, join(buildDir, `${c.program}.mjs`), result.window ?? null);
  console.log(`\nprofile: ${file.slice(benchDir.length + 1)}`);
}

/** regions maps a bundle's lines to the source files esbuild bundled there. */
function regions(bundle: string): (line: number) => string {
  const marks: [number, string][] = [];
  for (const [i, text] of readFileSync(bundle, "utf8").split("\n").entries()) {
    const m = /^\/\/ (\S+\.(?:ts|js|mjs|cjs))$/.exec(text);
    if (m) marks.push([i, m[1]!.replace(/^(\.\.\/)+/, "")]);
  }
  return (line) => {
    let lo = 0;
    let hi = marks.length - 1;
    let found = "?";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid]![0] <= line) {
        found = marks[mid]![1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** summarize prints self time by area and by function, counting only samples inside `window` (µs) when given. */
function summarize(p: CpuProfile, bundle: string, window: [number, number] | null): void {
  const where = regions(bundle);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = p.startTime;
  for (const [i, id] of p.samples.entries()) {
    const delta = p.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window[0] || at > window[1])) continue;
    self.set(id, (self.get(id) ?? 0) + delta);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    let file: string;
    if (f.url.endsWith(".mjs") && f.url.includes("/.build/")) file = where(f.lineNumber);
    else if (f.url.startsWith("node:")) file = f.url;
    else if (f.url === "") file = f.functionName.startsWith("(") ? f.functionName : "(native)";
    else file = f.url.replace(/^.*node_modules\//, "");
    const area = areaOf(file);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const key = `${f.functionName || "(anonymous)"}  ${file}${f.url ? `:${f.lineNumber + 1}` : ""}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const pct = (us: number): string => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const span = window ? "the measured window" : "the whole process";
  console.log(`self time by area (${(total / 1000).toFixed(0)} ms sampled over ${span}):`);
  for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1])) console.log(`  ${pct(us)}  ${a}`);
  console.log("\nfunctions with the most self time:");
  for (const [k, us] of [...byFunction].sort((x, y) => y[1] - x[1]).slice(0, 20))
    console.log(`  ${pct(us)}  ${k}`);
}

function areaOf(file: string): string {
  const pkg = /packages\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(file);
  if (pkg) return pkg[1] === "socket" && pkg[2] ? `@inetlib/socket ${pkg[2]}/` : `@inetlib/${pkg[1]}`;
  if (file.startsWith("node:")) return `node: ${file.slice(5).split("/")[0]}`;
  if (file.startsWith("(")) return file;
  if (file.includes("bench/clients")) return "bench client";
  return file.split("/")[0] ?? file;
}
