// One exchange at a time on a connection. imaplib's commands build on each other (select()
// runs _simple_command(), which reads with _get_response(), ...): here the public method takes
// the lock once and the compositions call the unlocked internals (_simple_command_unlocked,
// _get_response_unlocked, ...), so the lock needs no idea of which async context a call comes
// from: no AsyncLocalStorage, whose promise hooks cost every promise of the process.

/**
 * Lock runs calls one after another. An uncontended call starts at once, without a promise of
 * the lock's own beyond the one watching for its end; a contended call waits in a FIFO queue.
 */
export class Lock {
  #busy = false;
  #open = false;
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

  /** reentering tells whether a hook called by reenter() is running (synchronously). */
  get reentering(): boolean {
    return this.#open;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#open) return fn();
    if (!this.#busy) return this.#start(fn);
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push(() => void this.#start(fn).then(resolve, reject));
    });
  }

  /**
   * reenter calls `hook`, a public method a subclass overrode (read, readline, send), from the
   * call holding the lock: what the hook calls before it returns or first awaits (typically
   * super.readline()) runs at once. Only code the hook runs can execute in that synchronous
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
