// The shapes the bench is made of: workloads, their clients, the targets, and the results.
import type { OutputFormat, Run } from "./spawn.js";

/** Who a client is: ours, or which kind of peer. */
export type ClientKind = "inetlib" | "python" | "curl" | "node" | "raw";

/** ClientSpec is one program a workload runs and how. */
/**
 * Form is which way of doing the job an inetlib client is: `sequential`, the Python-named call
 * in a loop as a ported script does it; `best`, the fastest form inetlib offers (pipelined,
 * batched). A workload whose only inetlib client is sequential holds it to both.
 */
export type Form = "sequential" | "best";

export interface ClientSpec {
  /** Unique within the workload: "inetlib", "inetlib-pipelined", "python", "curl", "basic-ftp", "raw". */
  id: string;
  /** What the table shows: "inetlib retrbinary()", "Python ftplib", ... */
  label: string;
  kind: ClientKind;
  /** inetlib clients: which form (default: "sequential" for id "inetlib", "best" for the others). */
  form?: Form;
  argv: string[];
  format: OutputFormat;
  /** The bundled Node program this client needs (left out, with a note, when it did not build). */
  program?: string;
  /** Run before each of this client's runs, outside the measurement (resetting a server's throttle). */
  before?: () => Promise<void>;
  /** Run after each of this client's runs, outside the measurement (restoring flags). */
  after?: () => Promise<void>;
}

/** Target is what an inetlib client should reach against one kind of peer (ratio = peer time / inetlib time). */
export interface Target {
  versus: ClientKind;
  atLeast: number;
  /** Which inetlib form it holds (issue 16: sequential and best have targets of their own); unset: every client. */
  form?: Form;
}

/** Workload is one job every client does the same way, on the same daemon. */
export interface Workload {
  id: string;
  title: string;
  /** bulk: reported as throughput; chatty: as operations per second. */
  group: "bulk" | "chatty" | "reference";
  /** The daemon it runs against (checked before, the workload is left out when it does not answer). */
  daemon: { name: string; port: number } | null;
  /** What every run must have moved, so a broken client cannot post a fantastic number. */
  expect: { bytes?: number; ops: number };
  clients: ClientSpec[];
  targets: Target[];
  /** Peak RSS every inetlib client must stay under, in MiB. */
  rssTargetMiB?: number;
  /** Said under the table. */
  note?: string;
  /** Before the first round (preparing scratch files); a string returned leaves the workload out, saying why. */
  setup?: () => Promise<unknown>;
  /** After the last round (removing scratch files, restoring state). */
  teardown?: () => Promise<void>;
}

/** ClientResult is what one client did over the rounds. */
export interface ClientResult {
  id: string;
  label: string;
  kind: ClientKind;
  /** inetlib clients only: the form it measures. */
  form: Form | null;
  runs: Run[];
  failures: string[];
  /** Median, best and worst seconds of the successful runs (null when none succeeded). */
  seconds: { median: number; min: number; max: number } | null;
  /** The highest peak RSS over the runs, MiB. */
  peakRssMiB: number | null;
}

/** Ratio compares one inetlib client with one peer: the peer's median time over inetlib's (higher is better). */
export interface Ratio {
  inetlib: string;
  peer: string;
  peerKind: ClientKind;
  value: number;
  /** Each target this ratio is held to, with the form it comes from. */
  targets: { atLeast: number; form: Form | null; met: boolean }[];
  /** The strictest of `targets` (null when none). */
  target: number | null;
  /** Every target met (null when none). */
  met: boolean | null;
}

/** WorkloadResult is a workload's clients and ratios. */
export interface WorkloadResult {
  id: string;
  title: string;
  group: Workload["group"];
  expect: Workload["expect"];
  clients: ClientResult[];
  ratios: Ratio[];
  rssTargetMiB: number | null;
  note: string | null;
}

/** Report is a whole run of the bench. */
export interface Report {
  mode: "quick" | "full";
  rounds: number;
  started: string;
  wallSeconds: number;
  machine: { cpus: number; memoryGiB: number; loadBefore: number[]; loadAfter: number[] };
  versions: Record<string, string>;
  workloads: WorkloadResult[];
  /** Workloads left out and why (a package not landed, a daemon not answering). */
  leftOut: { id: string; title: string; reason: string }[];
  /** Clients left out of workloads that ran, and why. */
  clientsLeftOut: { workload: string; client: string; reason: string }[];
  /** False while the run is under way, and in the report of an interrupted run. */
  finished: boolean;
}
