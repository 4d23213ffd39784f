// One exchange at a time on a control connection. ftplib's methods build on each other
// (retrbinary calls voidcmd, which calls putcmd, ...): here the public method takes the lock
// once and the compositions call the unlocked internals (_sendcmd_unlocked, ...), so the lock
// needs no idea of which async context a call comes from: no AsyncLocalStorage, whose promise
// hooks cost every promise of the process.

/**
 * CallLock serialises the calls of one connection: an uncontended call starts at once, with
 * no promise of the lock's own beyond the one watching for its end; others wait in FIFO order.
 */
export class CallLock {
  #busy = false;
  /** Set while an async iterator holds the connection: calls from outside then fail at once. */
  #held: string | null = null;
  readonly #waiting: (() => void)[] = [];
  readonly #release = (): void => {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  };

  /** held tells whether an iterator holds the lock (hold()). */
  get held(): boolean {
    return this.#held !== null;
  }

  /**
   * run calls `fn` once every earlier call has settled. While the lock is held (hold()), calls
   * fail with `busy(reason)` instead of waiting for ever.
   */
  run<T>(fn: () => Promise<T>, busy: (reason: string) => Error): Promise<T> {
    if (this.#held !== null) return Promise.reject(busy(this.#held));
    if (!this.#busy) return this.#start(fn);
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push(() => void this.#start(fn).then(resolve, reject));
    });
  }

  /**
   * hold waits for the calls before it, then keeps the lock until the returned release() is
   * called; meanwhile other calls fail with `busy(reason)`. For async iterators, whose consumer
   * runs outside any call between items.
   */
  async hold(reason: string, busy: (reason: string) => Error): Promise<() => void> {
    if (this.#held !== null) throw busy(this.#held);
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#busy = true;
    this.#held = reason;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held = null;
      this.#release();
    };
  }

  #start<T>(fn: () => Promise<T>): Promise<T> {
    this.#busy = true;
    let run: Promise<T>;
    try {
      run = fn();
    } catch (err) {
      this.#release();
      return Promise.reject(err);
    }
    run.then(this.#release, this.#release);
    return run;
  }
}
