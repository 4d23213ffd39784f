// A transfer in progress, from the moment the server said 1xx until both ends agree it is over.
//
// basic-ftp's lesson: the data connection's end of stream and the control connection's final
// reply are two events, in either order, and a transfer is done only when both came. While the
// data flows the control connection is watched, so that a server that gives up (426, 451, 552)
// stops the transfer at once instead of leaving the client waiting on a data connection that
// will never finish.
import { AbortError, type socket, untilAborted } from "@inetlib/socket";
import type { ControlSource } from "./control.js";
import { error_proto, error_reply } from "./errors.js";

/** Progress is what a progress callback receives after each block. */
export interface Progress {
  /** Bytes moved over the data connection so far in this transfer. */
  bytes: number;
  /** The size the 150 reply announced, or null. */
  size: number | null;
}

/** TransferOptions are the options every transfer method takes beyond Python's arguments. */
export interface TransferOptions {
  /**
   * Aborting cancels the transfer: ABOR is sent, the data connection closed, the replies read,
   * and the method rejects with AbortError; the control connection stays usable.
   */
  signal?: AbortSignal;
  /** Called after each block with the bytes so far. */
  progress?: (progress: Progress) => void;
}

/** TransferHost is what a Transfer needs of its FTP object (kept off the public API). */
export interface TransferHost {
  readonly control: ControlSource;
  /** getresp() without the lock: raises error_temp, error_perm, error_proto as Python's. */
  readReply(): Promise<string>;
  /** getmultiline() without the lock (abort's reply is not sorted into errors). */
  readMultiline(): Promise<string>;
  /** Sends ABOR as abort() does (in-band: Node cannot send TCP urgent data). */
  sendAbor(): Promise<void>;
  /** Makes the next control read wait for `reply` first, so replies stay paired with commands. */
  setPending(reply: Promise<unknown>): void;
  /** Holds the control connection's debug trace while data flows, so it prints after the data as in Python. */
  holdTrace(): void;
  /** Prints what was held and stops holding. */
  releaseTrace(): void;
  /** The transfer has ended (successfully or not). */
  done(transfer: Transfer): void;
}

type Outcome = { resp: string } | { error: unknown };

const noop = (): void => {};

/**
 * Transfer watches one data connection and the control connection together. The pump (the
 * loop moving the data) runs in the transfer method; the Transfer decides when it is over.
 */
export class Transfer {
  readonly conn: socket;
  readonly size: number | null;
  readonly options: TransferOptions;
  /** Bytes moved so far. */
  bytes = 0;
  /**
   * How many of the client's callbacks are running (a Promise one until it settles): calls to
   * the FTP object made meanwhile come from them, or could, and fail at once, since they would
   * wait for the transfer that waits for the callback.
   */
  callbacks = 0;
  #host: TransferHost;
  #reply: Promise<Outcome> | null = null;
  /** The server's failure, if it came while the data was still flowing. */
  #serverFailed: unknown = null;
  #aborting: Promise<string> | null = null;
  #onAbort: (() => void) | null = null;

  constructor(host: TransferHost, conn: socket, size: number | null, options: TransferOptions) {
    this.#host = host;
    this.conn = conn;
    this.size = size;
    this.options = options;
  }

  /** watching is true while the control connection is being watched (other commands must wait). */
  get watching(): boolean {
    return this.#reply !== null;
  }

  /** start begins watching the control connection and listening to the signal. */
  start(): void {
    const control = this.#host.control;
    control.patience = true;
    this.#host.holdTrace();
    this.#reply = this.#host.readReply().then(
      (resp): Outcome => ({ resp }),
      (error): Outcome => ({ error }),
    );
    void this.#reply.then((outcome) => {
      control.patience = null;
      const failed = "error" in outcome || !outcome.resp.startsWith("2");
      if (failed && this.#aborting === null) {
        this.#serverFailed = "error" in outcome ? outcome.error : new error_reply(outcome.resp);
        void this.conn.close();
      }
    });
    const signal = this.options.signal;
    if (signal) {
      this.#onAbort = () => void this.abort().catch(noop);
      if (signal.aborted) this.#onAbort();
      else signal.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  /** counted records moved bytes and reports progress. */
  counted(n: number): void {
    this.bytes += n;
    const progress = this.options.progress;
    if (!progress) return;
    this.callbacks++;
    try {
      progress({ bytes: this.bytes, size: this.size });
    } finally {
      this.callbacks--;
    }
  }

  /**
   * abort sends ABOR, closes the data connection and reads the replies: the transfer's own
   * (426 when it was cut short, 226 when it had finished) and then ABOR's. It returns the first,
   * as Python's abort() does, checked the same way (426, 225 or 226, else error_proto).
   */
  abort(): Promise<string> {
    this.#aborting ??= (async () => {
      this.#host.releaseTrace();
      await this.#host.sendAbor();
      await this.conn.close();
      const first = await this.#reply!;
      const resp = "resp" in first ? first.resp : replyText(first.error);
      if (resp === null) throw (first as { error: unknown }).error;
      await this.#host.readMultiline();
      if (!["426", "225", "226"].includes(resp.slice(0, 3))) throw new error_proto(resp);
      return resp;
    })();
    return this.#aborting;
  }

  /**
   * finish ends the transfer once the pump has stopped (with `pumpError` if it failed): it closes
   * the data connection and returns the final reply, which must be 2xx (Python's voidresp()).
   * A failure the server reported while the data flowed wins over the pump's error it caused;
   * a pump error of the client's own (its callback threw, the data connection timed out) is
   * thrown at once and the reply read later, before the next command's.
   */
  async finish(pumpError: unknown): Promise<string> {
    const control = this.#host.control;
    if (control.patience === true) control.patience = Date.now();
    this.#host.releaseTrace();
    this.#removeListener();
    try {
      // close() acts at once (an upload's end of stream goes out now); its Promise says only
      // that the descriptor is gone, a loop turn or two later. A successful transfer does not
      // keep its final reply waiting for that, as Python's close() returns once the kernel has
      // the socket; every other ending waits for it, as before.
      const closed = this.conn.close();
      if (this.#aborting || this.#serverFailed || pumpError) await closed;
      if (this.#aborting) {
        await this.#aborting.catch(noop);
        const reason = this.options.signal?.aborted ? this.options.signal.reason : undefined;
        throw new AbortError("The transfer was aborted", { cause: reason });
      }
      if (this.#serverFailed) throw this.#serverFailed;
      if (pumpError) {
        this.#host.setPending(this.#reply!);
        throw pumpError;
      }
      const outcome = await this.#reply!;
      if ("resp" in outcome && outcome.resp.startsWith("2")) return outcome.resp;
      await closed;
      if ("error" in outcome) throw outcome.error;
      throw new error_reply(outcome.resp);
    } finally {
      this.#host.done(this);
    }
  }

  #removeListener(): void {
    if (this.#onAbort) this.options.signal?.removeEventListener("abort", this.#onAbort);
    this.#onAbort = null;
  }
}

/** The reply text an ftplib error carries, or null for other errors. */
function replyText(error: unknown): string | null {
  const args = (error as { args?: unknown }).args;
  if (error instanceof Error && Array.isArray(args) && typeof args[0] === "string" && /^\d{3}/.test(args[0]))
    return args[0];
  return null;
}

/**
 * runTransfer starts watching, runs `pump` until it returns or throws, and finishes the
 * transfer: the final reply, or the error that ended it.
 */
export async function runTransfer(
  transfer: Transfer,
  pump: (t: Transfer) => Promise<void>,
  connectionSignal?: AbortSignal,
): Promise<string> {
  transfer.start();
  let pumpError: unknown = null;
  try {
    // A pump waiting on the caller's source (a slow upload) must not outlive an abort.
    await untilAborted(pump(transfer), transfer.options.signal, connectionSignal);
  } catch (err) {
    pumpError = err ?? new Error("transfer failed");
  }
  return transfer.finish(pumpError);
}
