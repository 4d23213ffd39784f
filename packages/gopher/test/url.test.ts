import { ValueError } from "@inetlib/socket";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMenuLineError, parseMenuLine } from "../src/menu.js";
import { buildGopherUrl, itemToUrl, parseGopherUrl, percentDecode, urlToItem } from "../src/url.js";

describe("parseGopherUrl (RFC 4266)", () => {
  it("defaults to the root menu on port 70", () => {
    for (const url of ["gopher://hole.example", "gopher://hole.example/", "GOPHER://hole.example:70/"]) {
      expect(parseGopherUrl(url)).toMatchObject({
        scheme: "gopher",
        host: "hole.example",
        port: 70,
        type: "1",
        selector: "",
      });
    }
  });

  it("splits the type, the percent-decoded selector, the search and the Gopher+ string", () => {
    expect(parseGopherUrl("gopher://h:7070/0/docs/a%20b.txt")).toMatchObject({
      port: 7070,
      type: "0",
      selector: "/docs/a b.txt",
      search: null,
      plus: null,
    });
    expect(parseGopherUrl("gopher://h/7/find%09alpha%20beta")).toMatchObject({
      type: "7",
      selector: "/find",
      search: "alpha beta",
    });
    expect(parseGopherUrl("gopher://h/1/dir%09%09%24")).toMatchObject({
      selector: "/dir",
      search: "",
      plus: "$",
    });
    expect(parseGopherUrl("gopher://h/0/cgi?x=1;y")).toMatchObject({ selector: "/cgi?x=1;y" });
    expect(parseGopherUrl("gopher://h/0/page#frag")).toMatchObject({ selector: "/page" });
    expect(parseGopherUrl("gopher://h/9/caf%E9").rawSelector).toEqual(Buffer.from("/caf\xe9", "latin1"));
    expect(parseGopherUrl("gopher://h/hURL:http://x/").selector).toBe("URL:http://x/");
  });

  it("reads gophers://, IPv6 literals and bad URLs", () => {
    expect(parseGopherUrl("gophers://[::1]:7443/1/")).toMatchObject({
      scheme: "gophers",
      host: "::1",
      port: 7443,
    });
    expect(() => parseGopherUrl("http://h/")).toThrow(ValueError);
    expect(() => parseGopherUrl("gopher:///1/")).toThrow(/no host given/);
    expect(() => parseGopherUrl("gopher://u@h/")).toThrow(ValueError);
    expect(() => parseGopherUrl("gopher://h:99999/")).toThrow(/port/);
    expect(() => parseGopherUrl("gopher://h/0a%0d%0aQUIT")).toThrow(/newline/);
    expect(() => parseGopherUrl("gopher://h/0a\tb")).toThrow(/control/);
  });

  it("leaves a lone % as it is", () => {
    expect(percentDecode("100%").toString()).toBe("100%");
    expect(percentDecode("%zz%41").toString()).toBe("%zzA");
    expect(percentDecode("\u00e9")).toEqual(Buffer.from([0xc3, 0xa9]));
  });
});

describe("buildGopherUrl", () => {
  it("builds what the RFC shows", () => {
    expect(buildGopherUrl({ host: "h" })).toBe("gopher://h/1");
    expect(buildGopherUrl({ host: "::1", port: 7070, type: "7", selector: "/find", search: "a b" })).toBe(
      "gopher://[::1]:7070/7/find%09a%20b",
    );
    expect(buildGopherUrl({ scheme: "gophers", host: "h", type: "0", selector: "/a?b#c%d", plus: "+" })).toBe(
      "gophers://h/0/a%3Fb%23c%25d%09%09+",
    );
    expect(() => buildGopherUrl({ host: "" })).toThrow(ValueError);
    expect(() => buildGopherUrl({ host: "h", type: "01" })).toThrow(ValueError);
  });

  it("round-trips any selector bytes, search and Gopher+ string", () => {
    const field = fc
      .uint8Array({ maxLength: 40 })
      .filter((b) => !b.includes(9) && !b.includes(10) && !b.includes(13));
    const text = fc.string({ maxLength: 20 }).filter((s) => !/[\t\r\n]/.test(s));
    fc.assert(
      fc.property(
        field,
        fc.option(text, { nil: null }),
        fc.option(
          text.map((s) => `+${s}`),
          { nil: null },
        ),
        fc.constantFrom("0", "1", "7", "9", "h", "i", "+", "%", "?"),
        fc.integer({ min: 0, max: 65535 }),
        (selector, search, plus, type, port) => {
          const url = buildGopherUrl({ host: "hole.example", port, type, selector, search, plus });
          const back = parseGopherUrl(url);
          expect(back.rawSelector).toEqual(Buffer.from(selector));
          expect(back.type).toBe(type);
          expect(back.port).toBe(port);
          expect(back.search).toBe(search ?? (plus !== null ? "" : null));
          expect(back.plus).toBe(plus);
        },
      ),
    );
  });
});

describe("menu items and URLs", () => {
  it("round-trips an item through its URL", () => {
    const item = parseMenuLine(Buffer.from("0Caf\xe9 menu\t/caf\xe9 100%\t::1\t7070\t+", "latin1"));
    if (isMenuLineError(item)) throw new Error(item.reason);
    const url = itemToUrl(item);
    expect(url).toBe("gopher://[::1]:7070/0/caf%E9%20100%25");
    const back = urlToItem(url);
    expect([back.type, back.host, back.port, back.rawSelector]).toEqual([
      item.type,
      item.host,
      item.port,
      item.rawSelector,
    ]);
    expect(back.display).toBe(url);
  });

  it("gives the target of an h item", () => {
    expect(urlToItem("gopher://h/hURL:http://example.org/").url).toBe("http://example.org/");
    expect(itemToUrl(urlToItem("gopher://h/1/x"), "gophers")).toBe("gophers://h/1/x");
  });
});
