// Where the command reads and writes: the process's streams by default, anything a test or an
// embedding program passes instead.
import type { Readable, Writable } from "node:stream";

/** CliIO is the command's world: its streams, whether they are terminals, its environment. */
export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** Whether stdout is a terminal (binary data is then refused without -o). */
  stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  stderrIsTTY: boolean;
  /** Whether stdin is a terminal (a missing password is then asked for). */
  stdinIsTTY: boolean;
  /** Terminal width for menus and progress bars. */
  columns: number;
  env: Record<string, string | undefined>;
  /** The directory relative paths (-o FILE, message files) are taken from. */
  cwd: string;
  /** Milliseconds a transfer runs before its progress bar appears (default 500). */
  progressDelay?: number;
}

/** processIO is the CliIO of the running process. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    columns: process.stdout.columns || process.stderr.columns || 80,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** write writes to a stream and waits for it to drain when it asks to (constant memory). */
export async function write(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off("drain", onDrain);
      stream.off("error", done);
      stream.off("close", onDrain);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    stream.once("drain", onDrain);
    stream.once("close", onDrain);
    stream.once("error", done);
  });
}

/** readAll reads a stream to its end (a message from stdin or a file). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts);
}
