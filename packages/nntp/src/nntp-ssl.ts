// NNTP_SSL: NNTP over implicit TLS (port 563). As in Python, only the transport hook differs.
import { create_default_context, type SSLContext, type socket } from "@inetlib/socket";
import { NNTP } from "./nntp.js";
import { NNTP_SSL_PORT, type NNTPOptions } from "./transport.js";
import type { Wire } from "./wire.js";

/** NNTP_SSLOptions are NNTP_SSL's keyword arguments. */
export interface NNTP_SSLOptions extends NNTPOptions {
  /** The TLS settings (default create_default_context(): certificate and host name verified). */
  ssl_context?: SSLContext | null;
}

/**
 * NNTP_SSL is an NNTP client over TLS from the first byte:
 *
 *	await using s = await NNTP_SSL.open("news.example.com");   // port 563
 *
 * Unlike Python's, which verifies nothing without a context, the default context checks the
 * certificate and the host name. tls_on is true from the start, so starttls() refuses.
 */
export class NNTP_SSL extends NNTP {
  readonly ssl_context: SSLContext;

  constructor(options: NNTP_SSLOptions = {}) {
    super(options);
    this.ssl_context = options.ssl_context ?? create_default_context();
  }

  /** open connects with TLS and does what Python's NNTP_SSL(host, port, ...) does. */
  static override async open(
    host: string,
    port: number = NNTP_SSL_PORT,
    options: NNTP_SSLOptions = {},
  ): Promise<NNTP_SSL> {
    const s = new NNTP_SSL(options);
    await s.connect(host, port);
    await s._finishOpen();
    return s;
  }

  override connect(host: string, port: number = NNTP_SSL_PORT): Promise<string> {
    return super.connect(host, port);
  }

  override async _base_init(w: Wire, readermode: boolean | null): Promise<void> {
    await super._base_init(w, readermode);
    this.tls_on = true;
  }

  protected override async _create_socket(timeout: number | null): Promise<socket> {
    const sock = await super._create_socket(timeout);
    try {
      return await this.ssl_context.wrap_socket(sock, { server_hostname: this.host });
    } catch (err) {
      await sock.close();
      throw err;
    }
  }
}
