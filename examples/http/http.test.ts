// The HTTP examples, in-process with their output checked, and one run as a program with tsx.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { download } from "./download.js";
import { get } from "./get.js";
import { type Log, withServer } from "./server.js";
import { xmlrpcCall } from "./xmlrpc-call.js";

const exec = promisify(execFile);
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (...args) => lines.push(...args.map(String).join(" ").split("\n")) };
}

describe("http examples", () => {
  it("download: progress every 10%, the file, and the same bytes streamed", async () => {
    const { log, lines } = capture();
    const result = await withServer((base) => download(base, log, "/bytes/1048576"));
    expect(lines.slice(0, 11)).toEqual(
      Array.from(
        { length: 11 },
        (_, i) => `${String(i * 10).padStart(3)}% ${"#".repeat(i * 2).padEnd(20, ".")}`,
      ),
    );
    expect(result.bytes).toBe(1048576);
    expect(result.streamedSha256).toBe(result.sha256);
    expect(lines).toContain("http.client: 200 OK, 1048576 bytes");
  });

  it("xmlrpc-call: a call, introspection, a fault, a multicall", async () => {
    const { log, lines } = capture();
    expect(await withServer((base) => xmlrpcCall(base, log))).toBe(5);
    expect(lines).toEqual([
      "add(2, 3) = 5",
      "methods: add, echo, system.listMethods, system.methodHelp, system.methodSignature, system.multicall, upper",
      `fault 1: <class 'Exception'>:method "no_such_method" is not supported`,
      'multicall: [15,"boxcar",42]',
    ]);
  });

  it("get: status, headers, body, and the debug trace of a HEAD", async () => {
    const { log, lines } = capture();
    expect(await withServer((base) => get(base, log))).toBe(200);
    expect(lines[0]).toBe("200 OK");
    expect(lines).toContain("  Content-Length: 14");
    expect(lines).toContain("Hello, world!");
    expect(lines.find((l) => l.startsWith("send: b'HEAD /hello HTTP/1.1\\r\\n"))).toBeDefined();
    expect(lines).toContain("reply: 'HTTP/1.1 200 OK\\r\\n'");
  });

  it("runs as a program: tsx examples/http/xmlrpc-call.ts", async () => {
    const { stdout } = await exec(tsx, [join(import.meta.dirname, "xmlrpc-call.ts")], { timeout: 60_000 });
    expect(stdout.split("\n")[0]).toBe("add(2, 3) = 5");
  });
});
