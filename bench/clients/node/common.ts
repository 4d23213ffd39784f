// What every Node client program shares: its parameters (one JSON argument), a clock, and the
// one result line the runner reads. Each client is bundled and run as its own process so that
// /usr/bin/time -v sees only that client's memory.

/** Result is the last line a client prints: the measured seconds and what it moved. */
export interface Result {
  seconds: number;
  bytes?: number;
  ops?: number;
}

/** params reads the client's parameters from its first argument (JSON). */
export function params<T>(): T {
  return JSON.parse(process.argv[2] ?? "{}") as T;
}

// The first and the last reading of clock(): the measured window, which profile.ts uses to
// leave out start-up and shutdown (the same monotonic clock as V8's profiler timestamps).
let first: bigint | null = null;
let last: bigint | null = null;

/** clock is monotonic seconds. */
export function clock(): number {
  last = process.hrtime.bigint();
  first ??= last;
  return Number(last) / 1e9;
}

/**
 * main runs a client, prints its Result as one JSON line and exits: the exit ends whatever a
 * library keeps open (pools, idle sockets) without timing it.
 */
export function main(run: () => Promise<Result>): void {
  run().then(
    (result) => {
      const window = first !== null && last !== null ? [Number(first / 1000n), Number(last / 1000n)] : null;
      process.stdout.write(`${JSON.stringify({ ...result, window })}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** range(n, start) is start, start+1, ... start+n-1. */
export function range(n: number, start = 0): number[] {
  return Array.from({ length: n }, (_, i) => start + i);
}
