// Request bodies as Python's endheaders()/request() accept them: bytes, str (latin-1), and
// iterables of either.
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
