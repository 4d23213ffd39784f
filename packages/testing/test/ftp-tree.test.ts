// FileTree and the listing writers as a user's test would rely on them: paths, refusals with
// the FTP reply a server gives, generated files, and the exact lines of each listing format.
import { describe, expect, it } from "vitest";
import {
  contentBytes,
  dosLine,
  FileTree,
  FileTreeError,
  type FileTreeFile,
  mlsdLine,
  mlsdTime,
  patternBlock,
  unixLine,
} from "../src/index.js";

const file = (tree: FileTree, path: string): FileTreeFile => {
  const node = tree.get(path);
  if (node?.type !== "file") throw new Error(`${path} is not a file`);
  return node;
};

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof FileTreeError) return e.reply;
    throw e;
  }
  throw new Error("no refusal");
};

describe("FileTree", () => {
  it("builds files and directories (parents made) from one object", () => {
    const tree = new FileTree({ "/pub/a/hello.txt": "Hello\r\n", "/incoming/": null, "/empty.bin": null });
    expect(tree.list("/").map(([name, n]) => [name, n.type])).toEqual([
      ["empty.bin", "file"],
      ["incoming", "dir"],
      ["pub", "dir"],
    ]);
    expect(tree.get("/pub/a")?.type).toBe("dir");
    expect(contentBytes(file(tree, "/pub/a/hello.txt")).toString()).toBe("Hello\r\n");
    expect(FileTree.sizeOf(file(tree, "/empty.bin"))).toBe(0);
  });

  it("lists a directory's children only, sorted by name", () => {
    const tree = new FileTree({ "/d/b": "", "/d/a": "", "/d/sub/deep": "", "/dd": "" });
    expect(tree.list("/d").map(([name]) => name)).toEqual(["a", "b", "sub"]);
  });

  it("normalizes paths as a server resolves them against its cwd", () => {
    expect(FileTree.normalize("../x/./y//z", "/a/b")).toBe("/a/x/y/z");
    expect(FileTree.normalize("/../..")).toBe("/");
    expect(FileTree.normalize("f", "/")).toBe("/f");
  });

  it("reads from an offset in blocks that are views of the content", () => {
    const tree = new FileTree({ "/f": "0123456789" });
    expect([...tree.read("/f", 3, 4)].map(String)).toEqual(["3456", "789"]);
    expect([...tree.read("/f", 10)]).toEqual([]);
  });

  it("serves a generated file of any size without storing it", () => {
    const tree = new FileTree();
    tree.addPattern("/big/1gib.bin", 1 << 30);
    const node = file(tree, "/big/1gib.bin");
    expect(FileTree.sizeOf(node)).toBe(1 << 30);
    // the default block: bytes 0..250 repeating, so a misplaced block shows
    const [first] = tree.read("/big/1gib.bin", 1000, 4);
    expect([...first!]).toEqual([1000 % 251, 1001 % 251, 1002 % 251, 1003 % 251]);
    // the last bytes come from the block's offset (1 GiB is not a multiple of 1 MiB + ...)
    const tail = Buffer.concat([...tree.read("/big/1gib.bin", (1 << 30) - 3)]);
    const at = ((1 << 30) - 3) % patternBlock().length;
    expect(tail).toEqual(patternBlock().subarray(at, at + 3));
    tree.addPattern("/small", 5, Buffer.from("ab"));
    expect(contentBytes(file(tree, "/small")).toString()).toBe("ababa");
  });

  it("appends, and REST truncates at the offset first", () => {
    const tree = new FileTree({ "/log": "abcdef" });
    tree.append("/log", Buffer.from("XY"));
    expect(contentBytes(file(tree, "/log")).toString()).toBe("abcdefXY");
    tree.append("/log", Buffer.from("Z"), 2);
    expect(contentBytes(file(tree, "/log")).toString()).toBe("abZ");
    tree.append("/new/file", Buffer.from("made"));
    expect(contentBytes(file(tree, "/new/file")).toString()).toBe("made");
  });

  it("renames a directory with everything under it", () => {
    const tree = new FileTree({ "/a/x": "1", "/a/sub/y": "2", "/ab": "3" });
    tree.rename("/a", "/b");
    expect(tree.get("/a")).toBeUndefined();
    expect(contentBytes(file(tree, "/b/sub/y")).toString()).toBe("2");
    expect(contentBytes(file(tree, "/ab")).toString()).toBe("3");
  });

  it("refuses with the reply an FTP server gives", () => {
    const tree = new FileTree({ "/f": "x", "/d/inside": "y" });
    expect(refusal(() => tree.remove("/nope"))).toBe("550 Failed to open file.");
    expect(refusal(() => [...tree.read("/d")])).toBe("550 Failed to open file.");
    expect(refusal(() => tree.rmdir("/d"))).toBe("550 Remove directory operation failed.");
    expect(refusal(() => tree.rmdir("/"))).toBe("550 Remove directory operation failed.");
    expect(refusal(() => tree.mkdirs("/f/sub"))).toBe("550 /f: Not a directory.");
    expect(refusal(() => tree.write("/d", Buffer.from("z")))).toBe("550 Is a directory.");
    expect(refusal(() => tree.rename("/missing", "/x"))).toBe("550 RNFR command failed.");
    tree.remove("/d/inside");
    tree.rmdir("/d");
    expect(tree.get("/d")).toBeUndefined();
  });
});

describe("listing lines", () => {
  const when = new Date(Date.UTC(2024, 0, 15, 12, 30, 0));
  const f: FileTreeFile = { type: "file", content: Buffer.from("Hello, world!\r\n"), mtime: when };
  const d = { type: "dir" as const, mtime: when };

  it("writes ls -l lines as vsftpd does: the time when recent, the year when not", () => {
    expect(unixLine("hello.txt", f, new Date(Date.UTC(2024, 2, 1)))).toBe(
      "-rw-r--r--    1 ftp      ftp            15 Jan 15 12:30 hello.txt",
    );
    expect(unixLine("pub", d, new Date(Date.UTC(2025, 6, 1)))).toBe(
      "drwxr-xr-x    2 ftp      ftp          4096 Jan 15  2024 pub",
    );
  });

  it("writes DOS lines as IIS does", () => {
    // IIS: "04-14-00  03:47PM                  589 readme.htm", "07-18-00  10:16AM       <DIR>          pub"
    expect(dosLine("hello.txt", f)).toBe("01-15-24  12:30PM                   15 hello.txt");
    expect(dosLine("pub", { type: "dir", mtime: new Date(Date.UTC(2024, 0, 15, 0, 5)) })).toBe(
      "01-15-24  12:05AM       <DIR>          pub",
    );
  });

  it("writes MLSD facts (RFC 3659), cdir and pdir for . and ..", () => {
    expect(mlsdTime(when)).toBe("20240115123000");
    expect(mlsdLine("hello.txt", f)).toBe("type=file;size=15;modify=20240115123000;perm=adfrw; hello.txt");
    expect(mlsdLine(".", d, "cdir")).toBe("type=cdir;modify=20240115123000;perm=flcdmpe; .");
    expect(mlsdLine("pub", d)).toBe("type=dir;modify=20240115123000;perm=flcdmpe; pub");
  });
});
