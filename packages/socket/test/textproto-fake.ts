// Test helpers for the textproto tests: a scripted ByteSource and ways to cut a transcript.
import type { ByteSource } from "../src/textproto/index.js";

/** FakeSource yields scripted chunks, each cut to the bufsize asked for (as recv does), then EOF. */
export class FakeSource implements ByteSource {
  #chunks: (Buffer | Error)[];
  #next = 0;
  /** The bufsize of every recv() call, in order. */
  readonly asked: number[] = [];

  constructor(chunks: (Uint8Array | string | Error)[]) {
    this.#chunks = chunks.map((c) =>
      c instanceof Error ? c : typeof c === "string" ? Buffer.from(c, "latin1") : Buffer.from(c),
    );
  }

  async recv(bufsize: number): Promise<Buffer> {
    this.asked.push(bufsize);
    const next = this.#chunks[this.#next];
    if (next === undefined) return Buffer.alloc(0);
    this.#next++;
    if (next instanceof Error) throw next;
    if (next.length > bufsize) this.#chunks[--this.#next] = next.subarray(bufsize);
    return next.subarray(0, bufsize);
  }

  /** Hands over the next chunk as already received (the fast path) when `when(index)` allows. */
  bufferedWhen(when: (index: number) => boolean): this {
    this.#buffered = when;
    return this;
  }

  #buffered: ((index: number) => boolean) | null = null;

  _recvBuffered(bufsize: number): Buffer {
    const next = this.#chunks[this.#next];
    if (!this.#buffered || next === undefined || next instanceof Error || !this.#buffered(this.#next))
      return Buffer.alloc(0);
    this.#next++;
    if (next.length > bufsize) this.#chunks[--this.#next] = next.subarray(bufsize);
    return next.subarray(0, bufsize);
  }

  /** Chunks not yet received. */
  get left(): number {
    return this.#chunks.slice(this.#next).reduce((n, c) => n + (c instanceof Error ? 0 : c.length), 0);
  }
}

/**
 * Every way of delivering `data` the split tests use: whole, as two chunks cut at every byte
 * position, and one byte at a time.
 */
export function deliveries(data: string | Buffer): { name: string; chunks: Buffer[] }[] {
  const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  const out: { name: string; chunks: Buffer[] }[] = [{ name: "whole", chunks: [bytes] }];
  for (let i = 1; i < bytes.length; i++)
    out.push({ name: `split at ${i}`, chunks: [bytes.subarray(0, i), bytes.subarray(i)] });
  out.push({ name: "1-byte chunks", chunks: [...bytes].map((b) => Buffer.from([b])) });
  return out;
}

/** Cuts `data` at the given positions (sorted, deduplicated, clamped). */
export function cut(data: Buffer, positions: number[]): Buffer[] {
  const points = [...new Set(positions.map((p) => Math.max(0, Math.min(data.length, p))))].sort(
    (a, b) => a - b,
  );
  const out: Buffer[] = [];
  let start = 0;
  for (const p of [...points, data.length]) {
    if (p > start) out.push(data.subarray(start, p));
    start = p;
  }
  return out;
}

export const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");
export const text = (b: Uint8Array): string => Buffer.from(b).toString("latin1");
