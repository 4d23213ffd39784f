// imaplib's three exceptions (IMAP4.error, IMAP4.abort, IMAP4.readonly). Python passes a
// message, or sometimes the server's bytes (login's failure text, a greeting it rejects);
// the message is Python's str() of that argument, so a Buffer shows as b'...'.
import { pystr } from "@inetlib/socket";

/** ErrorArg is what imaplib raises with: its own text, or the server's bytes. */
export type ErrorArg = string | Buffer;

/**
 * error is raised for logical errors (a command in the wrong state, a NO from LOGIN, a BAD
 * reply) — "debug required", as imaplib says.
 *
 *	login() refused      ->  error(Buffer "[AUTHENTICATIONFAILED] Authentication failed.")
 *	noop() in LOGOUT     ->  error("command NOOP illegal in state LOGOUT, only allowed in ...")
 */
export class error extends Error {
  override name = "error";
  /** Python's exception args: the text or the server's bytes. */
  readonly args: [ErrorArg];

  constructor(arg: ErrorArg, options?: { cause?: unknown }) {
    super(pystr(arg), options);
    this.args = [arg];
  }
}

/**
 * abort is raised for service errors: the connection broke, the server said BYE, or sent
 * something that is not IMAP. Close the connection and retry on a new one.
 */
export class abort extends error {
  override name = "abort";
}

/** readonly is raised when a mailbox selected for writing became read-only. Retry the command. */
export class readonly extends abort {
  override name = "readonly";
}
