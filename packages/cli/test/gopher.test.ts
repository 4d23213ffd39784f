// inetlib get gopher:// and gophers:// against the in-memory gopher hole.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoHole, GOPHER_BIG_SIZE, GOPHER_BYTES, GopherServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./run.js";
import { CA, serverContext } from "./tls.js";

let server: GopherServer;
let secure: GopherServer;
let dir: string;
beforeAll(async () => {
  server = await GopherServer.start(demoHole());
  secure = await GopherServer.start(demoHole(), { tls: serverContext(), advertisedHost: "localhost" });
  dir = await mkdtemp(join(tmpdir(), "inetlib-cli-gopher-"));
});
afterAll(async () => {
  await server.close();
  await secure.close();
  await rm(dir, { recursive: true, force: true });
});

describe("inetlib get gopher://", () => {
  it("draws a menu", async () => {
    const r = await run(["get", server.url("1", "/docs")]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe(" 1. [TXT] Document 1\n 2. [TXT] Document 2\n 3. [TXT] Document 3\n");
  });

  it("draws the root menu with info lines, links and malformed lines made safe", async () => {
    const root = await run(["get", `gopher://127.0.0.1:${server.port}/`]);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain("    Welcome to the inetlib gopher hole.\n");
    expect(root.stdout).toContain(" 1. [TXT] About this hole\n");
    expect(root.stdout).toContain("[URL] The inetlib web page -> http://localhost/inetlib/");
    const broken = await run(["get", server.url("1", "/broken")]);
    expect(broken.code).toBe(0);
    expect(broken.stdout).toContain("! line 3: ");
    expect(broken.stdout).not.toContain("\x1b");
  });

  it("prints a text item, dot-unstuffed", async () => {
    const r = await run(["get", server.url("0", "/dots.txt")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Lines that start with a dot travel dot-stuffed:\n.\n..\n.hidden\n...three dots\na line after them\n\nand the last line.\n",
    );
  });

  it("runs a type-7 search", async () => {
    const r = await run(["get", `${server.url("7", "/words")}%09li`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("    Results for: li\n 1. [TXT] charlie\n 2. [TXT] juliet\n");
  });

  it("writes a binary to -o FILE, byte for byte", async () => {
    const file = join(dir, "bytes.bin");
    const r = await run(["get", "-o", file, server.url("9", "/bytes.bin")]);
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(await readFile(file)).toEqual(GOPHER_BYTES);
  });

  it("writes a binary to a pipe, but refuses to write it to a terminal", async () => {
    const piped = await run(["get", server.url("9", "/bytes.bin")]);
    expect(piped.code).toBe(0);
    expect(piped.stdoutBytes).toEqual(GOPHER_BYTES);
    const tty = await run(["get", server.url("9", "/bytes.bin")], { tty: { stdout: true } });
    expect(tty).toMatchObject({ code: 2, stdout: "" });
    expect(tty.stderr).toMatch(/^inetlib: binary output would go to the terminal: use -o FILE/);
    const forced = await run(["get", "-o", "-", server.url("9", "/bytes.bin")], { tty: { stdout: true } });
    expect(forced.code).toBe(0);
    expect(forced.stdoutBytes).toEqual(GOPHER_BYTES);
  });

  it("draws a progress bar on a terminal's stderr for a long transfer to a file", async () => {
    const file = join(dir, "big.bin");
    const r = await run(["get", "-o", file, server.url("9", "/big.bin")], {
      tty: { stderr: true },
      progressDelay: 0,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\rbig\.bin {2}.*8\.0 MiB {2}.*\/s *\n$/s);
    expect((await readFile(file)).length).toBe(GOPHER_BIG_SIZE);
    const quiet = await run(["get", "-o", file, server.url("9", "/bytes.bin")], { progressDelay: 0 });
    expect(quiet.stderr).toBe("");
  });

  it("prints Gopher+ attributes and views", async () => {
    const info = await run(["get", `${server.url("0", "/about.txt")}%09%09!+ABSTRACT`]);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain("+ABSTRACT:\n What this hole is,\n in two lines.\n");
    const view = await run(["get", `${server.url("0", "/about.txt")}%09%09+text/plain%20De_DE`]);
    expect(view).toMatchObject({ code: 0, stdout: "Dieses Gopher-Loch lebt im Speicher.\r\n" });
  });

  it("exits 7 for a selector the server does not have", async () => {
    const text = await run(["get", server.url("0", "/nope.txt")]);
    expect(text).toMatchObject({
      code: 7,
      stdout: "",
      stderr: "inetlib: not found: '/nope.txt' does not exist\n",
    });
    const menu = await run(["get", server.url("1", "/nope")]);
    expect(menu).toMatchObject({ code: 7, stderr: "inetlib: not found: '/nope' does not exist\n" });
  });

  it("prints the trace on stderr with --trace, leaving stdout alone", async () => {
    const r = await run(["get", "--trace", server.url("0", "/docs/doc1.txt")]);
    expect(r).toMatchObject({ code: 0, stdout: "Document 1\n" });
    expect(r.stderr).toContain("*cmd* '/docs/doc1.txt'");
  });

  it("says what to do with items it does not fetch", async () => {
    const r = await run(["get", `${server.url("7", "/words")}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("a search item needs a query");
  });
});

describe("inetlib get gophers://", () => {
  it("verifies the server against --cacert", async () => {
    const r = await run(["get", "--cacert", CA, secure.url("0", "/about.txt")]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe("This gopher hole lives in memory.\nIt is part of the inetlib tests and tour.\n");
  });

  it("exits 4 when the certificate is not trusted, and --insecure is the only way around", async () => {
    const r = await run(["get", secure.url("0", "/about.txt")]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^inetlib: TLS: \[SSL: CERTIFICATE_VERIFY_FAILED\] certificate verify failed/);
    const insecure = await run(["get", "--insecure", secure.url("0", "/about.txt")]);
    expect(insecure.code).toBe(0);
  });
});
