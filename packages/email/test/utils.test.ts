// email.utils and email.header against Python on the same inputs: address parsing and
// formatting, RFC 2047 decoding and re-encoding, dates, quoting.
import { describe, expect, it } from "vitest";
import { decode_header, Header, make_header, utils } from "../src/index.js";
import { python } from "./python.js";

const inputs = {
  addresses: [
    "alice@example.com",
    "Alice Example <alice@example.com>",
    '"Doe, John" <john@example.com>',
    "bob@example.com (Bob the builder)",
    "=?utf-8?q?J=C3=B6rg?= <j@example.de>",
    "a@b.c, d@e.f",
    "Group: a@b.c, d@e.f;",
    "<>",
    "not an address",
    'weird"quote <x@y.z>',
    "a@b (unclosed",
    "John Doe <jdoe@machine(comment).  example>",
  ],
  pairs: [
    ["", "a@b.c"],
    ["Alice", "a@b.c"],
    ["Doe, John", "j@b.c"],
    ['Say "hi"', "s@b.c"],
    ["Jörg Müller", "j@b.c"],
  ],
  headers: [
    "plain text",
    "=?utf-8?q?caf=C3=A9?=",
    "=?utf-8?b?R3LDvMOfZQ==?= aus =?iso-8859-1?q?K=F6ln?=",
    "=?utf-8?q?a?= =?utf-8?q?b?=",
    "Re: =?UTF-8?B?8J+OiQ==?= party",
    "=?iso-8859-1?q?caf=E9?= =?utf-8?q?caf=C3=A9?=",
  ],
  dates: [
    "Mon, 01 Jan 2024 09:30:00 +0000",
    "Tue, 14 Nov 2023 22:13:20 -0500",
    "1 Jan 2024 00:00 GMT",
    "Thu, 1 Jan 1970 17:42:00 +0000",
    "01 Jan 2001 00:01+0000",
    "Wed, 27 Sep 2000 11:11:09 EST",
    "garbage",
    "Sun, 31 Dec 99 23:59:59 -0000",
  ],
  times: [0, 1704067200, 1700000000.5],
  quoted: ['"a \\"b\\" c"', "<id@host>", "plain", 'x"y\\z'],
  header_texts: [
    ["hello world", "us-ascii"],
    ["héllo wörld", "utf-8"],
    ["héllo wörld", "iso-8859-1"],
    [
      "A much longer subject line that goes on and on past the seventy-eight character limit for sure",
      "us-ascii",
    ],
    ["Ein sehr langer Betreff mit Umlauten: äöü ÄÖÜ ß, der gefaltet werden muss, weil er lang ist", "utf-8"],
  ],
};

const py = JSON.parse(python(["golden/utils.py"], JSON.stringify(inputs)));
const enc = (x: unknown): unknown =>
  Buffer.isBuffer(x) ? { b: x.toString("base64") } : Array.isArray(x) ? x.map(enc) : x;

describe("email.utils and email.header as Python", () => {
  it("parseaddr and getaddresses", () => {
    expect(inputs.addresses.map((a) => utils.parseaddr(a))).toEqual(py.parseaddr);
    expect(inputs.addresses.map((a) => utils.getaddresses([a]))).toEqual(py.getaddresses);
  });
  it("strict parsing (later Pythons' default) refuses what does not parse cleanly", () => {
    expect(utils.getaddresses(["a@b (unclosed"], { strict: true })).toEqual([["", ""]]);
    expect(utils.parseaddr("a@b.c, d@e.f", { strict: true })).toEqual(["", ""]);
    expect(utils.parseaddr('"Doe, John" <john@example.com>', { strict: true })).toEqual([
      "Doe, John",
      "john@example.com",
    ]);
  });
  it("formataddr", () => {
    expect(inputs.pairs.map((p) => utils.formataddr(p as [string, string]))).toEqual(py.formataddr);
  });
  it("decode_header and make_header", () => {
    expect(inputs.headers.map((h) => enc(decode_header(h)))).toEqual(py.decode_header);
    expect(inputs.headers.map((h) => String(make_header(decode_header(h))))).toEqual(py.make_header);
  });
  it("parsedate_tz and formatdate", () => {
    expect(inputs.dates.map((d) => utils.parsedate_tz(d))).toEqual(py.parsedate_tz);
    expect(inputs.times.map((t) => [utils.formatdate(t), utils.formatdate(t, { usegmt: true })])).toEqual(
      py.formatdate,
    );
  });
  it("quote, unquote, encode_rfc2231", () => {
    expect(inputs.quoted.map(utils.unquote)).toEqual(py.unquote);
    expect(inputs.quoted.map(utils.quote)).toEqual(py.quote);
    expect(inputs.quoted.map((s) => utils.encode_rfc2231(s, "utf-8", "en"))).toEqual(py.encode_rfc2231);
  });
  it("Header: str() and encode()", () => {
    expect(inputs.header_texts.map(([s, c]) => String(new Header(s!, c!)))).toEqual(py.header_str);
    expect(
      inputs.header_texts.map(([s, c]) => new Header(s!, c!, { header_name: "Subject" }).encode()),
    ).toEqual(py.header_encode);
  });
  it("parsedate_to_datetime keeps the instant; make_msgid has Python's shape", () => {
    expect(utils.parsedate_to_datetime("Tue, 14 Nov 2023 22:13:20 -0500").toISOString()).toBe(
      "2023-11-15T03:13:20.000Z",
    );
    expect(() => utils.parsedate_to_datetime("garbage")).toThrow(RangeError);
    expect(utils.make_msgid("x", "example.com")).toMatch(/^<\d+\.\d+\.\d+\.x@example\.com>$/);
  });
});
