// nntplib's exception tree. Python raises each with the server's response line (a str) as its
// only argument ("411 No such group"), or with its own words ('line too long'); `response` is
// that first argument, as in Python. The code is parsed out for convenience.

/**
 * NNTPError is the base class of every nntplib exception. `response` is Python's
 * `e.response`: the first argument, or 'No response given' when there is none.
 */
export class NNTPError extends Error {
  override name = "NNTPError";
  /** Python's exception args. */
  readonly args: unknown[];
  /** The server's response line (or nntplib's message): Python's `e.response`. */
  readonly response: string;

  constructor(...args: unknown[]) {
    super(pyMessage(args));
    this.args = args;
    this.response = args.length > 0 ? String(args[0]) : "No response given";
  }

  /** code is the response's three-digit code, or null when it does not start with one. */
  get code(): number | null {
    const m = /^\d{3}/.exec(this.response);
    return m ? Number(m[0]) : null;
  }
}

/** NNTPReplyError: a 1xx, 2xx or 3xx response where another one was due. */
export class NNTPReplyError extends NNTPError {
  override name = "NNTPReplyError";
}

/** NNTPTemporaryError: a 4xx response. */
export class NNTPTemporaryError extends NNTPError {
  override name = "NNTPTemporaryError";
}

/** NNTPPermanentError: a 5xx response. */
export class NNTPPermanentError extends NNTPError {
  override name = "NNTPPermanentError";
}

/** NNTPProtocolError: a response that does not begin with 1 to 5. */
export class NNTPProtocolError extends NNTPError {
  override name = "NNTPProtocolError";
}

/**
 * NNTPDataError: the response's data cannot be used: a line over _MAXLINE ('line too long'),
 * a malformed DATE, LIST OVERVIEW.FMT or overview line, and (beyond Python) a multi-line
 * response over its bound, or a malformed number where Python would let int()'s ValueError out.
 */
export class NNTPDataError extends NNTPError {
  override name = "NNTPDataError";
}

/** withCause sets `err.cause` and returns err (Python's `raise ... from cause`). */
export function withCause<E extends Error>(err: E, cause: unknown): E {
  err.cause = cause;
  return err;
}

// str(Exception(*args)): '' for none, str(arg) for one, the tuple's repr for more.
function pyMessage(args: unknown[]): string {
  if (args.length === 0) return "";
  if (args.length === 1) return String(args[0]);
  return `(${args.map((a) => (typeof a === "string" ? `'${a}'` : String(a))).join(", ")})`;
}
