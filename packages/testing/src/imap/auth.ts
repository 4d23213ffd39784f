// LOGIN and AUTHENTICATE for the session: PLAIN (with SASL-IR), LOGIN, CRAM-MD5, and with
// tokens XOAUTH2 and OAUTHBEARER (RFC 7628: a refused token gets a JSON error challenge, and
// the NO only after the client's answer to it).
import { createHmac, randomBytes } from "node:crypto";
import { saslMechanisms } from "./options.js";
import type { IMAPSession } from "./session.js";

/** login logs the session in when the password is right: OK with the new capabilities, else NO. */
export async function login(s: IMAPSession, tag: string, user: string, password: string): Promise<void> {
  if (!s.store.checkPassword(user, password))
    return void (await s.send(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`));
  await grant(s, tag, user);
}

async function grant(s: IMAPSession, tag: string, user: string): Promise<void> {
  s.user = user;
  s.state = "AUTH";
  await s.send(`${tag} OK [CAPABILITY ${s.capabilities().join(" ")}] Logged in\r\n`);
}

/** authenticate runs AUTHENTICATE `mech` (PLAIN, LOGIN or CRAM-MD5); `initial` is a SASL-IR response. */
export async function authenticate(
  s: IMAPSession,
  tag: string,
  mech: string,
  initial: string | null,
): Promise<void> {
  if (!saslMechanisms(s.options).includes(mech))
    return void (await s.send(`${tag} NO Unsupported authentication mechanism\r\n`));
  if (s.options.loginRequiresTLS && !s.tls)
    return void (await s.send(
      `${tag} NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure connections.\r\n`,
    ));
  const ask = async (challenge: string): Promise<string | null> => {
    await s.send(`+ ${Buffer.from(challenge).toString("base64")}\r\n`);
    const line = await s.io.readLine();
    if (line === null) return null;
    const text = line.toString("latin1");
    if (text === "*") {
      await s.send(`${tag} BAD Authentication aborted by client.\r\n`);
      return null;
    }
    return Buffer.from(text, "base64").toString("utf8");
  };
  const fail = () => s.send(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`);
  if (mech === "PLAIN") {
    const response =
      initial !== null && (s.options.saslIR ?? true)
        ? initial === "="
          ? ""
          : Buffer.from(initial, "base64").toString("utf8")
        : await ask("");
    if (response === null) return;
    const [, user = "", password = ""] = response.split("\0");
    return login(s, tag, user, password);
  }
  if (mech === "XOAUTH2" || mech === "OAUTHBEARER") {
    const response =
      initial !== null && (s.options.saslIR ?? true)
        ? Buffer.from(initial === "=" ? "" : initial, "base64").toString("utf8")
        : await ask("");
    if (response === null) return;
    const fields = response.split("\x01");
    const bearer = fields.find((f) => f.startsWith("auth=Bearer "))?.slice(12) ?? null;
    const user =
      mech === "XOAUTH2"
        ? (fields.find((f) => f.startsWith("user="))?.slice(5) ?? "")
        : (/^n,a=([^,]*),/.exec(fields[0] ?? "")?.[1] ?? "").replace(/=2C/g, ",").replace(/=3D/g, "=");
    const tokens = s.options.tokens ?? {};
    if (Object.hasOwn(tokens, user) && tokens[user] === bearer) return grant(s, tag, user);
    if ((await ask('{"status":"invalid_token","scope":"mail"}')) === null) return;
    return void (await fail());
  }
  if (mech === "LOGIN") {
    const user = await ask("Username:");
    if (user === null) return;
    const password = await ask("Password:");
    if (password === null) return;
    return login(s, tag, user, password);
  }
  const challenge = `<${randomBytes(6).readUIntBE(0, 6)}.${Date.now()}@inetlib.test>`;
  const response = await ask(challenge);
  if (response === null) return;
  const space = response.lastIndexOf(" ");
  const user = response.slice(0, space);
  const digest = response.slice(space + 1);
  const password = s.store.passwordOf(user);
  if (password === null || createHmac("md5", password).update(challenge).digest("hex") !== digest)
    return void (await fail());
  return login(s, tag, user, password);
}
