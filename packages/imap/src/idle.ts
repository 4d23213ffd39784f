// Idler: Python 3.14's IMAP4.idle() (RFC 2177). Entering sends IDLE and waits for the "+";
// iterating yields the untagged responses that arrive, until `duration` runs out; exit sends
// DONE and waits for the tagged OK. Untagged responses go to the Idler, not to
// untagged_responses, while it runs; those not iterated over are put back there at exit.
import { pyrepr } from "@inetlib/socket";
import type { State } from "./commands.js";
import { _responsetimeout, type IdleResponse, type IMAP4Core } from "./core.js";
import { abort, error } from "./errors.js";
import { CRLF } from "./wire.js";

const DONE = Buffer.concat([Buffer.from("DONE"), CRLF]);

/**
 * Idler is an active IDLE. Iterate over it (for await) to get [typ, data] responses; the
 * iteration ends when `duration` seconds have passed since it started (never with null).
 * burst() gets a batch of responses arriving close together. Dispose of it (await using) or
 * call exit() to leave IDLE; other commands raise error until then.
 */
export class Idler implements AsyncIterableIterator<IdleResponse>, AsyncDisposable {
  readonly #imap: IMAP4Core;
  readonly #duration: number | null;
  #deadline: number | null = null;
  #tag: string | null = null;
  #saved: State | null = null;
  #done = false;

  constructor(imap: IMAP4Core, duration: number | null = null) {
    if (!imap.capabilities.includes("IDLE")) throw new error("Server does not support IMAP4 IDLE");
    if (duration !== null && !(duration >= 0)) throw new error(`invalid duration: ${duration}`);
    this.#imap = imap;
    this.#duration = duration;
  }

  /** enter sends IDLE and waits for the server's go-ahead (Python's __enter__). */
  enter(): Promise<this> {
    const imap = this.#imap;
    return imap._run("IDLE", async () => {
      if (imap.debug >= 4) imap._mesg(`idle start duration=${this.#duration ?? "None"}`);
      // Capture from before IDLE goes out: responses arriving ahead of the "+" are delivered too.
      imap._idle_capture = true;
      try {
        const tag = await imap._command_unlocked("IDLE");
        this.#tag = tag;
        for (
          let resp = await imap._get_response_unlocked();
          resp !== null;
          resp = await imap._get_response_unlocked()
        ) {
          const result = imap.tagged_commands.get(tag);
          if (result) {
            imap.tagged_commands.delete(tag);
            const [typ, data] = result;
            if (typ === "NO") throw new error(`idle denied: ${pyrepr(data)}`);
            throw new abort(`unexpected status response: ${pyrepr(resp)}`);
          }
        }
        if (imap.debug >= 4) imap._mesg(`idle continuation prompt: ${pyrepr(imap.continuation_response)}`);
      } catch (err) {
        imap._idle_capture = false;
        throw err;
      }
      if (this.#duration !== null) this.#deadline = performance.now() + this.#duration * 1000;
      this.#saved = imap.state;
      imap.state = "IDLING";
      imap._idler = this;
      return this;
    });
  }

  /**
   * exit sends DONE and waits for IDLE's completion (Python's __exit__). Responses not
   * iterated over are appended to untagged_responses. Calling it again does nothing.
   */
  async exit(): Promise<void> {
    if (this.#done || this.#saved === null) return;
    this.#done = true;
    const imap = this.#imap;
    const tag = this.#tag!;
    if (imap._idler === this) imap._idler = null;
    // DONE goes out at once, not under the lock: an iteration waiting for a response holds the
    // lock until the server answers, which it does only to DONE. A server that ended IDLE
    // itself (its tagged OK came) must not get a DONE it would take for a command.
    const done = imap.tagged_commands.get(tag) ? null : imap._send_unlocked(DONE);
    done?.catch(() => {});
    await imap._exclusive(async () => {
      if (imap.debug >= 4) imap._mesg("idle done");
      imap.state = this.#saved!;
      imap._idle_capture = false;
      const leftovers = imap._idle_responses.splice(0);
      if (leftovers.length > 0 && imap.debug >= 4)
        imap._mesg(`idle quit with ${leftovers.length} leftover responses`);
      for (const [typ, data] of leftovers) for (const datum of data) imap._append_untagged(typ, datum);
      // A server that ended IDLE itself (its tagged OK came) must not get a DONE it would take for a command.
      await done;
      const [status, msg] = await imap._command_complete_unlocked("IDLE", tag);
      if (imap.debug >= 4) imap._mesg(`idle status: ${status} ${pyrepr(msg[0])}`);
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.exit();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** next returns the next response, or ends the iteration when `duration` has run out. */
  async next(): Promise<IteratorResult<IdleResponse, undefined>> {
    const timeout = this.#deadline === null ? null : (this.#deadline - performance.now()) / 1000;
    const resp = await this._pop(timeout);
    if (resp === null) {
      if (this.#imap.debug >= 4) this.#imap._mesg("idle iterator exhausted");
      return { done: true, value: undefined };
    }
    return { done: false, value: resp };
  }

  /**
   * burst yields a response, then every further one that arrives within `interval` seconds of
   * the last: a batch to act on at once.
   *
   *	const batch = [];
   *	for await (const response of idler.burst()) batch.push(response);
   */
  async *burst(interval = 0.1): AsyncGenerator<IdleResponse, void, undefined> {
    const first = await this.next();
    if (first.done) return;
    yield first.value;
    for (let resp = await this._pop(interval); resp !== null; resp = await this._pop(interval)) yield resp;
  }

  /**
   * _pop returns the next response, waiting at most `timeout` seconds (null: no limit), or
   * null when none came (or the server ended IDLE).
   */
  async _pop(timeout: number | null): Promise<IdleResponse | null> {
    const imap = this.#imap;
    if (imap.state !== "IDLING") throw new error("_pop() only works during IDLE");
    const queued = imap._idle_responses.shift();
    if (queued) return queued;
    const deadline = timeout === null ? null : performance.now() + timeout * 1000;
    for (;;) {
      const left = deadline === null ? null : (deadline - performance.now()) / 1000;
      if (left !== null && left <= 0) return null;
      try {
        await imap._get_response(left);
      } catch (err) {
        if (err instanceof _responsetimeout) return null;
        throw err;
      }
      const resp = imap._idle_responses.shift();
      if (resp) return resp;
      if (imap.tagged_commands.get(this.#tag!)) return null;
    }
  }
}
