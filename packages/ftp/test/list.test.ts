// Listing parsers: MLSD as ftplib's mlsd() splits it (test_ftplib.test_mlsd), Unix and DOS LIST.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  mlsdEntry,
  parseDosLine,
  parseList,
  parseMlsd,
  parseMlsdLine,
  parseMlsdTime,
  parseUnixLine,
} from "../src/index.js";

describe("parseMlsdLine (Python's mlsd())", () => {
  const entry = (line: string) => parseMlsdLine(`${line}\r\n`);
  it("splits facts and name as test_mlsd expects", () => {
    expect(entry("type=type;perm=perm;unique=unique; name")).toEqual([
      "name",
      { type: "type", perm: "perm", unique: "unique" },
    ]);
    expect(entry("type=ty=pe;perm=perm;unique=unique; name")[1].type).toBe("ty=pe");
    expect(entry("type==type;perm=perm;unique=unique; name")[1].type).toBe("=type");
    expect(entry("type=t=y=pe;perm=perm;unique=unique; name")[1].type).toBe("t=y=pe");
    expect(entry("type=====;perm=perm;unique=unique; name")[1].type).toBe("====");
    for (const name of ["na me", "name ", " name", "n am  e", "na;me", ";name", ";name;", ";;;;"])
      expect(entry(`type=type;perm=perm;unique=unique; ${name}`)[0]).toBe(name);
  });

  it("lower-cases fact names, a later duplicate winning", () => {
    expect(entry("Type=type;TyPe=perm;UNIQUE=unique; name")[1]).toEqual({ type: "perm", unique: "unique" });
  });

  it("keeps Python's quirks: no space means no name; a fact without '=' has an empty value", () => {
    expect(entry("type=file;")).toEqual(["", { type: "file" }]);
    expect(entry("size; x")).toEqual(["x", { size: "" }]);
    expect(parseMlsdLine("")).toEqual(["", { "": "" }]);
  });

  it("a fact named __proto__ stays a fact", () => {
    const [, facts] = entry("__proto__=x;type=file; f");
    expect(Object.keys(facts)).toEqual(["__proto__", "type"]);
    expect(Object.getPrototypeOf(facts)).toBe(Object.prototype);
  });

  it("the name survives any bytes after the first space", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }).filter((s) => !/[\r\n]/.test(s)),
        (name) => {
          expect(parseMlsdLine(`type=file;size=1; ${name}\r\n`)[0]).toBe(name.replace(/[\r\n]+$/, ""));
        },
      ),
    );
  });
});

describe("mlsdEntry", () => {
  it("types, sizes, times and links", () => {
    const file = mlsdEntry(
      "type=file;size=14;modify=20240115123000.123;UNIX.mode=0644;UNIX.owner=ftp; hello.txt",
    );
    expect(file).toMatchObject({
      name: "hello.txt",
      type: "file",
      size: 14,
      permissions: "0644",
      owner: "ftp",
    });
    expect(file.modify?.toISOString()).toBe("2024-01-15T12:30:00.123Z");
    expect(mlsdEntry("type=OS.unix=slink:/foobar;perm=; foobar")).toMatchObject({
      type: "link",
      target: "/foobar",
    });
    expect(mlsdEntry("type=OS.unix=chr-13/29;perm=; device").type).toBe("other");
    expect(mlsdEntry("type=cdir;perm=el; .").type).toBe("cdir");
    expect(mlsdEntry("type=dir;sizd=4096; d").size).toBe(4096);
    expect(parseMlsd(["type=file; a", "", "type=dir; b"]).map((e) => e.name)).toEqual(["a", "b"]);
  });

  it("parseMlsdTime refuses malformed times", () => {
    expect(parseMlsdTime("2024011512300")).toBeNull();
    expect(parseMlsdTime("20241315123000")).toBeNull();
    expect(parseMlsdTime("20240229000000")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });
});

describe("parseUnixLine", () => {
  const now = new Date(Date.UTC(2024, 5, 1, 12, 0, 0));
  it("vsftpd's lines", () => {
    const dir = parseUnixLine("drwxr-xr-x    2 ftp      ftp          4096 Sep  5 13:43 incoming", now)!;
    expect(dir).toMatchObject({
      name: "incoming",
      type: "dir",
      size: 4096,
      owner: "ftp",
      group: "ftp",
      permissions: "rwxr-xr-x",
    });
    expect(dir.modify?.toISOString()).toBe("2023-09-05T13:43:00.000Z"); // September is past: last year
    const file = parseUnixLine("-rw-r--r--    1 0        0        104857600 Jan  3  1994 100mb.bin", now)!;
    expect(file).toMatchObject({ name: "100mb.bin", type: "file", size: 104857600, owner: "0", group: "0" });
    expect(file.modify?.toISOString()).toBe("1994-01-03T00:00:00.000Z");
    expect(
      parseUnixLine("-rw-r--r--    1 ftp ftp 5 May 30 08:00 recent", now)!.modify?.getUTCFullYear(),
    ).toBe(2024);
  });

  it("links, devices, names with spaces, missing group, ACL marks", () => {
    expect(parseUnixLine("lrwxrwxrwx 1 root root 7 Jan  1  2020 latest -> v1.2.3", now)).toMatchObject({
      name: "latest",
      type: "link",
      target: "v1.2.3",
    });
    expect(parseUnixLine("crw-rw-rw- 1 root root 1,   3 Jan  1  2020 null", now)).toMatchObject({
      type: "other",
      size: null,
    });
    expect(parseUnixLine("-rw-r--r-- 1 ftp ftp 25 Jan 15  2024 with space.txt", now)!.name).toBe(
      "with space.txt",
    );
    expect(parseUnixLine("-rw-r--r-- 1 ftp ftp 25 Jan 15  2024  leading", now)!.name).toBe(" leading");
    expect(parseUnixLine("-rw-r--r-- 1 owner 1234 Jan 3 1994 x", now)).toMatchObject({
      owner: "owner",
      group: null,
      size: 1234,
    });
    expect(parseUnixLine("drwxr-xr-x+ 3 a b 4096 Mar 1 2021 acl", now)).toMatchObject({
      type: "dir",
      name: "acl",
    });
    expect(parseUnixLine("-rw-r--r-- 1 a b 42 2024-01-31 12:34 iso.txt", now)).toMatchObject({
      name: "iso.txt",
      size: 42,
    });
  });

  it("skips what is not an entry", () => {
    expect(parseUnixLine("total 9", now)).toBeNull();
    expect(parseUnixLine("", now)).toBeNull();
    expect(parseUnixLine("-rw-r--r-- 1 a b 1 Foo 3 1994 x", now)).toBeNull();
  });
});

describe("parseDosLine", () => {
  it("IIS lines, 12- and 24-hour clocks, 2- and 4-digit years", () => {
    expect(parseDosLine("01-16-02  11:14AM       <DIR>          epsgroup")).toMatchObject({
      type: "dir",
      name: "epsgroup",
      size: null,
    });
    const f = parseDosLine("06-05-03  03:19PM                 1973 readme.txt")!;
    expect(f).toMatchObject({ type: "file", size: 1973, name: "readme.txt" });
    expect(f.modify?.toISOString()).toBe("2003-06-05T15:19:00.000Z");
    expect(parseDosLine("10-24-2020  22:17   12 a b.txt")).toMatchObject({ name: "a b.txt", size: 12 });
    expect(parseDosLine("12-01-99  12:00AM  1 midnight")!.modify?.toISOString()).toBe(
      "1999-12-01T00:00:00.000Z",
    );
    expect(parseDosLine("drwxr-xr-x 2 a b 1 Jan 1 2020 x")).toBeNull();
  });

  it("parseList takes either format and skips the rest", () => {
    const entries = parseList([
      "total 2",
      "-rw-r--r-- 1 a b 3 Jan 1 2020 unix",
      "01-16-02  11:14AM  <DIR>  dos",
      "junk",
    ]);
    expect(entries.map((e) => [e.name, e.type])).toEqual([
      ["unix", "file"],
      ["dos", "dir"],
    ]);
  });
});
