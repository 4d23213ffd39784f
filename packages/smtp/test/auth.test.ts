// AUTH as smtplib does it (test_smtplib's AUTH tests), bytes on the wire included.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SMTP, SMTPAuthenticationError, SMTPException, SMTPNotSupportedError } from "../src/index.js";
import { serve } from "./helpers.js";

const b = (s: string) => Buffer.from(s);
const b64 = (s: string) => Buffer.from(s).toString("base64");
const opts = { local_hostname: "localhost", timeout: 10 };
const USER = "Mr.A@somewhere.com";
const PASS = "somepassword";
const users = { [USER]: PASS };
const OK: [number, Buffer] = [235, b("2.7.0 Authentication successful")];
const received = (server: { lastConnection(): { received: Buffer } }) =>
  server.lastConnection().received.toString();

describe("login", () => {
  it("PLAIN sends the credentials in the initial response (testAUTH_PLAIN)", async () => {
    const server = await serve({ users, mechanisms: ["PLAIN"] });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(await s.login(USER, PASS)).toEqual(OK);
    expect(received(server)).toBe(`ehlo localhost\r\nAUTH PLAIN ${b64(`\0${USER}\0${PASS}`)}\r\n`);
    expect(server.lastConnection().session!.user).toBe(USER);
  });

  it("PLAIN's initial response is Python's (testAUTH_PLAIN_initial_response_login)", async () => {
    const server = await serve({ users: { psu: "doesnotexist" }, mechanisms: ["PLAIN"] });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.login("psu", "doesnotexist");
    expect(received(server)).toContain("AUTH PLAIN AHBzdQBkb2Vzbm90ZXhpc3Q=\r\n");
  });

  it("LOGIN sends the user first, the password at the second challenge (testAUTH_LOGIN)", async () => {
    const server = await serve({ users, mechanisms: ["LOGIN"] });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(await s.login(USER, PASS)).toEqual(OK);
    expect(received(server)).toBe(`ehlo localhost\r\nAUTH LOGIN ${b64(USER)}\r\n${b64(PASS)}\r\n`);
  });

  it("CRAM-MD5 answers the challenge with an HMAC (testAUTH_CRAM_MD5)", async () => {
    const server = await serve({ users, mechanisms: ["CRAM-MD5"] });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(await s.login(USER, PASS)).toEqual(OK);
    const sent = received(server).split("\r\n");
    expect(sent.slice(0, 2)).toEqual(["ehlo localhost", "AUTH CRAM-MD5"]);
    const [user, digest] = Buffer.from(sent[2]!, "base64").toString().split(" ");
    expect(user).toBe(USER);
    const challenge = Buffer.from(
      server
        .lastConnection()
        .sent.toString()
        .match(/^334 (\S+)/m)![1]!,
      "base64",
    );
    expect(digest).toBe(createHmac("md5", PASS).update(challenge).digest("hex"));
  });

  it("prefers CRAM-MD5, then PLAIN, then LOGIN (testAUTH_multiple)", async () => {
    const server = await serve({ users, mechanisms: ["BOGUS", "PLAIN", "LOGIN", "CRAM-MD5"] });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(await s.login(USER, PASS)).toEqual(OK);
    expect(received(server)).toMatch(/^ehlo localhost\r\nAUTH CRAM-MD5\r\n[A-Za-z0-9+/=]+\r\n$/);
  });

  it("goes on to the next mechanism when one fails, and raises the last failure", async () => {
    const server = await serve({
      users,
      mechanisms: ["CRAM-MD5", "PLAIN"],
      respond: (cmd, args) => (cmd === "AUTH" && args === "CRAM-MD5" ? "535 5.7.8 not today\r\n" : undefined),
    });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(await s.login(USER, PASS)).toEqual(OK);
    expect(received(server)).toBe(
      `ehlo localhost\r\nAUTH CRAM-MD5\r\nAUTH PLAIN ${b64(`\0${USER}\0${PASS}`)}\r\n`,
    );

    const t = await SMTP.open("127.0.0.1", server.port, opts);
    const err = await t.login(USER, "wrong").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPAuthenticationError);
    expect(err).toMatchObject({ smtp_code: 535, smtp_error: b("5.7.8 Error: authentication failed") });
    await t.close();
  });

  it("raises SMTPNotSupportedError without AUTH, SMTPException with no common mechanism", async () => {
    const none = await serve();
    const s = await SMTP.open("127.0.0.1", none.port, opts);
    await expect(s.login("u", "p")).rejects.toThrow(
      new SMTPNotSupportedError("SMTP AUTH extension not supported by server."),
    );
    await s.close();
    const other = await serve({ features: ["AUTH DIGEST-MD5 plain"] });
    const t = await SMTP.open("127.0.0.1", other.port, opts);
    await expect(t.login("u", "p")).rejects.toThrow(
      new SMTPException("No suitable authentication method found."),
    );
    expect(received(other)).toBe("ehlo localhost\r\n");
    await t.close();
  });

  it("returns 503 (already authenticated) as success", async () => {
    const server = await serve({ users, mechanisms: ["PLAIN"] });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.login(USER, PASS);
    expect(await s.login(USER, PASS)).toEqual([503, b("5.5.1 Error: already authenticated")]);
  });
});

describe("auth", () => {
  it("takes each auth_* method, with and without an initial response (test_auth_function)", async () => {
    const server = await serve({ users });
    for (const [mech, initial, expected] of [
      ["PLAIN", true, `AUTH PLAIN ${b64(`\0${USER}\0${PASS}`)}\r\n`],
      ["PLAIN", false, `AUTH PLAIN\r\n${b64(`\0${USER}\0${PASS}`)}\r\n`],
      ["LOGIN", true, `AUTH LOGIN ${b64(USER)}\r\n${b64(PASS)}\r\n`],
      ["LOGIN", false, `AUTH LOGIN\r\n${b64(USER)}\r\n${b64(PASS)}\r\n`],
      ["CRAM-MD5", true, "AUTH CRAM-MD5\r\n"],
    ] as const) {
      const s = await SMTP.open("127.0.0.1", server.port, opts);
      await s.ehlo("foo");
      s.user = USER;
      s.password = PASS;
      const method = { PLAIN: s.auth_plain, LOGIN: s.auth_login, "CRAM-MD5": s.auth_cram_md5 }[mech];
      expect(await s.auth(mech.toLowerCase(), method, { initial_response_ok: initial })).toEqual(OK);
      expect(received(server)).toContain(`ehlo foo\r\n${expected}`);
      await s.close();
    }
  });

  it("gives up on a server that keeps challenging (testAUTH_BUGGY)", async () => {
    const server = await serve({
      users,
      mechanisms: ["BUGGY"],
      respond: (cmd) => (cmd === "EHLO" || cmd === "QUIT" ? undefined : "334 QnVHZ1liVWdHeQ==\r\n"),
    });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.ehlo("test_auth_buggy");
    const challenges: Buffer[] = [];
    const buggy = (challenge?: Buffer | null) => {
      if (challenge) challenges.push(challenge);
      return "\0";
    };
    await expect(s.auth("BUGGY", buggy, { initial_response_ok: false })).rejects.toThrow(
      /^Server AUTH mechanism infinite loop\. Last response: \(334, b'QnVHZ1liVWdHeQ=='\)$/,
    );
    expect(challenges).toEqual(Array(6).fill(b("BuGgYbUgGy")));
    expect(received(server)).toBe(`ehlo test_auth_buggy\r\nAUTH BUGGY\r\n${"AA==\r\n".repeat(6)}`);
  });

  it("accepts authobjects returning bytes or promises", async () => {
    const server = await serve({ users, mechanisms: ["PLAIN"] });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await s.ehlo();
    expect(await s.auth("PLAIN", async () => b(`\0${USER}\0${PASS}`))).toEqual(OK);
  });

  it("refuses to send credentials without TLS when allowPlaintextAuth is false", async () => {
    const server = await serve({ users });
    await using s = await SMTP.open("127.0.0.1", server.port, { ...opts, allowPlaintextAuth: false });
    await expect(s.login(USER, PASS)).rejects.toThrow(
      /refusing to send credentials over a connection without TLS/,
    );
    await expect(s.auth("PLAIN", s.auth_plain)).rejects.toBeInstanceOf(SMTPException);
    expect(received(server)).toBe("ehlo localhost\r\n");
  });
});

describe("XOAUTH2", () => {
  it("logs in with an access token through nodemailer's helper", async () => {
    const server = await serve({ tokens: { alice: "ya29.token" } });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    expect(await s.login_xoauth2("alice", "ya29.token")).toEqual(OK);
    expect(received(server)).toBe(
      `ehlo localhost\r\nAUTH XOAUTH2 ${b64("user=alice\x01auth=Bearer ya29.token\x01\x01")}\r\n`,
    );
  });

  it("answers the error challenge with an empty line and raises SMTPAuthenticationError", async () => {
    const server = await serve({ tokens: { alice: "ya29.token" } });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await expect(s.login_xoauth2("alice", "expired")).rejects.toMatchObject({
      name: "SMTPAuthenticationError",
      smtp_code: 535,
    });
    expect(received(server)).toMatch(/AUTH XOAUTH2 \S+\r\n\r\n$/);
  });
});
