// Medians and ratios.
import type { ClientResult, Form, Ratio, Target } from "./model.js";

/** median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** summarize fills a client's median/min/max seconds and peak RSS from its runs. */
export function summarize(c: ClientResult): ClientResult {
  if (c.runs.length === 0) return { ...c, seconds: null, peakRssMiB: null };
  const secs = c.runs.map((r) => r.seconds);
  return {
    ...c,
    seconds: { median: median(secs), min: Math.min(...secs), max: Math.max(...secs) },
    peakRssMiB: Math.max(...c.runs.map((r) => r.rssKiB)) / 1024,
  };
}

/**
 * ratios compares every inetlib client with every peer that has a result: the peer's median
 * seconds over inetlib's, so 2 means inetlib does the job in half the time (twice the
 * throughput or operations per second). Each ratio carries the targets that hold it: those
 * without a form, those of its own form, and, where the workload has no best form of its own,
 * the best form's targets on the sequential client too.
 */
export function ratios(clients: readonly ClientResult[], targets: readonly Target[]): Ratio[] {
  const out: Ratio[] = [];
  const hasBest = clients.some((c) => c.form === "best");
  const holds = (form: Form | null, t: Target): boolean =>
    t.form === undefined || t.form === form || (t.form === "best" && !hasBest && form === "sequential");
  for (const ours of clients) {
    if (ours.kind !== "inetlib" || !ours.seconds) continue;
    for (const peer of clients) {
      if (peer.kind === "inetlib" || !peer.seconds) continue;
      const value = peer.seconds.median / ours.seconds.median;
      const held = targets
        .filter((t) => t.versus === peer.kind && holds(ours.form, t))
        .map((t) => ({ atLeast: t.atLeast, form: t.form ?? null, met: value >= t.atLeast }));
      out.push({
        inetlib: ours.id,
        peer: peer.id,
        peerKind: peer.kind,
        value,
        targets: held,
        target: held.length ? Math.max(...held.map((t) => t.atLeast)) : null,
        met: held.length ? held.every((t) => t.met) : null,
      });
    }
  }
  return out;
}
