// socket.sendfile(): a file streamed to a connected stream socket in constant memory. Node has
// no sendfile(2) for sockets, so this is Python's fallback path (_sendfile_use_send): read a
// block, sendall() it, repeat; sendall() resolves once the kernel holds the block, so one buffer
// is reused throughout.
import { read as readFd } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { SOCK_STREAM } from "./constants.js";
import { fromNodeError, ValueError } from "./errors.js";
import type { socket } from "./socket.js";

const BLOCK = 64 * 1024;

/** sendfile(sock, file, offset, count): the implementation behind socket.sendfile(). */
export async function sendfile(
  sock: socket,
  file: string | FileHandle | number,
  offset = 0,
  count: number | null = null,
): Promise<number> {
  if (sock.type !== SOCK_STREAM) throw new ValueError("only SOCK_STREAM type sockets are supported");
  if (count !== null) {
    if (!Number.isInteger(count)) throw new TypeError(`count must be a positive integer (got ${count})`);
    if (count <= 0) throw new ValueError(`count must be a positive integer (got ${count})`);
  }
  if (!Number.isInteger(offset) || offset < 0)
    throw new ValueError(`offset must be a non-negative integer (got ${offset})`);
  if (sock.gettimeout() === 0) throw new ValueError("non-blocking sockets are not supported");
  const owned =
    typeof file === "string"
      ? await open(file, "r").catch((err) => Promise.reject(fromNodeError(err)))
      : null;
  try {
    const read = readerFor(owned ?? (file as FileHandle | number));
    const buffer = Buffer.allocUnsafe(count === null ? BLOCK : Math.min(BLOCK, count));
    let sent = 0;
    while (count === null || sent < count) {
      const want = count === null ? buffer.length : Math.min(buffer.length, count - sent);
      const n = await read(buffer, want, offset + sent);
      if (n === 0) break;
      await sock.sendall(buffer.subarray(0, n));
      sent += n;
    }
    return sent;
  } finally {
    await owned?.close();
  }
}

type Reader = (buffer: Buffer, length: number, position: number) => Promise<number>;

function readerFor(file: FileHandle | number): Reader {
  if (typeof file === "number") {
    return (buffer, length, position) =>
      new Promise<number>((resolve, reject) =>
        readFd(file, buffer, 0, length, position, (err, n) =>
          err ? reject(fromNodeError(err)) : resolve(n),
        ),
      );
  }
  return async (buffer, length, position) => (await file.read(buffer, 0, length, position)).bytesRead;
}
