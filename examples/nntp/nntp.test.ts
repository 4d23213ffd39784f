// The NNTP examples, in-process with their output checked, and as a program run with tsx.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { listGroups } from "./list-groups.js";
import { type Log, withNews } from "./news.js";
import { postArticle } from "./post-article.js";
import { readNewest } from "./read-newest.js";

const exec = promisify(execFile);
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (...args) => lines.push(...args.map(String).join(" ").split("\n")) };
}

describe("nntp examples", () => {
  it("list-groups: every group with its count and description", async () => {
    const { log, lines } = capture();
    const groups = await withNews(listGroups, log);
    expect(groups.map((g) => [g.group, g.articles])).toEqual([
      ["local.test", 20],
      ["local.big", 200],
      ["local.empty", 0],
      ["comp.lang.python", 3],
    ]);
    expect(lines[0]).toBe("4 groups on localhost");
    expect(lines[4]).toBe("comp.lang.python          3 y  The Python computer language.");
  });

  it("read-newest: the last articles' overview and first body lines, headers decoded", async () => {
    const { log, lines } = capture();
    const newest = await withNews(readNewest("comp.lang.python", 2), log);
    expect(newest.map((n) => [n.number, n.author, n.subject])).toEqual([
      [2, "Eric Brunel", "Re: Message d'erreur incompr\udce9hensible (par moi)"],
      [3, "Demo User", "Re: problème de matrice"],
    ]);
    expect(lines[0]).toBe("Group comp.lang.python has 3 articles, range 1 to 3");
    expect(lines.at(-1)).toBe("        | See the subject.");
  });

  it("post-article: posted, then read back by Message-ID", async () => {
    const { log, lines } = capture();
    const posted = await withNews(postArticle("local.test"), log);
    expect(posted.response).toBe(`240 Article received ${posted.messageId}`);
    expect(posted.readBack).toContain(".A line that starts with a dot travels dot-stuffed.");
    expect(lines.at(-1)).toBe("| .A line that starts with a dot travels dot-stuffed.");
  });

  it("runs as a program with one command", async () => {
    const { stdout } = await exec(tsx, [join(import.meta.dirname, "read-newest.ts")], { timeout: 30_000 });
    expect(stdout.split("\n")[0]).toBe("Group local.test has 20 articles, range 1 to 20");
    expect(stdout).toContain("     20 Tester               local.test article 20");
  });
});
