// Addresses quoted as smtplib.quoteaddr() and _addr_only() do: the expected values are
// Python 3.11's output for each input (nodemailer's addressparser underneath).
import { describe, expect, it } from "vitest";
import { _addr_only, getaddresses, parseaddr, quoteaddr } from "../src/index.js";

// [input, quoteaddr, _addr_only], from Python 3.11.7.
const PYTHON: [string, string, string][] = [
  ["John", "<John>", "John"],
  ["Sally, Fred", "<Sally>", "Sally"],
  ['John Root <root@localhost>, "Dinsdale" <warped@silly.walks.com>', "<root@localhost>", "root@localhost"],
  ["<>", "<>", "<>"],
  ["", "<>", ""],
  ["Páolo <főo@bar.com>", "<főo@bar.com>", "főo@bar.com"],
  ["a@b@c", "<a@b@c>", "a@b@c"],
  ["=?utf-8?q?Micha=C3=ABl?= <michael@example.com>", "<michael@example.com>", "michael@example.com"],
  ["group: a@b, c@d;", "<a@b>", "a@b"],
  ["x (comment) <y@z>", "<y@z>", "y@z"],
  ["<a@b> trailing", "<a@b>", "a@b"],
  ["foo bar", "<foo>", "foo"],
  ["John <>", "<>", ""],
  ["Jőhn", "<Jőhn>", "Jőhn"],
  [" <a@b> ", "<a@b>", "a@b"],
  ["a b <c@d>", "<c@d>", "c@d"],
  ["x@[1.2.3.4]", "<x@[1.2.3.4]>", "x@[1.2.3.4]"],
  ["<a@b", "<a@b>", "a@b"],
  ['"john doe"@example.com', '<"john doe"@example.com>', '"john doe"@example.com'],
  ["Mr.A@somewhere.com", "<Mr.A@somewhere.com>", "Mr.A@somewhere.com"],
  ["PSU-Members-List", "<PSU-Members-List>", "PSU-Members-List"],
];

describe("quoteaddr and _addr_only", () => {
  it.each(PYTHON)("%j as Python", (input, quoted, bare) => {
    expect(quoteaddr(input)).toBe(quoted);
    expect(_addr_only(input)).toBe(bare);
  });
});

describe("getaddresses", () => {
  it("reads header fields as email.utils.getaddresses does", () => {
    expect(
      getaddresses(["John Root <root@localhost>, Jeff", "Sally, Fred", "Martha <my_mom@great.cooker.com>"]),
    ).toEqual([
      ["John Root", "root@localhost"],
      ["", "Jeff"],
      ["", "Sally"],
      ["", "Fred"],
      ["Martha", "my_mom@great.cooker.com"],
    ]);
    expect(getaddresses([""])).toEqual([]);
    expect(parseaddr("")).toEqual(["", ""]);
    expect(parseaddr("John <>")).toEqual(["John", ""]);
  });
});
