// The server's side of data connections: a listener for PASV/EPSV, or the client's address for
// PORT/EPRT, turned into one connection per transfer (with TLS after PROT P).
import {
  create_connection,
  IPPROTO_TCP,
  SOCK_STREAM,
  type SSLContext,
  SSLSocket,
  socket,
  TCP_NODELAY,
} from "@inetlib/socket";

/** DataPlan is how the next data connection is to be made. */
type DataPlan = { kind: "passive"; listener: socket } | { kind: "active"; host: string; port: number } | null;

/** DataError is a failure with the reply the server gives for it. */
export class DataError extends Error {
  override name = "DataError";
  readonly reply: string;
  constructor(reply: string, options?: { cause?: unknown }) {
    super(reply, options);
    this.reply = reply;
  }
}

/** What the session tells the data side about the control connection. */
export interface ControlView {
  readonly sock: socket;
  /** Data connections must be TLS (PROT P). */
  readonly protP: boolean;
  readonly tls: SSLContext | null;
  readonly requireSessionReuse: boolean;
  readonly timeout: number;
}

/** DataChannel holds the data connection settings of one session. */
export class DataChannel {
  #plan: DataPlan = null;
  /** Every data connection made: whether it was TLS and whether it resumed the control session. */
  readonly history: { tls: boolean; sessionReused: boolean }[];
  readonly #open = new Set<socket>();

  constructor(history: { tls: boolean; sessionReused: boolean }[] = []) {
    this.history = history;
  }

  /** passive listens on the control connection's local address and returns [host, port]. */
  async passive(control: socket): Promise<[string, number]> {
    await this.reset();
    const local = control.getsockname() as [string, number];
    const listener = new socket(control.family, SOCK_STREAM);
    await listener.bind([local[0], 0]);
    await listener.listen(1);
    this.#plan = { kind: "passive", listener };
    this.#open.add(listener);
    return [local[0], (listener.getsockname() as [string, number])[1]];
  }

  /** active records where to connect; only the control connection's peer is accepted (no FTP bounce). */
  async active(control: socket, host: string, port: number): Promise<boolean> {
    await this.reset();
    const peer = (control.getpeername() as [string, number])[0];
    if (host !== peer || !Number.isInteger(port) || port < 1 || port > 65535) return false;
    this.#plan = { kind: "active", host, port };
    return true;
  }

  /** ready tells whether PASV/EPSV/PORT/EPRT came before the transfer command. */
  get ready(): boolean {
    return this.#plan !== null;
  }

  /** connect makes the data connection (accept or connect), without TLS. */
  async connect(view: ControlView): Promise<socket> {
    const plan = this.#plan;
    this.#plan = null;
    if (!plan) throw new DataError("425 Use PORT or PASV first.");
    try {
      if (plan.kind === "passive") {
        plan.listener.settimeout(view.timeout);
        try {
          const [conn] = await plan.listener.accept();
          return this.#track(conn);
        } finally {
          await plan.listener.close();
          this.#open.delete(plan.listener);
        }
      }
      return this.#track(await create_connection([plan.host, plan.port], view.timeout));
    } catch (err) {
      throw new DataError("425 Failed to establish connection.", { cause: err });
    }
  }

  /** secure wraps a data connection in TLS when PROT P is on, checking session reuse if required. */
  async secure(conn: socket, view: ControlView): Promise<socket> {
    if (!view.protP || !view.tls) {
      this.history.push({ tls: false, sessionReused: false });
      return conn;
    }
    this.#open.delete(conn);
    let secure: SSLSocket;
    try {
      secure = await view.tls.wrap_socket(conn, { server_side: true });
    } catch (err) {
      throw new DataError("522 SSL connection failed.", { cause: err });
    }
    this.#track(secure);
    const reused = secure.session_reused;
    this.history.push({ tls: true, sessionReused: reused });
    if (view.requireSessionReuse && !reused) {
      await this.release(secure);
      throw new DataError("522 SSL connection failed: session reuse required");
    }
    return secure;
  }

  /** release closes one data connection. */
  async release(conn: socket): Promise<void> {
    this.#open.delete(conn);
    await conn.close();
  }

  /** reset forgets the plan (closing a PASV listener). */
  async reset(): Promise<void> {
    const plan = this.#plan;
    this.#plan = null;
    if (plan?.kind === "passive") {
      this.#open.delete(plan.listener);
      await plan.listener.close();
    }
  }

  /** close ends everything this channel holds. */
  async close(): Promise<void> {
    this.#plan = null;
    await Promise.all([...this.#open].map((s) => s.close()));
    this.#open.clear();
  }

  #track(conn: socket): socket {
    if (!(conn instanceof SSLSocket)) conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    this.#open.add(conn);
    return conn;
  }
}
