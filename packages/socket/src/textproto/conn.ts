// Conn: a Reader, a Writer and a debug trace over one socket, after Go's textproto.Conn.
import { DebugTrace, maskSecrets, pyrepr } from "../debug.js";
import type { CommandEncoding, CommandPart } from "./command.js";
import { encodeCommand } from "./command.js";
import {
  type DotBody,
  type DotBodyOptions,
  type DotLines,
  type DotOptions,
  dotLines,
  readDotBody,
} from "./dot.js";
import type { DotWriterOptions } from "./dotwriter.js";
import { CallLock } from "./lock.js";
import { Reader, type ReaderOptions } from "./reader.js";
import {
  type CodeReply,
  type CodeReplyOptions,
  type NumericLine,
  readCodeReply,
  readNumericLine,
  readStatusLine,
  type StatusLine,
} from "./reply.js";
import type { SocketLike } from "./source.js";
import { type DotBodySource, Writer } from "./writer.js";

/**
 * ConnTrace formats the debug output of a protocol. Without one, a Conn prints ftplib's way:
 * `*cmd* 'LINE'` at level 1 and up (secrets masked), `*get* b'line\r\n'` at level 2 and up.
 */
export interface ConnTrace {
  /** A command is about to be sent; `line` is without CRLF; `secret` asks for it to be masked. */
  command?(line: Buffer, secret: boolean): void;
  /** A line was read, terminator included (empty at end of stream). */
  line?(line: Buffer): void;
}

export interface ConnOptions extends Omit<ReaderOptions, "onLine"> {
  /** How commands given as text are encoded (default "utf8"). */
  encoding?: CommandEncoding;
  /** The trace the protocol's set_debuglevel() drives (default: a new one, printing to stdout). */
  debug?: DebugTrace;
  trace?: ConnTrace;
}

/**
 * Conn is the connection a line protocol speaks over. One exchange at a time: wrap a
 * command and the reading of its reply in exclusive() when calls may overlap.
 */
export class Conn {
  #sock: SocketLike;
  readonly reader: Reader;
  readonly writer: Writer;
  readonly debug: DebugTrace;
  trace: ConnTrace;
  // CallLock, not a promise chain: an uncontended exchange starts at once instead of a
  // microtask later, with one promise fewer each (every poplib and nntplib call takes it).
  readonly #lock = new CallLock();

  constructor(sock: SocketLike, options: ConnOptions = {}) {
    this.#sock = sock;
    this.debug = options.debug ?? new DebugTrace();
    this.trace = options.trace ?? this.#defaultTrace();
    // A reply line is bounded as a whole by the socket's timeout (a server trickling a byte
    // at a time must not hold a client for ever); see docs/ARCHITECTURE.md.
    this.reader = new Reader(sock, {
      ...options,
      lineDeadline: options.lineDeadline ?? true,
      onLine: (line) => this.trace.line?.(line),
    });
    this.writer = new Writer(sock, options.encoding ? { encoding: options.encoding } : {});
  }

  /** sock is the socket in use (the TLS one after replaceSocket). */
  get sock(): SocketLike {
    return this.#sock;
  }

  /**
   * cmd sends one command line: `parts` joined by spaces, then CRLF, in one write. Nothing is
   * sent when a part holds CR, LF or NUL (ValueError). After debug.markSecret() the trace masks it.
   */
  async cmd(...parts: CommandPart[]): Promise<void> {
    const data = encodeCommand(...parts, this.writer.options);
    const secret = this.debug.takeSecret();
    this.trace.command?.(data.subarray(0, data.length - 2), secret);
    await this.#sock.sendall(data);
  }

  /** sendall sends bytes as they are (no trace). */
  async sendall(data: Uint8Array): Promise<void> {
    await this.#sock.sendall(data);
  }

  /** sendDotBody sends a body dot-stuffed and terminated (Writer.writeDotBody). */
  async sendDotBody(body: DotBodySource, options?: DotWriterOptions): Promise<void> {
    await this.writer.writeDotBody(body, options);
  }

  readline(maxline?: number): Promise<Buffer> {
    return this.reader.readline(maxline);
  }

  readlineStripped(maxline?: number): Promise<Buffer> {
    return this.reader.readlineStripped(maxline);
  }

  read(n: number): Promise<Buffer> {
    return this.reader.read(n);
  }

  readSome(max?: number): Promise<Buffer> {
    return this.reader.readSome(max);
  }

  readCodeReply(options: CodeReplyOptions): Promise<CodeReply> {
    return readCodeReply(this.reader, options);
  }

  readStatusLine(maxline?: number): Promise<StatusLine> {
    return readStatusLine(this.reader, maxline);
  }

  readNumericLine(maxline?: number): Promise<NumericLine> {
    return readNumericLine(this.reader, maxline);
  }

  readDotBody(options?: DotBodyOptions): Promise<DotBody> {
    return readDotBody(this.reader, options);
  }

  dotLines(options?: DotOptions): DotLines {
    return dotLines(this.reader, options);
  }

  /**
   * exclusive runs `fn` once every exchange started before it has settled, so that two
   * overlapping calls of a protocol cannot interleave their commands and replies.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#lock.run(fn);
  }

  /**
   * pipeline sends several commands in one write, then reads their replies in order with
   * `readReply` (SMTP PIPELINING, RFC 2920; POP3 PIPELINING, RFC 2449). Every command is
   * checked before anything is sent. If a reply fails, the later ones are left unread.
   */
  async pipeline<T>(commands: CommandPart[][], readReply: (index: number) => Promise<T>): Promise<T[]> {
    await this.sendBatch(commands);
    const replies: T[] = [];
    for (let i = 0; i < commands.length; i++) replies.push(await readReply(i));
    return replies;
  }

  /**
   * sendBatch is pipeline()'s sending half: every command is encoded and checked (nothing is
   * sent if one holds CR, LF or NUL), traced in order, then all go out in one write:
   *
   *	conn.sendBatch([["RETR", "1"], ["RETR", "2"]])  ->  "RETR 1\r\nRETR 2\r\n"
   *
   * For a window that refills while earlier replies are still being read.
   */
  async sendBatch(commands: readonly (readonly CommandPart[])[]): Promise<void> {
    const encoded = commands.map((parts) => encodeCommand(...parts, this.writer.options));
    for (const data of encoded) {
      const secret = this.debug.takeSecret();
      this.trace.command?.(data.subarray(0, data.length - 2), secret);
    }
    await this.#sock.sendall(Buffer.concat(encoded));
  }

  /**
   * replaceSocket makes `sock` the connection from now on (STARTTLS: the TLS socket over the
   * same stream), drops every byte the reader held and returns how many: anything the server
   * sent in clear after its STARTTLS reply could be an attacker's (curl CVE-2021-22947).
   */
  replaceSocket(sock: SocketLike): number {
    this.#sock = sock;
    this.writer.sink = sock;
    return this.reader.reset(sock);
  }

  /** close closes the socket. */
  async close(): Promise<void> {
    await this.#sock.close();
  }

  #defaultTrace(): ConnTrace {
    const debug = this.debug;
    return {
      command: (line, secret) => {
        if (debug.level < 1) return;
        const text = line.toString(this.writer.options.encoding === "latin1" ? "latin1" : "utf8");
        debug.print("*cmd*", pyrepr(secret ? "*".repeat([...text].length) : maskSecrets(text)));
      },
      line: (line) => {
        if (debug.level >= 2) debug.print("*get*", pyrepr(line));
      },
    };
  }
}
