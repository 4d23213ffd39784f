/**
 * Client plumbing for the interop smoke tests, on @inetlib/socket only: create_connection for
 * TCP, SSLContext.wrap_socket and starttls for TLS (verifying against the project CA), and
 * textproto's Reader and reply readers for lines, replies and dot-terminated bodies.
 */
import {
  Conn,
  create_connection,
  create_default_context,
  encodeCommand,
  expectCode,
  ProtocolError,
  Reader,
  readCodeReply,
  readDotBody,
  readNumericLine,
  readStatusLine,
  type SSLContext,
  SSLSocket,
  type socket,
  starttls,
  UnexpectedEOF,
  Writer,
} from "@inetlib/socket";
import { host as defaultHost, paths, ports, tlsServername } from "./env.js";

/** Socket timeout in seconds (Python's meaning: each connect, recv and send). */
export const DEFAULT_TIMEOUT = 10;
/** Longest line accepted, terminator included. */
export const DEFAULT_LINE_LIMIT = 64 * 1024;

/** tlsContext returns create_default_context() trusting the project CA: CERT_REQUIRED, check_hostname. */
export function tlsContext(): SSLContext {
  return create_default_context({ cafile: paths.ca });
}

export interface DialOptions {
  host?: string;
  /** Implicit TLS: handshake right after connecting. */
  tls?: boolean;
  /** Default: tlsContext(). */
  context?: SSLContext;
  /** Name the certificate is verified against (default: env's tlsServername). */
  server_hostname?: string;
  /** Seconds (default DEFAULT_TIMEOUT). */
  timeout?: number;
}

/** connect opens a TCP connection, wrapped in TLS when `tls`; nothing is left open on failure. */
export async function connect(port: number, opts: DialOptions = {}): Promise<socket> {
  const sock = await create_connection([opts.host ?? defaultHost, port], opts.timeout ?? DEFAULT_TIMEOUT);
  if (!opts.tls) return sock;
  try {
    return await (opts.context ?? tlsContext()).wrap_socket(sock, {
      server_hostname: opts.server_hostname ?? tlsServername,
    });
  } catch (e) {
    await sock.close();
    throw e;
  }
}

/** recvAll reads until the peer ends the stream (an FTP data connection, a gopher item). */
export async function recvAll(sock: socket, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (let chunk = await sock.recv(65536); chunk.length > 0; chunk = await sock.recv(65536)) {
    total += chunk.length;
    if (total > limit) throw new Error(`more than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** LineConn is a connection (plain or TLS) read through a textproto Reader. */
export class LineConn {
  #sock: socket;
  readonly reader: Reader;

  private constructor(
    sock: socket,
    readonly context: SSLContext,
    readonly serverHostname: string,
  ) {
    this.#sock = sock;
    this.reader = new Reader(sock, { maxline: DEFAULT_LINE_LIMIT });
  }

  /** dial connects to host:port (plain, or implicit TLS with `tls: true`). */
  static async dial(port: number, opts: DialOptions = {}): Promise<LineConn> {
    const context = opts.context ?? tlsContext();
    const serverHostname = opts.server_hostname ?? tlsServername;
    const sock = await connect(port, { ...opts, context, server_hostname: serverHostname });
    return new LineConn(sock, context, serverHostname);
  }

  /** The socket in use: an SSLSocket after implicit TLS or starttls(). */
  get sock(): socket {
    return this.#sock;
  }

  /** The SSLSocket (throws unless TLS is on). */
  get ssl(): SSLSocket {
    if (!(this.#sock instanceof SSLSocket)) throw new Error("not a TLS connection");
    return this.#sock;
  }

  /** readLine returns the next line without its terminator; UnexpectedEOF at end of stream. */
  async readLine(): Promise<string> {
    return (await this.reader.readlineStripped()).toString("utf8");
  }

  /** readBytes returns exactly n bytes; UnexpectedEOF if the stream ends first. */
  async readBytes(n: number): Promise<Buffer> {
    const data = await this.reader.read(n);
    if (data.length < n) throw new UnexpectedEOF();
    return data;
  }

  /** readToEnd returns everything until the peer ends the stream. */
  async readToEnd(limit = 64 * 1024 * 1024): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    for (let chunk = await this.reader.readSome(); chunk.length > 0; chunk = await this.reader.readSome()) {
      total += chunk.length;
      if (total > limit) throw new Error(`more than ${limit} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  write(data: string | Uint8Array): Promise<void> {
    return this.#sock.sendall(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }

  /** writeLine sends `line` + CRLF (encodeCommand refuses CR, LF and NUL inside it). */
  writeLine(line: string): Promise<void> {
    return this.#sock.sendall(encodeCommand(line));
  }

  /** writeDotBody sends `lines` (CRLF-joined) dot-stuffed and ended with "." (textproto's Writer). */
  writeDotBody(lines: readonly string[]): Promise<void> {
    const body = Buffer.from(lines.map((l) => `${l}\r\n`).join(""), "utf8");
    return new Writer(this.#sock).writeDotBody(body);
  }

  /**
   * starttls upgrades in place after the server's STARTTLS/STLS/AUTH TLS go-ahead, verifying
   * against the project CA. Anything the server sent in clear after the go-ahead fails the test.
   */
  async starttls(): Promise<SSLSocket> {
    if (this.reader.buffered > 0) throw new Error("server sent data before the TLS handshake");
    const ssl = await starttls(this.#sock, this.context, this.serverHostname);
    this.#sock = ssl;
    this.reader.reset(ssl);
    if (ssl.discarded > 0) throw new Error(`server sent ${ssl.discarded} bytes before the TLS handshake`);
    return ssl;
  }

  close(): Promise<void> {
    return this.#sock.close();
  }
}

// ---------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------

/** How a protocol's numeric replies are framed: FTP and SMTP multi-line, NNTP one line. */
export type ReplyStyle = "ftp" | "smtp" | "nntp";

export interface Reply {
  code: number;
  /** The lines as received, codes kept. */
  lines: string[];
  /** The last line, code kept. */
  last: string;
}

/** readReply reads one numeric reply; a line without a code is a ProtocolError. */
export async function readReply(conn: LineConn, style: ReplyStyle): Promise<Reply> {
  const { code, lines } =
    style === "nntp"
      ? await readNumericLine(conn.reader).then((r) => ({ code: r.code, lines: [r.line] }))
      : await readCodeReply(conn.reader, { style });
  const text = lines.map((l) => l.toString("utf8"));
  if (code < 0) throw new ProtocolError(`malformed reply: ${JSON.stringify(text)}`);
  return { code, lines: text, last: text[text.length - 1]! };
}

/** command sends a command line and reads its reply. */
export async function command(conn: LineConn, style: ReplyStyle, line: string): Promise<Reply> {
  await conn.writeLine(line);
  return readReply(conn, style);
}

/** commandOk is command() that throws unless the reply's code is `code` (textproto's expectCode). */
export async function commandOk(
  conn: LineConn,
  style: ReplyStyle,
  line: string,
  code: number,
): Promise<Reply> {
  const r = await command(conn, style, line);
  if (!expectCode(r, code))
    throw new Error(`${line.split(" ")[0]}: expected ${code}, got ${r.lines.join(" | ")}`);
  return r;
}

/** readDotBlock reads a POP3/NNTP multi-line block up to its "." line, dot-unstuffed. */
export async function readDotBlock(conn: LineConn): Promise<string[]> {
  return (await readDotBody(conn.reader)).lines.map((l) => l.toString("utf8"));
}

/** pop3Command sends a command and returns its status line; throws unless it is `expect`. */
export async function pop3Command(
  conn: LineConn,
  line: string,
  expect: "+OK" | "-ERR" = "+OK",
): Promise<string> {
  await conn.writeLine(line);
  const status = await readStatusLine(conn.reader);
  const text = status.line.toString("utf8");
  if (status.ok !== (expect === "+OK") || !text.startsWith(expect))
    throw new Error(`POP3 ${line.split(" ")[0]}: ${text}`);
  return text;
}

export interface ImapResult {
  status: "OK" | "NO" | "BAD";
  text: string;
  /** Untagged responses ("* ..." lines, literals inlined as text). */
  untagged: string[];
}

let imapTagCounter = 0;
const LITERAL = /\{(\d+)\}$/;

/**
 * imapCommand sends a command with a fresh tag and collects everything up to its tagged reply.
 * IMAP has no reader in textproto: lines and literals come through the Reader, the tag is matched here.
 */
export async function imapCommand(conn: LineConn, cmd: string): Promise<ImapResult> {
  const tag = `T${++imapTagCounter}`;
  await conn.writeLine(`${tag} ${cmd}`);
  const tagged = new RegExp(`^${tag} (OK|NO|BAD)(?: (.*))?$`);
  const untagged: string[] = [];
  for (;;) {
    let line = await conn.readLine();
    for (let m = LITERAL.exec(line); m; m = LITERAL.exec(line)) {
      const literal = await conn.readBytes(Number(m[1]));
      line = line.slice(0, m.index) + literal.toString("utf8") + (await conn.readLine());
    }
    if (line.startsWith(`${tag} `)) {
      const m = tagged.exec(line);
      if (!m) throw new ProtocolError(`bad tagged reply: ${line}`);
      return { status: m[1] as ImapResult["status"], text: m[2] ?? "", untagged };
    }
    untagged.push(line);
  }
}

/** imapOk is imapCommand() that throws unless the status is OK. */
export async function imapOk(conn: LineConn, cmd: string): Promise<ImapResult> {
  const r = await imapCommand(conn, cmd);
  if (r.status !== "OK") throw new Error(`IMAP ${cmd.split(" ")[0]}: ${r.status} ${r.text}`);
  return r;
}

/** pollUntil calls `fn` until it returns a value other than undefined, or fails after `timeoutMs`. */
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

// A minimal SMTP client on the core's Conn: enough to hand postfix one message.
export async function smtpSend(from: string, to: string, message: Buffer, ehlo: string): Promise<void> {
  const sock = await create_connection([defaultHost, ports.smtp], 30);
  const conn = new Conn(sock);
  try {
    const expect2 = async (code: number) => {
      const reply = await conn.readCodeReply({ style: "smtp" });
      if (Math.trunc(reply.code / 100) !== Math.trunc(code / 100))
        throw new Error(`SMTP: expected ${code}, got ${Buffer.concat(reply.lines).toString()}`);
    };
    await expect2(220);
    await conn.cmd("EHLO", ehlo);
    await expect2(250);
    await conn.cmd(`MAIL FROM:<${from}>`);
    await expect2(250);
    await conn.cmd(`RCPT TO:<${to}>`);
    await expect2(250);
    await conn.cmd("DATA");
    await expect2(354);
    await conn.sendDotBody(message, { fixEols: false });
    await expect2(250);
    await conn.cmd("QUIT");
    await expect2(221);
  } finally {
    await conn.close();
  }
}
