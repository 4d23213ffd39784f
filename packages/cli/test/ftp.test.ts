// inetlib get ftp:// and ftps:// against the in-memory file tree.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contentBytes, demoFileTree, type FileTreeFile, FTPServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ftpPath } from "../src/schemes/ftp.js";
import { run } from "./run.js";
import { CA } from "./tls.js";

const tree = demoFileTree();
let server: FTPServer;
let implicit: FTPServer;
let base: string;
let dir: string;
beforeAll(async () => {
  server = await FTPServer.open({ tree, users: { alice: "alice-pass" }, anonymous: true, tls: true });
  implicit = await FTPServer.open({ tree, users: { alice: "alice-pass" }, tls: true, implicitTLS: true });
  base = `ftp://127.0.0.1:${server.port}`;
  dir = await mkdtemp(join(tmpdir(), "inetlib-cli-ftp-"));
});
afterAll(async () => {
  await server.close();
  await implicit.close();
  await rm(dir, { recursive: true, force: true });
});

describe("inetlib get ftp://", () => {
  it("lists a directory anonymously (LIST)", async () => {
    const r = await run(["get", `${base}/pub/`]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(
      r.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(/\s+/).at(-1)),
    ).toEqual(["big", "hello.txt", "notes"]);
    expect(r.stdout).toMatch(/^-rw-r--r-- .* 15 .* hello\.txt$/m);
  });

  it("lists names only with ;type=d", async () => {
    const r = await run(["get", `${base}/pub/notes/;type=d`]);
    expect(r).toMatchObject({ code: 0, stdout: "2024\ntodo.txt\n" });
  });

  it("gets a file, byte for byte, and as text with ;type=a", async () => {
    const bin = await run(["get", `${base}/README.txt`]);
    expect(bin).toMatchObject({
      code: 0,
      stdout: "Welcome to the inetlib demo FTP site.\r\nFiles are in /pub; uploads go to /incoming.\r\n",
    });
    const text = await run(["get", `ftp://alice:alice-pass@127.0.0.1:${server.port}/README.txt;type=a`]);
    expect(text.stdout).toBe(
      "Welcome to the inetlib demo FTP site.\nFiles are in /pub; uploads go to /incoming.\n",
    );
  });

  it("streams a large file to -o with a progress bar sized by SIZE", async () => {
    const file = join(dir, "8mib.bin");
    const r = await run(["get", "-o", file, `${base}/pub/big/8mib.bin`], {
      tty: { stderr: true },
      progressDelay: 0,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r8mib\.bin \[#+\] 100% {2}8\.0 MiB \/ 8\.0 MiB {2}.*\n$/);
    const got = await readFile(file);
    expect(got.length).toBe(8 << 20);
    expect(got.equals(contentBytes(tree.get("/pub/big/8mib.bin") as FileTreeFile))).toBe(true);
  });

  it("exits 7 for a missing file and leaves no partial -o file behind", async () => {
    const file = join(dir, "nope.txt");
    const r = await run(["get", "-o", file, `${base}/nope.txt`]);
    expect(r).toMatchObject({ code: 7, stderr: "inetlib: not found: 550 Failed to open file.\n" });
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  it("exits 5 for a wrong password, the password masked in --trace", async () => {
    const r = await run(["get", "--trace", `ftp://alice:wrong-pass@127.0.0.1:${server.port}/`]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("*cmd* 'PASS **********'");
    expect(r.stderr).not.toContain("wrong-pass");
    expect(r.stderr.trim().split("\n").at(-1)).toBe("inetlib: login failed: 530 Login incorrect.");
  });

  it("secures control and data with --starttls (AUTH TLS, PROT P), verified against --cacert", async () => {
    const r = await run([
      "get",
      "--starttls",
      "--cacert",
      CA,
      `ftp://alice:alice-pass@localhost:${server.port}/pub/hello.txt`,
    ]);
    expect(r).toMatchObject({ code: 0, stdout: "Hello, world!\r\n" });
    const untrusted = await run([
      "get",
      "--starttls",
      `ftp://alice:alice-pass@localhost:${server.port}/pub/hello.txt`,
    ]);
    expect(untrusted.code).toBe(4);
  });

  it("speaks implicit TLS for ftps://", async () => {
    const r = await run([
      "get",
      "--cacert",
      CA,
      `ftps://alice:alice-pass@localhost:${implicit.port}/pub/hello.txt`,
    ]);
    expect(r).toMatchObject({ code: 0, stdout: "Hello, world!\r\n" });
  });
});

describe("ftpPath", () => {
  it("decodes the path relative to the login directory, %2F making it absolute, and ;type=", () => {
    expect(ftpPath("/pub/a%20b.txt")).toEqual({ path: "pub/a b.txt", type: null });
    expect(ftpPath("/%2Fetc/motd;type=a")).toEqual({ path: "/etc/motd", type: "a" });
    expect(ftpPath("/pub/;type=D")).toEqual({ path: "pub/", type: "d" });
    expect(() => ftpPath("/a%0D%0ADELE%20x")).toThrow(/CR, LF and NUL/);
  });
});
