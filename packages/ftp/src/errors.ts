// ftplib's exception tree. Python raises each with the server's reply as its only argument
// ("550 No such file"), and ftplib.Error itself for its own complaints ("got more than 8192
// bytes"). The same shapes here, plus the code parsed out for convenience.
import { EOFError, OSError } from "@inetlib/socket";

/**
 * Error is ftplib.Error, the base of every FTP-level error. Python raises it directly for a
 * line over `maxline` ("got more than 8192 bytes"). `args[0]` is the reply text or message.
 *
 * It shadows the global Error inside modules that import it by this name; `FTPError` is the
 * same class under a name that does not.
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: Python's name for it is ftplib.Error.
export class Error extends globalThis.Error {
  override name = "Error";
  /** Python's exception args: the server's reply (several lines joined by "\n") or ftplib's message. */
  readonly args: [string];

  constructor(message = "", options?: { cause?: unknown }) {
    super(message, options);
    this.args = [message];
  }

  /** code is the reply's three-digit code, or null when the text does not start with one. */
  get code(): number | null {
    const m = /^\d{3}/.exec(this.args[0]);
    return m ? Number(m[0]) : null;
  }
}
export { Error as FTPError };

/** error_reply: an unexpected reply, 1xx, 2xx or 3xx where another was due. */
export class error_reply extends Error {
  override name = "error_reply";
}

/** error_temp: a 4xx reply (transient negative completion). */
export class error_temp extends Error {
  override name = "error_temp";
}

/** error_perm: a 5xx reply (permanent negative completion). */
export class error_perm extends Error {
  override name = "error_perm";
}

/** error_proto: a reply that does not begin with 1-5, or one whose text cannot be parsed (PASV, EPSV). */
export class error_proto extends Error {
  override name = "error_proto";
}

/**
 * ResponseTooLarge: a multi-line reply or a listing read into memory went over its bound
 * (limits.ts). An ftplib.Error, so `all_errors` covers it; Python has no such bound.
 */
export class ResponseTooLarge extends Error {
  override name = "ResponseTooLarge";
  readonly limit: number;
  readonly unit: "lines" | "bytes";

  constructor(what: string, limit: number, unit: "lines" | "bytes") {
    super(`${what} too large: more than ${limit} ${unit}`);
    this.limit = limit;
    this.unit = unit;
  }
}

// SSLError joins all_errors in index.ts, where the TLS layer is imported.
/** The classes of ftplib.all_errors without SSLError (see all_errors in index.ts). */
export const base_errors = [Error, OSError, EOFError] as const;
