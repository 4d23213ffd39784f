// The scripted-fault suite (issue 17), in the spirit of curl's <servercmd> tests: for each case
// a hostile server on loopback (the project's own socketserver) and the client call in a child
// process (one esbuild bundle of child.ts), with a watchdog (killed and failed past
// `watchdog` seconds) and its peak RSS (VmHWM) held to Node's baseline plus a stated margin.
// Ends with one line: "faults: N passed, N failed".
//
//   pnpm test:faults [substring...]   runs the cases whose name contains one of the substrings
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BaseRequestHandler, type socket, TCPServer } from "@inetlib/socket";
import { type Case, Conn, type Outcome } from "./case.js";
import { cases } from "./index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const bundle = path.join(root, "node_modules/.cache/inetlib-faults/child.mjs");
const PARALLEL = Number(process.env.FAULTS_PARALLEL ?? 2);
const DEFAULT_MARGIN = 64;

// esbuild comes with tsx (which runs this file).
async function build(): Promise<void> {
  const require = createRequire(createRequire(import.meta.url).resolve("tsx"));
  const esbuild = require("esbuild") as { build(options: Record<string, unknown>): Promise<unknown> };
  mkdirSync(path.dirname(bundle), { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(here, "child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: bundle,
    logLevel: "error",
    keepNames: true,
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
}

interface Served extends AsyncDisposable {
  port: number;
  conns: Conn[];
  errors: unknown[];
}

async function serve(c: Case): Promise<Served> {
  const conns: Conn[] = [];
  const errors: unknown[] = [];
  const live = new Set<socket>();
  class H extends BaseRequestHandler<socket> {
    override async handle(): Promise<void> {
      const conn = new Conn(this.request);
      const index = conns.push(conn) - 1;
      live.add(this.request);
      try {
        await c.server(conn, index);
        await conn.drain();
      } catch {
        // the client left or reset: the outcome is judged on the client's side
      } finally {
        live.delete(this.request);
        await conn.sock.close().catch(() => {});
      }
    }
  }
  class S extends TCPServer {
    override handle_error(): void {}
  }
  const server = await S.open(["127.0.0.1", 0], H);
  const serving = server.serve_forever(0.05).catch((err: unknown) => errors.push(err));
  return {
    port: (server.server_address as [string, number])[1],
    conns,
    errors,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await Promise.all([...live].map((s) => s.close().catch(() => {})));
      await server.server_close();
      await serving;
    },
  };
}

interface Run {
  outcome: Outcome | null;
  hung: boolean;
  peakKiB: number;
  stderr: string;
  seconds: number;
}

// VmHWM of a live process (KiB), or 0.
function vmhwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function child(name: string, port: number, watchdog: number): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const proc = spawn(process.execPath, [bundle, name, String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FAULTS_CA: path.join(root, "packages/testing/certs/ca.pem") },
    });
    let stdout = "";
    let stderr = "";
    let peak = 0;
    let hung = false;
    proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const sampler = setInterval(() => (peak = Math.max(peak, vmhwm(proc.pid!))), 100);
    const timer = setTimeout(() => {
      hung = true;
      peak = Math.max(peak, vmhwm(proc.pid!));
      proc.kill("SIGKILL");
    }, watchdog * 1000);
    proc.on("close", () => {
      clearInterval(sampler);
      clearTimeout(timer);
      let outcome: Outcome | null = null;
      try {
        outcome = JSON.parse(stdout.trim().split("\n").pop() ?? "") as Outcome;
      } catch {
        outcome = null;
      }
      resolve({
        outcome,
        hung,
        peakKiB: Math.max(peak, outcome?.maxRSS ?? 0),
        stderr: stderr.slice(-500),
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

async function runCase(c: Case, baselineKiB: number): Promise<string[]> {
  await using s = await serve(c);
  const watchdog = c.watchdog ?? 15;
  const run = await child(c.name, s.port, watchdog);
  const problems: string[] = [];
  const mib = (kib: number) => Math.round(kib / 1024);
  if (run.hung) problems.push(`hung: killed after ${watchdog} s`);
  else if (!run.outcome) problems.push(`no report (stderr: ${run.stderr.trim()})`);
  else {
    const got = run.outcome;
    if ((got.error !== c.expect && !(got.classes ?? []).includes(c.expect)) || c.not?.includes(got.error))
      problems.push(`expected ${c.expect}, got ${run.outcome.error}: ${run.outcome.message}`);
    else if (c.result !== undefined && run.outcome.result !== c.result)
      problems.push(`expected result ${JSON.stringify(c.result)}, got ${JSON.stringify(run.outcome.result)}`);
  }
  const margin = c.rssMargin ?? DEFAULT_MARGIN;
  if (run.peakKiB > baselineKiB + margin * 1024)
    problems.push(`peak RSS ${mib(run.peakKiB)} MiB > baseline ${mib(baselineKiB)} + ${margin} MiB`);
  if (c.sent) {
    const wrong = c.sent(s.conns.map((conn) => conn.text()).join(""));
    if (wrong) problems.push(wrong);
  }
  const status = problems.length === 0 ? "pass" : "FAIL";
  console.log(
    `${status}  ${c.name}  (${run.outcome?.error ?? "-"}, ${run.seconds.toFixed(1)} s, ${mib(run.peakKiB)} MiB)`,
  );
  for (const p of problems) console.log(`      ${p}`);
  return problems;
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const selected = filters.length ? cases.filter((c) => filters.some((f) => c.name.includes(f))) : cases;
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`two cases named ${c.name}`);
    names.add(c.name);
  }
  await build();
  const base = await child("baseline", 0, 30);
  if (!base.outcome) throw new Error(`the baseline child failed: ${base.stderr}`);
  const baselineKiB = base.peakKiB;
  console.log(`baseline: ${Math.round(baselineKiB / 1024)} MiB peak RSS (node and the bundle, no I/O)`);
  let passed = 0;
  let failed = 0;
  const failedNames: string[] = [];
  const queue = [...selected];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const problems = await runCase(c, baselineKiB).catch((err: unknown) => [String(err)]);
        if (problems.length === 0) passed++;
        else {
          failed++;
          failedNames.push(c.name);
        }
      }
    }),
  );
  if (failedNames.length) console.log(`failed: ${failedNames.join("; ")}`);
  console.log(`faults: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

await main();
