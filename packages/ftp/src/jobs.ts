// The everyday jobs beyond Python: a file down or up in one call, resumable, in constant memory.
import { createReadStream, createWriteStream } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { finished } from "node:stream/promises";
import { checkArgs } from "./args.js";
import { error_perm } from "./errors.js";
import type { FTP } from "./ftp.js";
import { BlockReader, type UploadSource } from "./sources.js";
import type { TransferOptions } from "./transfer.js";

/** The block size of download() and upload(): large blocks, few calls. */
export const JOB_BLOCKSIZE = 1 << 20;

/** DownloadOptions are download()'s options. */
export interface DownloadOptions extends TransferOptions {
  /** Continue a partial local file: REST with its size, then append. */
  resume?: boolean;
  blocksize?: number;
}

/** UploadOptions are upload()'s options. */
export interface UploadOptions extends TransferOptions {
  /** Continue a partial remote file: its SIZE, then the rest of the local data. */
  resume?: boolean;
  /** How to continue: APPE (default; RFC 959) or REST then STOR (RFC 3659). */
  method?: "APPE" | "REST";
  blocksize?: number;
}

/**
 * download retrieves `remote` (RETR, binary) into a file path or a Writable, respecting the
 * Writable's backpressure. A file it opened is complete on disk when the Promise resolves; a
 * Writable passed in is left open. Returns the final reply.
 */
export async function download(
  ftp: FTP,
  remote: string,
  local: string | NodeJS.WritableStream,
  options: DownloadOptions,
): Promise<string> {
  checkArgs(remote);
  const { resume = false, blocksize = JOB_BLOCKSIZE, ...transfer } = options;
  let rest: number | null = null;
  if (typeof local === "string" && resume) {
    const size = await stat(local).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0) rest = size;
  }
  const out = typeof local === "string" ? createWriteStream(local, { flags: rest ? "a" : "w" }) : local;
  const write = writer(out);
  try {
    const resp = await ftp.retrbinary(`RETR ${remote}`, write, { ...transfer, blocksize, rest });
    if (typeof local === "string") {
      out.end();
      await finished(out as NodeJS.WritableStream & import("node:stream").Writable);
    }
    return resp;
  } catch (err) {
    if (typeof local === "string") (out as import("node:fs").WriteStream).destroy();
    throw err;
  }
}

/**
 * upload stores a file path, bytes or a stream at `remote` (STOR, binary). With `resume` it
 * asks the server how much it has (SIZE) and sends only the rest, with APPE or REST + STOR.
 * Returns the final reply.
 */
export async function upload(
  ftp: FTP,
  local: string | UploadSource,
  remote: string,
  options: UploadOptions,
): Promise<string> {
  checkArgs(remote);
  const { resume = false, method = "APPE", blocksize = JOB_BLOCKSIZE, ...transfer } = options;
  let offset = 0;
  if (resume) {
    // Servers give a file's size in binary mode only (proftpd refuses SIZE under TYPE A).
    await ftp.voidcmd("TYPE I");
    offset =
      (await ftp.size(remote).catch((err: unknown) => {
        if (err instanceof error_perm) return 0;
        throw err;
      })) ?? 0;
  }
  let source: UploadSource;
  let handle: FileHandle | null = null;
  // A whole file is read through one FileHandle into a reused buffer (see BlockReader); a
  // resumed one from its offset by a stream, as FileHandle cannot seek.
  if (typeof local === "string" && offset === 0) source = handle = await open(local, "r");
  else if (typeof local === "string")
    source = createReadStream(local, { start: offset, highWaterMark: blocksize });
  else if (offset > 0 && local instanceof Uint8Array) source = local.subarray(offset);
  else source = offset > 0 ? skip(local, offset, blocksize) : local;
  try {
    if (offset > 0 && method === "APPE")
      return await ftp.storbinary(`APPE ${remote}`, source, { ...transfer, blocksize });
    return await ftp.storbinary(`STOR ${remote}`, source, {
      ...transfer,
      blocksize,
      rest: offset > 0 ? offset : null,
    });
  } finally {
    await handle?.close();
  }
}

/** skip drops the first n bytes of a source. */
async function* skip(source: UploadSource, n: number, blocksize: number): AsyncGenerator<Buffer> {
  const blocks = new BlockReader(source);
  let left = n;
  try {
    for (;;) {
      const block = await blocks.read(blocksize);
      if (block.length === 0) return;
      if (left >= block.length) {
        left -= block.length;
        continue;
      }
      yield left > 0 ? block.subarray(left) : block;
      left = 0;
    }
  } finally {
    await blocks.close();
  }
}

/** writer writes blocks to a Writable, waiting for 'drain' when it asks to, failing on its 'error'. */
function writer(out: NodeJS.WritableStream): (block: Buffer) => Promise<void> | undefined {
  let failed: unknown = null;
  out.on("error", (err: unknown) => {
    failed = err;
  });
  return (block) => {
    if (failed) throw failed;
    if (out.write(block)) return undefined;
    return new Promise<void>((resolve, reject) => {
      const done = (err?: unknown) => {
        out.off("drain", onDrain);
        out.off("error", onError);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => done();
      const onError = (err: unknown) => done(err ?? new Error("write failed"));
      out.on("drain", onDrain);
      out.on("error", onError);
    });
  };
}
