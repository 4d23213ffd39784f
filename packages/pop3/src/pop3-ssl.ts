// POP3_SSL: POP3 over implicit TLS (port 995). As in Python, only the transport hook differs.
import { _client_context, type SSLContext, type socket } from "@inetlib/socket";
import { error_proto } from "./errors.js";
import { POP3 } from "./pop3.js";
import { POP3_SSL_PORT, type POP3Options } from "./transport.js";

/** POP3_SSLOptions are POP3_SSL's keyword arguments. */
export interface POP3_SSLOptions extends POP3Options {
  /** Deprecated in Python: a client key (PEM file); use a context with load_cert_chain(). */
  keyfile?: string | null;
  /** Deprecated in Python: a client certificate chain (PEM file). */
  certfile?: string | null;
  /** The TLS settings (default create_default_context(): certificate and host name verified). */
  context?: SSLContext | null;
}

/**
 * POP3_SSL is a POP3 client over TLS from the first byte:
 *
 *	await using pop = await POP3_SSL.open("mail.example.com");   // port 995
 *
 * Unlike Python 3.11, which verifies nothing without a context, the default context checks
 * the certificate and the host name.
 */
export class POP3_SSL extends POP3 {
  readonly keyfile: string | null;
  readonly certfile: string | null;
  readonly context: SSLContext;

  constructor(options: POP3_SSLOptions = {}) {
    super(options);
    this.context = _client_context(options);
    this.keyfile = options.keyfile ?? null;
    this.certfile = options.certfile ?? null;
  }

  /** open connects with TLS and reads the greeting, as Python's POP3_SSL(host, port, ...) does. */
  static override async open(
    host: string,
    port: number = POP3_SSL_PORT,
    options: POP3_SSLOptions = {},
  ): Promise<POP3_SSL> {
    const pop = new POP3_SSL(options);
    await pop.connect(host, port);
    return pop;
  }

  override connect(host: string, port: number = POP3_SSL_PORT): Promise<Buffer> {
    return super.connect(host, port);
  }

  protected override async _create_socket(timeout: number | null): Promise<socket> {
    const sock = await super._create_socket(timeout);
    try {
      return await this.context.wrap_socket(sock, { server_hostname: this.host });
    } catch (err) {
      await sock.close();
      throw err;
    }
  }

  /** stls always fails: STLS makes no sense on a connection that is TLS already. */
  override stls(_context: SSLContext | null = null): Promise<Buffer> {
    return Promise.reject(new error_proto("-ERR TLS session already established"));
  }
}
