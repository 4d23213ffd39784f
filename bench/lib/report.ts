// The report as markdown: the ratios with their targets first (where inetlib stands), then every
// client's measurements, then what was left out and the machine. Also the progress lines.

import type {
  ClientKind,
  ClientResult,
  ClientSpec,
  Ratio,
  Report,
  Workload,
  WorkloadResult,
} from "./model.js";
import type { Run } from "./spawn.js";

const PEER_COLUMNS: { kind: ClientKind; title: string }[] = [
  { kind: "raw", title: "vs raw node:net" },
  { kind: "curl", title: "vs curl" },
  { kind: "python", title: "vs Python stdlib" },
  { kind: "node", title: "vs Node peer" },
];

/** rate is how a client's median reads: throughput for bulk work, operations per second otherwise. */
export function rate(w: Pick<WorkloadResult, "group" | "expect">, seconds: number): string {
  if (w.group !== "chatty" && w.expect.bytes) return `${(w.expect.bytes / seconds / 1e9).toFixed(2)} GB/s`;
  return `${Math.round(w.expect.ops / seconds).toLocaleString("en")} ops/s`;
}

function secs(s: number): string {
  return s >= 10
    ? `${s.toFixed(1)} s`
    : s >= 1
      ? `${s.toFixed(2)} s`
      : `${(s * 1000).toFixed(s < 0.1 ? 1 : 0)} ms`;
}

/** progressLine is printed after each run. */
export function progressLine(w: Workload, c: ClientSpec, round: number, run: Run): string {
  const r = rate({ group: w.group, expect: w.expect }, run.seconds);
  return `    r${round} ${c.label.padEnd(38)} ${secs(run.seconds).padStart(9)} ${r.padStart(14)} ${(run.rssKiB / 1024).toFixed(0).padStart(5)} MiB`;
}

function ratioCell(r: Ratio | undefined): string {
  if (!r) return "—";
  const v = `${r.value >= 10 ? r.value.toFixed(0) : r.value.toFixed(2)}×`;
  if (r.targets.length === 0) return v;
  const each = r.targets.map((t) => `${t.met ? "✅" : "❌"} ≥ ${t.atLeast}${t.form ? ` ${t.form}` : ""}`);
  return `${v} (${each.join(", ")})`;
}

/** ratioTable: one row per inetlib client of each workload, a column per kind of peer. */
export function ratioTable(report: Report): string {
  const rows = [
    `| workload | inetlib client | ${PEER_COLUMNS.map((p) => p.title).join(" | ")} | inetlib peak RSS |`,
    `|---|---|${PEER_COLUMNS.map(() => "---|").join("")}---|`,
  ];
  for (const w of report.workloads) {
    if (w.group === "reference") continue;
    const ours = w.clients.filter((c) => c.kind === "inetlib");
    for (const c of ours) {
      const cells = PEER_COLUMNS.map((p) => {
        // One peer of each kind per workload: the ratio against it.
        const r = w.ratios.find((x) => x.inetlib === c.id && x.peerKind === p.kind);
        return ratioCell(r);
      });
      let rss = c.peakRssMiB === null ? "—" : `${c.peakRssMiB.toFixed(0)} MiB`;
      if (w.rssTargetMiB !== null && c.peakRssMiB !== null)
        rss = `${c.peakRssMiB < w.rssTargetMiB ? "✅" : "❌"} ${rss} (< ${w.rssTargetMiB})`;
      const state = c.seconds ? c.label : `${c.label}: **failed** (${c.failures[0] ?? "no run"})`;
      rows.push(`| ${w.title} | ${state} | ${cells.join(" | ")} | ${rss} |`);
    }
  }
  return rows.join("\n");
}

/** measurementTable: every client of every workload, median with min and max, rate and RSS. */
export function measurementTable(report: Report): string {
  const rows = [
    "| workload | client | median | min – max | median rate | peak RSS | runs |",
    "|---|---|---:|---:|---:|---:|---|",
  ];
  for (const w of report.workloads) {
    for (const c of w.clients) rows.push(measurementRow(w, c));
  }
  return rows.join("\n");
}

function measurementRow(w: WorkloadResult, c: ClientResult): string {
  const runs = `${c.runs.length} ok${c.failures.length ? `, ${c.failures.length} failed: ${c.failures[0]}` : ""}`;
  if (!c.seconds) return `| ${w.title} | ${c.label} | — | — | — | — | ${runs} |`;
  const s = c.seconds;
  return `| ${w.title} | ${c.label} | ${secs(s.median)} | ${secs(s.min)} – ${secs(s.max)} | ${rate(w, s.median)} | ${c.peakRssMiB!.toFixed(0)} MiB | ${runs} |`;
}

/** table is what the console shows at the end. */
export function table(report: Report): string {
  return `${ratioTable(report)}\n\n${measurementTable(report)}${leftOutText(report)}`;
}

function leftOutText(report: Report): string {
  const lines: string[] = [];
  if (report.leftOut.length) {
    lines.push("", "Left out of this run:", "");
    for (const l of report.leftOut) lines.push(`- ${l.title}: ${l.reason}`);
  }
  if (report.clientsLeftOut.length) {
    lines.push("", "Clients left out:", "");
    for (const l of report.clientsLeftOut) lines.push(`- ${l.workload}, ${l.client}: ${l.reason}`);
  }
  return lines.join("\n");
}

/** markdown is the whole report as a page. */
export function markdown(report: Report, svg: string): string {
  const m = report.machine;
  const out = [
    `# inetlib bench: ${report.mode} run of ${report.started.slice(0, 16).replace("T", " ")} UTC`,
    "",
    ...(report.finished
      ? []
      : ["**Not finished** (under way, or interrupted): the workloads measured so far.", ""]),
    `${report.rounds} rounds, clients interleaved (A B C A B C ...), each run a separate process; ` +
      `medians, with min and max below. A ratio is the peer's median time over inetlib's: ` +
      `above 1, inetlib is faster (more throughput, more operations per second). ` +
      `Targets (issue 16), beside each ratio: bulk ≥ curl and ≥ Python, under 100 MiB peak RSS for 1 GiB; ` +
      `chatty work against Python's stdlib, one target for the sequential Python-named call and one for ` +
      `inetlib's best form (pipelined or batched; the sequential client when there is no other), and ≥ the Node peer. ` +
      `The bare node:net client in each chatty workload is the Node floor: no parsing, the event loop's round trips only.`,
    "",
    `![ratios](${svg})`,
    "",
    "## Where inetlib stands",
    "",
    ratioTable(report),
    "",
    "## Measurements",
    "",
    measurementTable(report),
    "",
    "## Notes",
    "",
    ...report.workloads.filter((w) => w.note).map((w) => `- **${w.title}**: ${w.note}`),
    leftOutText(report),
    "",
    "## Machine",
    "",
    `${m.cpus} CPUs, ${m.memoryGiB.toFixed(0)} GiB; load average ${m.loadBefore.map((x) => x.toFixed(2)).join(" ")} before, ` +
      `${m.loadAfter.map((x) => x.toFixed(2)).join(" ")} after; ${report.wallSeconds.toFixed(0)} s in all.`,
    "",
    ...Object.entries(report.versions).map(([k, v]) => `- ${k}: ${v}`),
    "",
  ];
  return out.join("\n");
}
