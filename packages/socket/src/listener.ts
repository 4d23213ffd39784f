// The listening half of a stream socket. bind() listens at once (so that port 0 is assigned and
// reserved, as the kernel does), and Node accepts every connection as it arrives: they wait
// here, paused, until accept() takes them, as they would wait in the kernel's backlog.
import net from "node:net";
import { fromNodeError, oserror, TimeoutError } from "./errors.js";

export class Listener {
  readonly server: net.Server;
  #queue: net.Socket[] = [];
  #error: Error | null = null;
  #waiters = new Set<() => void>();

  private constructor(server: net.Server) {
    this.server = server;
    server.on("connection", (conn: net.Socket) => {
      this.#queue.push(conn);
      this.#wake();
    });
    server.on("error", (err) => this.fail(fromNodeError(err)));
  }

  /** open listens on `target`; bind errors (EADDRINUSE, ...) reject. */
  static async open(target: net.ListenOptions): Promise<Listener> {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(fromNodeError(err));
      server.once("error", onError);
      server.listen(target, () => {
        server.off("error", onError);
        resolve();
      });
    });
    return new Listener(server);
  }

  /**
   * next takes the oldest waiting connection (still paused). timeout has Python's meaning;
   * `check` runs after every wait and throws if the owning socket was closed meanwhile.
   */
  async next(timeout: number | null, check: () => void): Promise<net.Socket> {
    for (;;) {
      const conn = this.#queue.shift();
      if (conn) return conn;
      if (this.#error) throw this.#error;
      if (timeout === 0) throw oserror("EAGAIN");
      await this.#wait(timeout);
      check();
    }
  }

  /** fail makes every later next() raise err. */
  fail(err: Error): void {
    this.#error ??= err;
    this.#wake();
  }

  /**
   * close stops listening at once. Not awaited: net.Server's close callback also waits for
   * connections it accepted, and close(2) on a listening socket means only the former.
   */
  close(): void {
    this.server.close();
    for (const conn of this.#queue.splice(0)) conn.destroy();
    this.#wake();
  }

  #wake(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w();
  }

  #wait(timeout: number | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.#waiters.add(wake);
      if (timeout !== null)
        timer = setTimeout(() => {
          this.#waiters.delete(wake);
          reject(new TimeoutError());
        }, timeout * 1000);
    });
  }
}
