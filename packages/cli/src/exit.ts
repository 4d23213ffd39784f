// Exit codes by failure class, and the one line a failure prints. A script tells the classes
// apart by the code alone; a person reads the line. Library errors keep their own types; this
// is the only place that sorts them into classes.
import {
  AbortError,
  EOFError,
  LineTooLong,
  OSError,
  ProtocolError,
  ResponseTooLarge,
  SSLError,
  TimeoutError,
  ValueError,
} from "@inetlib/socket";
import { oneLine } from "./terminal.js";

export { oneLine };

/** EXIT are the exit codes of the inetlib command (see the README's table). */
export const EXIT = {
  OK: 0,
  /** An unexpected failure: a bug, printed with its stack under --trace. */
  INTERNAL: 1,
  /** The command line is wrong: unknown option, bad URL, missing argument. */
  USAGE: 2,
  /** The server could not be reached, or the connection broke or timed out. */
  CONNECTION: 3,
  /** The TLS handshake failed: certificate not trusted, wrong host name, no TLS. */
  TLS: 4,
  /** The server refused the credentials (or asked for some). */
  AUTH: 5,
  /** The server answered no, or broke the protocol. */
  PROTOCOL: 6,
  /** The message, article, group, mailbox, file or page does not exist. */
  NOT_FOUND: 7,
  /** Interrupted (Ctrl-C), as a shell reports SIGINT. */
  INTERRUPTED: 130,
} as const;

/** ExitCode is one of EXIT's values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** CliError is a failure already sorted into its class, with the line to print. */
export class CliError extends Error {
  override name = "CliError";
  readonly code: ExitCode;

  constructor(code: ExitCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** usage is a CliError for a wrong command line. */
export function usage(message: string): CliError {
  return new CliError(EXIT.USAGE, message);
}

/**
 * classify sorts any error into its class: a CliError keeps its own; the rest by the core's
 * error types (each scheme has already turned its server's refusals into CliErrors).
 */
export function classify(err: unknown): CliError {
  if (err instanceof CliError) return err;
  const text = oneLine(err instanceof Error ? err.message || err.name : String(err));
  if (err instanceof AbortError) return new CliError(EXIT.INTERRUPTED, "interrupted", { cause: err });
  if (err instanceof ValueError) return new CliError(EXIT.USAGE, text, { cause: err });
  if (err instanceof SSLError) return new CliError(EXIT.TLS, `TLS: ${text}${tlsHint(err)}`, { cause: err });
  if (err instanceof TimeoutError)
    return new CliError(
      EXIT.CONNECTION,
      "timed out waiting for the server (--timeout SECONDS waits longer)",
      { cause: err },
    );
  if (err instanceof LineTooLong || err instanceof ResponseTooLarge)
    return new CliError(EXIT.PROTOCOL, `the server's reply is too large: ${text}`, { cause: err });
  if (err instanceof ProtocolError)
    return new CliError(EXIT.PROTOCOL, `protocol error: ${text}`, { cause: err });
  if (err instanceof EOFError)
    return new CliError(EXIT.CONNECTION, `the server closed the connection: ${text}`, { cause: err });
  if (err instanceof OSError && fileOf(err) !== null)
    return new CliError(EXIT.USAGE, oneLine(withFilename(err)), { cause: err });
  if (err instanceof OSError) return new CliError(EXIT.CONNECTION, text, { cause: err });
  return new CliError(EXIT.INTERNAL, `internal error: ${text}`, { cause: err });
}

/**
 * tlsHint is what to try after a TLS failure: another CA for a certificate not trusted, the
 * right port or scheme when the server answered in clear text (OpenSSL's WRONG_VERSION_NUMBER).
 */
export function tlsHint(err: SSLError, where?: string): string {
  if (err.reason === "CERTIFICATE_VERIFY_FAILED" || err.name === "SSLCertVerificationError")
    return " (--cacert FILE trusts another certificate authority; --insecure skips the check)";
  if (err.reason === "WRONG_VERSION_NUMBER" || err.reason === "PACKET_LENGTH_TOO_LONG")
    return ` (${where ?? "the server"} does not speak TLS on this port: give its TLS port, or the plain scheme with --starttls)`;
  return "";
}

/** fileOf is the file an OSError is about (Node's `path`, kept as its cause), or null. */
export function fileOf(err: unknown): string | null {
  const cause =
    err instanceof Error ? (err.cause as { path?: unknown; syscall?: unknown } | undefined) : undefined;
  return typeof cause?.path === "string" ? cause.path : null;
}

/**
 * withFilename is an OSError's message with the file it is about, as Python's str() of an
 * OSError with a filename: "[Errno 2] No such file or directory: 'ca.pem'".
 */
export function withFilename(err: Error): string {
  const file = fileOf(err);
  return file === null || err.message.includes(file) ? err.message : `${err.message}: '${file}'`;
}
