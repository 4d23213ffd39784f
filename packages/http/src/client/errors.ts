// http.client's exception tree. Python's RemoteDisconnected is both a ConnectionResetError and
// a BadStatusLine; JavaScript has single inheritance, so it extends ConnectionResetError (what
// urllib and retry loops catch as OSError) and `instanceof BadStatusLine` / `instanceof
// HTTPException` answer true for it through Symbol.hasInstance.
import { ConnectionResetError } from "@inetlib/socket";
import { _MAXLINE } from "../limits.js";

const plainInstanceOf = Function.prototype[Symbol.hasInstance];

/** HTTPException: the base class of http.client's errors (also exported as `error`). */
export class HTTPException extends Error {
  override name = "HTTPException";

  // `this` is the class instanceof was asked about (a subclass too): intended here.
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: see above
    if (plainInstanceOf.call(this, value)) return true;
    return (
      // biome-ignore lint/complexity/noThisInStatic: see above
      (this === HTTPException || this === BadStatusLine) && plainInstanceOf.call(RemoteDisconnected, value)
    );
  }
}
export { HTTPException as error };

/** NotConnected: send() on a connection that is not open while auto_open is off. */
export class NotConnected extends HTTPException {
  override name = "NotConnected";
}

/** InvalidURL: a port that is not a number, or control characters in a URL or host. */
export class InvalidURL extends HTTPException {
  override name = "InvalidURL";
}

/** UnknownProtocol: the status line names a protocol other than HTTP/1.x. */
export class UnknownProtocol extends HTTPException {
  override name = "UnknownProtocol";
  readonly version: string;
  constructor(version: string) {
    super(version);
    this.version = version;
  }
}

/** UnknownTransferEncoding (kept for parity; Python never raises it either). */
export class UnknownTransferEncoding extends HTTPException {
  override name = "UnknownTransferEncoding";
}

/** UnimplementedFileMode (kept for parity; Python never raises it either). */
export class UnimplementedFileMode extends HTTPException {
  override name = "UnimplementedFileMode";
}

/**
 * IncompleteRead: the body ended before its length. `partial` is what was read, `expected`
 * how many more bytes were due (null when unknown). The message is Python's repr:
 * "IncompleteRead(5 bytes read, 3 more expected)".
 */
export class IncompleteRead extends HTTPException {
  override name = "IncompleteRead";
  readonly partial: Buffer;
  readonly expected: number | null;
  constructor(partial: Buffer, expected: number | null = null) {
    const more = expected !== null ? `, ${expected} more expected` : "";
    super(`IncompleteRead(${partial.length} bytes read${more})`);
    this.partial = partial;
    this.expected = expected;
  }
}

/** ImproperConnectionState: a call out of order for the connection's state. */
export class ImproperConnectionState extends HTTPException {
  override name = "ImproperConnectionState";
}

/** CannotSendRequest: putrequest() while a request is being sent; the message is the state. */
export class CannotSendRequest extends ImproperConnectionState {
  override name = "CannotSendRequest";
}

/** CannotSendHeader: putheader() or endheaders() outside a request being built. */
export class CannotSendHeader extends ImproperConnectionState {
  override name = "CannotSendHeader";
}

/** ResponseNotReady: getresponse() with no request sent, or a previous response unread. */
export class ResponseNotReady extends ImproperConnectionState {
  override name = "ResponseNotReady";
}

/** BadStatusLine: the status line is not "HTTP/x.y NNN reason"; `line` is what came. */
export class BadStatusLine extends HTTPException {
  override name = "BadStatusLine";
  readonly line: string;
  constructor(line: string) {
    const shown = line === "" ? "''" : line;
    super(shown);
    this.line = shown;
  }
}

/** LineTooLong: a status, header, chunk-size or trailer line over _MAXLINE bytes. */
export class LineTooLong extends HTTPException {
  override name = "LineTooLong";
  constructor(line_type: string) {
    super(`got more than ${_MAXLINE} bytes when reading ${line_type}`);
  }
}

/**
 * RemoteDisconnected: the server closed the connection before sending a response. A
 * ConnectionResetError (an OSError) that is also a BadStatusLine and an HTTPException.
 */
export class RemoteDisconnected extends ConnectionResetError {
  override name = "RemoteDisconnected";
  readonly line = "''";
  constructor(message = "Remote end closed connection without response", options?: { cause?: unknown }) {
    super(null, message, options);
  }
}
