// The workloads of issue 13, for --quick and for the full run. Every client does the same job on
// the same daemon; each is a separate process (see spawn.ts).
import { seeded } from "../../test/interop/env.js";
import type { Workload } from "./model.js";
import type { TempDir } from "./scratch.js";
import { messageWorkloads } from "./workloads-messages.js";
import { transferWorkloads } from "./workloads-transfer.js";

/** Sizes and counts of one mode. */
export interface Plan {
  rounds: number;
  bulkSizes: ("100m" | "1g")[];
  listCount: number;
  smallCount: number;
  httpCount: number;
  smtpCount: number;
  pop3Count: number;
  imapCount: number;
  articleCount: number;
  gopherCount: number;
}

/** The full run: issue 13's sizes. */
export const FULL: Plan = {
  rounds: 5,
  bulkSizes: ["100m", "1g"],
  listCount: 20,
  smallCount: 200,
  httpCount: 10_000,
  smtpCount: 1_000,
  pop3Count: 1_000,
  imapCount: seeded.bulkMessages,
  articleCount: 500,
  gopherCount: 1_000,
};

/** --quick: CI proves the harness works in well under two minutes. */
export const QUICK: Plan = {
  rounds: 2,
  bulkSizes: ["100m"],
  listCount: 3,
  smallCount: 50,
  httpCount: 1_000,
  smtpCount: 100,
  pop3Count: 200,
  imapCount: seeded.bulkMessages,
  articleCount: 20,
  gopherCount: 100,
};

/** workloads lists every workload of the plan, in the order they run. */
export function workloads(plan: Plan, tmp: TempDir): Workload[] {
  return [...transferWorkloads(plan, tmp), ...messageWorkloads(plan, tmp)];
}
