// One exchange at a time on a control connection. ftplib's methods build on each other
// (retrbinary calls voidcmd, which calls putcmd, ...), so a call made while the connection's
// own call is running goes straight through; a call from elsewhere waits its turn.
import { AsyncLocalStorage } from "node:async_hooks";

const current = new AsyncLocalStorage<object>();
const noop = (): void => {};

/** CallLock serialises the calls of one owner (an FTP object). */
export class CallLock {
  readonly #owner: object;
  #chain: Promise<unknown> = Promise.resolve();
  /** Set while an async iterator holds the connection: calls from outside then fail at once. */
  #held: string | null = null;

  constructor(owner: object) {
    this.#owner = owner;
  }

  /** inside tells whether the caller runs within one of the owner's calls. */
  get inside(): boolean {
    return current.getStore() === this.#owner;
  }

  /**
   * run calls `fn` now when inside, else once every earlier call has settled. While the lock is
   * held (hold()), calls from outside fail with `busy(reason)` instead of waiting for ever.
   */
  run<T>(fn: () => Promise<T>, busy: (reason: string) => Error): Promise<T> {
    if (this.inside) return fn();
    if (this.#held !== null) return Promise.reject(busy(this.#held));
    const run = this.#chain.then(() => current.run(this.#owner, fn));
    this.#chain = run.catch(noop);
    return run;
  }

  /** within runs `fn` as if inside a call (for code holding the lock outside any call). */
  within<T>(fn: () => Promise<T>): Promise<T> {
    return current.run(this.#owner, fn);
  }

  /**
   * hold waits for the calls before it, then keeps the lock until the returned release() is
   * called; meanwhile other calls fail with `busy(reason)`. For async iterators, whose consumer
   * runs outside any call between items.
   */
  async hold(reason: string, busy: (reason: string) => Error): Promise<() => void> {
    if (this.#held !== null) throw busy(this.#held);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const before = this.#chain;
    this.#chain = before.then(() => gate);
    await before;
    this.#held = reason;
    return () => {
      this.#held = null;
      release();
    };
  }
}
