// One exchange at a time on a connection, without AsyncLocalStorage (whose promise hooks cost
// every promise of the process on Node 20). Python's clients build their methods on each other
// (sendmail on mail/rcpt/data, retrbinary on voidcmd, select on _simple_command): a client takes
// the lock once, at the public method, and its compositions call unlocked internals
// (`*_unlocked`), so the lock never needs to know which async context a call comes from.

/**
 * CallLock serialises the calls of one connection: an uncontended call starts at once, with no
 * promise of the lock's own beyond the one watching for its end; others wait in FIFO order.
 */
export class CallLock {
  #busy = false;
  #open = false;
  /** Set while an async iterator holds the connection (hold()): calls then fail at once. */
  #held: string | null = null;
  readonly #waiting: (() => void)[] = [];
  readonly #release = (): void => {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  };

  /** busy tells whether a call holds the lock. */
  get busy(): boolean {
    return this.#busy;
  }

  /** held tells whether an iterator holds the lock (hold()). */
  get held(): boolean {
    return this.#held !== null;
  }

  /** reentering tells whether a hook called by reenter() is running (synchronously). */
  get reentering(): boolean {
    return this.#open;
  }

  /**
   * run calls `fn` once every earlier call has settled. While an iterator holds the lock
   * (hold()), calls fail with `busy(reason)` instead of waiting for ever.
   */
  run<T>(fn: () => Promise<T>, busy?: (reason: string) => Error): Promise<T> {
    if (this.#open) return fn();
    if (this.#held !== null && busy) return Promise.reject(busy(this.#held));
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

  /**
   * reenter calls `hook`, a public method a subclass overrode (send, read, readline), from the
   * call holding the lock: what the hook calls before it returns or first awaits (typically
   * super.send()) runs at once. Only code the hook runs can execute in that synchronous
   * window, so no call from outside slips in.
   */
  reenter<T>(hook: () => T): T {
    const open = this.#open;
    this.#open = true;
    try {
      return hook();
    } finally {
      this.#open = open;
    }
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
