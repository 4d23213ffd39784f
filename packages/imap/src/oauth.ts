// OAuth 2.0 bearer tokens over AUTHENTICATE: XOAUTH2 (Google's and Microsoft's profile) and
// OAUTHBEARER (RFC 7628). Both send the token at the first "+"; a server that refuses it
// sends its JSON error as a second challenge, which the client must answer (XOAUTH2 with an
// empty line, OAUTHBEARER with ^A) before the tagged NO comes.
//
//	C: A1 AUTHENTICATE XOAUTH2
//	S: +
//	C: dXNlcj1hbGljZQFhdXRoPUJlYXJlciB0b2tlbgEB
//	S: A1 OK Logged in
import { ValueError } from "@inetlib/socket";
import type { AuthObject } from "./auth.js";

/** OAuthBearerOptions are the optional fields of the OAUTHBEARER message (RFC 7628 3.1). */
export interface OAuthBearerOptions {
  /** The server's host name (`host=`). */
  host?: string;
  /** The server's port (`port=`). */
  port?: number;
}

// ^A separates the fields; a user or token containing one could add fields of its own.
function refuseControl(what: string, value: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\x00-\x1f\x7f]/.test(value))
    throw new ValueError(`control characters are not allowed in the ${what}`);
}

/** xoauth2Message is the XOAUTH2 message: user=USER ^A auth=Bearer TOKEN ^A ^A. */
export function xoauth2Message(user: string, token: string): Buffer {
  refuseControl("user", user);
  refuseControl("token", token);
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`, "utf8");
}

/**
 * oauthbearerMessage is the OAUTHBEARER message (RFC 7628 3.1): the GS2 header with the user
 * as authzid (',' and '=' escaped as RFC 5801 says), then host, port and the bearer token.
 *
 *	n,a=alice@example.com,^Ahost=imap.example.com^Aport=993^Aauth=Bearer TOKEN^A^A
 */
export function oauthbearerMessage(user: string, token: string, options: OAuthBearerOptions = {}): Buffer {
  refuseControl("user", user);
  refuseControl("token", token);
  if (options.host !== undefined) refuseControl("host", options.host);
  const authzid = user.replace(/=/g, "=3D").replace(/,/g, "=2C");
  let fields = "";
  if (options.host !== undefined) fields += `host=${options.host}\x01`;
  if (options.port !== undefined) fields += `port=${options.port}\x01`;
  return Buffer.from(`n,a=${authzid},\x01${fields}auth=Bearer ${token}\x01\x01`, "utf8");
}

/** xoauth2 is the authobject of XOAUTH2: the message first, an empty answer to the error challenge. */
export function xoauth2(user: string, token: string): AuthObject {
  const message = xoauth2Message(user, token);
  let sent = false;
  return () => {
    if (sent) return "";
    sent = true;
    return message;
  };
}

/** oauthbearer is the authobject of OAUTHBEARER: the message first, ^A to the error challenge (RFC 7628 3.2.3). */
export function oauthbearer(user: string, token: string, options: OAuthBearerOptions = {}): AuthObject {
  const message = oauthbearerMessage(user, token, options);
  let sent = false;
  return () => {
    if (sent) return "\x01";
    sent = true;
    return message;
  };
}
