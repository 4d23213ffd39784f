// Addresses quoted as smtplib.quoteaddr() and _addr_only() do: the expected values are
// Python 3.11's output for each input (nodemailer's addressparser underneath).
import { describe, expect, it } from "vitest";
import { isPlainAddress } from "../src/address.js";
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

// quoteaddr() and _addr_only() skip the parser for a bare dot-atom addr-spec: the parser must
// read every such string back unchanged, or the shortcut would change what is sent.
describe("the plain-address shortcut", () => {
  const LOCAL = "aZ09!#$%&'*+-/=?^_`{|}~.";
  const DOMAIN = "aZ09.-";
  let seed = 16;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const pick = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[rand(alphabet.length)]).join("");

  it("takes only what the parser returns unchanged", () => {
    const samples = [
      "inetlib-bench@inetlib.test",
      "sink@example.org",
      "Mr.A@somewhere.com",
      "=?utf-8?q?Micha=C3=ABl?=@example.com",
      ".@.",
      "a..b@-x-",
    ];
    for (let i = 0; i < 3000; i++) samples.push(`${pick(LOCAL, 1 + rand(10))}@${pick(DOMAIN, 1 + rand(10))}`);
    for (const s of samples) {
      expect(isPlainAddress(s)).toBe(true);
      expect(parseaddr(s)).toEqual(["", s]);
      expect(quoteaddr(s)).toBe(`<${s}>`);
      expect(_addr_only(s)).toBe(s);
    }
  });

  it("leaves everything else to the parser", () => {
    for (const s of [
      "John",
      "<a@b>",
      "a b@c",
      "a@b@c",
      "x@[1.2.3.4]",
      '"j d"@e',
      "a@b,c@d",
      "a@b ",
      "a@b\u00e9",
      "",
    ])
      expect(isPlainAddress(s)).toBe(false);
  });
});
