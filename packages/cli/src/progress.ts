// A progress bar for long transfers, drawn on stderr only when it is a terminal and only once a
// transfer has run a moment (a small file finishes without one), redrawn at most ten times a second.
import type { Writable } from "node:stream";

/** ProgressOptions shape a Progress. */
export interface ProgressOptions {
  /** What is being transferred (the file name). */
  label: string;
  /** Total bytes when known. */
  total: number | null;
  /** Terminal columns. */
  columns: number;
  /** Milliseconds before the bar first appears (default 500). */
  delay?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Progress counts bytes and draws "label [####....]  45%  3.4 MiB / 8.0 MiB  12 MiB/s". */
export class Progress {
  readonly #out: Writable;
  readonly #o: ProgressOptions;
  readonly #now: () => number;
  readonly #start: number;
  #total: number | null;
  #done = 0;
  #drawnAt = -1;
  #shown = false;

  constructor(out: Writable, options: ProgressOptions) {
    this.#out = out;
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#start = this.#now();
    this.#total = options.total;
  }

  /** expect sets the total once the server has said it. */
  expect(total: number | null): void {
    this.#total = total;
  }

  /** add counts `n` more bytes, redrawing when it is time. */
  add(n: number): void {
    this.#done += n;
    const now = this.#now();
    if (now - this.#start < (this.#o.delay ?? 500)) return;
    if (this.#shown && now - this.#drawnAt < 100) return;
    this.#draw(now);
  }

  /** finish draws the last state and ends the line (nothing when the bar never appeared). */
  finish(): void {
    if (!this.#shown) return;
    this.#draw(this.#now());
    this.#out.write("\n");
  }

  #draw(now: number): void {
    this.#shown = true;
    this.#drawnAt = now;
    this.#out.write(
      `\r${renderProgress(this.#o.label, this.#done, this.#total, now - this.#start, this.#o.columns)}`,
    );
  }
}

/** renderProgress is one frame of the bar, fitted to `columns`. */
export function renderProgress(
  label: string,
  done: number,
  total: number | null,
  elapsedMs: number,
  columns: number,
): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const amount = total !== null ? `${bytes(done)} / ${bytes(total)}` : bytes(done);
  const tail = `${total !== null && total > 0 ? ` ${String(Math.floor((done * 100) / total)).padStart(3)}%` : ""}  ${amount}  ${bytes(rate)}/s`;
  const name = label.length > 24 ? `${label.slice(0, 23)}…` : label;
  const room = columns - name.length - tail.length - 4;
  let bar = "";
  if (total !== null && total > 0 && room >= 10) {
    const width = Math.min(room, 40);
    const filled = Math.min(width, Math.floor((done * width) / total));
    bar = ` [${"#".repeat(filled)}${".".repeat(width - filled)}]`;
  }
  return `${name}${bar}${tail}`.slice(0, Math.max(0, columns - 1)).padEnd(Math.max(0, columns - 1));
}

/** bytes writes a size for people: 512 B, 3.4 KiB, 12.0 MiB. */
export function bytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${units[i]}`;
}
