import { LineTooLong, ResponseTooLarge } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { readText, textLines } from "../src/text.js";
import { everySplit, readerOf } from "./sources.js";

const STUFFED = "first line\r\n..hidden dot\r\n...two dots\r\n.not stuffed\r\n\r\n.\r\nafter";

describe("text items", () => {
  it("unstuffs dots and stops at the '.' line, at every split", async () => {
    await everySplit(STUFFED, async (reader) => {
      const text = await readText(reader);
      expect(text.lines.map(String)).toEqual(["first line", ".hidden dot", "..two dots", ".not stuffed", ""]);
      expect(text.complete).toBe(true);
      expect((await reader.readline()).toString()).toBe("after");
    });
  });

  it("ends at end of stream without the '.' line, keeping a last line with no newline", async () => {
    await everySplit("one\n..two\nthree", async (reader) => {
      const text = await readText(reader);
      expect(text.lines.map(String)).toEqual(["one", ".two", "three"]);
      expect(text.complete).toBe(false);
    });
    await everySplit("one\n..", async (reader) => {
      expect((await readText(reader)).lines.map(String)).toEqual(["one", "."]);
    });
    await everySplit("one\n.", async (reader) => {
      const text = await readText(reader);
      expect(text.lines.map(String)).toEqual(["one"]);
      expect(text.complete).toBe(true);
    });
    expect(await readText(readerOf(""))).toEqual({ lines: [], complete: false });
  });

  it("keeps terminators when asked", async () => {
    const lines: string[] = [];
    for await (const line of textLines(readerOf("a\r\n..b\nc"), { keepends: true }))
      lines.push(line.toString());
    expect(lines).toEqual(["a\r\n", ".b\n", "c"]);
  });

  it("bounds a line and the whole text", async () => {
    await expect(readText(readerOf(`${"x".repeat(50)}\r\n.\r\n`), { maxline: 20 })).rejects.toThrow(
      LineTooLong,
    );
    await expect(readText(readerOf("0123456789\r\n".repeat(5)), { maxBytes: 59 })).rejects.toThrow(
      ResponseTooLarge,
    );
    expect((await readText(readerOf("0123456789\r\n".repeat(5)), { maxBytes: 60 })).lines).toHaveLength(5);
  });

  it("passes lines to the reader's own line hook (the debug trace)", async () => {
    const reader = readerOf("a\r\nb\r\n.\r\n");
    const seen: string[] = [];
    reader.onLine = (line) => seen.push(line.toString());
    await readText(reader);
    expect(seen).toEqual(["a\r\n", "b\r\n", ".\r\n"]);
  });
});
