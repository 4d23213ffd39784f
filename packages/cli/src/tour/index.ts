// The protocol tour: every client's everyday job against embedded servers (or, with --real,
// the interop daemons), printed as the calls made and what came back.
import { classify, usage } from "../exit.js";
import { startLocal } from "./local.js";
import { findDaemonsConfig, realTargets } from "./real.js";
import { makeShow } from "./show.js";
import { ftpStep } from "./steps/ftp.js";
import { gopherStep } from "./steps/gopher.js";
import { httpStep } from "./steps/http.js";
import { mailStep } from "./steps/mail.js";
import { newsStep } from "./steps/news.js";
import { telnetStep } from "./steps/telnet.js";
import type { TourLog, TourStep, TourTargets } from "./types.js";

export { type LocalServers, startLocal } from "./local.js";
export { findDaemonsConfig, parseConfigEnv, realTargets } from "./real.js";
export type { Endpoint, Login, TourLog, TourShow, TourStep, TourTargets } from "./types.js";

/** TOUR_STEPS are the tour's steps, in order. */
export const TOUR_STEPS: readonly TourStep[] = [
  gopherStep,
  newsStep,
  mailStep,
  ftpStep,
  telnetStep,
  httpStep,
];

/** TourOptions choose where the tour goes and what it shows. */
export interface TourOptions {
  /** Where each line goes (default console.log). */
  log?: TourLog;
  /** Visit the interop daemons instead of embedded servers. */
  real?: boolean;
  /** With `real`: test/daemons/config.env (default: found from `cwd` upwards). */
  config?: string;
  /** With `real`: up.sh's state directory (default $INETLIB_DAEMONS_DIR or /tmp/inetlib-daemons). */
  stateDir?: string;
  /** Visit these targets instead (neither embedded servers nor daemons are looked for). */
  targets?: TourTargets;
  /** Only these steps, by name. */
  only?: readonly string[];
  /** Seconds each wait may take (default 10). */
  timeout?: number;
  cwd?: string;
  signal?: AbortSignal;
  /**
   * How the inetlib command is run where the tour is read (default "inetlib"; "pnpm inetlib" in
   * the repository), for the `$ ...` lines shown when the servers outlive the tour (`real`).
   */
  command?: string;
}

/** StepResult is how one step went. */
export interface StepResult {
  name: string;
  ok: boolean;
  /** The failure's one-line message and exit class, when it failed. */
  error: string | null;
  code: number;
  ms: number;
}

/** runTour runs the tour and tells how each step went; it throws only when it cannot start. */
export async function runTour(options: TourOptions = {}): Promise<StepResult[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const steps = pick(options.only);
  const started = Date.now();
  let local: Awaited<ReturnType<typeof startLocal>> | null = null;
  let targets = options.targets;
  if (!targets && options.real) {
    const config = options.config ?? findDaemonsConfig(options.cwd ?? process.cwd());
    if (!config) throw usage("test/daemons/config.env not found: run the real tour from the repository");
    targets = realTargets(
      config,
      options.stateDir ?? (process.env.INETLIB_DAEMONS_DIR || "/tmp/inetlib-daemons"),
    );
  }
  if (!targets) {
    local = await startLocal();
    targets = local.targets;
  }
  const results: StepResult[] = [];
  try {
    log(`inetlib protocol tour: ${targets.where}`);
    for (const step of steps) {
      log("");
      log(`== ${step.title}`);
      const t0 = Date.now();
      try {
        const command = local ? null : (options.command ?? "inetlib");
        await step.run(targets, makeShow(log, options.timeout ?? 10, options.signal, command));
        results.push({ name: step.name, ok: true, error: null, code: 0, ms: Date.now() - t0 });
      } catch (err) {
        const failure = classify(err);
        log(`  !! ${step.name} failed: ${failure.message}`);
        results.push({
          name: step.name,
          ok: false,
          error: failure.message,
          code: failure.code,
          ms: Date.now() - t0,
        });
        if (options.signal?.aborted) break;
      }
    }
  } finally {
    await local?.close();
  }
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  log("");
  if (local)
    log(
      `The embedded servers are gone now; \`${options.command ?? "inetlib"} tour --real\` shows each step's inetlib command against the daemons, which stay up.`,
    );
  log(
    `tour ${failed.length ? `done with failures (${failed.join(", ")})` : "done"}: ${results.length} step${results.length === 1 ? "" : "s"} in ${((Date.now() - started) / 1000).toFixed(2)} s`,
  );
  return results;
}

function pick(only: readonly string[] | undefined): TourStep[] {
  if (!only || only.length === 0) return [...TOUR_STEPS];
  const unknown = only.filter((n) => !TOUR_STEPS.some((s) => s.name === n));
  if (unknown.length)
    throw usage(
      `no tour step ${unknown.join(", ")} (the steps: ${TOUR_STEPS.map((s) => s.name).join(", ")})`,
    );
  return TOUR_STEPS.filter((s) => only.includes(s.name));
}
