// The pure parts, without a socket: status lines, HTTPMessage, validation, URL helpers,
// proxy settings, password managers, header lists, status codes.
import { describe, expect, it } from "vitest";
import { parseStatusLine } from "../src/client/status-line.js";
import {
  _splithost,
  _splitport,
  _splittype,
  _splituser,
  quote,
  unquote,
  urljoin,
  urlsplit,
} from "../src/request/parse.js";
import {
  _parse_proxy,
  BadStatusLine,
  getproxies_environment,
  HTTPMessage,
  HTTPPasswordMgr,
  HTTPPasswordMgrWithDefaultRealm,
  HTTPStatus,
  httpStatus,
  parse_http_list,
  parse_keqv_list,
  proxy_bypass_environment,
  responses,
} from "./exports.js";

describe("parseStatusLine", () => {
  it("splits as Python's _read_status", () => {
    expect(parseStatusLine("HTTP/1.1 200 OK\r\n")).toEqual({
      version: "HTTP/1.1",
      status: 200,
      reason: "OK\r\n",
    });
    expect(parseStatusLine("HTTP/1.0 404\r\n")).toEqual({ version: "HTTP/1.0", status: 404, reason: "" });
    expect(parseStatusLine("HTTP/1.1 200 Very  spaced reason\r\n").reason).toBe("Very  spaced reason\r\n");
  });

  it("refuses what Python refuses", () => {
    for (const bad of [
      "",
      "garbage\r\n",
      "HTTP/1.1 abc OK\r\n",
      "HTTP/1.1 99 Low\r\n",
      "HTTP/1.1 1000 High\r\n",
      "ICY 200 OK\r\n",
    ])
      expect(() => parseStatusLine(bad)).toThrow(BadStatusLine);
    expect(new BadStatusLine("").message).toBe("''");
  });
});

describe("HTTPMessage", () => {
  const msg = new HTTPMessage([
    ["Content-Type", 'text/html; charset="UTF-8"; q=1'],
    ["Set-Cookie", "a=1"],
    ["set-cookie", "b=2"],
    ["Content-Disposition", 'attachment; filename="r\\"x.txt"'],
  ]);

  it("looks up without regard to case, keeps order and case", () => {
    expect(msg.get("content-type")).toBe('text/html; charset="UTF-8"; q=1');
    expect(msg.get("missing")).toBeNull();
    expect(msg.get("missing", "d")).toBe("d");
    expect(msg.get_all("SET-COOKIE")).toEqual(["a=1", "b=2"]);
    expect(msg.keys()).toEqual(["Content-Type", "Set-Cookie", "set-cookie", "Content-Disposition"]);
    expect(msg.has("set-cookie")).toBe(true);
    expect(msg.length).toBe(4);
    expect([...msg]).toEqual(msg.keys());
  });

  it("parses content type, charset and parameters as email.message", () => {
    expect(msg.get_content_type()).toBe("text/html");
    expect(msg.get_content_maintype()).toBe("text");
    expect(msg.get_content_charset()).toBe("utf-8");
    expect(msg.get_param("q")).toBe("1");
    expect(msg.get_filename()).toBe('r"x.txt');
    expect(new HTTPMessage().get_content_type()).toBe("text/plain");
    expect(new HTTPMessage([["Content-Type", "bogus"]]).get_content_type()).toBe("text/plain");
  });

  it("set appends, delete removes all, replace_header the first, as_string prints", () => {
    const m = new HTTPMessage([["A", "1"]]);
    m.set("a", "2");
    expect(m.get_all("A")).toEqual(["1", "2"]);
    m.replace_header("A", "x");
    expect(m.items()).toEqual([
      ["A", "x"],
      ["a", "2"],
    ]);
    expect(m.as_string()).toBe("A: x\na: 2\n\n");
    m.delete("a");
    expect(m.length).toBe(0);
  });
});

describe("status codes", () => {
  it("HTTPStatus and responses are Python's", () => {
    expect(HTTPStatus.NOT_FOUND).toBe(404);
    expect(HTTPStatus[418]).toBe("IM_A_TEAPOT");
    expect(responses[404]).toBe("Not Found");
    expect(httpStatus(200)).toEqual({
      value: 200,
      name: "OK",
      phrase: "OK",
      description: "Request fulfilled, document follows",
    });
    expect(() => httpStatus(299)).toThrow("299 is not a valid HTTPStatus");
  });
});

describe("urllib.parse helpers", () => {
  it("urlsplit, urljoin, quote, unquote", () => {
    expect(urlsplit("HTTP://u:p@h:80/a/b?q=1#f")).toEqual({
      scheme: "http",
      netloc: "u:p@h:80",
      path: "/a/b",
      query: "q=1",
      fragment: "f",
    });
    expect(urljoin("http://h/a/b", "../c")).toBe("http://h/c");
    expect(urljoin("http://h/a/b", "//other/x")).toBe("http://other/x");
    expect(quote("a b/c\u00e9")).toBe("a%20b/c%C3%A9");
    expect(unquote("a%20b%C3%A9")).toBe("a b\u00e9");
  });

  it("the _split helpers", () => {
    expect(_splittype("HTTP://h/x")).toEqual(["http", "//h/x"]);
    expect(_splittype("nocolon")).toEqual([null, "nocolon"]);
    expect(_splithost("//h:1/p?q")).toEqual(["h:1", "/p?q"]);
    expect(_splithost("//h")).toEqual(["h", ""]);
    expect(_splituser("u:p@h")).toEqual(["u:p", "h"]);
    expect(_splitport("h:80")).toEqual(["h", "80"]);
    expect(_splitport("h:")).toEqual(["h:", null]);
  });
});

describe("proxies", () => {
  it("reads *_proxy variables, lower case winning, and drops HTTP_PROXY under CGI", () => {
    expect(
      getproxies_environment({ HTTP_PROXY: "http://upper", http_proxy: "http://lower", no_proxy: "x" }),
    ).toEqual({
      http: "http://lower",
      no: "x",
    });
    expect(getproxies_environment({ HTTP_PROXY: "http://upper", REQUEST_METHOD: "GET" })).toEqual({});
    expect(getproxies_environment({ https_proxy: "", HTTPS_PROXY: "http://p" })).toEqual({});
  });

  it("no_proxy matches hosts and domain suffixes", () => {
    const env = { no: "localhost, .example.test,10.0.0.1:8080" };
    expect(proxy_bypass_environment("localhost", env)).toBe(true);
    expect(proxy_bypass_environment("www.example.test", env)).toBe(true);
    expect(proxy_bypass_environment("example.test:81", env)).toBe(true);
    expect(proxy_bypass_environment("10.0.0.1:8080", env)).toBe(true);
    expect(proxy_bypass_environment("other.test", env)).toBe(false);
    expect(proxy_bypass_environment("anything", { no: "*" })).toBe(true);
  });

  it("_parse_proxy splits proxy URLs and authorities", () => {
    expect(_parse_proxy("http://joe:pw@proxy.test:3128/")).toEqual(["http", "joe", "pw", "proxy.test:3128"]);
    expect(_parse_proxy("proxy.test:3128")).toEqual([null, null, null, "proxy.test:3128"]);
    expect(() => _parse_proxy("file:/x")).toThrow("proxy URL with no authority");
  });
});

describe("password managers and header lists", () => {
  it("finds credentials by URI prefix, default port, and default realm", () => {
    const mgr = new HTTPPasswordMgr();
    mgr.add_password("r", "http://h/private/", "u", "p");
    expect(mgr.find_user_password("r", "http://h:80/private/x")).toEqual(["u", "p"]);
    expect(mgr.find_user_password("r", "http://h/privateer")).toEqual([null, null]);
    expect(mgr.find_user_password("other", "http://h/private/x")).toEqual([null, null]);
    const def = new HTTPPasswordMgrWithDefaultRealm();
    def.add_password(null, "h", "u2", "p2");
    expect(def.find_user_password("any", "http://h/x")).toEqual(["u2", "p2"]);
  });

  it("parse_http_list and parse_keqv_list as Python's", () => {
    expect(parse_http_list('a, b="c, d", e')).toEqual(["a", 'b="c, d"', "e"]);
    expect(parse_keqv_list(['realm="x"', "qop=auth"])).toEqual({ realm: "x", qop: "auth" });
  });
});
