// One exchange at a time on a connection, with Python's call structure kept: sendmail() calls
// mail() and rcpt() as in smtplib, and those calls must not wait for the lock sendmail() holds.
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * ReentrantLock runs calls one after another; a call made from inside a running one (in the
 * same async context) runs at once instead of queueing behind its caller.
 */
export class ReentrantLock {
  #tail: Promise<unknown> = Promise.resolve();
  readonly #held = new AsyncLocalStorage<true>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#held.getStore()) return fn();
    const start = () => this.#held.run(true, fn);
    const run = this.#tail.then(start, start);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
