// inetlib get file: and data: URLs, opened as urlopen opens them.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./run.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "inetlib-cli-local-"));
  await writeFile(join(dir, "a b.txt"), "hello\r\nfile\n");
  await writeFile(join(dir, "bytes.bin"), Buffer.from([0, 1, 2, 255]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("inetlib get file:", () => {
  it("writes a file on this host byte for byte (file:///PATH and file://localhost/PATH)", async () => {
    const path = `${dir}/a%20b.txt`;
    expect(await run(["get", `file://${path}`])).toMatchObject({
      code: 0,
      stdout: "hello\r\nfile\n",
      stderr: "",
    });
    expect((await run(["get", `file://localhost${path}`])).stdout).toBe("hello\r\nfile\n");
  });

  it("refuses a binary file on a terminal, and copies it with -o", async () => {
    const url = `file://${dir}/bytes.bin`;
    expect((await run(["get", url], { tty: { stdout: true } })).code).toBe(2);
    const out = join(dir, "copy.bin");
    expect((await run(["get", "-o", out, url])).code).toBe(0);
    expect(await readFile(out)).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it("fails with 'not found' (7) for a missing file and usage (2) for another host", async () => {
    const missing = await run(["get", `file://${dir}/nothere.txt`]);
    expect(missing.code).toBe(7);
    expect(missing.stderr).toMatch(/^inetlib: not found: .*nothere\.txt/);
    const remote = await run(["get", "file://example.test/etc/passwd"]);
    expect(remote).toMatchObject({ code: 2, stderr: "inetlib: file not on local host\n" });
  });
});

describe("inetlib get data:", () => {
  it("writes the bytes of a plain or base64 data: URL", async () => {
    expect(await run(["get", "data:,Hello%2C%20World!"])).toMatchObject({ code: 0, stdout: "Hello, World!" });
    expect((await run(["get", "data:text/plain;base64,SGVsbG8="])).stdout).toBe("Hello");
  });

  it("refuses binary types on a terminal, and a data: URL without a comma", async () => {
    expect(
      (await run(["get", "data:application/octet-stream;base64,AAE="], { tty: { stdout: true } })).code,
    ).toBe(2);
    expect(await run(["get", "data:nocomma"])).toMatchObject({
      code: 2,
      stderr: "inetlib: data error: proper data url must contain a comma\n",
    });
  });
});
