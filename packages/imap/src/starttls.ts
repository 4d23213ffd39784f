// STARTTLS (RFC 3501 6.2.1, RFC 2595) through the core's TLS: verified by default, fail
// closed, and nothing received in clear after the server's OK is ever read as TLS data.
import {
  create_default_context,
  type SSLContext,
  type SSLSocket,
  starttls as upgrade,
} from "@inetlib/socket";
import type { IMAP4Core } from "./core.js";
import { abort, error } from "./errors.js";
import type { Response } from "./response.js";

/**
 * starttls: the checks imaplib makes (abort when TLS is on already or not offered), STARTTLS,
 * the handshake, and CAPABILITY again (what the server offers may change under TLS).
 */
export function starttls(imap: IMAP4Core, ssl_context: SSLContext | null): Promise<Response> {
  // imaplib checks these before the state.
  if (imap._tls_established) return Promise.reject(new abort("TLS session already established"));
  if (!imap.capabilities.includes("STARTTLS"))
    return Promise.reject(new abort("TLS not supported by server"));
  return imap._run("STARTTLS", async () => {
    const sock = imap.sock;
    if (!sock) throw new error("STARTTLS needs a socket connection");
    const context = ssl_context ?? create_default_context();
    const [typ, dat] = await imap._simple_command_unlocked("STARTTLS");
    if (typ !== "OK") throw new error("Couldn't establish TLS session");
    let secure: SSLSocket;
    try {
      secure = await upgrade(sock, context, imap.host ? imap.host : "localhost");
    } catch (err) {
      await imap._close_transport();
      throw err;
    }
    const dropped = imap._use_tls(secure) + secure.discarded;
    if (dropped > 0 && imap.debug >= 1) imap._mesg(`starttls: discarded ${dropped} bytes received in clear`);
    imap._tls_established = true;
    await imap._get_capabilities();
    return imap._untagged_response(typ, dat, "STARTTLS");
  });
}
