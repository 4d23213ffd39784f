// Python's exception tree for sockets, as Error subclasses. Messages follow Python's str():
// "[Errno 111] Connection refused", "timed out". Protocol packages extend these.
import { type ErrnoName, errno as errnoTable } from "./constants.js";

/** ValueError: bad input from the caller (Python's builtin). Nothing was sent. */
export class ValueError extends Error {
  override name = "ValueError";
}

/** EOFError: the peer closed the connection where a reply was due (Python's builtin). */
export class EOFError extends Error {
  override name = "EOFError";
}

/** OSError, also exported as `error` (socket.error is OSError since Python 3.3). */
export class OSError extends Error {
  override name = "OSError";
  /** The errno number, or null where Python has none. */
  readonly errno: number | null;
  readonly strerror: string | null;
  /**
   * Node's error code (ECONNREFUSED, ...) where the error came from Node. A subclass may give it
   * Python's meaning instead: urllib's HTTPError.code is the HTTP status, a number.
   */
  readonly code: string | number | undefined;

  constructor(
    errno: number | null,
    strerror?: string | null,
    options?: { cause?: unknown; code?: string | number },
  ) {
    const text = strerror ?? null;
    super(errno === null ? (text ?? "") : `[Errno ${errno}] ${text ?? ""}`, { cause: options?.cause });
    this.errno = errno;
    this.strerror = text;
    this.code = options?.code;
  }
}
export { OSError as error };

export class BlockingIOError extends OSError {
  override name = "BlockingIOError";
}
export class ConnectionError extends OSError {
  override name = "ConnectionError";
}
export class BrokenPipeError extends ConnectionError {
  override name = "BrokenPipeError";
}
export class ConnectionAbortedError extends ConnectionError {
  override name = "ConnectionAbortedError";
}
export class ConnectionRefusedError extends ConnectionError {
  override name = "ConnectionRefusedError";
}
export class ConnectionResetError extends ConnectionError {
  override name = "ConnectionResetError";
}
export class FileNotFoundError extends OSError {
  override name = "FileNotFoundError";
}

/** socket.timeout, an alias of TimeoutError since Python 3.10. Message "timed out" as Python's. */
export class TimeoutError extends OSError {
  override name = "TimeoutError";
  constructor(message = "timed out", options?: { cause?: unknown }) {
    super(null, message, options);
  }
}
export { TimeoutError as timeout };

/** Address-related errors from getaddrinfo() and getnameinfo(). errno is an EAI_* value. */
export class gaierror extends OSError {
  override name = "gaierror";
}
/** Address-related errors from gethostbyaddr() and friends. */
export class herror extends OSError {
  override name = "herror";
}

/** The operation was cancelled through an AbortSignal. */
export class AbortError extends Error {
  override name = "AbortError";
  constructor(message = "The operation was aborted", options?: { cause?: unknown }) {
    super(message, options);
  }
}

const strerrors: Partial<Record<ErrnoName, string>> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  EAGAIN: "Resource temporarily unavailable",
  EBADF: "Bad file descriptor",
  EACCES: "Permission denied",
  EINVAL: "Invalid argument",
  EPIPE: "Broken pipe",
  ENOTSOCK: "Socket operation on non-socket",
  EMSGSIZE: "Message too long",
  ENOPROTOOPT: "Protocol not available",
  EOPNOTSUPP: "Operation not supported",
  EAFNOSUPPORT: "Address family not supported by protocol",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  ENETUNREACH: "Network is unreachable",
  ECONNABORTED: "Software caused connection abort",
  ECONNRESET: "Connection reset by peer",
  EISCONN: "Transport endpoint is already connected",
  ENOTCONN: "Transport endpoint is not connected",
  ETIMEDOUT: "Connection timed out",
  ECONNREFUSED: "Connection refused",
  EHOSTUNREACH: "No route to host",
  EALREADY: "Operation already in progress",
  EINPROGRESS: "Operation now in progress",
};

const classes: Partial<Record<ErrnoName, typeof OSError>> = {
  EAGAIN: BlockingIOError,
  EINPROGRESS: BlockingIOError,
  EALREADY: BlockingIOError,
  EPIPE: BrokenPipeError,
  ESHUTDOWN: BrokenPipeError,
  ECONNABORTED: ConnectionAbortedError,
  ECONNREFUSED: ConnectionRefusedError,
  ECONNRESET: ConnectionResetError,
  ENOENT: FileNotFoundError,
};

/** OSError of the subclass Python picks for the errno name, e.g. ECONNREFUSED -> ConnectionRefusedError. */
export function oserror(name: ErrnoName, strerror?: string, options?: { cause?: unknown }): OSError {
  const Cls = classes[name] ?? OSError;
  return new Cls(errnoTable[name], strerror ?? strerrors[name] ?? name, { ...options, code: name });
}

interface NodeSystemError extends Error {
  code?: string;
  errno?: number;
  syscall?: string;
}

/** Translates an error from node:net, node:dgram or node:dns into Python's exception. */
export function fromNodeError(err: unknown): Error {
  if (err instanceof OSError || err instanceof AbortError) return err;
  if (!(err instanceof Error)) return new OSError(null, String(err));
  const e = err as NodeSystemError;
  const code = e.code;
  if (code === "ETIMEDOUT" && e.syscall === undefined) return new TimeoutError("timed out", { cause: err });
  if (code === "ABORT_ERR" || err.name === "AbortError") return new AbortError(err.message, { cause: err });
  if (code && code in errnoTable) return oserror(code as ErrnoName, undefined, { cause: err });
  if (code === "ENOTFOUND" || code === "EAI_NONAME")
    return new gaierror(-2, "Name or service not known", { cause: err, code });
  if (code === "EAI_AGAIN")
    return new gaierror(-3, "Temporary failure in name resolution", { cause: err, code });
  if (code === "ENODATA" || code === "EAI_NODATA")
    return new gaierror(-5, "No address associated with hostname", { cause: err, code });
  if (code === "ERR_SOCKET_CLOSED" || code === "ERR_STREAM_DESTROYED")
    return oserror("EBADF", undefined, { cause: err });
  if (code === "EPIPE" || code === "ERR_STREAM_WRITE_AFTER_END")
    return oserror("EPIPE", undefined, { cause: err });
  const out = new OSError(null, err.message, { cause: err, ...(code ? { code } : {}) });
  return out;
}
