// AUTHINFO SASL (RFC 4643 2.4): the initial response on the command line ("=" when empty),
// then "383 base64" challenges answered with base64 lines ("*" cancels), ending in 281 (or
// 283 with the server's last data), 481 refused, 482 out of sequence.
//
//	C: AUTHINFO SASL PLAIN AG5ld3NyZWFkZXIAbmV3cy1wYXNz
//	S: 281 Authentication succeeded
import { createHmac } from "node:crypto";
import { ValueError } from "@inetlib/socket";
import { afterLogin } from "./auth.js";
import { NNTPProtocolError, NNTPReplyError } from "./errors.js";
import { AUTHINFO_SASL_MAX_STEPS } from "./limits.js";
import type { NNTPTransport } from "./transport.js";
import type { Wire } from "./wire.js";

/**
 * AuthObject answers the server, as smtplib's authobject: called with null for the initial
 * response (return null to send none), then with each challenge, decoded from base64. What it
 * returns is base64-encoded and sent (text as UTF-8); null at a challenge cancels with "*".
 */
export type AuthObject = (
  challenge: Buffer | null,
) => string | Uint8Array | null | Promise<string | Uint8Array | null>;

export interface SaslOptions {
  /** Send the initial response on the AUTHINFO SASL line (default true; RFC 4643 allows it). */
  initial_response_ok?: boolean;
}

/** plain is the authobject of PLAIN (RFC 4616): authzid NUL user NUL password, as the initial response. */
export function plain(user: string, password: string, authzid = ""): AuthObject {
  for (const value of [user, password, authzid])
    if (value.includes("\0")) throw new ValueError("NUL is not allowed in a PLAIN user, password or authzid");
  const message = Buffer.from(`${authzid}\0${user}\0${password}`, "utf8");
  return (challenge) => (challenge === null || challenge.length === 0 ? message : null);
}

/** cram_md5 is the authobject of CRAM-MD5 (RFC 2195): no initial response, then "user hex(HMAC-MD5)". */
export function cram_md5(user: string, password: string | Uint8Array): AuthObject {
  const key = typeof password === "string" ? Buffer.from(password, "utf8") : Buffer.from(password);
  return (challenge) =>
    challenge === null ? null : `${user} ${createHmac("md5", key).update(challenge).digest("hex")}`;
}

/** saslMechanisms lists what the server's SASL capability names (empty when none). */
export function saslMechanisms(client: NNTPTransport): string[] {
  return (client._caps?.SASL ?? []).map((m) => m.toUpperCase());
}

/**
 * authinfoSasl is NNTP.authinfo_sasl's work. Refused (ValueError, nothing sent) after a login,
 * after COMPRESS (RFC 8054), or when the server lists SASL mechanisms and not this one.
 * 481 throws NNTPTemporaryError (as login() does); a reply that is neither 281, 283 nor 383
 * NNTPReplyError. A server that keeps challenging past AUTHINFO_SASL_MAX_STEPS gets "*".
 */
export async function authinfoSasl(
  client: NNTPTransport,
  w: Wire,
  mechanism: string,
  authobject: AuthObject,
  options: SaslOptions = {},
): Promise<string> {
  if (client.authenticated) throw new ValueError("Already logged in.");
  if (client.compress_on) throw new ValueError("Authentication cannot follow COMPRESS (RFC 8054).");
  const mech = mechanism.toUpperCase();
  if (!/^[A-Z0-9_-]{1,20}$/.test(mech)) throw new ValueError(`invalid SASL mechanism name: ${mechanism}`);
  const offered = saslMechanisms(client);
  if (offered.length > 0 && !offered.includes(mech))
    throw new ValueError(`SASL mechanism ${mech} not offered (server offers ${offered.join(" ")})`);
  let command = `AUTHINFO SASL ${mech}`;
  if (options.initial_response_ok ?? true) {
    const initial = await authobject(null);
    if (initial !== null) command += ` ${encode(initial) || "="}`;
  }
  // The trace masks an initial response itself (maskSecrets), leaving the mechanism readable.
  let resp = await w.shortcmd(command);
  for (let steps = 0; resp.startsWith("383"); steps++) {
    const challenge = decodeChallenge(resp);
    const answer = steps >= AUTHINFO_SASL_MAX_STEPS ? null : await authobject(challenge);
    w.conn.debug.markSecret();
    // A cancelled exchange ends in 481, thrown by getresp as NNTPPermanentError.
    resp = await w.shortcmd(answer === null ? "*" : encode(answer));
  }
  // 481 (refused, or cancelled) and 482 were thrown by getresp as NNTPTemporaryError, as
  // nntplib's login() lets a refused AUTHINFO PASS out.
  if (!resp.startsWith("281") && !resp.startsWith("283")) throw new NNTPReplyError(resp);
  client.authenticated = true;
  await afterLogin(client, w);
  return resp;
}

function encode(data: string | Uint8Array): string {
  return (typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data)).toString("base64");
}

// "383 base64": the data is the second word ("383" alone, or "383 =", is empty).
function decodeChallenge(resp: string): Buffer {
  const text = resp.slice(4).trim().split(/\s+/)[0] ?? "";
  if (text === "" || text === "=") return Buffer.alloc(0);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
    throw new NNTPProtocolError(`invalid base64 in SASL challenge: ${resp}`);
  return Buffer.from(text, "base64");
}
