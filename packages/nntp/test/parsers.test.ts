// The pure parts: CPython's MiscTests (decode_header, overview format and lines, dates), the
// surrogateescape codec against Python's results, and the response parsers.

import { LookupError, pyint, UnicodeDecodeError, UnicodeEncodeError, ValueError } from "@inetlib/socket";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decode, encode } from "../src/codec.js";
import {
  _DEFAULT_OVERVIEW_FMT,
  _parse_datetime,
  _parse_overview,
  _parse_overview_fmt,
  _unparse_datetime,
  decode_header,
  HeaderParseError,
  NNTPDataError,
  NNTPReplyError,
} from "../src/index.js";
import { isspace, split, strip, toInt } from "../src/pystr.js";
import {
  _grouplist,
  _statparse,
  parseCapabilities,
  parseDate,
  parseDescription,
  parseGroup,
  parseXhdr,
  parseXpath,
} from "../src/replies.js";

describe("decode_header (MiscTests.test_decode_header)", () => {
  const gives = (a: string, b: string) => expect(decode_header(a)).toBe(b);

  it("decodes as Python does", () => {
    gives("", "");
    gives("a plain header", "a plain header");
    gives(" with extra  spaces ", " with extra  spaces ");
    gives("=?ISO-8859-15?Q?D=E9buter_en_Python?=", "Débuter en Python");
    gives(
      "=?utf-8?q?Re=3A_=5Bsqlite=5D_probl=C3=A8me_avec_ORDER_BY_sur_des_cha?=" +
        " =?utf-8?q?=C3=AEnes_de_caract=C3=A8res_accentu=C3=A9es?=",
      "Re: [sqlite] problème avec ORDER BY sur des chaînes de caractères accentuées",
    );
    gives("Re: =?UTF-8?B?cHJvYmzDqG1lIGRlIG1hdHJpY2U=?=", "Re: problème de matrice");
    // A natively UTF-8 header (found in the real world!)
    gives(
      "Re: Message d'erreur incompréhensible (par moi)",
      "Re: Message d'erreur incompréhensible (par moi)",
    );
  });

  it("follows email.header's whitespace and collapsing rules (values from Python 3.11)", () => {
    gives("=?utf-8?q?a?= b =?utf-8?q?c?=", "a b c");
    gives("x =?utf-8?q?a?=  =?utf-8?q?b?= y", "x ab y");
    gives("=?iso-8859-1?q?caf=E9?=\n =?utf-8?b?w6k=?=", "caféé");
    gives("=?utf-8?b?w6k?=", "é"); // missing padding added
    gives("a\nb =?utf-8?q?x?=", "a b x");
    gives("=?UTF-8?Q?x_y?= \u20ac", "x y \\u20ac"); // raw-unicode-escape, as Python
  });

  it("raises Python's errors", () => {
    expect(() => decode_header("=?utf-8?b?w?=")).toThrow(HeaderParseError);
    expect(() => decode_header("=?no-such-charset?q?x?=")).toThrow(LookupError);
    expect(() => decode_header("=?utf-8?q?=FF?=")).toThrow(UnicodeDecodeError);
    expect(() => decode_header("caf\xe9 =?utf-8?q?x?=")).toThrow(UnicodeDecodeError);
    expect(decode_header("=?latin-1?q?=80?=")).toBe("\x80"); // latin-1, not windows-1252
  });
});

describe("overview (MiscTests.test_parse_overview_fmt, test_parse_overview)", () => {
  const DEFAULT = ["subject", "from", "date", "message-id", "references", ":bytes", ":lines"];

  it("parses LIST OVERVIEW.FMT in all its spellings", () => {
    expect(
      _parse_overview_fmt(["Subject:", "From:", "Date:", "Message-ID:", "References:", ":bytes", ":lines"]),
    ).toEqual(DEFAULT);
    expect(
      _parse_overview_fmt(["Subject:", "From:", "Date:", "Message-ID:", "References:", "Bytes:", "Lines:"]),
    ).toEqual(DEFAULT);
    expect(
      _parse_overview_fmt(["subject:", "FROM:", "DaTe:", "message-ID:", "References:", "BYTES:", "Lines:"]),
    ).toEqual(DEFAULT);
    expect(
      _parse_overview_fmt([
        "Subject:",
        "From:",
        "Date:",
        "Message-ID:",
        "References:",
        ":bytes",
        ":lines",
        "Xref:full",
        "Distribution:full",
      ]),
    ).toEqual([...DEFAULT, "xref", "distribution"]);
    expect(
      _parse_overview_fmt([
        "Subject:",
        "From:",
        "Date:",
        "Message-ID:",
        "References:",
        "Bytes:",
        "Lines:",
        "Xref:FULL",
      ]),
    ).toEqual([...DEFAULT, "xref"]);
    expect(_DEFAULT_OVERVIEW_FMT).toEqual(DEFAULT);
  });

  it("refuses a format that is short or redefines the defaults", () => {
    expect(() => _parse_overview_fmt(["Subject:", "From:"])).toThrow(
      expect.objectContaining({ name: "NNTPDataError", response: "LIST OVERVIEW.FMT response too short" }),
    );
    expect(() =>
      _parse_overview_fmt(["From:", "Subject:", "Date:", "Message-ID:", "References:", "Bytes:", "Lines:"]),
    ).toThrow("LIST OVERVIEW.FMT redefines default fields");
  });

  it("parses overview lines", () => {
    const fmt = [..._DEFAULT_OVERVIEW_FMT, "xref"];
    const head =
      '3000234\tI am just a test article\t"Demo User" <nobody@example.com>\t6 Oct 1998 04:38:40 -0500\t<45223423@example.com>';
    const parse = (rest: string) => _parse_overview([`${head}${rest}`], fmt)[0]!;
    const [art_num, fields] = parse(
      "\t<45454@example.net>\t1234\t17\tXref: news.example.com misc.test:3000363",
    );
    expect(art_num).toBe(3000234);
    expect(fields).toEqual({
      subject: "I am just a test article",
      from: '"Demo User" <nobody@example.com>',
      date: "6 Oct 1998 04:38:40 -0500",
      "message-id": "<45223423@example.com>",
      references: "<45454@example.net>",
      ":bytes": "1234",
      ":lines": "17",
      xref: "news.example.com misc.test:3000363",
    });
    // The "Xref" field totally absent (name included) comes out as null.
    expect(parse("\t<45454@example.net>\t1234\t17\t\t")[1].xref).toBe(null);
    // An empty "Xref" is "", and "references" a single space.
    const [, third] = parse("\t \t1234\t17\tXref: \t");
    expect(third.references).toBe(" ");
    expect(third.xref).toBe("");
  });

  it("gives every default field a string, even from a line that stops early", () => {
    const [, fields] = _parse_overview(["5\tonly a subject"], [..._DEFAULT_OVERVIEW_FMT, "xref"])[0]!;
    expect(fields).toEqual({
      subject: "only a subject",
      from: "",
      date: "",
      "message-id": "",
      references: "",
      ":bytes": "",
      ":lines": "",
    });
    // The type says so too: a default field goes to decode_header without a null check.
    const subject: string = fields.subject;
    expect(subject).toBe("only a subject");
  });

  it("refuses extra fields without their names, and bad numbers as int() does", () => {
    const fmt = [..._DEFAULT_OVERVIEW_FMT, "xref"];
    expect(() => _parse_overview(["1\ts\tf\td\t<m>\t\t1\t1\tnot-xref"], fmt)).toThrow(NNTPDataError);
    expect(() => _parse_overview(["x1\ts"], fmt)).toThrow(
      new ValueError("invalid literal for int() with base 10: 'x1'"),
    );
  });

  it("keeps a __proto__ field as data", () => {
    const [, fields] = _parse_overview(
      ["1\ts\tf\td\t<m>\t\t1\t1\t__proto__: x"],
      [..._DEFAULT_OVERVIEW_FMT, "__proto__"],
    )[0]!;
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields)).toContain("__proto__");
  });
});

describe("dates (MiscTests.test_parse_datetime, test_unparse_datetime[_legacy])", () => {
  it("parses", () => {
    const utc = (...a: [number, number, number, number, number, number]) =>
      new Date(Date.UTC(a[0], a[1] - 1, a[2], a[3], a[4], a[5]));
    expect(_parse_datetime("19990623135624")).toEqual(utc(1999, 6, 23, 13, 56, 24));
    expect(_parse_datetime("19990623", "135624")).toEqual(utc(1999, 6, 23, 13, 56, 24));
    expect(_parse_datetime("990623", "135624")).toEqual(utc(1999, 6, 23, 13, 56, 24));
    expect(_parse_datetime("090623", "135624")).toEqual(utc(2009, 6, 23, 13, 56, 24));
    expect(() => _parse_datetime("20100231000000")).toThrow("day is out of range for month");
    expect(() => _parse_datetime("2010013x000000")).toThrow(ValueError);
  });

  it("formats naive datetimes and dates, both ways", () => {
    const cases: [number, number, number, number | undefined, string, string, string][] = [
      [1999, 6, 23, 13, "19990623", "990623", "135624"],
      [2000, 6, 23, 13, "20000623", "000623", "135624"],
      [2010, 6, 5, 1, "20100605", "100605", "010203"],
      [1999, 6, 23, undefined, "19990623", "990623", "000000"],
      [2010, 6, 5, undefined, "20100605", "100605", "000000"],
    ];
    for (const [year, month, day, hour, modern, legacy, time] of cases) {
      const dt =
        hour === undefined
          ? { year, month, day }
          : { year, month, day, hour, minute: hour === 1 ? 2 : 56, second: hour === 1 ? 3 : 24 };
      expect(_unparse_datetime(dt)).toEqual([modern, time]);
      expect(_unparse_datetime(dt, false)).toEqual([modern, time]);
      expect(_unparse_datetime(dt, true)).toEqual([legacy, time]);
    }
  });

  it("formats a Date in UTC", () => {
    expect(_unparse_datetime(new Date(Date.UTC(2010, 8, 13, 8, 20, 4)))).toEqual(["20100913", "082004"]);
  });
});

describe("surrogateescape", () => {
  // [bytes, code units of Python's bytes.decode("utf-8", "surrogateescape")]
  const PYTHON: [number[], number[]][] = [
    [[0xff], [0xdcff]],
    [
      [0x63, 0x61, 0x66, 0xe9],
      [0x63, 0x61, 0x66, 0xdce9],
    ],
    [
      [0xe2, 0x82],
      [0xdce2, 0xdc82],
    ],
    [[0xe2, 0x82, 0xac], [0x20ac]],
    [
      [0xed, 0xa0, 0x80],
      [0xdced, 0xdca0, 0xdc80],
    ],
    [
      [0xc0, 0xaf],
      [0xdcc0, 0xdcaf],
    ],
    [
      [0xf4, 0x90, 0x80, 0x80],
      [0xdcf4, 0xdc90, 0xdc80, 0xdc80],
    ],
    [
      [0xf0, 0x9f, 0x98, 0x80],
      [0xd83d, 0xde00],
    ],
    [
      [0x61, 0x80, 0x62],
      [0x61, 0xdc80, 0x62],
    ],
    [
      [0xe0, 0x80, 0x80],
      [0xdce0, 0xdc80, 0xdc80],
    ],
    [
      [0xf0, 0x8f, 0xbf, 0xbf],
      [0xdcf0, 0xdc8f, 0xdcbf, 0xdcbf],
    ],
    [[0xc3], [0xdcc3]],
  ];

  it("decodes as Python does", () => {
    for (const [bytes, units] of PYTHON) {
      const text = decode(Buffer.from(bytes));
      expect([...Array(text.length)].map((_, i) => text.charCodeAt(i))).toEqual(units);
      expect(encode(text)).toEqual(Buffer.from(bytes));
    }
  });

  it("round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(encode(decode(bytes))).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it("refuses other lone surrogates, with Python's message", () => {
    expect(() => encode("ab\ud800")).toThrow(
      new UnicodeEncodeError(
        "'utf-8' codec can't encode character '\\ud800' in position 2: surrogates not allowed",
      ),
    );
    expect(encode("😀\udce9")).toEqual(Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0xe9]));
  });
});

describe("Python's str methods", () => {
  it("toInt's digits-only shortcut agrees with int()'s rules (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,15}$/), (digits) => {
        expect(toInt(digits)).toBe(pyint(Buffer.from(digits, "latin1")));
      }),
    );
    expect(toInt("0042")).toBe(42);
    expect(toInt(" 42 ")).toBe(42);
    expect(toInt("1_000")).toBe(1000);
    expect(toInt("")).toBeNull();
    expect(toInt("4x")).toBeNull();
  });

  it("split, strip and isspace with Python's whitespace", () => {
    expect(split("  211  1 2\t3 \x1c x \u00a0")).toEqual(["211", "1", "2", "3", "x"]);
    expect(split("")).toEqual([]);
    expect(strip("\x1f a \x85")).toBe("a");
    expect(strip("\ufeffa")).toBe("\ufeffa"); // not whitespace in Python
    expect(isspace(" \t")).toBe(true);
    expect(isspace("")).toBe(false);
  });
});

describe("response parsers", () => {
  it("group: words as Python reads them", () => {
    expect(parseGroup("211 486 761 1265 Fr.Comp.Lang.Python", "x")).toEqual([
      "211 486 761 1265 Fr.Comp.Lang.Python",
      486,
      761,
      1265,
      "fr.comp.lang.python",
    ]);
    expect(parseGroup("211 5", "asked")).toEqual(["211 5", 5, 0, 0, "asked"]);
    expect(() => parseGroup("200 hello", "x")).toThrow(NNTPReplyError);
    expect(() => parseGroup("211 x 1 2 g", "g")).toThrow(ValueError);
  });

  it("stat lines", () => {
    expect(_statparse("223 3000234 <45223423@example.com> retrieved")).toEqual([
      "223 3000234 <45223423@example.com> retrieved",
      3000234,
      "<45223423@example.com>",
    ]);
    expect(() => _statparse("211 1 2 3 g")).toThrow(NNTPReplyError);
    expect(() => _statparse("223 1")).toThrow(NNTPDataError);
  });

  it("capabilities, group lists, xhdr, descriptions, date, xpath", () => {
    expect(parseCapabilities(["VERSION 2", "LIST ACTIVE NEWSGROUPS", "READER"])).toEqual({
      VERSION: ["2"],
      LIST: ["ACTIVE", "NEWSGROUPS"],
      READER: [],
    });
    expect(() => parseCapabilities([""])).toThrow(NNTPDataError);
    expect(_grouplist(["misc.test 3002322 3000234 y"])[0]!.last).toBe("3002322");
    expect(() => _grouplist(["misc.test 1 2"])).toThrow(NNTPDataError);
    expect(parseXhdr(["1 Subject one", "2", "junk"])).toEqual([["1", "Subject one"], ["2", ""], "junk"]);
    expect(parseDescription("  comp.lang.python \t The language.  ")).toEqual([
      "comp.lang.python",
      "The language.",
    ]);
    expect(parseDescription("lonely")).toBe(null);
    expect(parseDate("111 20100914001155")).toEqual([
      "111 20100914001155",
      new Date(Date.UTC(2010, 8, 14, 0, 11, 55)),
    ]);
    expect(() => parseDate("111 2010091400115")).toThrow(NNTPDataError);
    expect(() => parseDate("111 20100914001155 extra")).toThrow(NNTPDataError);
    expect(() => parseDate("200 20100914001155")).toThrow(NNTPReplyError);
    expect(parseXpath("223 local/test/1")).toEqual(["223 local/test/1", "local/test/1"]);
    expect(() => parseXpath("223 a b")).toThrow(NNTPReplyError);
  });
});
