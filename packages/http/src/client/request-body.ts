// Request bodies as undici takes them, from what Python's endheaders()/request() accept:
// bytes, str (latin-1), iterables of either, and an open body that send() feeds.
import { UnicodeEncodeError } from "@inetlib/socket";
import { checkLatin1 } from "./validate.js";

/** A request body: bytes, text (sent as latin-1, as Python's), or an (async) iterable of either. */
export type RequestBody =
  | string
  | Uint8Array
  | Iterable<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | null
  | undefined;

/** latin1 encodes text as Python's _encode(body) does, refusing characters above U+00FF. */
export function latin1(text: string, what = "body"): Buffer {
  try {
    checkLatin1(text, what);
  } catch (err) {
    if (err instanceof UnicodeEncodeError)
      throw new UnicodeEncodeError(
        `${err.message}. ${what[0]!.toUpperCase()}${what.slice(1)} is not valid Latin-1. Use ${what}.encode('utf-8') if you want to send it encoded in UTF-8.`,
      );
    throw err;
  }
  return Buffer.from(text, "latin1");
}

/** toBuffer views a Uint8Array as a Buffer without copying. */
export function toBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** isIterableBody: an iterable or async iterable that is not bytes or text. */
export function isIterableBody(
  body: unknown,
): body is Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string> {
  if (body === null || typeof body !== "object" || body instanceof Uint8Array) return false;
  return Symbol.iterator in body || Symbol.asyncIterator in body;
}

/** chunksOf yields an iterable body's pieces as Buffers, skipping empty ones (as Python does). */
export async function* chunksOf(
  body: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  onChunk?: (chunk: Buffer) => void,
): AsyncGenerator<Buffer, void, undefined> {
  for await (const piece of body as AsyncIterable<Uint8Array | string>) {
    const chunk = typeof piece === "string" ? latin1(piece) : toBuffer(piece);
    if (chunk.length === 0) continue;
    onChunk?.(chunk);
    yield chunk;
  }
}

/**
 * PushBody is a request body fed by HTTPConnection.send() after endheaders(): each write
 * resolves once undici has taken the bytes. It ends by itself after `length` bytes (a
 * Content-Length), else when end() is called (getresponse()).
 */
export class PushBody implements AsyncIterable<Buffer> {
  #queue: Array<{ chunk: Buffer; taken: () => void }> = [];
  #ended = false;
  #wake: (() => void) | null = null;
  remaining: number | null;

  constructor(length: number | null) {
    this.remaining = length;
  }

  get ended(): boolean {
    return this.#ended;
  }

  write(chunk: Buffer): Promise<void> {
    if (this.#ended) return Promise.resolve();
    return new Promise<void>((taken) => {
      this.#queue.push({ chunk, taken });
      if (this.remaining !== null) {
        this.remaining -= chunk.length;
        if (this.remaining <= 0) this.#ended = true;
      }
      this.#poke();
    });
  }

  end(): void {
    this.#ended = true;
    this.#poke();
  }

  #poke(): void {
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const next = this.#queue.shift();
      if (next) {
        next.taken();
        if (next.chunk.length > 0) yield next.chunk;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}
