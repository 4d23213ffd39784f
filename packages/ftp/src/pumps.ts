// The loops that move a transfer's data, one per ftplib method: each is Python's loop body,
// with callbacks that may return a Promise (awaited, so a slow consumer slows the transfer).
import { type DebugTrace, LineTooLong, Reader } from "@inetlib/socket";
import type { Codec } from "./control.js";
import { Error as FTPError } from "./errors.js";
import { BlockReader, checkBytes, isReadlineFile, type ReadlineFile, type UploadSource } from "./sources.js";
import { TextLineReader } from "./text-lines.js";
import type { Transfer } from "./transfer.js";

/** BinaryCallback receives each block of a binary transfer. */
export type BinaryCallback = (data: Buffer) => unknown;
/** LineCallback receives each line of a text transfer, without its line ending. */
export type LineCallback = (line: string) => unknown;

const B_CRLF = Buffer.from("\r\n");

/** deliver calls the client's callback with `arg`, counted in t.callbacks while it runs; a Promise it returns is returned to be awaited. */
function deliver<A>(t: Transfer, callback: (arg: A) => unknown, arg: A): PromiseLike<void> | undefined {
  t.callbacks++;
  let r: unknown;
  try {
    r = callback(arg);
  } catch (err) {
    t.callbacks--;
    throw err;
  }
  if (!isPromise(r)) {
    t.callbacks--;
    return undefined;
  }
  return r.then(
    () => {
      t.callbacks--;
    },
    (err: unknown) => {
      t.callbacks--;
      throw err;
    },
  );
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** The blocks of a binary transfer: recv(blocksize) until end of stream (retrbinary's loop). */
export async function* binaryBlocks(t: Transfer, blocksize: number): AsyncGenerator<Buffer, void, undefined> {
  const conn = t.conn;
  for (;;) {
    const data = await conn.recv(blocksize);
    if (data.length === 0) return;
    t.counted(data.length);
    yield data;
  }
}

/**
 * pumpLines is retrlines's loop without a generator in between: each line straight to the
 * callback, synchronously over the lines already received, awaiting only for more bytes or a
 * callback's Promise.
 */
export function pumpLines(
  callback: LineCallback,
  maxline: number,
  codec: Codec,
  debug: DebugTrace,
): (t: Transfer) => Promise<void> {
  return async (t) => {
    const lines = new TextLineReader(t, maxline, codec, debug);
    for (;;) {
      const line = lines.tryNext();
      if (line === undefined) return;
      if (line === null) await lines.fill();
      else {
        const r = deliver(t, callback, line);
        if (r) await r;
      }
    }
  };
}

/** pumpBinary is retrbinary's loop without a generator in between: each block straight to the callback. */
export function pumpBinary(callback: BinaryCallback, blocksize: number): (t: Transfer) => Promise<void> {
  return async (t) => {
    const conn = t.conn;
    for (;;) {
      const data = await conn.recv(blocksize);
      if (data.length === 0) return;
      t.counted(data.length);
      const r = deliver(t, callback, data);
      if (r) await r;
    }
  };
}

/** storbinary's loop: read(blocksize) until empty, each block sent, then to the callback. */
export function pumpStore(
  source: UploadSource,
  blocksize: number,
  callback: BinaryCallback | null,
): (t: Transfer) => Promise<void> {
  // Each block is sent (the kernel holds it) before the next is read; a callback may keep it.
  const blocks = new BlockReader(source, { reuse: callback === null });
  return async (t) => {
    try {
      for (;;) {
        const buf = await blocks.read(blocksize);
        if (buf.length === 0) return;
        await t.conn.sendall(buf);
        t.counted(buf.length);
        if (callback) {
          const r = deliver(t, callback, buf);
          if (r) await r;
        }
      }
    } finally {
      await blocks.close();
    }
  };
}

/**
 * storlines's loop: lines of at most `maxline` bytes (Error "got more than N bytes"
 * otherwise), each sent with CRLF whatever ending it had, as Python does.
 */
export function pumpStoreLines(
  source: UploadSource | ReadlineFile,
  maxline: number,
  callback: BinaryCallback | null,
): (t: Transfer) => Promise<void> {
  const file = isReadlineFile(source) ? source : null;
  const blocks = file ? null : new BlockReader(source as UploadSource);
  const reader = blocks ? new Reader(blocks) : null;
  const readline = async (): Promise<Buffer> => {
    if (file) return checkBytes(await file.readline(maxline + 1));
    try {
      return await reader!.readline(maxline);
    } catch (err) {
      if (err instanceof LineTooLong) return Buffer.alloc(maxline + 1);
      throw err;
    }
  };
  return async (t) => {
    try {
      for (;;) {
        let buf = await readline();
        if (buf.length > maxline) throw new FTPError(`got more than ${maxline} bytes`);
        if (buf.length === 0) return;
        const n = buf.length;
        if (!(n >= 2 && buf[n - 2] === 13 && buf[n - 1] === 10)) {
          if (buf[n - 1] === 13 || buf[n - 1] === 10) buf = buf.subarray(0, n - 1);
          buf = Buffer.concat([buf, B_CRLF]);
        }
        await t.conn.sendall(buf);
        t.counted(buf.length);
        if (callback) {
          const r = deliver(t, callback, buf);
          if (r) await r;
        }
      }
    } finally {
      await blocks?.close();
    }
  };
}

/** The default retrlines callback, ftplib.print_line: the line on stdout. */
export function print_line(line: string): void {
  process.stdout.write(`${line}\n`);
}
