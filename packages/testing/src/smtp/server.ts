// SMTPServer: a scripted, recording SMTP/LMTP server on loopback (or a Unix socket), for the
// tests, the tour and users' own tests. It records every byte each client sent and every
// message it took, and hands messages to a delivery callback.
//
//	const server = await SMTPServer.start({ users: { alice: "alice-pass" }, tls: ctx });
//	... SMTP.open("127.0.0.1", server.port) ...
//	server.messages[0].data; server.lastConnection().received.toString();
//	await server.close();
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  type ByteSource,
  dotLines,
  LineTooLong,
  Reader,
  SOCK_STREAM,
  socket,
  stripEOL,
} from "@inetlib/socket";
import type { ReceivedMessage, SMTPServerOptions } from "./options.js";
import { SMTPServerSession } from "./session.js";

/** ListenOptions say where an SMTPServer listens: loopback TCP (default 127.0.0.1, any port) or a Unix socket path. */
export interface ListenOptions {
  host?: "127.0.0.1" | "::1" | "localhost";
  port?: number;
  /** Listen on this Unix socket path instead (LMTP's usual transport). */
  path?: string;
}

/** SMTPConnection is the record of one client connection. */
export class SMTPConnection {
  readonly #in: Buffer[] = [];
  readonly #out: Buffer[] = [];
  /** True once the connection runs TLS (implicit, or after STARTTLS). */
  tls = false;
  /** Settles when the server is done with the connection. */
  closed: Promise<void> = Promise.resolve();
  /** The session, for inspection (helo, user, ...). */
  session: SMTPServerSession | null = null;

  /** received is every byte the client sent, in order (the clear text after TLS). */
  get received(): Buffer {
    return Buffer.concat(this.#in);
  }

  /** sent is every byte the server sent (the clear text after TLS). */
  get sent(): Buffer {
    return Buffer.concat(this.#out);
  }

  _in(b: Buffer): void {
    this.#in.push(b);
  }

  _out(b: Buffer): void {
    this.#out.push(b);
  }
}

/** SMTPServer is an in-process SMTP (or LMTP) server; see SMTPServerOptions for what it offers. */
export class SMTPServer {
  /** The options in force; change them between connections (or during one: they are read live). */
  options: SMTPServerOptions;
  /** Every message received in full, in order. */
  readonly messages: ReceivedMessage[] = [];
  /** Every connection, in order of arrival. */
  readonly connections: SMTPConnection[] = [];
  readonly #listener: socket;
  readonly #address: [string, number] | string;
  readonly #active = new Set<socket>();
  #closing = false;
  #loop: Promise<void> = Promise.resolve();

  private constructor(listener: socket, options: SMTPServerOptions) {
    this.#listener = listener;
    this.options = options;
    const name = listener.getsockname();
    this.#address = typeof name === "string" ? name : [String(name[0]), Number(name[1])];
  }

  /** start listens (127.0.0.1 and a free port by default) and serves until close(). */
  static async start(options: SMTPServerOptions & ListenOptions = {}): Promise<SMTPServer> {
    const { host = "127.0.0.1", port = 0, path, ...rest } = options;
    const family = path ? AF_UNIX : host === "::1" ? AF_INET6 : AF_INET;
    const listener = new socket(family, SOCK_STREAM);
    await listener.bind(path ?? [host === "localhost" ? "127.0.0.1" : host, port]);
    await listener.listen();
    const server = new SMTPServer(listener, rest);
    server.#loop = server.#acceptLoop();
    return server;
  }

  /** address is [host, port], or the Unix socket path. */
  get address(): [string, number] | string {
    return this.#address;
  }

  get host(): string {
    return typeof this.#address === "string" ? this.#address : this.#address[0];
  }

  get port(): number {
    return typeof this.#address === "string" ? 0 : this.#address[1];
  }

  /** lastConnection is the most recent connection's record. */
  lastConnection(): SMTPConnection {
    const c = this.connections[this.connections.length - 1];
    if (!c) throw new Error("no connection yet");
    return c;
  }

  /** close stops listening, closes every connection and waits for their handlers. */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#listener.close();
    await Promise.all([...this.#active].map((s) => s.close()));
    await this.#loop;
    await Promise.all(this.connections.map((c) => c.closed));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #acceptLoop(): Promise<void> {
    while (!this.#closing) {
      let conn: socket;
      try {
        [conn] = await this.#listener.accept();
      } catch {
        return;
      }
      const record = new SMTPConnection();
      this.connections.push(record);
      this.#active.add(conn);
      record.closed = this.#serve(conn, record)
        .catch(() => undefined)
        .finally(async () => {
          this.#active.delete(conn);
          await conn.close();
        });
    }
  }

  async #serve(raw: socket, record: SMTPConnection): Promise<void> {
    const o = this.options;
    let sock: socket = raw;
    if (o.implicitTLS) {
      if (!o.tls) throw new Error("implicitTLS needs tls");
      sock = await o.tls.wrap_socket(raw, { server_side: true });
      this.#active.add(sock);
      record.tls = true;
    }
    const source = (s: socket): ByteSource => ({
      recv: async (n) => {
        const b = await s.recv(n);
        record._in(b);
        return b;
      },
    });
    const maxline = o.maxline ?? 1024 * 1024;
    const reader = new Reader(source(sock), { maxline });
    const session = new SMTPServerSession(o, record.tls);
    record.session = session;
    // Replies to pipelined commands go out together once the client's input is used up, as
    // postfix does: one small write per reply would meet Nagle's algorithm and delayed ACKs.
    const pending: Buffer[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const out = Buffer.concat(pending.splice(0));
      record._out(out);
      await sock.sendall(out);
    };
    pending.push(session.greeting());
    await flush();
    for (;;) {
      let raw: Buffer;
      try {
        // (A client sends whole lines: bytes held are the rest of what it pipelined.)
        if (reader.buffered === 0) await flush();
        raw = await reader.readline();
      } catch (err) {
        if (err instanceof LineTooLong) {
          pending.push(Buffer.from("500 5.5.2 Error: line too long\r\n"));
          await flush();
        }
        return;
      }
      if (raw.length === 0) return;
      let step = session.handle(stripEOL(raw));
      pending.push(step.reply);
      if (step.after === "data") {
        await flush();
        const data = await this.#readData(reader, sock);
        if (data === null) return;
        const { step: end, message } = await session.endData(data);
        this.messages.push(message);
        this.options.onMessage?.(message);
        step = end;
        pending.push(step.reply);
      }
      if (step.after === "close") {
        await flush();
        return;
      }
      if (step.after === "starttls") {
        await flush();
        if (!o.tls) return;
        sock = await o.tls.wrap_socket(sock, { server_side: true });
        this.#active.add(sock);
        // Whatever came in clear after STARTTLS is dropped, never read as if sent over TLS.
        reader.reset(source(sock));
        record.tls = true;
        session.startedTLS();
      }
    }
  }

  /** readData reads the dot-terminated message, unstuffed; null when the connection is to end. */
  async #readData(reader: Reader, sock: socket): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let size = 0;
    const stopAt = this.options.closeDuringData;
    const lines = dotLines(reader, { keepends: true });
    try {
      for await (const l of lines) {
        parts.push(l);
        size += l.length;
        if (stopAt !== undefined && size >= stopAt) {
          await sock.close();
          return null;
        }
      }
    } catch {
      return null;
    }
    if (stopAt !== undefined) {
      await sock.close();
      return null;
    }
    return Buffer.concat(parts);
  }
}
