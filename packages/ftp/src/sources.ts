// What storbinary() and storlines() read from: Python's file objects, and Node's forms of bytes.
import type { FileHandle } from "node:fs/promises";
import type { ByteSource } from "@inetlib/socket";

/** A Python-style binary file: read(n) returns up to n bytes, empty at the end (io.BytesIO, an open file). */
export interface ReadableFile {
  read(n: number): Uint8Array | Promise<Uint8Array>;
}

/** A Python-style binary file read by lines: readline(limit) returns one line, empty at the end. */
export interface ReadlineFile {
  readline(limit: number): Uint8Array | Promise<Uint8Array>;
}

/**
 * UploadSource is what an upload reads: a Python-style file, an open file (a FileHandle from
 * fs/promises, Node's nearest thing to Python's open(); read from its current position), the
 * bytes themselves, or chunks from any iterable (a Node Readable is an AsyncIterable of Buffers).
 */
export type UploadSource =
  | ReadableFile
  | FileHandle
  | Uint8Array
  | Iterable<Uint8Array>
  | AsyncIterable<Uint8Array>;

export interface BlockReaderOptions {
  /**
   * Read a FileHandle into one buffer reused for every block, for a consumer that is done with
   * each block before it asks for the next (storbinary without a callback): fresh memory for
   * every block costs more than the upload itself (a page fault per 4 KiB on first touch).
   */
  reuse?: boolean;
}

const EMPTY = Buffer.alloc(0);

/**
 * BlockReader gives a source's bytes `read(n)` at a time, as Python's fp.read(blocksize): never
 * more than n, empty only at the end. Chunks larger than n are handed out in views, not copies.
 */
export class BlockReader implements ByteSource {
  #file: ReadableFile | null = null;
  #handle: FileHandle | null = null;
  #scratch: Buffer | null = null;
  readonly #reuse: boolean;
  #iterator: Iterator<unknown> | AsyncIterator<unknown> | null = null;
  #rest: Buffer = EMPTY;
  #done = false;

  constructor(source: UploadSource, options: BlockReaderOptions = {}) {
    this.#reuse = options.reuse ?? false;
    if (source instanceof Uint8Array) {
      this.#rest = asBuffer(source);
      this.#done = true;
    } else if (isFileHandle(source)) this.#handle = source;
    else if (isFile(source)) this.#file = source;
    else if (Symbol.asyncIterator in source) this.#iterator = source[Symbol.asyncIterator]();
    else if (Symbol.iterator in source) this.#iterator = source[Symbol.iterator]();
    else
      throw new TypeError(
        "storbinary() needs bytes, a file with read(), a FileHandle, or an iterable of bytes",
      );
  }

  async read(n: number): Promise<Buffer> {
    if (this.#handle) return this.#readHandle(this.#handle, n);
    if (this.#file) return checkBytes(await this.#file.read(n));
    while (this.#rest.length === 0 && !this.#done) {
      const next = await this.#iterator!.next();
      if (next.done) this.#done = true;
      else this.#rest = checkBytes(next.value);
    }
    const out = this.#rest.length > n ? this.#rest.subarray(0, n) : this.#rest;
    this.#rest = this.#rest.length > n ? this.#rest.subarray(n) : EMPTY;
    return out;
  }

  async #readHandle(handle: FileHandle, n: number): Promise<Buffer> {
    if (n <= 0) return EMPTY;
    let buf: Buffer;
    if (!this.#reuse) buf = Buffer.allocUnsafe(n);
    else {
      if (!this.#scratch || this.#scratch.length < n) this.#scratch = Buffer.allocUnsafe(n);
      buf = this.#scratch;
    }
    const { bytesRead } = await handle.read(buf, 0, n, null);
    return bytesRead === 0 ? EMPTY : buf.subarray(0, bytesRead);
  }

  /** recv makes a BlockReader a ByteSource, so the core's line Reader can split it (storlines). */
  recv(bufsize: number): Promise<Buffer> {
    return this.read(bufsize);
  }

  /** close lets go of an iterator stopped early (a Node stream is destroyed). */
  async close(): Promise<void> {
    if (this.#done || !this.#iterator) return;
    this.#done = true;
    await this.#iterator.return?.();
  }
}

// FileHandle is not exported as a class: known by its shape (a descriptor, read(buffer, ...), stat()).
function isFileHandle(source: object): source is FileHandle {
  const h = source as { fd?: unknown; read?: unknown; stat?: unknown; readLines?: unknown };
  return (
    typeof h.fd === "number" &&
    typeof h.read === "function" &&
    typeof h.stat === "function" &&
    typeof h.readLines === "function"
  );
}

function isFile(source: object): source is ReadableFile {
  return typeof (source as { read?: unknown }).read === "function" && !(Symbol.asyncIterator in source);
}

/** checkBytes refuses text where bytes are due, with Python's TypeError. */
export function checkBytes(value: unknown): Buffer {
  if (value instanceof Uint8Array) return asBuffer(value);
  if (typeof value === "string") throw new TypeError("a bytes-like object is required, not 'str'");
  throw new TypeError(`a bytes-like object is required, not '${value === null ? "NoneType" : typeof value}'`);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** isReadlineFile tells a Python-style file with readline() (storlines reads it by lines, as Python does). */
export function isReadlineFile(source: unknown): source is ReadlineFile {
  return (
    typeof source === "object" &&
    source !== null &&
    typeof (source as { readline?: unknown }).readline === "function" &&
    !(Symbol.asyncIterator in source)
  );
}
