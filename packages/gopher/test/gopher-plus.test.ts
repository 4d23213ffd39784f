import { LineTooLong, ProtocolError, UnexpectedEOF } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { GopherPlusError } from "../src/errors.js";
import {
  parseAttributes,
  parseDataHead,
  plusData,
  plusLines,
  readDataHead,
  readPlusError,
} from "../src/gopher-plus.js";
import { everySplit, readerOf } from "./sources.js";

const ATTRS = [
  "+INFO: 0Some file\t/moo\thost2\t7070\t+",
  "+ADMIN:",
  " Admin: Frodo Gophermeister <fng@bogus.edu>",
  " Mod-Date: Wed Jul 28 17:02:01 1993 <19930728170201>",
  "+VIEWS:",
  " Text/plain: <10k>",
  " application/postscript De_DE: <100k>",
  " image/gif:",
  "+ABSTRACT:",
  " A short abstract",
  " on two lines.",
  "+INFO: 1Hot pups\t/pups\thost3\t70\t+",
  "+ADMIN:",
  " Admin: Bilbo <bng@bogus.edu>",
].map((l) => Buffer.from(l));

async function collect(gen: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of gen) parts.push(chunk);
  return Buffer.concat(parts).toString();
}

describe("Gopher+ data heads", () => {
  it("parses success and error heads", () => {
    expect(parseDataHead(Buffer.from("+5340"))).toEqual({ ok: true, length: 5340 });
    expect(parseDataHead(Buffer.from("+-1"))).toEqual({ ok: true, length: -1 });
    expect(parseDataHead(Buffer.from("+-2"))).toEqual({ ok: true, length: -2 });
    expect(parseDataHead(Buffer.from("--1"))).toEqual({ ok: false, length: -1 });
    expect(() => parseDataHead(Buffer.from("0About\t/a\th\t70"))).toThrow(ProtocolError);
    expect(() => parseDataHead(Buffer.from("+-3"))).toThrow(ProtocolError);
  });

  it("reads the three kinds of data block at every split", async () => {
    await everySplit("+5\r\nhello world", async (reader) => {
      const head = await readDataHead(reader);
      expect(await collect(plusData(reader, head, 2))).toBe("hello");
    });
    await everySplit("+-1\r\nline\r\n..dot\r\n.\r\n", async (reader) => {
      expect(await collect(plusData(reader, await readDataHead(reader)))).toBe("line\r\n.dot\r\n");
    });
    await everySplit("+-2\r\n\r\n.\r\nto the end", async (reader) => {
      expect(await collect(plusData(reader, await readDataHead(reader)))).toBe("\r\n.\r\nto the end");
    });
  });

  it("throws when a counted block is cut short or the head is missing", async () => {
    const reader = readerOf("+10\r\nshort");
    await expect(collect(plusData(reader, await readDataHead(reader)))).rejects.toThrow(UnexpectedEOF);
    await expect(readDataHead(readerOf(""))).rejects.toThrow(UnexpectedEOF);
  });

  it("splits counted blocks into lines, bounded", async () => {
    await everySplit("+13\r\nab\r\ncd\nlast\r\n", async (reader) => {
      const lines: string[] = [];
      for await (const line of plusLines(reader, await readDataHead(reader))) lines.push(line.toString());
      expect(lines).toEqual(["ab", "cd", "last"]);
    });
    const reader = readerOf(`+100\r\n${"x".repeat(100)}`);
    await expect(collect(plusLines(reader, await readDataHead(reader), 10))).rejects.toThrow(LineTooLong);
  });

  it("turns an error reply into GopherPlusError with its code and admin", async () => {
    const reader = readerOf("--1\r\n1 Frodo <fng@bogus.edu>\r\nItem is not available.\r\n.\r\n");
    const err = await readPlusError(reader, await readDataHead(reader));
    expect(err).toBeInstanceOf(GopherPlusError);
    expect(err.code).toBe(1);
    expect(err.admin).toBe("fng@bogus.edu");
    expect(err.lines).toEqual(["1 Frodo <fng@bogus.edu>", "Item is not available."]);
    expect(err.message).toBe("1 Frodo <fng@bogus.edu> Item is not available.");
  });
});

describe("Gopher+ attributes", () => {
  it("splits a $ listing into items and reads +INFO, +ADMIN, +VIEWS and +ABSTRACT", () => {
    const [first, second, ...rest] = parseAttributes(ATTRS);
    expect(rest).toEqual([]);
    expect(first!.info).toMatchObject({
      type: "0",
      display: "Some file",
      selector: "/moo",
      port: 7070,
      plus: true,
    });
    expect(first!.admin).toEqual({
      Admin: "Frodo Gophermeister <fng@bogus.edu>",
      "Mod-Date": "Wed Jul 28 17:02:01 1993 <19930728170201>",
    });
    expect(first!.views).toEqual([
      { type: "Text/plain", language: null, size: "10k", label: "Text/plain" },
      {
        type: "application/postscript",
        language: "De_DE",
        size: "100k",
        label: "application/postscript De_DE",
      },
      { type: "image/gif", language: null, size: null, label: "image/gif" },
    ]);
    expect(first!.abstract).toEqual(["A short abstract", "on two lines."]);
    expect(first!.blocks.map((b) => b.name)).toEqual(["INFO", "ADMIN", "VIEWS", "ABSTRACT"]);
    expect(second!.info?.selector).toBe("/pups");
    expect(second!.admin).toEqual({ Admin: "Bilbo <bng@bogus.edu>" });
    expect(second!.views).toEqual([]);
    expect(second!.abstract).toBeNull();
  });

  it("keeps a listing without +INFO as one item", () => {
    const [only] = parseAttributes([Buffer.from("+ADMIN:"), Buffer.from(" Admin: x <a@b>")]);
    expect(only).toMatchObject({ info: null, admin: { Admin: "x <a@b>" } });
    expect(parseAttributes([])).toEqual([]);
  });
});
