import { LineTooLong, ResponseTooLarge } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { isMenuLineError, menuLine, menuLines, parseMenuLine, readMenu } from "../src/menu.js";
import { everySplit, readerOf } from "./sources.js";

const MENU = [
  "iWelcome to the hole\t\tnull.host\t0",
  "0About\t/about.txt\thole.example\t70",
  "1Docs\t/docs\thole.example\t70\t+",
  "7Search\t/find\thole.example\t7070\t?",
  "9Binary\t/bin.dat\tother.example\t70",
  "hWeb\tURL:https://example.org/a?b\thole.example\t70",
  "not a menu line",
  "0Bad port\t/x\thole.example\tseventy",
  "",
  "iLoose info line",
  "3Not found",
  ".",
  "0After the end\t/never\th\t70",
].join("\r\n");

describe("parseMenuLine", () => {
  it("reads the four fields and the Gopher+ flag", () => {
    const item = parseMenuLine(Buffer.from("1Docs\t/docs\thole.example\t70\t+"), 3);
    expect(item).toEqual({
      type: "1",
      display: "Docs",
      selector: "/docs",
      host: "hole.example",
      port: 70,
      plus: true,
      ask: false,
      extra: ["+"],
      url: null,
      rawSelector: Buffer.from("/docs"),
    });
  });

  it("takes the URL of an h item with a URL: selector", () => {
    const item = parseMenuLine(Buffer.from("hWeb\tURL:http://x/\th\t70"));
    expect(!isMenuLineError(item) && item.url).toBe("http://x/");
    const old = parseMenuLine(Buffer.from("hWeb\t/URL:http://y/\th\t70"));
    expect(!isMenuLineError(old) && old.url).toBe("http://y/");
  });

  it("keeps the selector's bytes even when they are not UTF-8", () => {
    const item = parseMenuLine(Buffer.from("0F\t/caf\xe9\th\t70", "latin1"));
    expect(!isMenuLineError(item) && item.rawSelector).toEqual(Buffer.from("/caf\xe9", "latin1"));
    const latin = parseMenuLine(Buffer.from("0F\t/caf\xe9\th\t70", "latin1"), 1, "latin1");
    expect(!isMenuLineError(latin) && latin.selector).toBe("/caf\u00e9");
  });

  it("returns errors with the line number and a reason", () => {
    expect(parseMenuLine(Buffer.from("junk"), 7)).toMatchObject({
      line: 7,
      text: "junk",
      reason: /got 1 field/,
    });
    expect(parseMenuLine(Buffer.from("0x\t/x\th\t99999"), 2)).toMatchObject({ reason: /bad port "99999"/ });
    expect(parseMenuLine(Buffer.alloc(0), 1)).toMatchObject({ reason: "empty line" });
    expect(parseMenuLine(Buffer.from("\x1bx\ta\tb\t70"), 1)).toMatchObject({ reason: /printable/ });
  });

  it("is lenient with info and error lines only", () => {
    expect(parseMenuLine(Buffer.from("iHello"))).toMatchObject({ type: "i", display: "Hello", port: 0 });
    expect(parseMenuLine(Buffer.from("3Oops\t\terror.host\tx"))).toMatchObject({ type: "3", port: 0 });
  });
});

describe("readMenu", () => {
  it("reads items, keeps malformed lines as errors and stops at '.', at every split", async () => {
    const runs = await everySplit(MENU, async (reader) => {
      const menu = await readMenu(reader);
      expect(menu.complete).toBe(true);
      expect(menu.items.map((i) => i.type + i.display)).toEqual([
        "iWelcome to the hole",
        "0About",
        "1Docs",
        "7Search",
        "9Binary",
        "hWeb",
        "iLoose info line",
        "3Not found",
      ]);
      expect(menu.items[3]).toMatchObject({ port: 7070, plus: true, ask: true });
      expect(menu.items[5]!.url).toBe("https://example.org/a?b");
      expect(menu.errors.map((e) => [e.line, e.reason.split(" ")[0]])).toEqual([
        [7, "expected"],
        [8, "bad"],
        [9, "empty"],
      ]);
      // The reader is left after the "." line.
      expect((await reader.readline()).toString()).toBe("0After the end\t/never\th\t70");
    });
    expect(runs).toBeGreaterThan(MENU.length);
  });

  it("accepts LF-only lines and a menu cut short by end of stream", async () => {
    const menu = await readMenu(readerOf("0A\t/a\th\t70\n1B\t/b\th\t70"));
    expect(menu.items.map((i) => i.selector)).toEqual(["/a", "/b"]);
    expect(menu.complete).toBe(false);
    expect(await readMenu(readerOf(""))).toEqual({ items: [], errors: [], complete: false });
  });

  it("bounds the line length, the lines and the bytes", async () => {
    await expect(
      readMenu(readerOf(`0${"x".repeat(100)}\t/\th\t70\r\n.\r\n`), { maxline: 64 }),
    ).rejects.toThrow(LineTooLong);
    const many = `${"iline\r\n".repeat(11)}.\r\n`;
    await expect(readMenu(readerOf(many), { maxLines: 10 })).rejects.toThrow(ResponseTooLarge);
    await expect(readMenu(readerOf(many), { maxBytes: 70 })).rejects.toThrow(/more than 70 bytes/);
    expect((await readMenu(readerOf(many), { maxLines: 11, maxBytes: 77 })).items).toHaveLength(11);
  });

  it("streams entries with menuLines", async () => {
    const lines = menuLines(readerOf(MENU));
    const kinds: string[] = [];
    for await (const entry of lines) kinds.push(isMenuLineError(entry) ? "error" : entry.type);
    expect(kinds).toEqual(["i", "0", "1", "7", "9", "h", "error", "error", "error", "i", "3"]);
    expect(lines.complete).toBe(true);
    expect(lines.count).toBe(11);
  });
});

describe("menuLine", () => {
  it("writes what parseMenuLine reads back", () => {
    const line = menuLine({
      type: "7",
      display: "Find",
      selector: "/f",
      host: "::1",
      port: 7070,
      extra: ["+"],
    });
    expect(line).toBe("7Find\t/f\t::1\t7070\t+\r\n");
    expect(parseMenuLine(Buffer.from(line.slice(0, -2)))).toMatchObject({
      type: "7",
      host: "::1",
      port: 7070,
      plus: true,
    });
    expect(menuLine({ type: "i", display: "hi" })).toBe("ihi\t\t\t70\r\n");
  });
});
