// The reply parsers against CPython's answers (test_ftplib.py and ftplib.py's own behaviour).
import { ValueError } from "@inetlib/socket";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { error_proto, error_reply, parse150, parse227, parse229, parse257 } from "../src/index.js";
import { eprtCommand, portCommand, pyInt } from "../src/replies.js";

describe("parse150", () => {
  it("reads the size a 150 announces, or null", () => {
    expect(parse150("150 Opening BINARY mode data connection for a (1234 bytes)")).toBe(1234);
    expect(parse150("150 x (12 BYTES)")).toBe(12);
    expect(parse150("150  (12 bytes)")).toBe(12);
    expect(parse150("150 (12 bytes)")).toBeNull(); // Python's regex needs "150 .* (": two spaces
    expect(parse150("150 a\n (3 bytes)")).toBeNull(); // "." does not cross a newline
    expect(parse150("150 Here comes the listing.")).toBeNull();
  });

  it("refuses anything but 150 with error_reply", () => {
    expect(() => parse150("125 Data connection already open")).toThrow(error_reply);
  });
});

describe("parse227", () => {
  it("returns the host as written and the port", () => {
    expect(parse227("227 Entering Passive Mode (192,168,1,2,19,137).")).toEqual(["192.168.1.2", 5001]);
    expect(parse227("227 Entering Passive Mode (010,1,2,3,4,5)")).toEqual(["010.1.2.3", 1029]);
    expect(parse227("227 =127,0,0,1,300,300")).toEqual(["127.0.0.1", 77100]);
  });

  it("error_reply for another code, error_proto without six numbers", () => {
    expect(() => parse227("200 ok")).toThrow(error_reply);
    const err = (() => {
      try {
        parse227("227 Entering Passive Mode");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(error_proto);
    expect((err as error_proto).args).toEqual(["227 Entering Passive Mode"]);
  });
});

describe("parse229", () => {
  const peer: [string, number] = ["::1", 21];
  it("takes the port; the host is the control connection's peer", () => {
    expect(parse229("229 Entering Extended Passive Mode (|||6446|)", peer)).toEqual(["::1", 6446]);
    expect(parse229("229 (!!!1234!)", peer)).toEqual(["::1", 1234]);
    expect(parse229("229 (||| 12 |)", peer)).toEqual(["::1", 12]);
    expect(parse229("229 (|| |1|)", peer)).toEqual(["::1", 1]);
  });

  it("error_proto for a malformed reply, ValueError (int()) for a bad port", () => {
    for (const resp of ["229 ( 1 )", "229 ()", "229 no parens", "229 (|||1|", "229 (||1|)"])
      expect(() => parse229(resp, peer), resp).toThrow(error_proto);
    expect(() => parse229("229 (|||12x|)", peer)).toThrow(
      new ValueError("invalid literal for int() with base 10: '12x'"),
    );
    expect(() => parse229("227 (|||1|)", peer)).toThrow(error_reply);
  });
});

describe("parse257", () => {
  it("as test_ftplib.test_parse257", () => {
    expect(parse257('257 "/foo/bar"')).toBe("/foo/bar");
    expect(parse257('257 "/foo/bar" created')).toBe("/foo/bar");
    expect(parse257('257 ""')).toBe("");
    expect(parse257('257 "" created')).toBe("");
    expect(() => parse257('250 "/foo/bar"')).toThrow(error_reply);
    expect(parse257('257 "/foo/b""ar"')).toBe('/foo/b"ar');
    expect(parse257('257 "/foo/b""ar" created')).toBe('/foo/b"ar');
  });

  it("a 257 without a quoted name gives '' (UNIX ftpd); an unterminated name runs to the end", () => {
    expect(parse257("257 /foo")).toBe("");
    expect(parse257('257 "/unterminated')).toBe("/unterminated");
  });

  it("undoes what a server's quoting does, for any name", () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(parse257(`257 "${name.replaceAll('"', '""')}" created`)).toBe(name);
      }),
    );
  });
});

describe("commands and numbers", () => {
  it("PORT and EPRT as sendport/sendeprt write them", () => {
    expect(portCommand("127.0.0.1", 5001)).toBe("PORT 127,0,0,1,19,137");
    expect(portCommand("10.0.0.1", 255)).toBe("PORT 10,0,0,1,0,255");
    expect(eprtCommand(2, "::1", 5001)).toBe("EPRT |2|::1|5001|");
    expect(eprtCommand(1, "127.0.0.1", 21)).toBe("EPRT |1|127.0.0.1|21|");
  });

  it("pyInt is Python's int()", () => {
    expect(pyInt(" 42 ")).toBe(42);
    expect(pyInt("-7")).toBe(-7);
    expect(pyInt("1_000")).toBe(1000);
    expect(() => pyInt("1__0")).toThrow("invalid literal for int() with base 10: '1__0'");
    expect(() => pyInt("")).toThrow("invalid literal for int() with base 10: ''");
  });
});
