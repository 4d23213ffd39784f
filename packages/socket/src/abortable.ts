// A source a client pulls from (a streamed body, an upload) does not know the connection's
// AbortSignal: a slow producer would keep the operation alive, and sending, long after
// abort(). abortable() races each pull against the signal.
import { AbortError } from "./errors.js";

type Source<T> = Iterable<T> | AsyncIterable<T>;

/**
 * abortable yields what `source` yields until `signal` aborts, then throws AbortError at once,
 * even while `source` is still producing its next item (which is then told to stop, not waited
 * for). Without a signal it is `source` as an async iterable.
 */
export async function* abortable<T>(
  source: Source<T>,
  signal?: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  if (!signal) {
    yield* source;
    return;
  }
  const it: Iterator<T> | AsyncIterator<T> =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (source as Iterable<T>)[Symbol.iterator]();
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AbortError(undefined, { cause: signal.reason }));
  });
  aborted.catch(() => {});
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  let finished = false;
  try {
    for (;;) {
      const step = await Promise.race([Promise.resolve(it.next()), aborted]);
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    // A producer stuck in its own wait cannot be made to return now; it is told, not awaited.
    if (!finished) void Promise.resolve(it.return?.()).catch(() => {});
  }
}

/**
 * untilAborted settles as `promise` does, or rejects with AbortError as soon as one of the
 * signals aborts (the promise is left to settle on its own).
 */
export function untilAborted<T>(promise: Promise<T>, ...signals: Array<AbortSignal | undefined>): Promise<T> {
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  if (live.length === 0) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (event?: Event): void => {
      const signal = (event?.target as AbortSignal | undefined) ?? live.find((s) => s.aborted);
      cleanup();
      reject(new AbortError(undefined, { cause: signal?.reason }));
    };
    const cleanup = (): void => {
      for (const s of live) s.removeEventListener("abort", onAbort);
    };
    if (live.some((s) => s.aborted)) return onAbort();
    for (const s of live) s.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err: unknown) => {
        cleanup();
        reject(err);
      },
    );
  });
}
