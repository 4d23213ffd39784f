// The inetlib executable as a shell runs it: bin/inetlib.js, without a build (tsx).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { demoHole, GOPHER_BIG_SIZE, GopherServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../src/index.js";

const BIN = fileURLToPath(new URL("../bin/inetlib.js", import.meta.url));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function inetlib(args: string[], options: { input?: string; stopAfter?: number } = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let seen = 0;
    child.stdout.on("data", (d: Buffer) => {
      seen += d.length;
      if (options.stopAfter !== undefined && seen >= options.stopAfter) child.stdout.destroy();
      else stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

let server: GopherServer;
beforeAll(async () => {
  server = await GopherServer.start(demoHole());
});
afterAll(() => server.close());

describe("bin/inetlib.js", () => {
  it("runs from the sources without a build", async () => {
    expect(await inetlib(["--version"])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("fetches a URL", async () => {
    const r = await inetlib(["get", server.url("0", "/docs/doc2.txt")]);
    expect(r).toEqual({ code: 0, stdout: "Document 2\n", stderr: "" });
  });

  it("fails with one line and its exit code, never a stack trace", async () => {
    const r = await inetlib(["get", "gopher://127.0.0.1:1/"]);
    expect(r).toEqual({
      code: 3,
      stdout: "",
      stderr: "inetlib: cannot connect to 127.0.0.1:1: [Errno 111] Connection refused\n",
    });
  });

  it("stops quietly when the reader of its output goes away (| head)", async () => {
    const r = await inetlib(["get", server.url("9", "/big.bin")], { stopAfter: 1 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(GOPHER_BIG_SIZE).toBeGreaterThan(1 << 20);
  });

  it("runs the tour", async () => {
    const r = await inetlib(["tour", "--only", "gopher"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("== gopher: a menu and a text item");
    expect(r.stdout).toMatch(/tour done: 1 step in \d+\.\d\d s\n$/);
  });
});
