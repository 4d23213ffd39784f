// The pure reply functions against what CPython 3.11's poplib does with the same bytes.
import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { error_proto } from "../src/errors.js";
import {
  apopDigest,
  apopTimestamp,
  parseCapa,
  parseStat,
  pyintBytes,
  splitBytes,
  stripLine,
  timestamp,
} from "../src/response.js";

const b = (s: string) => Buffer.from(s, "latin1");

describe("stripLine (poplib._getline)", () => {
  it.each([
    ["+OK\r\n", "+OK"],
    ["+OK\n", "+OK"],
    ["\r+OK\n", "+OK"], // LFCR endings: the CR opens the next line
    ["+OK\r\r\n", "+OK\r"],
    ["\r\n", ""],
    ["\n", ""],
    ["\r", ""],
    ["+OK", "+O"], // a line cut off by end of stream loses its last byte, as in Python
    ["x\ry\n", "x\ry"],
  ])("%j -> %j", (raw, want) => {
    expect(stripLine(b(raw)).toString("latin1")).toBe(want);
  });
});

describe("splitBytes (bytes.split())", () => {
  it("splits on runs of ASCII whitespace and keeps no empty words", () => {
    expect(splitBytes(b(" +OK\t 10\x0b100\x0c ")).map(String)).toEqual(["+OK", "10", "100"]);
    expect(splitBytes(b(""))).toEqual([]);
    // \x1c is whitespace for str.split() but not for bytes.split()
    expect(splitBytes(b("a\x1cb")).map((x) => x.toString("latin1"))).toEqual(["a\x1cb"]);
  });
});

describe("parseStat", () => {
  it("reads the count and the size", () => {
    expect(parseStat(b("+OK 10 100"))).toEqual([10, 100]);
    expect(parseStat(b("+OK 2 320 extra words"))).toEqual([2, 320]);
    expect(parseStat(b("+OK 1_000 +5"))).toEqual([1000, 5]);
  });
  it("throws ValueError with int()'s message for a non-number", () => {
    expect(() => parseStat(b("+OK ten 100"))).toThrow(ValueError);
    expect(() => parseStat(b("+OK ten 100"))).toThrow("invalid literal for int() with base 10: b'ten'");
    expect(() => pyintBytes(b("1__0"))).toThrow("invalid literal for int() with base 10: b'1__0'");
  });
  it("throws error_proto carrying the reply when a field is missing", () => {
    const err = (() => {
      try {
        parseStat(b("+OK 10"));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(error_proto);
    expect((err as error_proto).resp).toEqual(b("+OK 10"));
  });
});

describe("parseCapa", () => {
  it("makes poplib's dictionary, in order, later names replacing earlier ones", () => {
    const caps = parseCapa(
      ["TOP", "USER", "SASL PLAIN LOGIN", "IMPLEMENTATION Cyrus POP3 server v2.2.12", "TOP x"].map(b),
    );
    expect(Object.keys(caps)).toEqual(["TOP", "USER", "SASL", "IMPLEMENTATION"]);
    expect(caps.TOP).toEqual(["x"]);
    expect(caps.SASL).toEqual(["PLAIN", "LOGIN"]);
    expect(caps.IMPLEMENTATION).toEqual(["Cyrus", "POP3", "server", "v2.2.12"]);
    expect("toString" in caps).toBe(false);
  });
  it("splits as str.split() does, \\x1c-\\x1f included", () => {
    expect(parseCapa([b("  EXPIRE\t NEVER\x1fx ")])).toEqual({ EXPIRE: ["NEVER", "x"] });
  });
  it("refuses blank and non-ASCII lines with error_proto", () => {
    expect(() => parseCapa([b("   ")])).toThrow(error_proto);
    expect(() => parseCapa([b("IMPL\xe9")])).toThrow("malformed CAPA line: b'IMPL\\xe9'");
  });
});

describe("APOP", () => {
  it("finds the timestamp as poplib's regular expression does", () => {
    expect(apopTimestamp(b("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>"))).toEqual(
      b("<1896.697170952@dbc.mtview.ca.us>"),
    );
    expect(apopTimestamp(b("+OK dummy pop3 server ready. <timestamp>"))).toEqual(b("<timestamp>"));
    // greedy: from the first "<" to the last ">"
    expect(apopTimestamp(b("+OK <a> and <b> x"))).toEqual(b("<a> and <b>"));
    // Python's "." matches CR (only LF is excluded)
    expect(apopTimestamp(b("+OK\r<a\rb>"))).toEqual(b("<a\rb>"));
    expect(apopTimestamp(b("+OK ready"))).toBeNull();
    expect(apopTimestamp(b("+OK<a>"))).toBeNull(); // "." needs one byte after +OK
    expect(apopTimestamp(b("-ERR <a>"))).toBeNull();
    expect(apopTimestamp(b(" +OK <a>"))).toBeNull(); // re.match is anchored
    expect(timestamp.source).toContain("<");
  });
  it("stays linear on CPython's REDOS greeting", () => {
    expect(apopTimestamp(Buffer.concat([b("+OK"), Buffer.alloc(1_000_000, "<")]))).toBeNull();
  });
  it("digests as RFC 1939's example", () => {
    expect(apopDigest(b("<1896.697170952@dbc.mtview.ca.us>"), "tanstaaf")).toBe(
      "c4c9334bac560ecc979e58001b3e22fb",
    );
  });
});
