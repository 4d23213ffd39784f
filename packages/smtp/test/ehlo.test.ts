// EHLO replies parsed as smtplib.ehlo() parses them.
import { describe, expect, it } from "vitest";
import { pystrip } from "../src/ehlo.js";
import { parseEhlo } from "../src/index.js";

const parse = (s: string) => ({ ...parseEhlo(Buffer.from(s, "latin1")) });

describe("parseEhlo", () => {
  it("reads Python's test server reply (testEHLO)", () => {
    expect(parse("testhost\nEXPN\nSIZE 20000000\nSTARTTLS\nDELIVERBY\nHELP")).toEqual({
      expn: "",
      size: "20000000",
      starttls: "",
      deliverby: "",
      help: "",
    });
  });

  it("skips the greeting line, lower-cases keywords and strips parameters", () => {
    expect(parse("SIZE 1\nPipelining\n8BITMIME   \nX-Thing  a  b  ")).toEqual({
      pipelining: "",
      "8bitmime": "",
      "x-thing": "a  b",
    });
  });

  it("concatenates AUTH lines, old style AUTH= included, each after a space", () => {
    expect(parse("h\nAUTH PLAIN LOGIN\nAUTH=CRAM-MD5 DIGEST-MD5\nauth xoauth2")).toEqual({
      auth: " PLAIN LOGIN CRAM-MD5 DIGEST-MD5 xoauth2",
    });
    expect(parse("h\nAUTH")).toEqual({ auth: " " });
  });

  it("ignores lines that do not start with a keyword; the last of a repeated keyword wins", () => {
    expect(parse("h\n-bad\n\n  SIZE 5\nSIZE 1\nSIZE 2")).toEqual({ size: "2" });
  });

  it("decodes Latin-1 and strips with Python's whitespace", () => {
    expect(parse("h\nX-Caf\xe9 a\nX-NBSP \xa0v\xa0\x85")).toEqual({ "x-caf": "\xe9 a", "x-nbsp": "v" });
    expect(pystrip("\x1c\t x \x1f")).toBe("x");
  });

  it("has no prototype: 'constructor' is not a feature", () => {
    expect("constructor" in parseEhlo(Buffer.from("h\nSIZE 1"))).toBe(false);
    expect(Object.keys(parseEhlo(Buffer.from("mail.example.com")))).toEqual([]);
  });
});
