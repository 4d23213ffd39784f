// Where a `file` argument sends a multi-line response: Python's "filename or file object".
import { once } from "node:events";
import { open } from "node:fs/promises";

/**
 * FileArg is nntplib's `file` argument: a file name (created or truncated, and closed when
 * done, as Python opens it "wb"), or a Node writable stream (written with backpressure and
 * left open, as Python leaves a file object open).
 */
export type FileArg = string | NodeJS.WritableStream;

/** Sink is a FileArg opened for writing. */
export interface Sink {
  write(data: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** openSink opens a FileArg. */
export async function openSink(file: FileArg): Promise<Sink> {
  if (typeof file === "string") {
    const handle = await open(file, "w");
    return {
      write: async (data) => void (await handle.write(data)),
      close: () => handle.close(),
    };
  }
  return {
    write: async (data) => {
      if (!file.write(data)) await drained(file);
    },
    close: async () => {},
  };
}

// Waits for 'drain', failing if the stream errors or closes first.
async function drained(stream: NodeJS.WritableStream): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([
      once(stream, "drain", { signal: ac.signal }),
      once(stream, "close", { signal: ac.signal }).then(() => {
        throw new Error("the file was closed while being written");
      }),
    ]);
  } finally {
    ac.abort();
  }
}
