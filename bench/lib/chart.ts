// The chart of the ratios, as SVG written by hand: one bar per (inetlib client, peer) pair,
// on a log scale centred on 1 (left of the line: the peer is faster), coloured by whether the
// target for that peer is met, with the target drawn as a tick.
import type { ClientKind, Report } from "./model.js";

const W = 1100;
const LEFT = 420;
const RIGHT = 230;
const ROW = 18;
const HEAD = 22;
const TOP = 70;
const MIN = 0.1;
const MAX = 100;

const COLORS = { met: "#2e8b57", missed: "#d0453b", none: "#6f8fb5" };

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function x(v: number): number {
  const c = Math.min(MAX, Math.max(MIN, v));
  return (
    LEFT + ((Math.log10(c) - Math.log10(MIN)) / (Math.log10(MAX) - Math.log10(MIN))) * (W - LEFT - RIGHT)
  );
}

const KIND: Record<ClientKind, string> = {
  raw: "raw node:net",
  curl: "curl",
  python: "Python",
  node: "Node peer",
  inetlib: "inetlib",
};

/** chart draws every ratio of the report. */
export function chart(report: Report): string {
  const body: string[] = [];
  let y = TOP;
  for (const w of report.workloads) {
    for (const ours of w.clients.filter((c) => c.kind === "inetlib")) {
      const order: ClientKind[] = ["raw", "curl", "python", "node"];
      const rs = w.ratios
        .filter((r) => r.inetlib === ours.id)
        .sort((a, b) => order.indexOf(a.peerKind) - order.indexOf(b.peerKind));
      body.push(
        `<text x="8" y="${y + 14}" font-weight="bold">${esc(w.title)}${w.clients.filter((c) => c.kind === "inetlib").length > 1 ? ` · ${esc(ours.label)}` : ""}</text>`,
      );
      if (w.rssTargetMiB !== null && ours.peakRssMiB !== null) {
        const ok = ours.peakRssMiB < w.rssTargetMiB;
        body.push(
          `<text x="${W - RIGHT + 8}" y="${y + 14}" fill="${ok ? COLORS.met : COLORS.missed}">peak RSS ${ours.peakRssMiB.toFixed(0)} MiB (target &lt; ${w.rssTargetMiB})</text>`,
        );
      }
      y += HEAD;
      if (rs.length === 0) {
        body.push(
          `<text x="24" y="${y + 12}" fill="#a00">${esc(ours.seconds ? "no peer to compare with" : "failed")}</text>`,
        );
        y += ROW;
      }
      for (const r of rs) {
        const peer = w.clients.find((c) => c.id === r.peer)!;
        const color = r.met === null ? COLORS.none : r.met ? COLORS.met : COLORS.missed;
        const x0 = x(1);
        const x1 = x(r.value);
        const value = `${r.value >= 10 ? r.value.toFixed(0) : r.value.toFixed(2)}×`;
        const target = r.target === null ? "" : ` (target ≥ ${r.target})`;
        body.push(
          `<text x="24" y="${y + 13}">vs ${esc(KIND[r.peerKind])}: ${esc(peer.label)}</text>`,
          `<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y + 3}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${ROW - 6}" fill="${color}"/>`,
        );
        if (r.target !== null)
          body.push(
            `<line x1="${x(r.target).toFixed(1)}" x2="${x(r.target).toFixed(1)}" y1="${y + 1}" y2="${y + ROW - 1}" stroke="#111" stroke-width="2"/>`,
          );
        body.push(`<text x="${W - RIGHT + 8}" y="${y + 13}">${value}${esc(target)}</text>`);
        y += ROW;
      }
      y += 6;
    }
  }
  for (const l of report.leftOut) {
    body.push(`<text x="8" y="${y + 14}" fill="#777">${esc(l.title)}: left out (${esc(l.reason)})</text>`);
    y += ROW;
  }
  const height = y + 30;
  const grid: string[] = [];
  for (const v of [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]) {
    const gx = x(v).toFixed(1);
    grid.push(
      `<line x1="${gx}" x2="${gx}" y1="${TOP - 6}" y2="${y}" stroke="${v === 1 ? "#333" : "#ddd"}" stroke-width="${v === 1 ? 1.5 : 1}"/>`,
      `<text x="${gx}" y="${TOP - 10}" text-anchor="middle" fill="#555">${v}×</text>`,
    );
  }
  const legend = [
    [COLORS.met, "target met"],
    [COLORS.missed, "target missed"],
    [COLORS.none, "no target"],
  ]
    .map(
      ([c, t], i) =>
        `<rect x="${LEFT + i * 130}" y="12" width="12" height="12" fill="${c}"/><text x="${LEFT + i * 130 + 18}" y="23">${t}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title">
<title id="title">inetlib / peer: the ratio of every inetlib client to every peer, ${report.mode} run of ${report.started.slice(0, 10)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="8" y="23" font-size="14" font-weight="bold">inetlib / peer (${report.mode}, ${report.started.slice(0, 10)})</text>
${legend}<line x1="${LEFT + 3 * 130}" x2="${LEFT + 3 * 130}" y1="11" y2="25" stroke="#111" stroke-width="2"/><text x="${LEFT + 3 * 130 + 8}" y="23">target</text>
<text x="8" y="45" fill="#555">peer's median time ÷ inetlib's, log scale: right of 1× inetlib is faster; clipped at ${MIN}× and ${MAX}×</text>
${grid.join("\n")}
${body.join("\n")}
</svg>
`;
}
