// The server's side of COMPRESS DEFLATE (RFC 8054): raw DEFLATE both ways after "206". Kept
// apart from the client's implementation on purpose, so that a test pairs two independent ones.
import zlib from "node:zlib";
import type { SocketLike } from "@inetlib/socket";

const EMPTY = Buffer.alloc(0);

/** Transform runs one zlib stream chunk by chunk: each push() returns all output so far, sync-flushed. */
class Transform {
  readonly #stream: zlib.DeflateRaw | zlib.InflateRaw;
  #out: Buffer[] = [];
  #error: Error | null = null;

  constructor(stream: zlib.DeflateRaw | zlib.InflateRaw) {
    this.#stream = stream;
    stream.on("data", (chunk: Buffer) => this.#out.push(chunk));
    stream.on("error", (err) => (this.#error = err));
  }

  push(data: Uint8Array): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.#stream.write(data);
      this.#stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        while (this.#stream.read() !== null) {}
        const out = Buffer.concat(this.#out);
        this.#out = [];
        if (this.#error) reject(this.#error);
        else resolve(out);
      });
    });
  }

  destroy(): void {
    this.#stream.destroy();
  }
}

/** ServerDeflate is the compressed connection a session continues on after "206". */
export class ServerDeflate implements SocketLike {
  readonly #inner: SocketLike;
  readonly #inflate = new Transform(zlib.createInflateRaw());
  readonly #deflate = new Transform(zlib.createDeflateRaw());
  #held: Buffer;
  // Input handed to the inflater and not yet collected.
  #pending: Promise<Buffer> | null = null;

  constructor(inner: SocketLike, leftover: Buffer) {
    this.#inner = inner;
    this.#held = EMPTY;
    if (leftover.length > 0) this.#pending = this.#inflate.push(leftover);
  }

  async recv(bufsize: number): Promise<Buffer> {
    for (;;) {
      if (this.#pending) {
        this.#held = Buffer.concat([this.#held, await this.#pending]);
        this.#pending = null;
      }
      if (this.#held.length > 0) {
        const out = this.#held.subarray(0, bufsize);
        this.#held = this.#held.subarray(out.length);
        return out;
      }
      const raw = await this.#inner.recv(65536);
      if (raw.length === 0) return EMPTY;
      this.#pending = this.#inflate.push(raw);
    }
  }

  async sendall(data: Uint8Array): Promise<void> {
    await this.#inner.sendall(await this.#deflate.push(data));
  }

  async close(): Promise<void> {
    this.#inflate.destroy();
    this.#deflate.destroy();
    await this.#inner.close();
  }
}
