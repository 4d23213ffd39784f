// urllib.parse against CPython's own vectors: the tables test_urlparse.py passes to checkJoin
// and checkRoundtrips (RFC 1808, 2368, 2396, 3986 section 5.4, 2732, and its own joins), and
// pathname2url/url2pathname as Python 3.11 gives them. fixtures/gen-urlparse-vectors.py
// regenerates the JSON from the installed Python.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  pathname2url,
  url2pathname,
  urljoin,
  urlparse,
  urlsplit,
  urlunparse,
  urlunsplit,
} from "../src/index.js";

interface Vectors {
  joins: Array<[string, string, string]>;
  roundtrips: Array<[string, string[], string[]]>;
  unparse: string[];
  pathname2url: Array<[string, string, string]>;
  url2pathname: Array<[string, string]>;
}
const v = JSON.parse(
  readFileSync(new URL("./fixtures/urlparse-vectors.json", import.meta.url), "utf8"),
) as Vectors;

describe("urljoin", () => {
  it("gives CPython's result for each of test_urlparse's joins", () => {
    const wrong = v.joins
      .filter(([b, r, e]) => urljoin(b, r) !== e)
      .map(([b, r, e]) => [b, r, e, urljoin(b, r)]);
    expect(wrong).toEqual([]);
    expect(v.joins.length).toBeGreaterThan(150);
  });

  it("keeps the port and the RFC 3986 5.4 edge cases", () => {
    const base = "http://a/b/c/d;p?q";
    expect(urljoin(base, "//g:80/x")).toBe("http://g:80/x");
    expect(urljoin(base, "?y")).toBe("http://a/b/c/d;p?y");
    expect(urljoin(base, "#s")).toBe("http://a/b/c/d;p?q#s");
    expect(urljoin(base, "")).toBe(base);
    expect(urljoin(base, "g?y#s")).toBe("http://a/b/c/g?y#s");
    expect(urljoin(base, "../../../g")).toBe("http://a/g");
  });

  it("leaves a reference with another or a non-relative scheme alone", () => {
    expect(urljoin("http://a/b", "mailto:x@y")).toBe("mailto:x@y");
    expect(urljoin("mailto:x@y", "z")).toBe("z");
    expect(urljoin("http://a/b", "g", false)).toBe("http://a/g");
  });
});

describe("urlsplit, urlparse, urlunsplit, urlunparse", () => {
  it("split and join back each of test_urlparse's round trips", () => {
    for (const [url, parsed, split] of v.roundtrips) {
      const p = urlparse(url);
      expect([p.scheme, p.netloc, p.path, p.params, p.query, p.fragment]).toEqual(parsed);
      expect(urlunparse(p)).toBe(url);
      const s = urlsplit(url);
      expect([s.scheme, s.netloc, s.path, s.query, s.fragment]).toEqual(split);
      expect(urlunsplit(s)).toBe(url);
      expect(urlsplit(urlunsplit(s))).toEqual(s);
    }
  });

  it("round-trips test_unparse_parse's cases", () => {
    for (const u of v.unparse) {
      expect(urlunsplit(urlsplit(u))).toBe(u);
      expect(urlunparse(urlparse(u))).toBe(u);
    }
  });

  it("keeps the empty netloc of file:///", () => {
    expect(urlunsplit(urlsplit("file:///etc/x"))).toBe("file:///etc/x");
    expect(urlunsplit({ scheme: "file", netloc: "", path: "/etc/x", query: "", fragment: "" })).toBe(
      "file:///etc/x",
    );
    // A scheme without a netloc in Python's list gets none.
    expect(urlunsplit({ scheme: "mailto", netloc: "", path: "x@y", query: "", fragment: "" })).toBe(
      "mailto:x@y",
    );
  });

  it("splits only where Python does", () => {
    expect(urlsplit("path:80")).toEqual({ scheme: "path", netloc: "", path: "80", query: "", fragment: "" });
    expect(urlsplit("1http://x/")).toMatchObject({ scheme: "", path: "1http://x/" });
    expect(urlsplit("http://x/a#b?c", "", false)).toMatchObject({ path: "/a#b", query: "c", fragment: "" });
    expect(urlsplit("//x/y", "ftp")).toMatchObject({ scheme: "ftp", netloc: "x" });
    expect(urlparse("http://x/a;p/b;q")).toMatchObject({ path: "/a;p/b", params: "q" });
    expect(urlparse("mailto:a;b")).toMatchObject({ path: "a;b", params: "" });
    expect(() => urlsplit("http://[::1/")).toThrow("Invalid IPv6 URL");
  });
});

describe("pathname2url, url2pathname", () => {
  it("quote and unquote as Python's on POSIX", () => {
    for (const [path, url, back] of v.pathname2url) {
      expect(pathname2url(path)).toBe(url);
      expect(url2pathname(url)).toBe(back);
    }
    for (const [url, path] of v.url2pathname) expect(url2pathname(url)).toBe(path);
  });

  it("encodes !'()* (encodeURIComponent would not)", () => {
    expect(pathname2url("/a!b'c(d)e*f")).toBe("/a%21b%27c%28d%29e%2Af");
  });
});
