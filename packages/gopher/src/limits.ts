// Bounds on what a gopher server can make us hold. gopherlib had none; each bound here raises
// its own error from @inetlib/socket: LineTooLong for a line, ResponseTooLarge for a whole
// menu, text or binary collected in memory. Streaming (async iterators, callbacks) is bounded
// per line only.

/** MAXLINE bounds a menu line, a Gopher+ header line and an attribute line (bytes, terminator included). */
export const MAXLINE = 8192;

/** TEXT_MAXLINE bounds a line of a text item. */
export const TEXT_MAXLINE = 1 << 20;

/** MAX_MENU_LINES and MAX_MENU_BYTES bound a menu (or a Gopher+ attribute listing) read whole. */
export const MAX_MENU_LINES = 100_000;
export const MAX_MENU_BYTES = 8 << 20;

/** MAX_TEXT_BYTES bounds a text item read whole. */
export const MAX_TEXT_BYTES = 16 << 20;

/** MAX_BINARY_BYTES bounds a binary item read whole (stream it for more). */
export const MAX_BINARY_BYTES = 64 << 20;

/**
 * DEFAULT_TIMEOUT is the timeout, in seconds, of each wait (connect, send, every receive) when
 * neither the call nor socket.setdefaulttimeout() gives one. null in an options object blocks.
 */
export const DEFAULT_TIMEOUT = 30;

/** BLOCKSIZE is how many bytes a binary stream asks for at a time. */
export const BLOCKSIZE = 65536;

/** Limits are the bounds one client or call applies; null lifts a bound. */
export interface Limits {
  maxline: number;
  textMaxline: number;
  maxMenuLines: number | null;
  maxMenuBytes: number | null;
  maxTextBytes: number | null;
  maxBinaryBytes: number | null;
}

/** DEFAULT_LIMITS are the bounds above. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxline: MAXLINE,
  textMaxline: TEXT_MAXLINE,
  maxMenuLines: MAX_MENU_LINES,
  maxMenuBytes: MAX_MENU_BYTES,
  maxTextBytes: MAX_TEXT_BYTES,
  maxBinaryBytes: MAX_BINARY_BYTES,
});
