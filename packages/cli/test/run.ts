// Runs the inetlib command in-process with captured streams, as a terminal or as pipes.
import { PassThrough, Readable, Writable } from "node:stream";
import { type CliIO, main } from "../src/index.js";

/** Ran is what one run of the command did. */
export interface Ran {
  code: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

/** RunOptions shape the command's world. */
export interface RunOptions {
  stdin?: string | Buffer;
  /** Which streams are terminals (default none). */
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
  cwd?: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
  progressDelay?: number;
}

class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

/** run runs `inetlib ...argv` and collects its output. */
export async function run(argv: string[], options: RunOptions = {}): Promise<Ran> {
  const stdout = new Collector();
  const stderr = new Collector();
  const stdin = options.stdin === undefined ? Readable.from([]) : Readable.from([Buffer.from(options.stdin)]);
  const io: CliIO = {
    stdout,
    stderr,
    stdin: options.stdin === undefined && options.tty?.stdin ? new PassThrough() : stdin,
    stdoutIsTTY: options.tty?.stdout ?? false,
    stderrIsTTY: options.tty?.stderr ?? false,
    stdinIsTTY: options.tty?.stdin ?? false,
    columns: 80,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.progressDelay !== undefined ? { progressDelay: options.progressDelay } : {}),
  };
  const code = await main(argv, io, options.signal ? { signal: options.signal } : {});
  const stdoutBytes = Buffer.concat(stdout.chunks);
  return { code, stdout: stdoutBytes.toString("utf8"), stdoutBytes, stderr: stderr.text() };
}
