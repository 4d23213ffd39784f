// Where `get` writes what it fetched: stdout, or -o FILE with a progress bar on a terminal's
// stderr. A download that fails leaves no file behind that could pass for a complete one.
import { createWriteStream, type WriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { Writable } from "node:stream";
import { CliError, EXIT, usage } from "./exit.js";
import { type CliIO, write } from "./io.js";
import { Progress } from "./progress.js";

/** Output is the destination of one `get`. */
export class Output {
  readonly #io: CliIO;
  readonly #file: string | null;
  #stream: Writable | null = null;
  #progress: Progress | null = null;
  #checked = false;
  #total: number | null = null;
  /** -o - asks for stdout even when it is a terminal. */
  readonly #forced: boolean;

  /** `file` is -o's argument; null or "-" writes to stdout. */
  constructor(io: CliIO, file: string | null) {
    this.#io = io;
    this.#file = file === "-" ? null : file;
    this.#forced = file === "-";
  }

  /** toFile tells whether the output goes to a file (-o). */
  get toFile(): boolean {
    return this.#file !== null;
  }

  /** expect gives the progress bar the size the server announced. */
  expect(total: number | null): void {
    this.#progress?.expect(total);
    this.#total = total;
  }

  /**
   * write writes bytes or text. With `binary`, data headed for a terminal is refused (it could
   * drive the terminal): the first write says so before anything is written.
   */
  async write(chunk: Buffer | string, options: { binary?: boolean } = {}): Promise<void> {
    if (!this.#checked) {
      this.#checked = true;
      const data = typeof chunk === "string" ? null : chunk;
      if (!this.#file && !this.#forced && this.#io.stdoutIsTTY && (options.binary || data?.includes(0)))
        throw usage("binary output would go to the terminal: use -o FILE (or -o - to send it anyway)");
    }
    const stream = await this.#open();
    await write(stream, chunk);
    this.#progress?.add(typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length);
  }

  /** line writes text and a newline. */
  async line(text = ""): Promise<void> {
    await this.write(`${text}\n`);
  }

  /** close finishes the file (or flushes nothing for stdout) and the progress bar. */
  async close(): Promise<void> {
    if (this.#file) {
      await this.#open();
      await endFile(this.#stream as WriteStream);
    }
    this.#progress?.finish();
  }

  /** abandon closes and deletes a file left unfinished by a failure. */
  async abandon(): Promise<void> {
    if (!this.#file || !this.#stream) return;
    (this.#stream as WriteStream).destroy();
    await rm(resolve(this.#io.cwd, this.#file), { force: true });
  }

  async #open(): Promise<Writable> {
    if (this.#stream) return this.#stream;
    if (!this.#file) {
      this.#stream = this.#io.stdout;
      return this.#stream;
    }
    const path = resolve(this.#io.cwd, this.#file);
    const stream = createWriteStream(path);
    await new Promise<void>((ok, fail) => {
      stream.once("open", () => ok());
      stream.once("error", (err) =>
        fail(new CliError(EXIT.USAGE, `cannot write ${this.#file}: ${err.message}`, { cause: err })),
      );
    });
    this.#stream = stream;
    if (this.#io.stderrIsTTY)
      this.#progress = new Progress(this.#io.stderr, {
        label: basename(path),
        total: this.#total,
        columns: this.#io.columns,
        delay: this.#io.progressDelay ?? 500,
      });
    return stream;
  }
}

function endFile(stream: WriteStream): Promise<void> {
  return new Promise((ok, fail) => {
    stream.once("error", fail);
    stream.end(() => ok());
  });
}
