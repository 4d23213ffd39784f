import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import {
  decodeChallenge,
  encodeResponse,
  login,
  plain,
  plainMessage,
  xoauth2,
  xoauth2Message,
} from "../src/sasl.js";

describe("SASL messages", () => {
  it("PLAIN is authzid NUL user NUL password (RFC 4616)", () => {
    expect(plainMessage("tim", "tanstaaftanstaaf")).toEqual(Buffer.from("\0tim\0tanstaaftanstaaf"));
    expect(plainMessage("u", "p", "admin")).toEqual(Buffer.from("admin\0u\0p"));
    expect(encodeResponse(plainMessage("tim", "tanstaaftanstaaf"), true)).toBe(
      "AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
    );
    expect(() => plainMessage("a\0b", "p")).toThrow(ValueError);
  });
  it("XOAUTH2 is user=..^Aauth=Bearer ..^A^A", () => {
    expect(xoauth2Message("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg")).toEqual(
      Buffer.from(
        "user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01",
      ),
    );
    expect(() => xoauth2Message("a", "t\x01")).toThrow(ValueError);
  });
  it("LOGIN answers the user name, then the password, and sends no initial response", async () => {
    const auth = login("alice", "secret");
    expect(await auth(null)).toBeNull();
    expect(await auth(Buffer.from("Username:"))).toBe("alice");
    expect(await auth(Buffer.from("Password:"))).toBe("secret");
  });
  it("PLAIN and XOAUTH2 answer in the initial response; XOAUTH2 answers an error challenge with nothing", async () => {
    expect(await plain("u", "p")(null)).toEqual(Buffer.from("\0u\0p"));
    const x = xoauth2("u", "t");
    expect(await x(null)).toEqual(Buffer.from("user=u\x01auth=Bearer t\x01\x01"));
    expect(await x(Buffer.from('{"status":"401"}'))).toBe("");
  });
});

describe("SASL framing (RFC 5034)", () => {
  it("sends '=' for an empty initial response and an empty line for an empty answer", () => {
    expect(encodeResponse(Buffer.alloc(0), true)).toBe("=");
    expect(encodeResponse(Buffer.alloc(0), false)).toBe("");
  });
  it("decodes challenges and recognises the final +OK and -ERR", () => {
    expect(decodeChallenge(Buffer.from("+ VXNlcm5hbWU6"))?.toString()).toBe("Username:");
    expect(decodeChallenge(Buffer.from("+ "))).toEqual(Buffer.alloc(0));
    expect(decodeChallenge(Buffer.from("+"))).toEqual(Buffer.alloc(0));
    expect(decodeChallenge(Buffer.from("+OK logged in"))).toBeNull();
    expect(decodeChallenge(Buffer.from("-ERR no"))).toBeNull();
    expect(() => decodeChallenge(Buffer.from("+ not base64!"))).toThrow(ValueError);
  });
});
