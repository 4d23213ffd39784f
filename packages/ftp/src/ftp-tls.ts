// FTP_TLS: ftplib.FTP_TLS (RFC 4217, explicit FTPS: AUTH TLS on the control connection, PROT P
// for data connections), plus implicit FTPS (TLS from the first byte, port 990), which Python
// lacks. Data connections resume the control connection's TLS session, as servers such as
// vsftpd (require_ssl_reuse) and pure-ftpd demand and Python does not do.
import {
  _client_context,
  PROTOCOL_TLS,
  PROTOCOL_TLS_CLIENT,
  type SSLContext,
  SSLError,
  SSLSocket,
  type socket,
  ValueError,
} from "@inetlib/socket";
import { checkArgs } from "./args.js";
import { FTP } from "./ftp.js";
import { FTPS_PORT } from "./limits.js";
import type { FTPOptions } from "./options.js";

/** FTP_TLSOptions are FTP_TLS's keyword arguments, plus implicit TLS. */
export interface FTP_TLSOptions extends FTPOptions {
  /** Deprecated, as in Python: a client key; use context instead. */
  keyfile?: string | null;
  /** Deprecated, as in Python: a client certificate; use context instead. */
  certfile?: string | null;
  /**
   * The TLS settings. Default: create_default_context(), which verifies the server's
   * certificate and host name (Python's FTP_TLS verifies neither unless given a context).
   */
  context?: SSLContext | null;
  /** Implicit FTPS: TLS from the first byte, default port 990 (not in Python). */
  implicit_tls?: boolean;
}

/** FTP_TLS.open()'s options. */
export interface FTP_TLSOpenOptions extends FTP_TLSOptions {
  port?: number;
}

/**
 * FTP_TLS is ftplib.FTP_TLS: login() secures the control connection first (AUTH TLS), prot_p()
 * protects data connections. With `implicit_tls` the connection is TLS from the start.
 */
export class FTP_TLS extends FTP {
  ssl_version: number = PROTOCOL_TLS_CLIENT;
  readonly keyfile: string | null;
  readonly certfile: string | null;
  readonly context: SSLContext;
  readonly implicit_tls: boolean;
  /** Whether data connections are protected (prot_p() was called). */
  _prot_p = false;
  protected override _urgentTrace = false;

  constructor(options: FTP_TLSOptions = {}) {
    super(options);
    this.context = _client_context(options);
    this.keyfile = options.keyfile ?? null;
    this.certfile = options.certfile ?? null;
    this.implicit_tls = options.implicit_tls ?? false;
    if (this.implicit_tls) this.port = FTPS_PORT;
  }

  /** FTP_TLS.open(host, user, passwd, acct, options): connects, and logs in (over TLS) when a user is given. */
  static override async open(
    host: string,
    user = "",
    passwd = "",
    acct = "",
    options: FTP_TLSOpenOptions = {},
  ): Promise<FTP_TLS> {
    const ftp = new FTP_TLS(options);
    await ftp._openWith(host, user, passwd, acct, options.port ?? 0);
    return ftp;
  }

  /** login(user, passwd, acct, secure): with `secure` (the default), auth() first unless already on TLS. */
  override login(user = "", passwd = "", acct = "", secure = true): Promise<string> {
    return this._exclusive(async () => {
      checkArgs(user, passwd, acct);
      if (secure && !(this.sock instanceof SSLSocket)) await this.#auth();
      return this._login_unlocked(user, passwd, acct);
    });
  }

  /**
   * auth(): AUTH TLS, then the TLS handshake on the control connection (the server's
   * certificate checked against `host`). Anything the server sent in clear after its reply is
   * dropped. ValueError when already on TLS; a failed handshake closes the connection.
   */
  auth(): Promise<string> {
    return this._exclusive(() => this.#auth());
  }

  async #auth(): Promise<string> {
    if (this.sock instanceof SSLSocket) throw new ValueError("Already using TLS");
    const resp = await this._voidcmd_unlocked(this.ssl_version >= PROTOCOL_TLS ? "AUTH TLS" : "AUTH SSL");
    try {
      this._setsock(await this.context.wrap_socket(this.sock!, { server_hostname: this.host }));
    } catch (err) {
      await this.close();
      throw err;
    }
    return resp;
  }

  /**
   * ccc(): Python sends CCC and returns to clear text on the control connection. Node.js cannot
   * end TLS on a connection and keep using it (SSLSocket.unwrap()), so this refuses before
   * sending anything: the connection stays encrypted and usable. ValueError when not on TLS.
   */
  ccc(): Promise<string> {
    return this._exclusive(async () => {
      if (!(this.sock instanceof SSLSocket)) throw new ValueError("not using TLS");
      throw new SSLError(
        null,
        "ccc() is not supported: Node.js cannot return a TLS connection to clear text, so CCC was not sent and the control connection stays encrypted",
      );
    });
  }

  /** prot_p(): PBSZ 0, then PROT P: data connections use TLS from now on. */
  prot_p(): Promise<string> {
    return this._exclusive(async () => {
      await this._voidcmd_unlocked("PBSZ 0");
      const resp = await this._voidcmd_unlocked("PROT P");
      this._prot_p = true;
      return resp;
    });
  }

  /** prot_c(): PROT C: data connections in clear text from now on. */
  prot_c(): Promise<string> {
    return this._exclusive(async () => {
      const resp = await this._voidcmd_unlocked("PROT C");
      this._prot_p = false;
      return resp;
    });
  }

  /**
   * ntransfercmd(cmd, rest) is FTP's; after PROT P the data connection is wrapped in TLS,
   * resuming the control connection's session.
   */
  protected override async _ntransfercmd_unlocked(
    cmd: string,
    rest: number | string | null = null,
  ): Promise<[socket, number | null]> {
    const [conn, size] = await super._ntransfercmd_unlocked(cmd, rest);
    if (!this._prot_p) return [conn, size];
    const session = this.sock instanceof SSLSocket ? this.sock.session : null;
    try {
      return [await this.context.wrap_socket(conn, { server_hostname: this.host, session }), size];
    } catch (err) {
      await conn.close();
      this._expectReply();
      throw err;
    }
  }

  protected override async _secure(sock: socket): Promise<socket> {
    if (!this.implicit_tls) return sock;
    return this.context.wrap_socket(sock, { server_hostname: this.host });
  }
}
