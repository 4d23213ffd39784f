// urllib.error: URLError (an OSError), HTTPError (a URLError that is also the error response),
// ContentTooShortError.
import { OSError } from "@inetlib/socket";
import type { HTTPMessage } from "../client/message.js";
import type { URLResponse } from "./response.js";

/**
 * URLError(reason): a failure to open a URL. `reason` is the message or the underlying error
 * (a socket error, for instance). str() is "<urlopen error REASON>", as Python's.
 */
export class URLError extends OSError {
  override name = "URLError";
  readonly reason: string | Error;
  readonly filename: string | null;

  constructor(reason: string | Error, filename: string | null = null) {
    const text = typeof reason === "string" ? reason : describe(reason);
    super(null, `<urlopen error ${text}>`, typeof reason === "string" ? {} : { cause: reason });
    this.message = `<urlopen error ${text}>`;
    this.reason = reason;
    this.filename = filename;
  }
}

function describe(err: Error): string {
  const e = err as Error & { errno?: number | null; strerror?: string | null };
  // Python shows an OSError's str(): "[Errno 111] Connection refused".
  return e.message || String(err);
}

/**
 * HTTPError(url, code, msg, hdrs, fp): an HTTP error status, raised by
 * HTTPDefaultErrorHandler. It is also the response: read() its body, info() its headers.
 * str() is "HTTP Error 404: Not Found".
 */
export class HTTPError extends URLError {
  override name = "HTTPError";
  /** The HTTP status, as Python's HTTPError.code (OSError's `code` is Node's error code elsewhere). */
  override readonly code: number;
  readonly msg: string;
  readonly hdrs: HTTPMessage;
  readonly fp: URLResponse | null;
  readonly url: string;

  constructor(url: string, code: number, msg: string, hdrs: HTTPMessage, fp: URLResponse | null) {
    super(msg);
    this.message = `HTTP Error ${code}: ${msg}`;
    this.code = code;
    this.msg = msg;
    this.hdrs = hdrs;
    this.fp = fp;
    this.url = url;
  }

  get status(): number {
    return this.code;
  }

  get headers(): HTTPMessage {
    return this.hdrs;
  }

  getcode(): number {
    return this.code;
  }

  geturl(): string {
    return this.url;
  }

  info(): HTTPMessage {
    return this.hdrs;
  }

  /** read(amt): the error response's body. */
  async read(amt: number | null = null): Promise<Buffer> {
    return this.fp ? this.fp.read(amt) : Buffer.alloc(0);
  }

  close(): void {
    this.fp?.close();
  }
}

/** ContentTooShortError(message, content): urlretrieve() got fewer bytes than Content-Length. */
export class ContentTooShortError extends URLError {
  override name = "ContentTooShortError";
  readonly content: [string, HTTPMessage];

  constructor(message: string, content: [string, HTTPMessage]) {
    super(message);
    this.content = content;
  }
}
