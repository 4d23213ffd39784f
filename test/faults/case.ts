// The scripted-fault suite's pieces: a Case (a hostile server's script, the client call made
// against it in a child process, and what must come of it), and the connection a script
// drives. In the spirit of curl's <servercmd> tests: the server misbehaves on purpose, the
// client must answer with a typed error, in bounded time and bounded memory, and send nothing
// it was refused.

import { fileURLToPath } from "node:url";
import {
  PROTOCOL_TLS_SERVER,
  SO_LINGER,
  SOL_SOCKET,
  SSLContext,
  type SSLSocket,
  type socket,
} from "@inetlib/socket";

/** Conn is the server's side of one connection, as a case's script sees it. */
export class Conn {
  sock: socket | SSLSocket;
  /** Everything the client sent, in order (after STARTTLS: the decrypted bytes). */
  readonly received: Buffer[] = [];
  #held = Buffer.alloc(0);

  constructor(sock: socket) {
    this.sock = sock;
  }

  /** send writes text (latin1) or bytes. */
  async send(data: string | Buffer): Promise<void> {
    await this.sock.sendall(typeof data === "string" ? Buffer.from(data, "latin1") : data);
  }

  /** discardInput reads and drops whatever the client sends, in the background, until it goes away. */
  discardInput(): void {
    void (async () => {
      try {
        while ((await this.sock.recv(65536)).length > 0) {}
      } catch {
        // The client went away: nothing more to drop.
      }
    })();
  }

  /** flood sends `data` again and again until the client goes away. */
  async flood(data: string | Buffer, first?: string): Promise<void> {
    if (first) await this.send(first);
    const chunk = typeof data === "string" ? Buffer.from(data, "latin1") : data;
    const block =
      chunk.length >= 65536 ? chunk : Buffer.concat(Array(Math.ceil(65536 / chunk.length)).fill(chunk));
    for (;;) await this.sock.sendall(block);
  }

  /** trickle sends `data` one byte a second, then the same again, for ever. */
  async trickle(data: string): Promise<void> {
    for (let i = 0; ; i++) {
      await this.send(data[i % data.length]!);
      await sleep(1000);
    }
  }

  /** line reads one line the client sent (CRLF stripped); null at end of stream. */
  async line(): Promise<string | null> {
    for (;;) {
      const eol = this.#held.indexOf("\n");
      if (eol >= 0) {
        const line = this.#held.subarray(0, eol).toString("latin1").replace(/\r$/, "");
        this.#held = this.#held.subarray(eol + 1);
        return line;
      }
      const chunk = await this.sock.recv(65536);
      if (chunk.length === 0) return null;
      this.received.push(chunk);
      this.#held = Buffer.concat([this.#held, chunk]);
    }
  }

  /** expect reads lines until one starts with `prefix` (case-insensitive); the others are dropped. */
  async expect(prefix: string): Promise<string> {
    for (;;) {
      const line = await this.line();
      if (line === null) throw new Error(`client left before ${prefix}`);
      if (line.toUpperCase().startsWith(prefix.toUpperCase())) return line;
    }
  }

  /** answer serves `replies` (command prefix -> reply) until the client sends `until` (or leaves). */
  async answer(
    replies: Record<string, string | ((line: string) => string)>,
    until?: string,
  ): Promise<string | null> {
    for (;;) {
      const line = await this.line();
      if (line === null) return null;
      const upper = line.toUpperCase();
      if (until && upper.startsWith(until.toUpperCase())) return line;
      const key = Object.keys(replies).find((k) => upper.startsWith(k.toUpperCase()));
      if (key === undefined) continue;
      const reply = replies[key]!;
      await this.send(typeof reply === "string" ? reply : reply(line));
    }
  }

  /** tls makes the connection TLS (the server's side of STARTTLS) with the test certificate. */
  async tls(): Promise<void> {
    // The test certificate (valid for 127.0.0.1); only the runner's servers get here, never the bundled child.
    const fixture = (name: string) =>
      fileURLToPath(new URL(`../../packages/testing/certs/${name}`, import.meta.url));
    const context = new SSLContext(PROTOCOL_TLS_SERVER);
    context.load_cert_chain(fixture("server.pem"), fixture("server-key.pem"));
    this.sock = await context.wrap_socket(this.sock as socket, { server_side: true });
  }

  /** reset closes the connection with a TCP RST. */
  async reset(): Promise<void> {
    const linger = Buffer.alloc(8);
    linger.writeInt32LE(1, 0);
    this.sock.setsockopt(SOL_SOCKET, SO_LINGER, linger);
    await this.sock.close();
  }

  /** drain records what the client sends until it leaves (after the script ended). */
  async drain(): Promise<void> {
    try {
      if (this.#held.length > 0) this.#held = Buffer.alloc(0);
      for (;;) {
        const chunk = await this.sock.recv(65536);
        if (chunk.length === 0) return;
        this.received.push(chunk);
      }
    } catch {
      // a reset or a closed socket ends the recording too
    }
  }

  /** text is what the client sent, as latin1. */
  text(): string {
    return Buffer.concat(this.received).toString("latin1");
  }
}

/** Outcome is what the child reports: the error's class name (or "ok"), its message, a result, peak RSS. */
export interface Outcome {
  error: string;
  /** The class names of the error's prototype chain, most derived first. */
  classes?: string[];
  message: string;
  result?: string;
  maxRSS: number;
}

/** Case is one hostile server and the client call that meets it. */
export interface Case {
  /** "protocol: what the server does". */
  name: string;
  /** The server's script for the one connection (more connections run it again). */
  server: (c: Conn, index: number) => Promise<void>;
  /** The client call, run in a child process against 127.0.0.1:port; what it returns is reported. */
  client: (port: number) => Promise<unknown>;
  /** The error class the call must end with (`err.name`, or a class it derives from), or "ok". */
  expect: string;
  /** Error classes that do not count even though they derive from `expect` (an imprecise one). */
  not?: string[];
  /** What the call must return when it succeeds (String() of it). */
  result?: string;
  /** Checks what the client sent: a message when it is wrong, else null. */
  sent?: (received: string) => string | null;
  /** MiB above Node's baseline the child's peak RSS may reach (default 64). */
  rssMargin?: number;
  /** Seconds before the watchdog kills the child (default 15). */
  watchdog?: number;
}

/** nothingAfter: the client sent nothing after `marker` (the last line it was allowed to send). */
export function nothingAfter(marker: string): (received: string) => string | null {
  return (received) => {
    const at = received.indexOf(marker);
    if (at < 0) return `never sent ${JSON.stringify(marker)}; sent ${JSON.stringify(received.slice(0, 200))}`;
    const after = received.slice(at + marker.length);
    return after === "" ? null : `sent after the refusal: ${JSON.stringify(after.slice(0, 200))}`;
  };
}

/** sleep waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** MiB of a string or Buffer repeated to `size` bytes. */
export const MiB = 1024 * 1024;
