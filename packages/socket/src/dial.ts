// The connecting half of a stream socket: one outgoing connection with Python's timeout meaning.
import net from "node:net";
import { AbortError, fromNodeError, TimeoutError } from "./errors.js";

/**
 * dial connects with `options`. timeout null waits for ever; a number of seconds raises
 * TimeoutError; 0 also waits, where Python would raise EINPROGRESS and let the connection go
 * on: a Promise can simply wait for it. Aborting `signal` cancels with AbortError.
 */
export async function dial(
  options: net.NetConnectOpts,
  timeout: number | null,
  signal?: AbortSignal,
): Promise<net.Socket> {
  const conn = net.connect(options);
  try {
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (err?: Error) => {
        if (timer) clearTimeout(timer);
        conn.off("connect", onConnect);
        conn.off("error", onError);
        signal?.removeEventListener("abort", onAbort);
        if (err) reject(err);
        else resolve();
      };
      const onConnect = () => finish();
      const onError = (err: Error) => finish(fromNodeError(err));
      const onAbort = () => finish(new AbortError(undefined, { cause: signal?.reason }));
      conn.once("connect", onConnect);
      conn.once("error", onError);
      signal?.addEventListener("abort", onAbort, { once: true });
      if (timeout !== null && timeout > 0)
        timer = setTimeout(() => finish(new TimeoutError()), timeout * 1000);
    });
  } catch (err) {
    conn.destroy();
    throw err;
  }
  return conn;
}
