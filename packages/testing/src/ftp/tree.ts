// FileTree: the files an FTPServer serves, in memory. Paths are absolute and "/"-separated;
// a file's content is bytes, or a generated pattern of any size (a 1 GiB file costs 1 MiB).

/** A file made of one block repeated: `size` bytes of `block`, cut at the end. */
export interface PatternContent {
  size: number;
  block: Buffer;
}

/** FileNode is a file in the tree. */
export interface FileNode {
  type: "file";
  /** The bytes, or a repeated block (see PatternContent). */
  content: Buffer | PatternContent;
  mtime: Date;
}

/** DirNode is a directory in the tree. */
export interface DirNode {
  type: "dir";
  mtime: Date;
}

export type Node = FileNode | DirNode;

/** TreeError is a refusal with the reply an FTP server gives for it. */
export class TreeError extends Error {
  override name = "TreeError";
  readonly reply: string;
  constructor(reply: string) {
    super(reply);
    this.reply = reply;
  }
}

const DEFAULT_TIME = new Date(Date.UTC(2024, 0, 15, 12, 30, 0));

/**
 * FileTree is an in-memory file system:
 *
 *	const tree = new FileTree({ "/pub/hello.txt": "Hello, world!\r\n", "/incoming/": null });
 *	tree.addPattern("/big/1gib.bin", 1 << 30);
 */
export class FileTree {
  readonly #nodes = new Map<string, Node>([["/", { type: "dir", mtime: DEFAULT_TIME }]]);

  /** `files`: path -> content; a path ending in "/" (content null) makes a directory. */
  constructor(files: Record<string, string | Uint8Array | null> = {}) {
    for (const [path, content] of Object.entries(files)) {
      if (path.endsWith("/")) this.mkdirs(path);
      else this.write(path, content === null ? Buffer.alloc(0) : Buffer.from(content as string | Uint8Array));
    }
  }

  /** normalize resolves `path` against `cwd`: ".", ".." and repeated slashes are folded. */
  static normalize(path: string, cwd = "/"): string {
    const parts: string[] = [];
    for (const part of (path.startsWith("/") ? path : `${cwd}/${path}`).split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") parts.pop();
      else parts.push(part);
    }
    return `/${parts.join("/")}`;
  }

  get(path: string): Node | undefined {
    return this.#nodes.get(path);
  }

  /** size of a file's content. */
  static sizeOf(node: FileNode): number {
    return Buffer.isBuffer(node.content) ? node.content.length : node.content.size;
  }

  /** children of a directory, sorted by name: [name, node]. */
  list(dir: string): [string, Node][] {
    const prefix = dir === "/" ? "/" : `${dir}/`;
    const out: [string, Node][] = [];
    for (const [path, node] of this.#nodes) {
      if (path !== dir && path.startsWith(prefix) && !path.slice(prefix.length).includes("/"))
        out.push([path.slice(prefix.length), node]);
    }
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** mkdirs makes a directory and its parents. */
  mkdirs(path: string): void {
    let at = "";
    for (const part of FileTree.normalize(path).split("/").filter(Boolean)) {
      at += `/${part}`;
      const node = this.#nodes.get(at);
      if (node?.type === "file") throw new TreeError(`550 ${at}: Not a directory.`);
      if (!node) this.#nodes.set(at, { type: "dir", mtime: DEFAULT_TIME });
    }
  }

  /** write creates or replaces a file (parents made as needed). */
  write(path: string, content: Buffer | PatternContent, mtime = DEFAULT_TIME): void {
    const p = FileTree.normalize(path);
    this.mkdirs(p.slice(0, p.lastIndexOf("/")) || "/");
    if (this.#nodes.get(p)?.type === "dir") throw new TreeError("550 Is a directory.");
    this.#nodes.set(p, { type: "file", content, mtime });
  }

  /** addPattern makes a file of `size` bytes of a repeating pattern, served without storing it. */
  addPattern(path: string, size: number, block: Buffer = defaultBlock()): void {
    this.write(path, { size, block });
  }

  /** read returns a file's bytes from `offset` as blocks of at most `blocksize` (views, never copies of the content). */
  *read(path: string, offset = 0, blocksize = 1 << 20): Generator<Buffer> {
    const node = this.#file(path);
    const { content } = node;
    if (Buffer.isBuffer(content)) {
      for (let at = offset; at < content.length; at += blocksize) yield content.subarray(at, at + blocksize);
      return;
    }
    const { size, block } = content;
    let at = offset;
    while (at < size) {
      const start = at % block.length;
      const n = Math.min(block.length - start, size - at, blocksize);
      yield block.subarray(start, start + n);
      at += n;
    }
  }

  /** append adds bytes to a file (made when missing); `offset` (REST) truncates it there first. */
  append(path: string, data: Buffer, offset: number | null = null): void {
    const p = FileTree.normalize(path);
    const node = this.#nodes.get(p);
    let base = node?.type === "file" ? contentBytes(node) : Buffer.alloc(0);
    if (offset !== null) base = base.subarray(0, offset);
    this.write(p, Buffer.concat([base, data]), new Date());
  }

  remove(path: string): void {
    this.#file(path);
    this.#nodes.delete(path);
  }

  rmdir(path: string): void {
    const node = this.#nodes.get(path);
    if (node?.type !== "dir" || path === "/") throw new TreeError("550 Remove directory operation failed.");
    if (this.list(path).length > 0) throw new TreeError("550 Remove directory operation failed.");
    this.#nodes.delete(path);
  }

  rename(from: string, to: string): void {
    if (!this.#nodes.has(from)) throw new TreeError("550 RNFR command failed.");
    const moved = [...this.#nodes].filter(([p]) => p === from || p.startsWith(`${from}/`));
    for (const [p] of moved) this.#nodes.delete(p);
    for (const [p, node] of moved) this.#nodes.set(to + p.slice(from.length), node);
  }

  #file(path: string): FileNode {
    const node = this.#nodes.get(path);
    if (node?.type !== "file") throw new TreeError("550 Failed to open file.");
    return node;
  }
}

/** contentBytes returns a file's whole content (a pattern file is materialized). */
export function contentBytes(node: FileNode): Buffer {
  if (Buffer.isBuffer(node.content)) return node.content;
  const { size, block } = node.content;
  const out = Buffer.alloc(size);
  for (let at = 0; at < size; at += block.length) block.copy(out, at, 0, Math.min(block.length, size - at));
  return out;
}

let shared: Buffer | null = null;

/** defaultBlock is 1 MiB of bytes 0..250 repeating (251 is prime: misplaced blocks show). */
export function defaultBlock(): Buffer {
  if (!shared) {
    shared = Buffer.alloc(1 << 20);
    for (let i = 0; i < shared.length; i++) shared[i] = i % 251;
  }
  return shared;
}
