// interact(), mt_interact() and listener(): telnetlib's very dumb terminal. Python selects on
// the socket and sys.stdin (interact) or runs a listener thread (mt_interact); here both sides
// are awaited concurrently. The streams are the process's unless others are given, so a test
// (or a program embedding a session) can drive them. Bytes go through as they are: Python
// decodes and encodes ASCII, which fails on any 8-bit byte.
import { once } from "node:events";
import { EOFError } from "@inetlib/socket";

/** The streams interact() uses instead of process.stdin and process.stdout. */
export interface InteractOptions {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  /**
   * interact(): when stdin ends, go on copying the server's output until it closes the
   * connection, instead of returning at once as Python does (piped input: the answers to the
   * last lines still arrive).
   */
  waitForClose?: boolean;
}

/** What interact() needs of a Telnet. */
export interface InteractTarget {
  readonly sock: unknown;
  read_eager(): Promise<Buffer>;
  write(buffer: Uint8Array): Promise<void>;
  _select(timeout: number | null): Promise<boolean>;
}

const CLOSED = "*** Connection closed by remote host ***\n";

/** interact(tn): copies the server's output to stdout and stdin's lines to the server, until either ends. */
export async function interact(tn: InteractTarget, options: InteractOptions = {}): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const lines = new LineReader(options.stdin ?? process.stdin);
  const stop = new Stop();
  try {
    const output = copyOutput(tn, stdout, stop);
    const input = copyInput(tn, lines, stop);
    await Promise.race([output, options.waitForClose ? input.then(() => output) : input]);
  } finally {
    stop.set();
    lines.close();
  }
}

/**
 * mt_interact(tn): sends stdin's lines until stdin ends, while listener() copies the output.
 * As Python's listener thread, the listener goes on after stdin ends, until the connection
 * closes; the returned Promise settles when stdin ends.
 */
export async function mt_interact(tn: InteractTarget, options: InteractOptions = {}): Promise<void> {
  const lines = new LineReader(options.stdin ?? process.stdin);
  const listening = listener(tn, options.stdout ? { stdout: options.stdout } : {});
  // A listener error after mt_interact() returned has nobody to go to (Python's thread prints it).
  listening.catch(() => {});
  try {
    await copyInput(tn, lines, new Stop());
  } finally {
    lines.close();
  }
}

/** listener(tn): copies the server's output to stdout until the connection closes. */
export async function listener(
  tn: InteractTarget,
  options: Pick<InteractOptions, "stdout"> = {},
): Promise<void> {
  await copyOutput(tn, options.stdout ?? process.stdout, new Stop());
}

async function copyOutput(tn: InteractTarget, stdout: NodeJS.WritableStream, stop: Stop): Promise<void> {
  for (;;) {
    let data: Buffer;
    try {
      data = await tn.read_eager();
    } catch (err) {
      // close() called here rather than by the server: nothing to announce, and a read that
      // was in flight when it closed (EBADF) is part of that stop, not a failure.
      if (tn.sock === null) return;
      if (!(err instanceof EOFError)) throw err;
      if (!stop.stopped) stdout.write(CLOSED);
      return;
    }
    if (stop.stopped) return;
    // A slow stdout holds the reading back, so a flood of output does not pile up in memory.
    if (data.length > 0) {
      if (!stdout.write(data)) await Promise.race([once(stdout, "drain"), stop.promise]);
    } else await Promise.race([tn._select(null), stop.promise]);
    if (stop.stopped) return;
  }
}

async function copyInput(tn: InteractTarget, lines: LineReader, stop: Stop): Promise<void> {
  for (;;) {
    const line = await Promise.race([lines.next(), stop.promise.then(() => null)]);
    if (line === null || stop.stopped) return;
    await tn.write(line);
  }
}

class Stop {
  stopped = false;
  #resolve!: () => void;
  readonly promise = new Promise<void>((resolve) => {
    this.#resolve = resolve;
  });
  set(): void {
    this.stopped = true;
    this.#resolve();
  }
}

/**
 * LineReader hands out a stream's lines as sys.stdin.readline() does: each with its "\n", the
 * last one without if the stream ends mid-line, then null. It listens with events and leaves
 * the stream open on close(), so process.stdin stays usable.
 */
export class LineReader {
  readonly #stream: NodeJS.ReadableStream;
  #buffer = Buffer.alloc(0);
  #lines: Buffer[] = [];
  #ended = false;
  #error: unknown = null;
  #wake: (() => void) | null = null;
  readonly #onData = (chunk: Buffer | string) => {
    this.#buffer = Buffer.concat([this.#buffer, typeof chunk === "string" ? Buffer.from(chunk) : chunk]);
    for (let at = this.#buffer.indexOf(10); at !== -1; at = this.#buffer.indexOf(10)) {
      this.#lines.push(this.#buffer.subarray(0, at + 1));
      this.#buffer = this.#buffer.subarray(at + 1);
    }
    this.#notify();
  };
  readonly #onEnd = () => {
    if (this.#buffer.length > 0) this.#lines.push(this.#buffer);
    this.#buffer = Buffer.alloc(0);
    this.#ended = true;
    this.#notify();
  };
  readonly #onError = (err: unknown) => {
    this.#error = err;
    this.#notify();
  };

  constructor(stream: NodeJS.ReadableStream) {
    this.#stream = stream;
    this.#ended = (stream as { readableEnded?: boolean }).readableEnded === true;
    stream.on("data", this.#onData);
    stream.on("end", this.#onEnd);
    stream.on("error", this.#onError);
    stream.resume();
  }

  /** The next line, or null at end of stream. */
  async next(): Promise<Buffer | null> {
    for (;;) {
      const line = this.#lines.shift();
      if (line) return line;
      if (this.#error) throw this.#error;
      if (this.#ended) return null;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** Stops listening; the stream stays open. */
  close(): void {
    this.#stream.off("data", this.#onData);
    this.#stream.off("end", this.#onEnd);
    this.#stream.off("error", this.#onError);
    this.#stream.pause();
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
