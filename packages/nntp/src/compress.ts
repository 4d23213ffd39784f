// COMPRESS DEFLATE (RFC 8054): the core's DeflateSocket (@inetlib/socket, shared with IMAP's
// COMPRESS=DEFLATE), raising NNTPDataError for corrupt input as nntplib's callers expect.
import { DeflateSocket as CoreDeflateSocket, type SocketLike } from "@inetlib/socket";
import { NNTPDataError, withCause } from "./errors.js";

const nntpError = (message: string, cause?: Error): Error =>
  cause ? withCause(new NNTPDataError(message), cause) : new NNTPDataError(message);

/**
 * DeflateSocket compresses what is sent and inflates what is received (see the core's
 * DeflateSocket); corrupt input throws NNTPDataError, and the caller then closes the
 * connection, as RFC 8054 2.2.2 asks.
 */
export class DeflateSocket extends CoreDeflateSocket {
  /** `leftover` is what was received after the 206 line and must be inflated first. */
  constructor(inner: SocketLike, leftover: Buffer = Buffer.alloc(0)) {
    super(inner, leftover, { error: nntpError });
  }
}
