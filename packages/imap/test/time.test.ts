// imaplib's module functions, with CPython's test values (test_imaplib.TestImaplib). Python
// sets POSIX TZ strings; Node's ICU knows only zone names, so the equivalent zones are used.
import { ValueError } from "@inetlib/socket";
import { afterEach, describe, expect, it } from "vitest";
import { Int2AP, Internaldate2tuple, ParseFlags, Time2Internaldate } from "../src/index.js";
import { b } from "./helpers.js";

const savedTZ = process.env.TZ;
function tz(zone: string): void {
  process.env.TZ = zone;
}
afterEach(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

// time.mktime of a local-time tuple.
const mktime = (t: readonly number[]) =>
  new Date(t[0]!, t[1]! - 1, t[2]!, t[3]!, t[4]!, t[5]!).getTime() / 1000;

describe("Internaldate2tuple", () => {
  it("returns local time for every zone offset (test_Internaldate2tuple)", () => {
    for (const zone of ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]) {
      tz(zone);
      const t0 = Date.UTC(2000, 0, 1) / 1000;
      for (const s of [
        '25 (INTERNALDATE "01-Jan-2000 00:00:00 +0000")',
        '25 (INTERNALDATE "01-Jan-2000 11:30:00 +1130")',
        '25 (INTERNALDATE "31-Dec-1999 12:30:00 -1130")',
      ]) {
        const tt = Internaldate2tuple(b(s))!;
        expect(mktime(tt)).toBe(t0);
      }
    }
  });

  it("tells apart the hour DST skips (issue 10941)", () => {
    tz("America/Denver"); // Python's MST+07MDT,M4.1.0,M10.5.0: the rules Denver had in 2000
    const a = Internaldate2tuple(b('25 (INTERNALDATE "02-Apr-2000 02:30:00 +0000")'));
    const c = Internaldate2tuple(b('25 (INTERNALDATE "02-Apr-2000 03:30:00 +0000")'));
    expect(a).not.toEqual(c);
  });

  it("has the struct_time fields", () => {
    tz("Europe/Berlin");
    const t = Internaldate2tuple('1 (INTERNALDATE "17-Jul-1996 02:44:25 -0700")')!;
    expect([...t]).toEqual([1996, 7, 17, 11, 44, 25, 2, 199, 1]);
    expect(t.tm_year).toBe(1996);
    expect(t.tm_wday).toBe(2);
    expect(t.tm_isdst).toBe(1);
    expect(t.tm_gmtoff).toBe(7200);
  });

  it("returns null without a well-formed INTERNALDATE", () => {
    expect(Internaldate2tuple(b("25 (FLAGS ())"))).toBeNull();
    expect(Internaldate2tuple(b('25 (INTERNALDATE "01-Foo-2000 00:00:00 +0000")'))).toBeNull();
    expect(Internaldate2tuple(b('25 (INTERNALDATE "1-Jan-2000 00:00:00 +0000")'))).toBeNull();
  });
});

describe("Time2Internaldate", () => {
  // test_Time2Internaldate's values, in a zone at +0200 on that day.
  const values = () => [
    2000000000,
    2000000000.0,
    Internaldate2tuple(b('1 (INTERNALDATE "18-May-2033 05:33:20 +0200")'))!,
    [2033, 5, 18, 5, 33, 20, -1, -1, -1],
    [2033, 5, 18, 5, 33, 20, -1, -1, 1],
    new Date(2000000000 * 1000),
    '"18-May-2033 05:33:20 +0200"',
  ];

  it("gives the same INTERNALDATE for every kind of time", () => {
    tz("Europe/Berlin");
    for (const t of values()) expect(Time2Internaldate(t)).toBe('"18-May-2033 05:33:20 +0200"');
  });

  it("takes the isdst item of a plain tuple", () => {
    tz("Europe/Berlin");
    expect(Time2Internaldate([2033, 1, 18, 5, 33, 20, -1, -1, 0])).toBe('"18-Jan-2033 05:33:20 +0100"');
    expect(Time2Internaldate([2033, 1, 18, 5, 33, 20, -1, -1, 1])).toBe('"18-Jan-2033 05:33:20 +0200"');
    tz("UTC");
    expect(Time2Internaldate([2033, 1, 18, 5, 33, 20, -1, -1, 1])).toBe('"18-Jan-2033 05:33:20 +0000"');
    tz("America/St_Johns");
    expect(Time2Internaldate(0)).toBe('"31-Dec-1969 20:30:00 -0330"');
  });

  it("refuses what it does not know, as Python", () => {
    expect(() => Time2Internaldate("18-May-2033")).toThrow(new ValueError("date_time not of a known type"));
    expect(() => Time2Internaldate(Number.NaN)).toThrow(ValueError);
    expect(() => Time2Internaldate({} as unknown as number)).toThrow("date_time not of a known type");
  });
});

describe("Int2AP and ParseFlags", () => {
  it("Int2AP spells 0-15 as A-P", () => {
    expect(Int2AP(0)).toEqual(b(""));
    expect(Int2AP(15)).toEqual(b("P"));
    expect(Int2AP(4096)).toEqual(b("BAAA"));
    expect(Int2AP(65535)).toEqual(b("PPPP"));
    expect(Int2AP(-17)).toEqual(b("BB"));
  });

  it("ParseFlags returns the flags as bytes", () => {
    expect(ParseFlags(b("1 (FLAGS (\\Seen \\Answered) UID 4)"))).toEqual([b("\\Seen"), b("\\Answered")]);
    expect(ParseFlags(b("1 (FLAGS ())"))).toEqual([]);
    expect(ParseFlags(b("1 (UID 4)"))).toEqual([]);
    expect(ParseFlags(b("1 (FLAGS (a\tb  c))"))).toEqual([b("a"), b("b"), b("c")]);
  });
});
