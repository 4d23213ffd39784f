// IMAP4_SSL: IMAP4 over TLS from the first byte (port 993). As in Python, only the transport
// hook differs.
import { _client_context, type SSLContext, type socket } from "@inetlib/socket";
import { IMAP4_SSL_PORT } from "./commands.js";
import { IMAP4 } from "./imap4.js";
import type { IMAP4Options } from "./transport.js";

/** IMAP4_SSLOptions are IMAP4_SSL's keyword arguments. */
export interface IMAP4_SSLOptions extends IMAP4Options {
  /** Deprecated in Python: a client key (PEM file); use an ssl_context with load_cert_chain(). */
  keyfile?: string | null;
  /** Deprecated in Python: a client certificate chain (PEM file). */
  certfile?: string | null;
  /** The TLS settings (default create_default_context(): certificate and host name verified). */
  ssl_context?: SSLContext | null;
}

/**
 * IMAP4_SSL is an IMAP4 client over TLS:
 *
 *	await using M = await IMAP4_SSL.open("mail.example.com");   // port 993
 *
 * The default context verifies the certificate and the host name.
 */
export class IMAP4_SSL extends IMAP4 {
  readonly keyfile: string | null;
  readonly certfile: string | null;
  readonly ssl_context: SSLContext;

  constructor(options: IMAP4_SSLOptions = {}) {
    super(options);
    const { keyfile = null, certfile = null, ssl_context = null } = options;
    this.ssl_context = _client_context({ context: ssl_context, keyfile, certfile }, "ssl_context");
    this.keyfile = keyfile;
    this.certfile = certfile;
  }

  /** open connects with TLS, reads the greeting and the capabilities: Python's IMAP4_SSL(host, port, ...). */
  static override async open(
    host = "",
    port: number = IMAP4_SSL_PORT,
    options: IMAP4_SSLOptions = {},
  ): Promise<IMAP4_SSL> {
    const imap = new IMAP4_SSL(options);
    await imap.connect(host, port);
    return imap;
  }

  override connect(host = "", port: number = IMAP4_SSL_PORT): Promise<void> {
    return super.connect(host, port);
  }

  override open(
    host = "",
    port: number = IMAP4_SSL_PORT,
    timeout: number | null = this.timeout,
  ): Promise<void> {
    return super.open(host, port, timeout);
  }

  protected override async _create_socket(timeout: number | null): Promise<socket> {
    const sock = await super._create_socket(timeout);
    try {
      return await this.ssl_context.wrap_socket(sock, {
        server_hostname: this.host ? this.host : "localhost",
      });
    } catch (err) {
      await sock.close();
      throw err;
    }
  }
}
