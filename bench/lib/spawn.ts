// Runs one client program as a child process under GNU time (`/usr/bin/time -v`), which reports
// the child's peak resident set size, and reads the one result line the child prints.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Run is one measured run of a client. */
export interface Run {
  seconds: number;
  bytes: number;
  ops: number;
  /** Peak resident set size in KiB (GNU time's "Maximum resident set size"). */
  rssKiB: number;
}

/** RunFailure is a run that did not produce a result: the exit and the end of its stderr. */
export class RunFailure extends Error {}

/** How a child reports: a JSON line (our clients), or curl's --write-out lines (one per transfer). */
export type OutputFormat = "json" | "curl";

let scratch: string | null = null;
let serial = 0;
/** Process groups of the runs under way, for killRunning(). */
const running = new Set<number>();

/** killRunning kills every run under way with everything it started (an interrupted bench). */
export function killRunning(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Removes the folder GNU time writes its reports to. */
export function cleanupSpawn(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
}

/** The --write-out format curl clients are given: seconds and bytes of each transfer. */
export const CURL_WRITE_OUT = "%{time_total} %{size_download} %{size_upload} %{response_code}\\n";

/**
 * How peak RSS is taken: GNU time, or where it is not installed (Debian's package "time"), a
 * Python wrapper reading the same number from getrusage(RUSAGE_CHILDREN).
 */
export const rssProbe: "/usr/bin/time -v" | "getrusage" = existsSync("/usr/bin/time")
  ? "/usr/bin/time -v"
  : "getrusage";

const RUSAGE_WRAPPER = [
  "import resource, subprocess, sys",
  "code = subprocess.call(sys.argv[2:])",
  "with open(sys.argv[1], 'w') as f:",
  "    f.write('Maximum resident set size (kbytes): %d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
  "sys.exit(code)",
].join("\n");

function measured(argv: string[], report: string): [string, string[]] {
  if (rssProbe === "/usr/bin/time -v") return ["/usr/bin/time", ["-v", "-o", report, ...argv]];
  return ["python3", ["-c", RUSAGE_WRAPPER, report, ...argv]];
}

/** runChild runs argv under /usr/bin/time -v, giving up after timeoutSeconds (the child is killed). */
export function runChild(
  argv: string[],
  format: OutputFormat,
  timeoutSeconds: number,
  cwd: string,
): Promise<Run> {
  scratch ??= mkdtempSync(join(tmpdir(), "inetlib-bench-time-"));
  const report = join(scratch, `time-${++serial}.txt`);
  return new Promise((resolve, reject) => {
    const [cmd, args] = measured(argv, report);
    const child = spawn(cmd, args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a run that hangs is killed with everything it started.
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, timeoutSeconds * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new RunFailure(`cannot start ${argv[0]}: ${e.message}`));
    });
    if (child.pid !== undefined) running.add(child.pid);
    child.on("close", (code) => {
      if (child.pid !== undefined) running.delete(child.pid);
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8").trim();
      let rssKiB = 0;
      try {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(report, "utf8"));
        rssKiB = m ? Number(m[1]) : 0;
        rmSync(report, { force: true });
      } catch {
        // No report: the child was killed before time wrote it.
      }
      const tail = why(stderr);
      if (timedOut) return reject(new RunFailure(`timed out after ${timeoutSeconds} s`));
      if (code !== 0) return reject(new RunFailure(`exit ${code}${tail ? `: ${tail}` : ""}`));
      try {
        resolve({ ...(format === "curl" ? parseCurl(stdout) : parseJson(stdout)), rssKiB });
      } catch (e) {
        reject(new RunFailure(`${(e as Error).message}${tail ? `: ${tail}` : ""}`));
      }
    });
  });
}

/** why picks the telling line of a failed child's stderr: the error, not the stack or Node's banner. */
function why(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("at ") && !/^Node\.js v/.test(l) && l !== "^" && !/^[}{]$/.test(l));
  const isError = (l: string): boolean => /\b\w*(Error|Exception|error_\w+)\b/.test(l);
  // Python prints the error last, after the traceback; Node first, before the stack.
  const error = stderr.includes("Traceback") ? lines.findLast(isError) : lines.find(isError);
  return (error ?? lines.slice(-2).join(" | ")).slice(0, 300);
}

function parseJson(stdout: string): Omit<Run, "rssKiB"> {
  const line = stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line) throw new Error("no result line");
  const r = JSON.parse(line) as { seconds: number; bytes?: number; ops?: number };
  return { seconds: r.seconds, bytes: r.bytes ?? 0, ops: r.ops ?? 0 };
}

// curl reports each transfer's time from its start (name lookup, connect or reuse) to its last
// byte; their sum is curl's time, leaving out its start-up and exit as the others' clocks do.
function parseCurl(stdout: string): Omit<Run, "rssKiB"> {
  let seconds = 0;
  let bytes = 0;
  let ops = 0;
  for (const line of stdout.split("\n")) {
    const f = line.trim().split(" ");
    if (f.length !== 4) continue;
    const [t, down, up, code] = f.map(Number) as [number, number, number, number];
    if (code >= 400) throw new Error(`curl transfer answered ${code}`);
    seconds += t;
    bytes += down + up;
    ops++;
  }
  if (ops === 0) throw new Error("curl reported no transfer");
  return { seconds, bytes, ops };
}
