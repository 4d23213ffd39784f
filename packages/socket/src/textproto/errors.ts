// Errors of the line layer. A server that says "no" in its own protocol is not an error here:
// each protocol raises its own (error_perm, SMTPResponseException, ...) from the reply. These
// are for a server that broke the protocol or went away.
import { EOFError } from "../errors.js";

/**
 * ProtocolError: the server's bytes do not follow the protocol (a malformed reply). Protocols
 * map it to their own class (ftplib.error_proto, poplib.error_proto, NNTPProtocolError, ...).
 */
export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/**
 * LineTooLong: a line longer than `limit` bytes, terminator included. The message is ftplib's
 * and imaplib's ("got more than 8192 bytes"); poplib says 'line too long', smtplib replies
 * (500, "Line too long."), nntplib raises NNTPDataError('line too long').
 */
export class LineTooLong extends ProtocolError {
  override name = "LineTooLong";
  readonly limit: number;
  constructor(limit: number, message = `got more than ${limit} bytes`) {
    super(message);
    this.limit = limit;
  }
}

/** ResponseTooLarge: a multi-line reply or body over its bound of lines or bytes. */
export class ResponseTooLarge extends ProtocolError {
  override name = "ResponseTooLarge";
  readonly limit: number;
  readonly unit: "lines" | "bytes";
  constructor(limit: number, unit: "lines" | "bytes") {
    super(`response too large: more than ${limit} ${unit}`);
    this.limit = limit;
    this.unit = unit;
  }
}

/**
 * UnexpectedEOF: the connection closed where a reply, a line of it or a body was due. It is an
 * EOFError, which is what ftplib and nntplib raise; poplib maps it to error_proto('-ERR EOF'),
 * smtplib to SMTPServerDisconnected("Connection unexpectedly closed").
 */
export class UnexpectedEOF extends EOFError {
  override name = "UnexpectedEOF";
  constructor(message = "Connection unexpectedly closed") {
    super(message);
  }
}
