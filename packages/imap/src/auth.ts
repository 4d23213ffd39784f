// LOGIN, AUTHENTICATE with imaplib's continuation semantics (_Authenticator), and CRAM-MD5.
//
//	C: A1 AUTHENTICATE PLAIN
//	S: +
//	C: AGFsaWNlAHNlY3JldA==
//	S: A1 OK Logged in
import { createHmac } from "node:crypto";
import type { IMAP4Core } from "./core.js";
import { error } from "./errors.js";
import { AUTHENTICATE_MAX_STEPS } from "./limits.js";
import { isPair, type Response } from "./response.js";
import { _quote, astring, decode, isAscii, LiteralArg } from "./wire.js";

/**
 * AuthObject answers one continuation of AUTHENTICATE, as imaplib's authobject: called with
 * the decoded challenge (empty for a bare "+"), it returns the response (text is sent UTF-8
 * encoded; the client base64-encodes it), or null to cancel the exchange with "*".
 */
export type AuthObject = (
  response: Buffer,
) => string | Uint8Array | null | Promise<string | Uint8Array | null>;

/**
 * _Authenticator is imaplib's: it decodes each challenge, calls the authobject and encodes
 * its answer as one line of base64 ("*" when it returns null).
 */
export class _Authenticator {
  readonly mech: AuthObject;
  #steps = 0;

  constructor(mechinst: AuthObject) {
    this.mech = mechinst;
  }

  /** process turns a continuation's data into the line to send. */
  async process(data: Buffer | null): Promise<Buffer> {
    // A server that never stops asking gets "*" (cancel) rather than an endless exchange.
    if (++this.#steps > AUTHENTICATE_MAX_STEPS) return Buffer.from("*");
    const ret = await this.mech(this.decode(data));
    if (ret === null || ret === undefined) return Buffer.from("*");
    return this.encode(ret);
  }

  /** encode is base64 without line breaks. */
  encode(inp: string | Uint8Array): Buffer {
    const bytes = typeof inp === "string" ? Buffer.from(inp, "utf8") : Buffer.from(inp);
    return Buffer.from(bytes.toString("base64"), "latin1");
  }

  /** decode is binascii.a2b_base64, empty for no data. */
  decode(inp: Buffer | null): Buffer {
    if (!inp || inp.length === 0) return Buffer.alloc(0);
    return Buffer.from(inp.toString("latin1"), "base64");
  }
}

/** login: LOGIN user password; a failure raises error with the server's text (bytes, as Python). */
export function login(imap: IMAP4Core, user: string, password: string): Promise<Response> {
  return imap._run("LOGIN", async () => {
    const utf8 = imap.utf8_enabled;
    const pass = isAscii(password) || utf8 ? _quote(password) : new LiteralArg(Buffer.from(password, "utf8"));
    const [typ, dat] = await imap._simple_command_unlocked(
      "LOGIN",
      astring(user, { utf8, literal8bit: true }),
      pass,
    );
    if (typ !== "OK") throw new error(last(dat));
    imap.state = "AUTH";
    return [typ, dat];
  });
}

/** authenticate: AUTHENTICATE mechanism, the authobject answering every continuation. */
export function authenticate(imap: IMAP4Core, mechanism: string, authobject: AuthObject): Promise<Response> {
  return imap._run("AUTHENTICATE", async () => {
    const mech = mechanism.toUpperCase();
    const auth = new _Authenticator(authobject);
    imap.literal = (data) => auth.process(data);
    const [typ, dat] = await imap._simple_command_unlocked("AUTHENTICATE", mech);
    if (typ !== "OK") throw new error(decode(last(dat), "utf8", "replace"));
    imap.state = "AUTH";
    return [typ, dat];
  });
}

/** login_cram_md5: AUTHENTICATE CRAM-MD5, answering "user hex(HMAC-MD5(password, challenge))". */
export function login_cram_md5(
  imap: IMAP4Core,
  user: string,
  password: string | Uint8Array,
): Promise<Response> {
  return authenticate(imap, "CRAM-MD5", cram_md5(user, password));
}

/** cram_md5 is the authobject of CRAM-MD5 (RFC 2195). */
export function cram_md5(user: string, password: string | Uint8Array): AuthObject {
  const pwd = typeof password === "string" ? Buffer.from(password, "utf8") : Buffer.from(password);
  return (challenge) => `${user} ${createHmac("md5", pwd).update(challenge).digest("hex")}`;
}

/**
 * plain is the authobject of PLAIN (RFC 4616): authzid NUL user NUL password at the first
 * continuation, for authenticate("PLAIN", plain("alice", "secret")).
 */
export function plain(user: string, password: string, authzid = ""): AuthObject {
  return () => Buffer.from(`${authzid}\0${user}\0${password}`, "utf8");
}

function last(dat: readonly (Buffer | [Buffer, Buffer] | null)[]): Buffer {
  const item = dat[dat.length - 1];
  if (!item) return Buffer.alloc(0);
  return isPair(item) ? item[0] : item;
}
