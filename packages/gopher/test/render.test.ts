import { describe, expect, it } from "vitest";
import { readMenu } from "../src/menu.js";
import { clean, renderMenu, selectableItems } from "../src/render.js";
import { readerOf } from "./sources.js";

const MENU = [
  "iWelcome to the hole\t\tnull.host\t0",
  "0About\t/about.txt\thole\t70",
  "1Docs\t/docs\thole\t70\t+",
  "7Search\t/find\thole\t70",
  "garbage",
  "9Binary\t/bin\telsewhere\t7070",
  "hWeb\tURL:https://example.org/\thole\t70",
  "8Login\tguest\tbbs.example\t23",
  "3Not found\t\terror.host\t1",
  ".",
].join("\r\n");

describe("renderMenu", () => {
  it("numbers the selectable items, labels types and shows errors in place", async () => {
    const menu = await readMenu(readerOf(MENU));
    expect(renderMenu(menu, { width: 0 })).toBe(
      [
        "    Welcome to the hole",
        " 1. [TXT] About",
        " 2. [DIR] Docs/",
        " 3. [FND] Search <?>",
        "    ! line 5: expected display, selector, host and port separated by TABs, got 1 field(s): garbage",
        " 4. [BIN] Binary (elsewhere:7070)",
        " 5. [URL] Web -> https://example.org/",
        " 6. [TEL] Login (telnet bbs.example:23)",
        "    [ERR] Not found",
        "",
      ].join("\n"),
    );
    expect(selectableItems(menu).map((i) => i.display)).toEqual([
      "About",
      "Docs",
      "Search",
      "Binary",
      "Web",
      "Login",
    ]);
  });

  it("fits the width, hides errors, drops numbers, colours on request", async () => {
    const menu = await readMenu(readerOf(MENU));
    const narrow = renderMenu(menu, { width: 12, errors: false, numbers: false });
    expect(narrow.split("\n")[1]).toBe("[TXT] About");
    expect(narrow.split("\n")[0]).toBe("Welcome to …");
    expect(narrow).not.toContain("garbage");
    expect(renderMenu(menu).split("\n")[4]).toHaveLength(80);
    expect(renderMenu(menu, { color: true })).toContain("\x1b[34m 2. [DIR] Docs/\x1b[0m");
    expect(renderMenu([])).toBe("");
  });

  it("never prints a server's control characters", async () => {
    const menu = await readMenu(
      readerOf("0Evil\x1b]0;owned\x07\x1b[2J\t/x\thole\t70\r\niTab\there\r\n.\r\n"),
    );
    const out = renderMenu(menu);
    expect([...out].filter((c) => (c < " " && c !== "\n") || c === "\x7f")).toEqual([]);
    expect(out).toContain("Evil\ufffd]0;owned\ufffd\ufffd[2J");
    expect(clean("a\tb\u202ec")).toBe("a b\ufffdc");
  });
});
