// The FTP examples, in-process against the demo site with their output checked, and as programs.
import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { patternBlock } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { download } from "./download.js";
import { listDirectory } from "./list.js";
import { mirror } from "./mirror.js";
import { type Log, withSite } from "./site.js";
import { upload } from "./upload.js";

const exec = promisify(execFile);
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (...args) => lines.push(...args.map(String).join(" ").split("\n")) };
}

describe("ftp examples", () => {
  it("list: LIST lines, names, parsed entries", async () => {
    const { log, lines } = capture();
    const entries = await withSite(listDirectory, log, undefined, "pub");
    expect(entries.map((e) => [e.name, e.type])).toEqual([
      ["big", "dir"],
      ["hello.txt", "file"],
      ["notes", "dir"],
    ]);
    expect(lines.slice(0, 5)).toEqual([
      "220 inetlib FTP server ready.",
      "230 Login successful.",
      "200 PROT now Private.",
      "250 Directory successfully changed.",
      "/pub:",
    ]);
    expect(lines).toContain("  -rw-r--r--    1 ftp      ftp            15 Jan 15  2024 hello.txt");
    expect(lines).toContain("names: big, hello.txt, notes");
    expect(lines).toContain("  hello.txt            15 bytes  2024-01-15T12:30:00.000Z");
  });

  it("download: progress, then a resumed download, the file intact", async () => {
    const { log, lines } = capture();
    const { path, size } = await withSite(download, log, undefined, "pub/big/8mib.bin");
    try {
      expect(size).toBe(8 << 20);
      const data = await readFile(path);
      expect(data.equals(Buffer.concat(Array.from({ length: 8 }, () => patternBlock())))).toBe(true);
      expect(lines.filter((l) => l.endsWith("%"))).toEqual(["  25%", "  50%", "  75%", "  100%"]);
      expect(lines).toContain("resuming from 2796202 bytes");
      expect(lines.at(-1)).toBe("now 8388608 bytes");
    } finally {
      await rm(dirname(path), { recursive: true, force: true });
    }
  });

  it("upload: a file, a stream, a resumed upload", async () => {
    const { log, lines } = capture();
    expect(await withSite(upload, log, undefined, "incoming")).toEqual({
      "report.txt": 40,
      "numbers.txt": 9893,
      "resumed.bin": 200_000,
    });
    expect(lines.filter((l) => l === "226 Transfer complete.")).toHaveLength(4);
  });

  it("mirror: every file once, nothing the second time", async () => {
    const { log, lines } = capture();
    const result = await withSite(mirror, log, undefined, "pub");
    try {
      expect(result).toMatchObject({ files: 4, bytes: (8 << 20) + 15 + 24 + 46 });
      expect(await readFile(join(result.local, "notes", "2024", "january.txt"), "utf8")).toBe(
        "New year, new protocol.\n",
      );
      const again = lines.slice(lines.indexOf("again: nothing to do") + 1);
      expect(again).toEqual([
        "  = pub/big/8mib.bin",
        "  = pub/hello.txt",
        "  = pub/notes/2024/january.txt",
        "  = pub/notes/todo.txt",
      ]);
    } finally {
      await rm(result.local, { recursive: true, force: true });
    }
  });

  it("each runs as a program with one command", async () => {
    const { stdout } = await exec(tsx, [join(import.meta.dirname, "list.ts")], { timeout: 60_000 });
    expect(stdout).toContain("names: big, hello.txt, notes");
    const { stdout: up } = await exec(tsx, [join(import.meta.dirname, "upload.ts")], { timeout: 60_000 });
    expect(up).toContain('sizes on the server: {"report.txt":40,"numbers.txt":9893,"resumed.bin":200000}');
  });
});
