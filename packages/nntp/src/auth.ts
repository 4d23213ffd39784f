// The commands that change the session's state: AUTHINFO (login, with .netrc), STARTTLS and
// COMPRESS. Each re-reads the capabilities afterwards, since they may have changed.
import {
  checkArgument,
  create_default_context,
  OSError,
  type SSLContext,
  type SSLSocket,
  starttls as upgrade,
  ValueError,
} from "@inetlib/socket";
import { DeflateSocket } from "./compress.js";
import { NNTPError, NNTPPermanentError, NNTPReplyError } from "./errors.js";
import { netrc } from "./netrc.js";
import type { NNTPTransport } from "./transport.js";
import type { Wire } from "./wire.js";

/** login is NNTP.login's work, under the connection's lock. */
export async function login(
  client: NNTPTransport,
  w: Wire,
  user: string | null,
  password: string | null,
  usenetrc: boolean,
  netrcFile: string | null,
): Promise<void> {
  if (client.authenticated) throw new ValueError("Already logged in.");
  if (!user && !usenetrc) throw new ValueError("At least one of `user` and `usenetrc` must be specified");
  if (client.compress_on) throw new ValueError("Authentication cannot follow COMPRESS (RFC 8054).");
  // With no user given, ~/.netrc may have one; an entry means the server wants a login.
  if (usenetrc && !user) {
    try {
      const auth = new netrc(netrcFile).authenticators(client.host);
      if (auth) [user, , password] = auth;
    } catch (err) {
      if (!(err instanceof OSError || isNodeSystemError(err))) throw err;
    }
  }
  if (!user) return;
  // Both are checked before the first is sent: a refused password must not leave USER behind.
  checkArgument(user);
  if (password) checkArgument(password);
  let resp = await w.shortcmd(`authinfo user ${user}`);
  if (resp.startsWith("381")) {
    if (!password) throw new NNTPReplyError(resp);
    resp = await w.shortcmd(`authinfo pass ${password}`);
    if (!resp.startsWith("281")) throw new NNTPPermanentError(resp);
  }
  if (resp.startsWith("281")) client.authenticated = true;
  await afterLogin(client, w);
}

/** afterLogin reads the capabilities again, and sends MODE READER if it was refused with 480 before. */
export async function afterLogin(client: NNTPTransport, w: Wire): Promise<void> {
  await client._getcapabilities(w, true);
  // MODE READER refused with 480 before: now is the time, unless no longer needed.
  if (client.readermode_afterauth && !("READER" in client._caps!)) {
    await client._setreadermode(w);
    await client._getcapabilities(w, true);
  }
}

/**
 * starttls is NNTP.starttls's work: STARTTLS, the handshake (certificate and host name
 * verified by default), then the capabilities again. Bytes the server sent in clear after
 * its 382 are dropped; a failed handshake closes the connection.
 */
export async function starttls(client: NNTPTransport, w: Wire, context: SSLContext | null): Promise<void> {
  // RFC 4642: never twice, never after authentication; RFC 8054: never after COMPRESS.
  if (client.tls_on) throw new ValueError("TLS is already enabled.");
  if (client.authenticated) throw new ValueError("TLS cannot be started after authentication.");
  if (client.compress_on) throw new ValueError("TLS cannot be started after COMPRESS.");
  const resp = await w.shortcmd("STARTTLS");
  if (!resp.startsWith("382")) throw new NNTPError("TLS failed to start.");
  let secure: SSLSocket;
  try {
    secure = await upgrade(client.sock!, context ?? create_default_context(), client.host);
  } catch (err) {
    await client.close();
    throw err;
  }
  const dropped = client._attach(secure) + secure.discarded;
  if (dropped > 0 && client.debugging)
    client._debug.print("*starttls*", `discarded ${dropped} bytes received in clear`);
  client.tls_on = true;
  await client._getcapabilities(w, true);
}

/**
 * compress is NNTP.compress's work (RFC 8054): COMPRESS DEFLATE; on 206 both directions are
 * compressed from the next byte on; then the capabilities again.
 */
export async function compress(client: NNTPTransport, w: Wire): Promise<string> {
  if (client.compress_on) throw new ValueError("Compression is already active.");
  const resp = await w.shortcmd("COMPRESS DEFLATE");
  if (!resp.startsWith("206")) throw new NNTPReplyError(resp);
  await client._layer(w, (inner, leftover) => new DeflateSocket(inner, leftover));
  client.compress_on = true;
  await client._getcapabilities(w, true);
  return resp;
}

/** offersDeflate tells whether the capabilities list COMPRESS DEFLATE. */
export function offersDeflate(client: NNTPTransport): boolean {
  return (client._caps?.COMPRESS ?? []).some((a) => a.toUpperCase() === "DEFLATE");
}

function isNodeSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string" && "syscall" in err;
}
