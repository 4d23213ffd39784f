// Every ```ts block of README.md, packages/*/README.md and docs/**/*.md compiles under the
// repository's strict settings. A deliberate fragment is marked ```ts fragment (docs/PORTING.md says so).
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allBlocks, checkBlocks, extractBlocks, markdownFiles } from "./code-blocks.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("documentation code blocks", () => {
  it("finds the Markdown of every package and of docs/", () => {
    const files = markdownFiles(root);
    expect(files).toContain("README.md");
    expect(files).toContain("packages/socket/README.md");
    expect(files).toContain("docs/PORTING.md");
    expect(allBlocks(root).length).toBeGreaterThan(20);
  });

  it("extracts ts and typescript blocks with their lines, and leaves fragments out", () => {
    const md = [
      "# t", // 1
      "```ts", // 2
      "const a = 1;", // 3
      "```",
      "```sh",
      "```ts inside a shell block is not an opening",
      "```",
      "```typescript", // 8
      "let b = 2;", // 9
      "```",
      "```ts fragment",
      "x.y();",
      "```",
      "<!-- fragment -->",
      "",
      "```ts",
      "z();",
      "```",
    ].join("\n");
    expect(extractBlocks("a.md", md)).toEqual([
      { file: "a.md", line: 3, code: "const a = 1;" },
      { file: "a.md", line: 9, code: "let b = 2;" },
    ]);
  });

  it("reports a bad block at its Markdown file and line", () => {
    const problems = checkBlocks(root, [
      {
        file: "docs/x.md",
        line: 10,
        code: 'import { socket } from "@inetlib/socket";\nconst n: number = new socket();',
      },
      { file: "docs/y.md", line: 4, code: 'const s: string = "ok";\nawait Promise.resolve(s);' },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^docs\/x\.md:11: TS2322 /);
  }, 180_000);

  it("type-checks every block", () => {
    expect(checkBlocks(root, allBlocks(root))).toEqual([]);
  }, 180_000);
});
