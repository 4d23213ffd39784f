// Writer: lines and commands out, after Go's textproto.Writer.
import {
  type CommandOptions,
  type CommandPart,
  checkArgument,
  encodeCommand,
  encodeText,
} from "./command.js";
import { DotWriter, type DotWriterOptions } from "./dotwriter.js";
import type { ByteSink } from "./source.js";

/** DotBodySource is a body to send: bytes, or chunks of it from any iterable. */
export type DotBodySource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Writer writes to a ByteSink. Each line or command goes out in a single sendall(), so a
 * command is never split across segments by the writer itself.
 */
export class Writer {
  sink: ByteSink;
  options: CommandOptions;

  constructor(sink: ByteSink, options: CommandOptions = {}) {
    this.sink = sink;
    this.options = options;
  }

  /** writeLine sends `line` followed by CRLF; a CR, LF or NUL in it throws ValueError first. */
  async writeLine(line: CommandPart): Promise<void> {
    checkArgument(line);
    const bytes = typeof line === "string" ? encodeText(line, this.options.encoding) : line;
    await this.sink.sendall(Buffer.concat([bytes, CRLF]));
  }

  /** writeCommand sends `parts` joined by spaces, then CRLF (encodeCommand). */
  async writeCommand(...parts: CommandPart[]): Promise<void> {
    await this.sink.sendall(encodeCommand(...parts, this.options));
  }

  /** write sends bytes as they are. */
  async write(data: Uint8Array): Promise<void> {
    await this.sink.sendall(data);
  }

  /**
   * writeDotBody sends a body dot-stuffed and terminated (DotWriter), chunk by chunk in
   * constant memory; the terminator goes out with the last chunk.
   */
  async writeDotBody(body: DotBodySource, options: DotWriterOptions = {}): Promise<void> {
    const dots = new DotWriter(options);
    let pending: Buffer | null = null;
    for await (const chunk of chunksOf(body)) {
      if (pending && pending.length > 0) await this.sink.sendall(pending);
      pending = dots.push(chunk);
    }
    const tail = dots.end();
    await this.sink.sendall(pending && pending.length > 0 ? Buffer.concat([pending, tail]) : tail);
  }
}

const CRLF = Buffer.from("\r\n");

async function* chunksOf(body: DotBodySource): AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array) yield body;
  else yield* body;
}
