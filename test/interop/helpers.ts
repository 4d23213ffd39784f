/**
 * Minimal line-oriented client plumbing for the interop smoke tests, on
 * node:net and node:tls only (to be replaced by @inetlib/socket's line layer).
 */
import net from "node:net";
import tls from "node:tls";
import { caCert, host as defaultHost, tlsServername } from "./env.js";

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_LINE_LIMIT = 64 * 1024;

/** TLS options that trust the project CA with verification on. */
export function tlsOptions(servername: string = tlsServername): tls.ConnectionOptions {
  return { ca: caCert(), servername, rejectUnauthorized: true, minVersion: "TLSv1.2" };
}

export interface DialOptions {
  host?: string;
  /** Implicit TLS: handshake right after connecting. */
  tls?: boolean;
  tlsOptions?: tls.ConnectionOptions;
  timeoutMs?: number;
}

export interface ReadOptions {
  limit?: number;
  timeoutMs?: number;
}

type Waiter = () => void;

/** A socket with a byte buffer and line/byte/pattern readers. */
export class LineConn {
  private buf: Buffer = Buffer.alloc(0);
  private eof = false;
  private err: Error | undefined;
  private waiter: Waiter | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    this.wake();
  };
  private readonly onEnd = (): void => {
    this.eof = true;
    this.wake();
  };
  private readonly onError = (e: Error): void => {
    this.err = e;
    this.wake();
  };

  private constructor(public socket: net.Socket) {
    this.attach(socket);
  }

  /** Connect to host:port (plain, or implicit TLS with `tls: true`). */
  static dial(port: number, opts: DialOptions = {}): Promise<LineConn> {
    const host = opts.host ?? defaultHost;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const sock: net.Socket = opts.tls
        ? tls.connect({ host, port, ...(opts.tlsOptions ?? tlsOptions()) })
        : net.connect({ host, port });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      sock.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      sock.once(opts.tls ? "secureConnect" : "connect", () => {
        clearTimeout(timer);
        sock.removeAllListeners("error");
        resolve(new LineConn(sock));
      });
    });
  }

  get isTls(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  /** The TLS socket (throws unless TLS is on). */
  get tlsSocket(): tls.TLSSocket {
    if (!(this.socket instanceof tls.TLSSocket)) throw new Error("not a TLS connection");
    return this.socket;
  }

  private attach(s: net.Socket): void {
    s.on("data", this.onData);
    s.on("end", this.onEnd);
    s.on("close", this.onEnd);
    s.on("error", this.onError);
  }

  private detach(s: net.Socket): void {
    s.off("data", this.onData);
    s.off("end", this.onEnd);
    s.off("close", this.onEnd);
    s.off("error", this.onError);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Wait until `pick` returns a value, the peer closes, or the timeout passes. */
  private async waitFor<T>(pick: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = pick();
      if (v !== undefined) return v;
      if (this.err) throw this.err;
      if (this.eof) throw new Error(`connection closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Next line without its CRLF/LF; rejects when it exceeds `limit` bytes. */
  readLine(opts: ReadOptions = {}): Promise<string> {
    const limit = opts.limit ?? DEFAULT_LINE_LIMIT;
    return this.waitFor(
      () => {
        const nl = this.buf.indexOf(0x0a);
        if (nl < 0) {
          if (this.buf.length > limit) throw new Error(`line longer than ${limit} bytes`);
          return undefined;
        }
        if (nl > limit) throw new Error(`line longer than ${limit} bytes`);
        const end = nl > 0 && this.buf[nl - 1] === 0x0d ? nl - 1 : nl;
        const line = this.buf.subarray(0, end).toString("utf8");
        this.buf = this.buf.subarray(nl + 1);
        return line;
      },
      "a line",
      opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  }

  /** Exactly n bytes. */
  readBytes(n: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Buffer> {
    return this.waitFor(
      () => {
        if (this.buf.length < n) return undefined;
        const out = Buffer.from(this.buf.subarray(0, n));
        this.buf = this.buf.subarray(n);
        return out;
      },
      `${n} bytes`,
      timeoutMs,
    );
  }

  /** Everything until the peer closes the connection. */
  async readToEnd(timeoutMs = DEFAULT_TIMEOUT_MS, limit = 64 * 1024 * 1024): Promise<Buffer> {
    await this.waitFor(
      () => {
        if (this.buf.length > limit) throw new Error(`more than ${limit} bytes`);
        return this.eof ? true : undefined;
      },
      "end of stream",
      timeoutMs,
    ).catch((e: unknown) => {
      if (!this.eof) throw e;
    });
    const out = this.buf;
    this.buf = Buffer.alloc(0);
    return out;
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(data, (e) => (e ? reject(e) : resolve()));
    });
  }

  writeLine(line: string): Promise<void> {
    return this.write(`${line}\r\n`);
  }

  /**
   * Upgrade to TLS in place (after the server's STARTTLS/STLS/AUTH TLS "go
   * ahead" reply).  Verifies against the project CA unless options say otherwise.
   */
  async starttls(options: tls.ConnectionOptions = tlsOptions()): Promise<void> {
    if (this.buf.length > 0) throw new Error("server sent data before the TLS handshake");
    const raw = this.socket;
    this.detach(raw);
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ ...options, socket: raw });
      s.once("secureConnect", () => {
        s.off("error", reject);
        resolve(s);
      });
      s.once("error", reject);
    });
    this.socket = secure;
    this.eof = false;
    this.attach(secure);
  }

  close(): void {
    this.socket.destroy();
  }
}

// ---------------------------------------------------------------------------
// Reply readers
// ---------------------------------------------------------------------------

export interface CodeReply {
  code: number;
  lines: string[];
  /** Text of the last line after the code. */
  text: string;
}

/** SMTP/FTP-style reply: "250-..." continuation lines, then "250 ...". */
export async function readCodeReply(conn: LineConn, opts: ReadOptions = {}): Promise<CodeReply> {
  const lines: string[] = [];
  const first = await conn.readLine(opts);
  lines.push(first);
  const m = /^(\d{3})([ -]?)/.exec(first);
  if (!m) throw new Error(`malformed reply: ${JSON.stringify(first)}`);
  const code = m[1]!;
  let last = first;
  if (m[2] === "-") {
    // SMTP: every line is "ddd-" until "ddd "; FTP: any text until "ddd ".
    for (;;) {
      last = await conn.readLine(opts);
      lines.push(last);
      if (last.startsWith(`${code} `) || last === code) break;
    }
  }
  return { code: Number(code), lines, text: last.slice(4) };
}

/** Send a command and read a code reply. */
export async function command(conn: LineConn, line: string, opts: ReadOptions = {}): Promise<CodeReply> {
  await conn.writeLine(line);
  return readCodeReply(conn, opts);
}

/** POP3/NNTP multi-line data block after a status line: lines until ".", dot-unstuffed. */
export async function readDotBlock(conn: LineConn, opts: ReadOptions = {}): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const line = await conn.readLine(opts);
    if (line === ".") return out;
    out.push(line.startsWith("..") ? line.slice(1) : line);
  }
}

/** POP3 status line; throws unless it starts with +OK (or the expected prefix). */
export async function pop3Command(conn: LineConn, line: string, expect = "+OK"): Promise<string> {
  await conn.writeLine(line);
  const reply = await conn.readLine();
  if (!reply.startsWith(expect)) throw new Error(`POP3 ${line.split(" ")[0]}: ${reply}`);
  return reply;
}

export interface ImapResult {
  status: "OK" | "NO" | "BAD";
  text: string;
  /** Untagged responses ("* ..." lines, literals inlined as text). */
  untagged: string[];
}

let imapTagCounter = 0;

/** Send an IMAP command with a fresh tag and collect everything up to its tagged reply. */
export async function imapCommand(conn: LineConn, cmd: string, opts: ReadOptions = {}): Promise<ImapResult> {
  const tag = `T${++imapTagCounter}`;
  await conn.writeLine(`${tag} ${cmd}`);
  const untagged: string[] = [];
  for (;;) {
    let line = await conn.readLine(opts);
    // Inline literals: "... {123}" followed by 123 bytes, then the rest of the line.
    for (let m = /\{(\d+)\}$/.exec(line); m; m = /\{(\d+)\}$/.exec(line)) {
      const lit = await conn.readBytes(Number(m[1]));
      line = line.slice(0, m.index) + lit.toString("utf8") + (await conn.readLine(opts));
    }
    if (line.startsWith(`${tag} `)) {
      const rest = line.slice(tag.length + 1);
      const status = rest.split(" ")[0];
      if (status !== "OK" && status !== "NO" && status !== "BAD")
        throw new Error(`bad tagged reply: ${line}`);
      return { status, text: rest.slice(status.length + 1), untagged };
    }
    untagged.push(line);
  }
}

/** imapCommand that throws unless the status is OK. */
export async function imapOk(conn: LineConn, cmd: string): Promise<ImapResult> {
  const r = await imapCommand(conn, cmd);
  if (r.status !== "OK") throw new Error(`IMAP ${cmd.split(" ")[0]}: ${r.status} ${r.text}`);
  return r;
}

/** Parse an FTP 227 reply into the data port. */
export function parsePasv(text: string): { host: string; port: number } {
  const m = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(text);
  if (!m) throw new Error(`cannot parse PASV reply: ${text}`);
  return { host: `${m[1]}.${m[2]}.${m[3]}.${m[4]}`, port: Number(m[5]) * 256 + Number(m[6]) };
}

/** Poll `fn` until it returns a value other than undefined, or fail after `timeoutMs`. */
export async function pollUntil<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ---------------------------------------------------------------------------
// Telnet
// ---------------------------------------------------------------------------

const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const OPT_ECHO = 1;
const OPT_SGA = 3;

/**
 * A telnet client that refuses every option except the server's ECHO and
 * SUPPRESS-GO-AHEAD, strips IAC sequences, and lets a test wait for text.
 */
export class TelnetConn {
  private pending: Buffer = Buffer.alloc(0);
  private text = "";
  private closed = false;
  private waiter: Waiter | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (d: Buffer) => this.feed(d));
    socket.on("close", () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on("error", () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  static dial(port: number, host: string = defaultHost): Promise<TelnetConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port });
      s.once("error", reject);
      s.once("connect", () => {
        s.off("error", reject);
        resolve(new TelnetConn(s));
      });
    });
  }

  private feed(d: Buffer): void {
    const buf = Buffer.concat([this.pending, d]);
    const plain: number[] = [];
    let i = 0;
    while (i < buf.length) {
      const c = buf[i]!;
      if (c !== IAC) {
        plain.push(c);
        i++;
        continue;
      }
      if (i + 1 >= buf.length) break;
      const cmd = buf[i + 1]!;
      if (cmd === IAC) {
        plain.push(IAC);
        i += 2;
      } else if (cmd === DO || cmd === DONT || cmd === WILL || cmd === WONT) {
        if (i + 2 >= buf.length) break;
        const opt = buf[i + 2]!;
        if (cmd === DO) this.socket.write(Buffer.from([IAC, WONT, opt]));
        else if (cmd === WILL)
          this.socket.write(Buffer.from([IAC, opt === OPT_ECHO || opt === OPT_SGA ? DO : DONT, opt]));
        i += 3;
      } else if (cmd === SB) {
        const end = buf.indexOf(Buffer.from([IAC, SE]), i + 2);
        if (end < 0) break;
        i = end + 2;
      } else {
        i += 2;
      }
    }
    this.pending = buf.subarray(i);
    this.text += Buffer.from(plain).toString("latin1");
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Wait until the text received since the last expect() matches; consume through the match. */
  async expect(re: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.text);
      if (m) {
        const upto = this.text.slice(0, m.index + m[0].length);
        this.text = this.text.slice(m.index + m[0].length);
        return upto;
      }
      if (this.closed)
        throw new Error(`connection closed waiting for ${re}; got ${JSON.stringify(this.text)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${re}; got ${JSON.stringify(this.text)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Send a line (CR LF); IAC bytes are doubled. */
  sendLine(line: string): void {
    const data = Buffer.from(`${line}\r\n`, "utf8");
    const out: number[] = [];
    for (const b of data) {
      out.push(b);
      if (b === IAC) out.push(IAC);
    }
    this.socket.write(Buffer.from(out));
  }

  close(): void {
    this.socket.destroy();
  }
}
