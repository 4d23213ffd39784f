// The gopher examples, in-process with their output checked, and as programs run with tsx.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { browse } from "./browse.js";
import { fetchText } from "./fetch-text.js";
import { type Log, withHole } from "./hole.js";
import { search } from "./search.js";

const exec = promisify(execFile);
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (...args) => lines.push(...args.map(String).join(" ").split("\n")) };
}

describe("gopher examples", () => {
  it("browse: renders the root menu and the first sub-menu", async () => {
    const { log, lines } = capture();
    const { root, sub } = await withHole(browse, log);
    expect(root.items.length).toBeGreaterThan(10);
    expect(sub?.items.map((i) => i.display)).toEqual(["Document 1", "Document 2", "Document 3"]);
    expect(lines).toContain("  3. [DIR] Documents/");
    expect(lines).toContain("--- Documents");
    expect(lines.at(-1)).toBe(" 3. [TXT] Document 3");
  });

  it("fetch-text: dot-stuffed lines come back as written, both ways", async () => {
    const { log, lines } = capture();
    const text = await withHole(fetchText, log);
    expect(text.slice(0, 5)).toEqual([
      "Lines that start with a dot travel dot-stuffed:",
      ".",
      "..",
      ".hidden",
      "...three dots",
    ]);
    expect(lines[0]).toBe("gopherlib read 8 lines");
    expect(lines.at(-1)).toBe("(ended with the '.' line)");
  });

  it("search: a type-7 search and its first hit", async () => {
    const { log, lines } = capture();
    expect(await withHole(search, log)).toEqual(["alpha", "charlie"]);
    expect(lines).toEqual([
      'searching "ha"',
      "    Results for: ha",
      " 1. [TXT] alpha",
      " 2. [TXT] charlie",
      "The word is alpha.",
    ]);
  });

  it("runs as a program with one command", async () => {
    const { stdout } = await exec(tsx, [join(import.meta.dirname, "search.ts")], { timeout: 30_000 });
    expect(stdout).toBe(
      'searching "ha"\n    Results for: ha\n 1. [TXT] alpha\n 2. [TXT] charlie\nThe word is alpha.\n',
    );
  });
});
