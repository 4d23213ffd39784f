// Beyond Python: list() parsed, download() and upload() with resume, in constant memory.
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { contentBytes, FileTree, type FileTreeFile, type FTPServer } from "@inetlib/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FTP } from "../src/index.js";
import { client, serve } from "./helpers.js";

let server: FTPServer;
let ftp: FTP;
let dir: string;

const file = (path: string) => contentBytes(server.tree.get(path) as FileTreeFile);

/** Byte-for-byte equality without vitest's element-by-element diff (slow on megabytes). */
function expectSame(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.equals(expected)).toBe(true);
}

beforeEach(async () => {
  const tree = new FileTree({ "/pub/hello.txt": "Hello, world!\r\n", "/pub/sub/": null });
  tree.addPattern("/pub/big.bin", 3 << 20);
  server = await serve({ tree });
  ({ ftp } = await client(server));
  await ftp.login("user", "pass");
  dir = await mkdtemp(join(tmpdir(), "inetlib-ftp-"));
});

afterEach(async () => {
  await ftp.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("list()", () => {
  it("MLSD where FEAT offers MLST: typed entries, the directory and its parent left out", async () => {
    const entries = await ftp.list("pub");
    expect(entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ["big.bin", "file", 3 << 20],
      ["hello.txt", "file", 15],
      ["sub", "dir", null],
    ]);
    expect(entries[1]!.modify?.toISOString()).toBe("2024-01-15T12:30:00.000Z");
    expect(server.transcript()).toMatch(/FEAT\r\nTYPE A\r\nPASV\r\nMLSD pub\r\n$/);
    await ftp.list("pub");
    expect(server.transcript().match(/FEAT/g)).toHaveLength(1);
  });

  it("LIST where there is no MLSD, Unix or DOS format", async () => {
    for (const listFormat of ["unix", "dos"] as const) {
      await using s = await serve({ mlsd: false, listFormat, tree: server.tree });
      const { ftp: c } = await client(s);
      await c.login("user", "pass");
      const entries = await c.list("pub");
      expect(entries.map((e) => [e.name, e.type, e.type === "file" ? e.size : null])).toEqual([
        ["big.bin", "file", 3 << 20],
        ["hello.txt", "file", 15],
        ["sub", "dir", null],
      ]);
      expect(s.transcript()).toMatch(/LIST pub\r\n$/);
      await c.close();
    }
  });
});

describe("download()", () => {
  it("into a file, complete on disk when it resolves", async () => {
    const path = join(dir, "big.bin");
    expect(await ftp.download("pub/big.bin", path)).toBe("226 Transfer complete.");
    expectSame(await readFile(path), file("/pub/big.bin"));
  });

  it("resume: REST with the partial file's size, the rest appended", async () => {
    const path = join(dir, "big.bin");
    const whole = file("/pub/big.bin");
    await writeFile(path, whole.subarray(0, 1234567));
    await ftp.download("pub/big.bin", path, { resume: true });
    expectSame(await readFile(path), whole);
    expect(server.transcript()).toMatch(/REST 1234567\r\nRETR pub\/big.bin\r\n$/);
  });

  it("into a Writable, respecting its backpressure", async () => {
    const sink = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    const draining = (async () => {
      for await (const c of sink) {
        chunks.push(c as Buffer);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await ftp.download("pub/hello.txt", sink);
    sink.end();
    await draining;
    expect(Buffer.concat(chunks).toString()).toBe("Hello, world!\r\n");
  });
});

describe("upload()", () => {
  it("from a file, bytes, or a Readable", async () => {
    const path = join(dir, "up.bin");
    const data = Buffer.alloc(300_000, 9);
    await writeFile(path, data);
    expect(await ftp.upload(path, "a.bin")).toBe("226 Transfer complete.");
    await ftp.upload(data, "b.bin");
    await ftp.upload(Readable.from([data.subarray(0, 1000), data.subarray(1000)]), "c.bin");
    for (const name of ["/a.bin", "/b.bin", "/c.bin"]) expectSame(file(name), data);
  });

  it("from a FileHandle, its blocks read into one reused buffer only when no callback keeps them", async () => {
    // Every byte differs from its neighbours, so a block overwritten by the next would show.
    const data = Buffer.alloc(200_003);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 8)) & 0xff;
    const path = join(dir, "pattern.bin");
    await writeFile(path, data);
    expect(await ftp.upload(path, "p1.bin", { blocksize: 4096 })).toBe("226 Transfer complete.");
    expectSame(file("/p1.bin"), data);
    const handle = await open(path, "r");
    try {
      await ftp.storbinary("STOR p2.bin", handle, 8192);
      expectSame(file("/p2.bin"), data);
    } finally {
      await handle.close();
    }
    const kept: Buffer[] = [];
    const again = await open(path, "r");
    try {
      await ftp.storbinary("STOR p3.bin", again, 8192, (block) => void kept.push(block));
    } finally {
      await again.close();
    }
    expectSame(file("/p3.bin"), data);
    expect(kept.length).toBe(Math.ceil(data.length / 8192));
    expectSame(Buffer.concat(kept), data);
  });

  it("resume with APPE (default) or REST + STOR: only the missing part is sent", async () => {
    const data = Buffer.from("0123456789".repeat(1000));
    const path = join(dir, "up.bin");
    await writeFile(path, data);
    server.tree.write("/part.bin", data.subarray(0, 4000));
    await ftp.upload(path, "part.bin", { resume: true });
    expectSame(file("/part.bin"), data);
    server.tree.write("/part2.bin", data.subarray(0, 2500));
    await ftp.upload(Readable.from([data]), "part2.bin", { resume: true, method: "REST" });
    expectSame(file("/part2.bin"), data);
    expect(server.transcript()).toMatch(/SIZE part.bin\r\nTYPE I\r\nPASV\r\nAPPE part.bin\r\n/);
    expect(server.transcript()).toMatch(
      /SIZE part2.bin\r\nTYPE I\r\nPASV\r\nREST 2500\r\nSTOR part2.bin\r\n$/,
    );
  });

  it("resume of a file the server does not have starts from 0", async () => {
    await ftp.upload(Buffer.from("new"), "fresh.txt", { resume: true });
    expect(file("/fresh.txt").toString()).toBe("new");
  });
});
