// smtplib's exception tree. SMTPException is an OSError, as in Python, so `catch (e) { if (e
// instanceof OSError) ... }` catches both network failures and the server's refusals. The
// messages are Python's str(): the repr of the exception's args, e.g. "(550, b'no such user')".
import { OSError, pyrepr, pytuple } from "@inetlib/socket";

/** SMTPReply is one reply as smtplib returns it: [code, message], the lines joined with "\n". */
export type SMTPReply = [code: number, message: Buffer];

/**
 * SMTPRefused maps each refused recipient to the server's reply, as the dict sendmail()
 * returns and SMTPRecipientsRefused carries. It has no prototype, so any address is a key.
 */
export type SMTPRefused = Record<string, SMTPReply>;

/** SMTPException is the base class of every exception of this module (an OSError, as in Python). */
export class SMTPException extends OSError {
  override name = "SMTPException";
  /** Python's exception args. */
  readonly args: readonly unknown[];

  constructor(message = "", options?: { cause?: unknown }) {
    super(null, null, options);
    this.message = message;
    this.args = [message];
  }
}

/** SMTPNotSupportedError: the command or option is not supported by the server. */
export class SMTPNotSupportedError extends SMTPException {
  override name = "SMTPNotSupportedError";
}

/**
 * SMTPServerDisconnected: the server closed the connection, or the client is not connected
 * ("please run connect() first").
 */
export class SMTPServerDisconnected extends SMTPException {
  override name = "SMTPServerDisconnected";
}

/**
 * SMTPResponseException carries the server's reply: `smtp_code` and `smtp_error` (the message
 * as bytes; text only for the errors smtplib words itself, such as (500, "Line too long.")).
 */
export class SMTPResponseException extends SMTPException {
  override name = "SMTPResponseException";
  readonly smtp_code: number;
  readonly smtp_error: Buffer | string;

  constructor(code: number, msg: Buffer | string, options?: { cause?: unknown }) {
    super("", options);
    this.smtp_code = code;
    this.smtp_error = msg;
    setArgs(this, [code, msg]);
  }
}

/** SMTPSenderRefused: the server refused MAIL FROM; `sender` is the address it refused. */
export class SMTPSenderRefused extends SMTPResponseException {
  override name = "SMTPSenderRefused";
  readonly sender: string;

  constructor(code: number, msg: Buffer | string, sender: string, options?: { cause?: unknown }) {
    super(code, msg, options);
    this.sender = sender;
    setArgs(this, [code, msg, sender]);
  }
}

/**
 * SMTPRecipientsRefused: every recipient was refused (or the server closed with 421 while
 * they were sent). `recipients` maps each refused address to its reply, as sendmail() returns.
 */
export class SMTPRecipientsRefused extends SMTPException {
  override name = "SMTPRecipientsRefused";
  readonly recipients: SMTPRefused;

  constructor(recipients: SMTPRefused, options?: { cause?: unknown }) {
    super("", options);
    this.recipients = recipients;
    setArgs(this, [recipients], reprRefused(recipients));
  }
}

/**
 * SMTPDataError: the server did not accept the message. With LMTP, when no recipient took the
 * message, `recipients` holds each recipient's reply to the data (inetlib's addition).
 */
export class SMTPDataError extends SMTPResponseException {
  override name = "SMTPDataError";
  readonly recipients: SMTPRefused | undefined;

  constructor(code: number, msg: Buffer | string, options?: { cause?: unknown; recipients?: SMTPRefused }) {
    super(code, msg, options);
    this.recipients = options?.recipients;
  }
}

/** SMTPConnectError: the server's greeting was not 220. */
export class SMTPConnectError extends SMTPResponseException {
  override name = "SMTPConnectError";
}

/** SMTPHeloError: the server refused both EHLO and HELO. */
export class SMTPHeloError extends SMTPResponseException {
  override name = "SMTPHeloError";
}

/** SMTPAuthenticationError: the server refused the credentials (or the mechanism). */
export class SMTPAuthenticationError extends SMTPResponseException {
  override name = "SMTPAuthenticationError";
}

function setArgs(err: SMTPException, args: unknown[], message?: string): void {
  (err as { args: readonly unknown[] }).args = args;
  err.message = message ?? pyrepr(pytuple(...args));
}

/** reprRefused is Python's repr() of a refused-recipients dict: {'a@b': (550, b'unknown')}. */
export function reprRefused(refused: SMTPRefused): string {
  const items = Object.entries(refused).map(
    ([addr, reply]) => `${pyrepr(addr)}: ${pyrepr(pytuple(...reply))}`,
  );
  return `{${items.join(", ")}}`;
}

/** newRefused returns an empty refused-recipients map (no prototype: any address is a key). */
export function newRefused(): SMTPRefused {
  return Object.create(null) as SMTPRefused;
}
