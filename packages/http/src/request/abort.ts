// urlopen's AbortSignal for the handlers whose libraries do not take one per call (FTP over a
// cached connection, file:): abort runs the handler's cleanup, which closes the sockets or
// streams, and the call rejects at once with AbortError.
import { AbortError } from "@inetlib/socket";

/** throwIfAborted(signal): AbortError (its cause the signal's reason) when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | null | undefined): void {
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
}

/**
 * abortable(signal, work, onAbort, dispose): work's result, or AbortError as soon as the signal
 * aborts; then onAbort() is called (to close what work is waiting on), and a result that
 * arrives anyway is given to dispose().
 */
export async function abortable<T>(
  signal: AbortSignal | null | undefined,
  work: () => Promise<T>,
  onAbort: () => unknown,
  dispose: (value: T) => unknown = () => {},
): Promise<T> {
  throwIfAborted(signal);
  const running = work();
  if (!signal) return running;
  let listener: (() => void) | null = null;
  const aborted = new Promise<never>((_, reject) => {
    listener = () => {
      reject(new AbortError(undefined, { cause: signal.reason }));
      void Promise.resolve()
        .then(onAbort)
        .catch(() => {});
      running.then(dispose, () => {}).catch(() => {});
    };
    signal.addEventListener("abort", listener, { once: true });
  });
  try {
    return await Promise.race([running, aborted]);
  } finally {
    if (listener) signal.removeEventListener("abort", listener);
    running.catch(() => {});
  }
}
