// SMTP AUTH (RFC 4954) as smtplib does it: auth() runs one SASL exchange with an authobject
// callback, login() tries CRAM-MD5, PLAIN and LOGIN in that order. XOAUTH2 comes from
// nodemailer's helper.
import { createHmac } from "node:crypto";
import { pyrepr, pytuple } from "@inetlib/socket";
import XOAuth2, { type XOAuth2Options } from "nodemailer/lib/xoauth2";
import { SMTPAuthenticationError, SMTPException, SMTPNotSupportedError, type SMTPReply } from "./errors.js";
import { _MAXCHALLENGE } from "./limits.js";
import type { SMTP } from "./smtp.js";

/**
 * AuthObject answers the server, as smtplib's authobject: called with no argument for the
 * initial response (return null to send none), then with each challenge, decoded from base64.
 * What it returns is base64-encoded and sent (text as UTF-8, where Python allows only ASCII).
 */
export type AuthObject = (
  challenge?: Buffer | null,
) => string | Uint8Array | null | Promise<string | Uint8Array | null>;

/** AuthOptions are auth()'s and login()'s keyword arguments. */
export interface AuthOptions {
  /** Send the first response with the AUTH command when the mechanism has one (RFC 4954; default true). */
  initial_response_ok?: boolean;
}

/** PREFERRED_AUTHS are the mechanisms login() tries, in smtplib's order. */
export const PREFERRED_AUTHS = ["CRAM-MD5", "PLAIN", "LOGIN"] as const;

/** auth runs one SASL exchange (smtplib.SMTP.auth); see SMTP.auth. */
export async function auth(
  smtp: SMTP,
  mechanism: string,
  authobject: AuthObject,
  options: AuthOptions = {},
): Promise<SMTPReply> {
  if (!smtp._plaintext_auth_allowed())
    throw new SMTPException(
      "refusing to send credentials over a connection without TLS: call starttls() first, use SMTP_SSL, or set allowPlaintextAuth",
    );
  const mech = mechanism.toUpperCase();
  const initial = (options.initial_response_ok ?? true) ? await authobject() : null;
  let code: number;
  let resp: Buffer;
  if (initial !== null && initial !== undefined) {
    [code, resp] = await smtp._docmd_unlocked("AUTH", `${mech} ${b64(initial)}`);
    smtp._auth_challenge_count = 1;
  } else {
    [code, resp] = await smtp._docmd_unlocked("AUTH", mech);
    smtp._auth_challenge_count = 0;
  }
  while (code === 334) {
    smtp._auth_challenge_count += 1;
    const challenge = Buffer.from(resp.toString("latin1"), "base64");
    const response = b64((await authobject(challenge)) ?? "");
    await smtp._putcmd_unlocked(response, "", true);
    [code, resp] = await smtp._getreply_unlocked();
    if (smtp._auth_challenge_count > _MAXCHALLENGE)
      throw new SMTPException(
        `Server AUTH mechanism infinite loop. Last response: ${pyrepr(pytuple(code, resp))}`,
      );
  }
  if (code === 235 || code === 503) return [code, resp];
  throw new SMTPAuthenticationError(code, resp);
}

/** login tries each mechanism both sides know, in smtplib's order (smtplib.SMTP.login). */
export async function login(
  smtp: SMTP,
  user: string,
  password: string,
  options: AuthOptions = {},
): Promise<SMTPReply> {
  await smtp._ehlo_or_helo_if_needed_unlocked();
  if (!smtp.has_extn("auth")) throw new SMTPNotSupportedError("SMTP AUTH extension not supported by server.");
  const advertised = (smtp.esmtp_features.auth ?? "").split(/\s+/);
  const authlist = PREFERRED_AUTHS.filter((m) => advertised.includes(m));
  if (authlist.length === 0) throw new SMTPException("No suitable authentication method found.");
  smtp.user = user;
  smtp.password = password;
  const objects: Record<(typeof PREFERRED_AUTHS)[number], AuthObject> = {
    "CRAM-MD5": smtp.auth_cram_md5,
    PLAIN: smtp.auth_plain,
    LOGIN: smtp.auth_login,
  };
  let last: unknown;
  for (const method of authlist) {
    try {
      const [code, resp] = await auth(smtp, method, objects[method], options);
      if (code === 235 || code === 503) return [code, resp];
    } catch (err) {
      if (!(err instanceof SMTPAuthenticationError)) throw err;
      last = err;
    }
  }
  throw last;
}

/** cramMd5 is the CRAM-MD5 response (RFC 2195): "user hex(HMAC-MD5(password, challenge))". */
export function cramMd5(user: string, password: string, challenge: Uint8Array): string {
  return `${user} ${createHmac("md5", Buffer.from(password, "utf8")).update(challenge).digest("hex")}`;
}

/**
 * xoauth2Object returns the AuthObject of XOAUTH2: nodemailer's XOAuth2 makes the token (from
 * an access token, or by refreshing one with its OAuth 2.0 options) and the initial response;
 * a challenge after it carries the server's JSON error and is answered with an empty line.
 */
export async function xoauth2Object(
  user: string,
  token: string | XOAuth2 | XOAuth2Options,
): Promise<AuthObject> {
  const helper =
    token instanceof XOAuth2
      ? token
      : new XOAuth2(typeof token === "string" ? { user, accessToken: token } : { user, ...token });
  const access = await new Promise<string>((resolve, reject) =>
    helper.getToken(false, (err, accessToken) => (err ? reject(err) : resolve(accessToken))),
  );
  const initial = Buffer.from(helper.buildXOAuth2Token(access), "base64");
  return (challenge) => (challenge === undefined || challenge === null ? initial : "");
}

function b64(value: string | Uint8Array): string {
  return (typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value)).toString("base64");
}
