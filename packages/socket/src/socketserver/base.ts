// BaseServer: Python's socketserver request loop. Requests are handled concurrently as async
// tasks (what ThreadingMixIn does with threads); server_close() waits for them.
import { PyTuple, pyrepr } from "../debug.js";
import { BlockingIOError, OSError, TimeoutError, ValueError } from "../errors.js";
import type { AddressInfo } from "../socket.js";
import type { BaseRequestHandler } from "./handlers.js";

/** A handler class: constructed by the server for each request, then run (setup, handle, finish). */
export type RequestHandlerClass<R> = new (
  request: R,
  client_address: AddressInfo,
  server: BaseServer<R>,
) => BaseRequestHandler<R>;

type Outcome<R> = { ok: true; value: [R, AddressInfo] } | { ok: false; error: unknown };

/**
 * BaseServer is the request loop without a socket: serve_forever(), handle_request(),
 * shutdown(), and the hooks subclasses and users override (get_request, verify_request,
 * process_request, finish_request, shutdown_request, close_request, handle_error,
 * handle_timeout, service_actions). Hooks may return Promises; the server awaits them.
 */
export class BaseServer<R = unknown> implements AsyncDisposable {
  /** timeout: seconds handle_request() waits before handle_timeout(); null waits for ever. */
  timeout: number | null = null;
  /** block_on_close: server_close() waits for running handlers (ThreadingMixIn's default). */
  block_on_close = true;
  /** daemon_threads: when true, server_close() does not wait for running handlers. */
  daemon_threads = false;
  server_address: import("../socket.js").Address;
  RequestHandlerClass: RequestHandlerClass<R>;

  #tasks = new Set<Promise<void>>();
  #pending: Promise<Outcome<R>> | null = null;
  #serving: Promise<void> | null = null;
  #shutdownRequest = false;
  #wake: (() => void) | null = null;
  #wakeOnShutdown = false;
  #closed = false;

  constructor(server_address: import("../socket.js").Address, RequestHandlerClass: RequestHandlerClass<R>) {
    this.server_address = server_address;
    this.RequestHandlerClass = RequestHandlerClass;
  }

  /** server_activate(): called once bound, to start accepting (listen() for TCP). */
  server_activate(): void | Promise<void> {}

  /**
   * serve_forever(poll_interval=0.5): handles requests until shutdown() (or server_close()).
   * service_actions() runs after each request and every poll_interval seconds. The Promise
   * settles once the loop has stopped.
   */
  serve_forever(poll_interval = 0.5): Promise<void> {
    if (this.#serving) return Promise.reject(new ValueError("serve_forever() is already running"));
    const run = async () => {
      try {
        await this._beforeServing();
        while (!this.#shutdownRequest && !this.#closed) {
          const outcome = await this.#waitRequest(poll_interval, true);
          if (this.#shutdownRequest || this.#closed) break;
          if (outcome) await this.#handleOutcome(outcome);
          await this.service_actions();
        }
      } finally {
        this.#shutdownRequest = false;
        this.#serving = null;
      }
    };
    this.#serving = run();
    return this.#serving;
  }

  /** shutdown(): stops serve_forever(); resolves once it has returned (at once if it is not running). */
  async shutdown(): Promise<void> {
    const serving = this.#serving;
    if (!serving) return;
    this.#shutdownRequest = true;
    if (this.#wakeOnShutdown) this.#wake?.();
    await serving.catch(() => {});
  }

  /** service_actions(): called by the serve_forever() loop; override for periodic work. */
  service_actions(): void | Promise<void> {}

  /**
   * handle_request(): handles one request, waiting at most `timeout` (the smaller of
   * this.timeout and the socket's timeout); if none comes, calls handle_timeout().
   */
  async handle_request(): Promise<void> {
    await this._beforeServing();
    let timeout = this._socketTimeout();
    if (timeout === null) timeout = this.timeout;
    else if (this.timeout !== null) timeout = Math.min(timeout, this.timeout);
    const outcome = await this.#waitRequest(timeout, false);
    if (outcome) return this.#handleOutcome(outcome);
    return this.handle_timeout();
  }

  /** handle_timeout(): called when handle_request() waited `timeout` in vain. */
  handle_timeout(): void | Promise<void> {}

  /** verify_request(request, client_address): return false to refuse the request (it is shut down). */
  verify_request(_request: R, _client_address: AddressInfo): boolean | Promise<boolean> {
    return true;
  }

  /**
   * process_request(request, client_address): starts process_request_thread() as a task of its
   * own and returns, so that the next request is accepted at once. Override it with an async
   * method that awaits finish_request() and shutdown_request() to serve one request at a time.
   */
  process_request(request: R, client_address: AddressInfo): void | Promise<void> {
    const task = this.process_request_thread(request, client_address).catch((err: unknown) => {
      process.stderr.write(`Exception in socketserver task:\n${describe(err)}\n`);
    });
    this.#tasks.add(task);
    void task.finally(() => this.#tasks.delete(task));
  }

  /** process_request_thread(): finish_request(); handle_error() on failure; shutdown_request() always. */
  async process_request_thread(request: R, client_address: AddressInfo): Promise<void> {
    try {
      await this.finish_request(request, client_address);
    } catch (err) {
      await this.handle_error(request, client_address, err);
    } finally {
      await this.shutdown_request(request);
    }
  }

  /** server_close(): cleans up; waits for running handlers unless block_on_close is false or daemon_threads true. */
  async server_close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    const pending = this.#pending;
    this.#pending = null;
    // A request accepted while nobody was serving would otherwise never be closed.
    void pending?.then(async (o) => {
      if (o.ok) await this.shutdown_request(o.value[0]);
    });
    if (this.block_on_close && !this.daemon_threads) {
      while (this.#tasks.size > 0) await Promise.all([...this.#tasks]);
    }
  }

  /** finish_request(request, client_address): constructs RequestHandlerClass and runs it. */
  async finish_request(request: R, client_address: AddressInfo): Promise<void> {
    const handler = new this.RequestHandlerClass(request, client_address, this);
    await handler._run();
  }

  /** shutdown_request(request): shuts down and closes one request. */
  shutdown_request(request: R): void | Promise<void> {
    return this.close_request(request);
  }

  /** close_request(request): cleans up one request. */
  close_request(_request: R): void | Promise<void> {}

  /**
   * handle_error(request, client_address, error): prints the error to stderr as Python prints
   * the traceback, and the server goes on serving. `error` is what the handler threw (Python
   * reads it from sys.exc_info()).
   */
  handle_error(_request: R, client_address: AddressInfo, error?: unknown): void | Promise<void> {
    const address = pyrepr(Array.isArray(client_address) ? new PyTuple(client_address) : client_address);
    const rule = "-".repeat(40);
    process.stderr.write(
      `${rule}\nException occurred during processing of request from ${address}\n${describe(error)}\n${rule}\n`,
    );
  }

  /** get_request() -> [request, client_address]. Subclasses implement it. */
  get_request(): Promise<[R, AddressInfo]> {
    return Promise.reject(new TypeError(`${this.constructor.name} does not implement get_request()`));
  }

  /** fileno(): the listening descriptor, where Node exposes it. */
  fileno(): number {
    return -1;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.server_close();
  }

  /** Internal: the server socket's own timeout, which handle_request() honours too. */
  _socketTimeout(): number | null {
    return null;
  }

  /** Internal: runs before the loop serves (TCPServer binds a server constructed with bind_and_activate). */
  async _beforeServing(): Promise<void> {}

  /** Internal: the handlers running now. */
  get _active(): number {
    return this.#tasks.size;
  }

  // Waits for get_request() (started once and kept across waits, so nothing accepted is lost),
  // `timeout` seconds, or shutdown(). Null when no request came.
  async #waitRequest(timeout: number | null, wakeOnShutdown: boolean): Promise<Outcome<R> | null> {
    this.#pending ??= Promise.resolve()
      .then(() => this.get_request())
      .then(
        (value): Outcome<R> => ({ ok: true, value }),
        (error: unknown): Outcome<R> => ({ ok: false, error }),
      );
    const pending = this.#pending;
    let timer: NodeJS.Timeout | undefined;
    const waits: Promise<Outcome<R> | null>[] = [pending];
    if (timeout !== null) waits.push(new Promise((r) => (timer = setTimeout(() => r(null), timeout * 1000))));
    // server_close() wakes any wait; shutdown() only serve_forever's.
    waits.push(new Promise((r) => (this.#wake = () => r(null))));
    this.#wakeOnShutdown = wakeOnShutdown;
    try {
      const outcome = await Promise.race(waits);
      if (outcome === null) return null;
      this.#pending = null;
      // The socket's own timeout ran out: no request, as select() would have said.
      if (
        !outcome.ok &&
        (outcome.error instanceof TimeoutError || outcome.error instanceof BlockingIOError)
      ) {
        await new Promise((r) => setImmediate(r));
        return null;
      }
      return outcome;
    } finally {
      if (timer) clearTimeout(timer);
      this.#wake = null;
    }
  }

  // Python's _handle_request_noblock().
  async #handleOutcome(outcome: Outcome<R>): Promise<void> {
    if (!outcome.ok) {
      if (!(outcome.error instanceof OSError)) throw outcome.error;
      // Let I/O run before trying again, should the error repeat.
      await new Promise((r) => setImmediate(r));
      return;
    }
    const [request, client_address] = outcome.value;
    if (await this.verify_request(request, client_address)) {
      try {
        await this.process_request(request, client_address);
      } catch (err) {
        await this.handle_error(request, client_address, err);
        await this.shutdown_request(request);
      }
    } else {
      await this.shutdown_request(request);
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return `Error: ${String(err)}`;
}
