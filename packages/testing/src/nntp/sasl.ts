// The server's side of AUTHINFO SASL (RFC 4643 2.4) for PLAIN (RFC 4616) and CRAM-MD5 (RFC
// 2195): the initial response on the command line ("=" for an empty one), challenges as 383
// lines, "*" to cancel. Base64 that is not base64 is a protocol error (482).
import { createHmac, randomBytes } from "node:crypto";

/** SaslResult is what the exchange says next: a challenge to send, or how it ended. */
export type SaslResult =
  | { kind: "challenge"; data: Uint8Array }
  | { kind: "done"; user: string | null }
  | { kind: "cancel" }
  | { kind: "error" };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** SaslExchange runs one mechanism against the spool's users (name -> password). */
export class SaslExchange {
  readonly mechanism: string;
  readonly #users: ReadonlyMap<string, string>;
  #challenge: string | null = null;

  constructor(mechanism: string, users: ReadonlyMap<string, string>) {
    this.mechanism = mechanism;
    this.#users = users;
  }

  /** start begins with the command's initial response (base64, "=" for empty), or null for none. */
  start(initial: string | null): SaslResult {
    if (this.mechanism === "CRAM-MD5") {
      if (initial !== null) return { kind: "error" };
      this.#challenge = `<${randomBytes(6).readUIntBE(0, 6)}.${Date.now()}@inetlib.test>`;
      return { kind: "challenge", data: Buffer.from(this.#challenge) };
    }
    if (initial === null) return { kind: "challenge", data: Buffer.alloc(0) };
    return this.step(initial);
  }

  /** step takes the client's response line. */
  step(line: string): SaslResult {
    if (line === "*") return { kind: "cancel" };
    const text = line === "=" ? "" : line;
    if (!BASE64.test(text)) return { kind: "error" };
    const response = Buffer.from(text, "base64").toString("utf8");
    if (this.mechanism === "PLAIN") {
      const [, user = "", password = ""] = response.split("\0");
      return { kind: "done", user: this.#users.get(user) === password ? user : null };
    }
    const space = response.lastIndexOf(" ");
    const user = response.slice(0, space);
    const password = this.#users.get(user);
    const expected =
      password === undefined
        ? null
        : createHmac("md5", password)
            .update(this.#challenge ?? "")
            .digest("hex");
    return { kind: "done", user: expected !== null && expected === response.slice(space + 1) ? user : null };
  }
}
