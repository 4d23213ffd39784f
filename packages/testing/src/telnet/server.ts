// TelnetServer: telnet on loopback for tests, the tour and your own tests. By default a login
// and a small shell (shell.ts); with `program`, a fixed program as telnetd -E runs; with
// `script`, whatever the test does with each connection (exact bytes out, everything recorded).
import {
  type AddressInfo,
  AF_INET,
  AF_INET6,
  IPPROTO_TCP,
  SOCK_STREAM,
  socket,
  TCP_NODELAY,
} from "@inetlib/socket";
import { TelnetConnection } from "./connection.js";
import { type ShellOptions, serveShell } from "./shell.js";

export interface TelnetServerOptions extends ShellOptions {
  /** 127.0.0.1 (default) or ::1; nothing but loopback is meant. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Replaces the login and shell: the test drives each connection itself (autoNegotiate off). */
  script?: (conn: TelnetConnection) => Promise<void>;
}

/**
 * TelnetServer serves telnet on loopback:
 *
 *	await using server = await TelnetServer.open();
 *	const tn = await Telnet.open("127.0.0.1", server.port);
 *	await tn.login("inetlib", "inetlib-pass");
 *	server.connections[0].transcript   // every byte the client sent
 */
export class TelnetServer implements AsyncDisposable {
  readonly options: TelnetServerOptions;
  /** One per accepted connection, oldest first. */
  readonly connections: TelnetConnection[] = [];
  readonly #listener: socket;
  readonly #waiters: ((conn: TelnetConnection) => void)[] = [];
  #accepting: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(listener: socket, options: TelnetServerOptions) {
    this.#listener = listener;
    this.options = options;
  }

  /** open starts a server listening on loopback. */
  static async open(options: TelnetServerOptions = {}): Promise<TelnetServer> {
    const host = options.host ?? "127.0.0.1";
    const listener = new socket(host.includes(":") ? AF_INET6 : AF_INET, SOCK_STREAM);
    await listener.bind([host, options.port ?? 0]);
    await listener.listen(16);
    const server = new TelnetServer(listener, options);
    server.#accepting = server.#acceptLoop();
    return server;
  }

  /** address is [host, port] as getsockname() gives it. */
  get address(): AddressInfo {
    return this.#listener.getsockname();
  }

  get port(): number {
    return (this.address as [string, number])[1];
  }

  /** nextConnection(): the next connection accepted (one already accepted and not yet taken comes first). */
  nextConnection(): Promise<TelnetConnection> {
    const taken = this.#taken;
    if (taken < this.connections.length) {
      this.#taken++;
      return Promise.resolve(this.connections[taken]!);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
  #taken = 0;

  /** close stops accepting, hangs up on every client and waits for the sessions to end. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#listener.close();
    await this.#accepting;
    await Promise.all(this.connections.map((c) => c.close()));
    // Not the sessions: one stuck in a command that never returns must not hold close() up.
    await Promise.all(this.connections.map((c) => c.closed));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #acceptLoop(): Promise<void> {
    while (!this.#closed) {
      let sock: socket;
      try {
        [sock] = await this.#listener.accept();
      } catch {
        return;
      }
      // Prompts, echoes and negotiation are small writes: without this, Nagle and delayed ACKs
      // add tens of milliseconds to every exchange.
      sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
      const conn = new TelnetConnection(sock, { autoNegotiate: !this.options.script });
      this.connections.push(conn);
      const waiter = this.#waiters.shift();
      if (waiter) {
        this.#taken++;
        waiter(conn);
      }
      void this.#serve(conn);
    }
  }

  async #serve(conn: TelnetConnection): Promise<void> {
    try {
      if (this.options.script) await this.options.script(conn);
      else await serveShell(conn, this.options);
    } catch {
      // A client that went away ends its own session only.
    } finally {
      if (!this.options.script) await conn.close();
    }
  }
}
