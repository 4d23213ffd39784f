import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { encodeRequest } from "../src/selector.js";

describe("encodeRequest", () => {
  it("sends the selector and CRLF", () => {
    expect(encodeRequest("/about.txt").toString()).toBe("/about.txt\r\n");
    expect(encodeRequest("").toString()).toBe("\r\n");
  });

  it("puts the TAB itself between a selector and a search", () => {
    expect(encodeRequest("/find", { query: "alpha beta" }).toString()).toBe("/find\talpha beta\r\n");
    expect(encodeRequest("/find", { query: "", plus: "!" }).toString()).toBe("/find\t\t!\r\n");
    expect(encodeRequest("/doc", { plus: "+text/plain" }).toString()).toBe("/doc\t+text/plain\r\n");
    expect(encodeRequest("/dir", { plus: "$+VIEWS" }).toString()).toBe("/dir\t$+VIEWS\r\n");
  });

  it("encodes text as UTF-8 or Latin-1 and sends bytes as they are", () => {
    expect(encodeRequest("/caf\u00e9")).toEqual(Buffer.from("/caf\xc3\xa9\r\n", "latin1"));
    expect(encodeRequest("/caf\u00e9", { encoding: "latin1" })).toEqual(
      Buffer.from("/caf\xe9\r\n", "latin1"),
    );
    expect(encodeRequest(Buffer.from([0x2f, 0xff]))).toEqual(Buffer.from([0x2f, 0xff, 13, 10]));
  });

  it.each([
    ["CR", "/a\rb"],
    ["LF", "/a\nb"],
    ["NUL", "/a\0b"],
    ["TAB", "/a\tb"],
  ])("refuses %s in a selector", (_name, selector) => {
    expect(() => encodeRequest(selector)).toThrow(ValueError);
    expect(() => encodeRequest(Buffer.from(selector))).toThrow(ValueError);
  });

  it("refuses CR, LF and TAB in a search and in a Gopher+ string", () => {
    expect(() => encodeRequest("/f", { query: "a\tb" })).toThrow(
      /TAB character should not be contained in a gopher search/,
    );
    expect(() => encodeRequest("/f", { query: "a\r\nQUIT" })).toThrow(/newline/);
    expect(() => encodeRequest("/f", { plus: "+\r\n" })).toThrow(ValueError);
    expect(() => encodeRequest("/f", { plus: "text/plain" })).toThrow(/starts with/);
  });
});
