// The TypeScript blocks of the repository's Markdown, found and type-checked as modules under the
// repository's own compiler options, so that the documentation cannot drift from the API.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";

/** Block is one ```ts block: where it is and what it says. */
export interface Block {
  /** The Markdown file, relative to the repository. */
  file: string;
  /** The line of the block's first code line (1-based). */
  line: number;
  code: string;
}

const OPEN = /^\s*```(ts|typescript)(?:\s+(.*))?$/;
const CLOSE = /^\s*```\s*$/;
const MARK = /^<!--\s*fragment\s*-->$/;

/**
 * markdownFiles lists README.md, every packages/<name>/README.md and every .md under docs/, so a new
 * package's README is checked the day it lands.
 */
export function markdownFiles(root: string): string[] {
  const files = ["README.md"];
  for (const pkg of readdirSync(join(root, "packages")).sort()) {
    try {
      readFileSync(join(root, "packages", pkg, "README.md"));
      files.push(`packages/${pkg}/README.md`);
    } catch {
      // a package without a README yet
    }
  }
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (e.name.endsWith(".md")) files.push(`${dir}/${e.name}`);
    }
  };
  walk("docs");
  return files;
}

/**
 * extractBlocks returns the ```ts and ```typescript blocks of a Markdown text. A block whose info
 * string says `fragment` (```ts fragment), or that follows a `<!-- fragment -->` line, is left
 * out: it is deliberately not a whole module.
 */
export function extractBlocks(file: string, text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i] ?? "");
    if (!open) {
      // any other fence: skip to its end so that ``` inside it is not read as an opening
      if (/^\s*```/.test(lines[i] ?? "")) {
        for (i++; i < lines.length && !CLOSE.test(lines[i] ?? ""); i++);
      }
      continue;
    }
    let prev = i - 1;
    while (prev >= 0 && (lines[prev] ?? "").trim() === "") prev--;
    const fragment = /\bfragment\b/.test(open[2] ?? "") || MARK.test((lines[prev] ?? "").trim());
    const start = i + 1;
    let end = start;
    while (end < lines.length && !CLOSE.test(lines[end] ?? "")) end++;
    if (!fragment) blocks.push({ file, line: start + 1, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** compilerOptions reads tsconfig.json (strict, NodeNext, the repository's libs) as tsc would. */
function compilerOptions(root: string): ts.CompilerOptions {
  const path = join(root, "tsconfig.json");
  const read = ts.readConfigFile(path, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, path);
  return { ...parsed.options, noEmit: true };
}

/**
 * checkBlocks type-checks every block as its own module, placed beside its Markdown file (so
 * `@inetlib/*` resolves as it would for code there), and returns one message per error:
 * `file:line: TS1234 text`, the line being the Markdown file's.
 */
export function checkBlocks(root: string, blocks: Block[]): string[] {
  const options = compilerOptions(root);
  const virtual = new Map<string, Block>();
  blocks.forEach((b, n) => {
    // `export {}` makes a block without imports a module, so top-level await is allowed
    virtual.set(join(root, dirname(b.file), `__doc_block_${n}.ts`), {
      ...b,
      code: `${b.code}\nexport {};\n`,
    });
  });
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.fileExists = (f) => virtual.has(f) || fileExists(f);
  host.readFile = (f) => virtual.get(f)?.code ?? readFile(f);
  host.getSourceFile = (f, lang, ...rest) => {
    const b = virtual.get(f);
    return b ? ts.createSourceFile(f, b.code, lang) : getSourceFile(f, lang, ...rest);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const problems: string[] = [];
  for (const [path, b] of virtual) {
    const sf = program.getSourceFile(path);
    if (!sf) {
      problems.push(`${b.file}:${b.line}: not compiled`);
      continue;
    }
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const at = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n  ");
      problems.push(`${b.file}:${b.line + at}: TS${d.code} ${text}`);
    }
  }
  return problems;
}

/** allBlocks reads every Markdown file markdownFiles lists and extracts its blocks. */
export function allBlocks(root: string): Block[] {
  return markdownFiles(root).flatMap((f) => extractBlocks(f, readFileSync(join(root, f), "utf8")));
}
