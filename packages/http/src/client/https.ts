// HTTPSConnection: HTTPConnection over TLS through the core's SSLContext (transport.ts wraps).
import { CERT_NONE, create_default_context, type SSLContext, ValueError } from "@inetlib/socket";
import { HTTPConnection, type HTTPConnectionOptions, HTTPS_PORT } from "./connection.js";

/** Keyword arguments of HTTPSConnection. */
export interface HTTPSConnectionOptions extends HTTPConnectionOptions {
  /** The TLS settings; default create_default_context() (verifying) with ALPN http/1.1. */
  context?: SSLContext | null;
  /** Overrides context.check_hostname (deprecated in Python, kept). */
  check_hostname?: boolean | null;
}

/**
 * HTTPSConnection(host, port, {context, check_hostname, timeout, ...}): HTTPConnection over TLS,
 * verified by default (create_default_context() with ALPN "http/1.1", as Python's).
 */
export class HTTPSConnection extends HTTPConnection {
  static override readonly default_port: number = HTTPS_PORT;
  override readonly default_port: number = HTTPS_PORT;
  readonly _context: SSLContext;

  constructor(host: string, port: number | null = null, options: HTTPSConnectionOptions = {}) {
    super(host, port, options);
    let context = options.context ?? null;
    if (context === null) {
      context = create_default_context();
      context.set_alpn_protocols(["http/1.1"]);
    }
    const willVerify = context.verify_mode !== CERT_NONE;
    const check = options.check_hostname ?? context.check_hostname;
    if (check && !willVerify)
      throw new ValueError("check_hostname needs a SSL context with either CERT_OPTIONAL or CERT_REQUIRED");
    if (options.check_hostname !== null && options.check_hostname !== undefined)
      context.check_hostname = options.check_hostname;
    this._context = context;
  }

  protected override defaultPort(): number {
    return HTTPS_PORT;
  }

  override _tlsContext(): SSLContext {
    return this._context;
  }
}
