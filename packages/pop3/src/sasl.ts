// SASL for POP3 (RFC 5034): the mechanisms' messages and the base64 framing, as pure functions.
// The exchange itself (AUTH, "+ challenge" lines, "*" to cancel) is POP3.auth in auth.ts.
import { ValueError } from "@inetlib/socket";

/**
 * AuthObject answers one step of a SASL exchange, as smtplib's authobject: called with null
 * for the initial response (return null to send none), then with each decoded challenge.
 * A string is sent UTF-8 encoded; the client base64-encodes whatever it returns.
 */
export type AuthObject = (
  challenge: Buffer | null,
) => string | Uint8Array | null | Promise<string | Uint8Array | null>;

/** plainMessage is the PLAIN message (RFC 4616): authzid NUL authcid NUL passwd. */
export function plainMessage(user: string, password: string, authzid = ""): Buffer {
  for (const [what, value] of [
    ["authzid", authzid],
    ["user", user],
    ["password", password],
  ] as const)
    if (value.includes("\0"))
      throw new ValueError(`an illegal NUL character should not be contained in the ${what}`);
  return Buffer.from(`${authzid}\0${user}\0${password}`, "utf8");
}

/**
 * xoauth2Message is the XOAUTH2 message (Google's and Microsoft's OAuth 2.0 SASL profile):
 *
 *	user=someone@example.com ^A auth=Bearer ya29.token ^A ^A
 */
export function xoauth2Message(user: string, token: string): Buffer {
  if (hasControl(user) || hasControl(token))
    throw new ValueError("control characters are not allowed in an XOAUTH2 user or token");
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`, "utf8");
}

/** plain returns the AuthObject of PLAIN: everything in the initial response. */
export function plain(user: string, password: string, authzid = ""): AuthObject {
  const message = plainMessage(user, password, authzid);
  return () => message;
}

/**
 * login returns the AuthObject of LOGIN (draft-murchison-sasl-login): no initial response,
 * then the user name at the first challenge ("Username:") and the password at the second,
 * whatever the prompts say.
 */
export function login(user: string, password: string): AuthObject {
  let step = 0;
  return (challenge) => {
    if (challenge === null) return null;
    step++;
    return step === 1 ? user : password;
  };
}

/**
 * xoauth2 returns the AuthObject of XOAUTH2: the token in the initial response; a challenge
 * after it carries the server's JSON error, answered with an empty line so that it sends -ERR.
 */
export function xoauth2(user: string, token: string): AuthObject {
  const message = xoauth2Message(user, token);
  return (challenge) => (challenge === null ? message : "");
}

/** encodeResponse is a client response line: base64, or "=" for an empty initial response (RFC 5034 4). */
export function encodeResponse(data: Uint8Array, initial: boolean): string {
  if (data.length === 0) return initial ? "=" : "";
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

/**
 * decodeChallenge returns the bytes of a continuation line `+ base64` (RFC 5034 4), or null
 * when the line is not one (it is then the final +OK or -ERR).
 *
 *	"+ VXNlcm5hbWU6" -> "Username:"     "+" and "+ " -> empty
 */
export function decodeChallenge(line: Buffer): Buffer | null {
  if (line[0] !== 0x2b) return null;
  if (line.length > 1 && line[1] !== 0x20) return null;
  const text = line.subarray(2).toString("latin1").trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1)
    throw new ValueError(`invalid base64 in SASL challenge: ${JSON.stringify(text)}`);
  return Buffer.from(text, "base64");
}

/** toBytes turns what an AuthObject returned into bytes. */
export function toBytes(value: string | Uint8Array): Buffer {
  return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value);
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}
