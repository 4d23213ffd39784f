// undici's errors as Python's: what http.client would have raised at the same point.
import { AbortError, fromNodeError, OSError, TimeoutError } from "@inetlib/socket";
import { BadStatusLine, HTTPException, LineTooLong, RemoteDisconnected } from "./errors.js";

interface UndiciError extends Error {
  code?: string;
  data?: string | Buffer;
}

/** isEarlyClose: the server closed the connection before the body was complete. */
export function isEarlyClose(err: Error): boolean {
  const code = (err as UndiciError).code;
  return (
    (code === "UND_ERR_SOCKET" && err.message === "other side closed") ||
    code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH"
  );
}

/**
 * translateError maps an error from a request to Python's. `beforeHead`: no response head
 * had arrived (a close then is RemoteDisconnected, a parse error BadStatusLine).
 */
export function translateError(err: Error, beforeHead: boolean): Error {
  // Ours already (the connector's socket, TLS and tunnel errors; validation; aborts).
  if (err instanceof OSError || err instanceof HTTPException || err instanceof AbortError) return err;
  if (err.name === "ValueError" || err.name.startsWith("Unicode")) return err;
  const e = err as UndiciError;
  switch (e.code) {
    case "UND_ERR_SOCKET":
      if (err.message === "other side closed")
        return beforeHead
          ? new RemoteDisconnected(undefined, { cause: err })
          : withCause(new OSError(null, "connection closed"), err);
      if (err.message === "bad response")
        return withCause(
          new BadStatusLine(
            "a response the client did not ask for (undici refuses an unsolicited 100 Continue)",
          ),
          err,
        );
      return err.cause instanceof Error
        ? fromNodeError(err.cause)
        : withCause(new OSError(null, err.message), err);
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return new TimeoutError("timed out", { cause: err });
    case "UND_ERR_HEADERS_OVERFLOW":
      return withCause(new LineTooLong("header line"), err);
    case "UND_ERR_ABORTED":
      return new AbortError(undefined, { cause: err });
    case "UND_ERR_DESTROYED":
    case "UND_ERR_CLOSED":
      return withCause(new OSError(9, "Bad file descriptor"), err);
    case "UND_ERR_RES_CONTENT_LENGTH_MISMATCH":
      return withCause(new OSError(null, "connection closed"), err);
    default:
      break;
  }
  if (err.name === "HTTPParserError" || e.code?.startsWith("HPE_")) {
    const data = e.data === undefined ? "" : Buffer.from(e.data).toString("latin1");
    const nl = data.indexOf("\n");
    const line = nl < 0 ? data : data.slice(0, nl + 1);
    // Before any head, what llhttp could not parse is the status line.
    if (beforeHead) return withCause(new BadStatusLine(line), err);
    return withCause(new HTTPException(`${err.message}${line ? `: ${JSON.stringify(line)}` : ""}`), err);
  }
  const sys = err as NodeJS.ErrnoException;
  if (sys.syscall || sys.errno !== undefined) return fromNodeError(err);
  if (e.code === "UND_ERR_INVALID_ARG" || e.code === "UND_ERR_NOT_SUPPORTED") return err;
  return withCause(new HTTPException(err.message), err);
}

function withCause<T extends Error>(out: T, cause: Error): T {
  Object.defineProperty(out, "cause", { value: cause, configurable: true, writable: true });
  return out;
}
