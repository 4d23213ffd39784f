// SMTP_SSL: SMTP over TLS from the first byte (RFC 8314 "submissions", port 465). Only the
// transport hook differs from SMTP, as in Python.
import { _client_context, pytuple, type SSLContext, type socket } from "@inetlib/socket";
import { SMTP } from "./smtp.js";
import { SMTP_SSL_PORT, type SMTPOptions } from "./transport.js";

/** SMTP_SSLOptions are SMTP_SSL's keyword arguments. */
export interface SMTP_SSLOptions extends SMTPOptions {
  /** The TLS settings (default: create_default_context(), which verifies the server; Python 3.11 does not). */
  context?: SSLContext | null;
  /** A client certificate's key (deprecated in Python: use a context). */
  keyfile?: string | null;
  /** A client certificate chain (deprecated in Python: use a context). */
  certfile?: string | null;
}

/**
 * SMTP_SSL is SMTP over an implicit TLS connection (default port 465):
 *
 *	await using s = await SMTP_SSL.open("smtp.example.com");
 *	await s.login("user", "secret");
 */
export class SMTP_SSL extends SMTP {
  override default_port = SMTP_SSL_PORT;
  readonly keyfile: string | null;
  readonly certfile: string | null;
  readonly context: SSLContext;

  constructor(options: SMTP_SSLOptions = {}) {
    super(options);
    this.context = _client_context(options);
    this.keyfile = options.keyfile ?? null;
    this.certfile = options.certfile ?? null;
  }

  /** open connects (TLS first) when `host` is given and reads the greeting, as Python's constructor. */
  static override async open(
    host = "",
    port: number | string = 0,
    options: SMTP_SSLOptions = {},
  ): Promise<SMTP_SSL> {
    const smtp = new SMTP_SSL(options);
    await smtp._open(host, port);
    return smtp;
  }

  protected override async _get_socket(
    host: string,
    port: number | string,
    timeout: number | null | undefined,
  ): Promise<socket> {
    if (this.debuglevel > 0) this._print_debug("connect:", pytuple(host, port));
    const plain = await super._get_socket(host, port, timeout);
    // wrap_socket takes the connection over; a failed handshake closes it.
    return this.context.wrap_socket(plain, { server_hostname: host });
  }
}
