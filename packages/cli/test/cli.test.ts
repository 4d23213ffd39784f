// The command line itself: help, usage errors, exit codes by class, one-line errors.
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../src/index.js";
import { run } from "./run.js";

let mute: Server;
let mutePort: number;
beforeAll(async () => {
  // Reads and drops what clients send (so that their closing is seen), and never answers.
  mute = createServer((s) => s.resume());
  await new Promise<void>((ok) => mute.listen(0, "127.0.0.1", ok));
  mutePort = (mute.address() as { port: number }).port;
});
afterAll(() => new Promise((ok) => mute.close(ok)));

/** oneLine asserts that a failure printed exactly one line and no stack trace. */
function oneLineError(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(lines.filter((l) => l.startsWith("inetlib: "))).toHaveLength(1);
  return lines[0]!;
}

describe("inetlib", () => {
  it("has help for every command, and a version", async () => {
    const top = await run(["--help"]);
    expect(top.code).toBe(0);
    for (const cmd of ["get", "send", "telnet", "tour"]) expect(top.stdout).toContain(`\n  ${cmd} `);
    expect(top.stdout).toContain(
      "Exit codes: 0 ok, 2 usage, 3 connection, 4 TLS, 5 authentication, 6 protocol, 7 not found",
    );
    for (const cmd of ["get", "send", "telnet", "tour"]) {
      const help = await run([cmd, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: inetlib ${cmd} `));
    }
    expect((await run(["get", "--help"])).stdout).toContain("pop://USER@HOST/N");
    expect(await run(["--version"])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it("exits 2 for usage errors, with one line and a hint", async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: inetlib");
    for (const argv of [
      ["fetch", "gopher://x/"],
      ["get"],
      ["get", "--nope", "gopher://x/"],
      ["get", "--timeout", "soon", "gopher://x/"],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^inetlib: /);
      expect(r.stderr).toContain("(add --help for usage)");
    }
    const scheme = await run(["get", "xyz://host/"]);
    expect(scheme.code).toBe(2);
    expect(oneLineError(scheme.stderr)).toMatch(
      /^inetlib: unsupported URL scheme xyz: \(get speaks ftp, ftps, gopher/,
    );
    expect(oneLineError((await run(["get", "no url here"])).stderr)).toBe(
      'inetlib: not a URL: "no url here"',
    );
    expect((await run(["get", "gopher://host:99999/"])).code).toBe(2);
  });

  it("exits 3 when the server cannot be reached or does not answer in --timeout", async () => {
    const refused = await run(["get", "gopher://127.0.0.1:1/"]);
    expect(refused.code).toBe(3);
    expect(oneLineError(refused.stderr)).toBe(
      "inetlib: cannot connect to 127.0.0.1:1: [Errno 111] Connection refused",
    );
    const silent = await run(["get", "--timeout", "0.2", `gopher://127.0.0.1:${mutePort}/`]);
    expect(silent.code).toBe(3);
    // the connection was made: "cannot connect" would mislead
    expect(oneLineError(silent.stderr)).toBe(
      `inetlib: no answer from 127.0.0.1:${mutePort}: timed out (--timeout SECONDS waits longer)`,
    );
  });

  it("exits 130 when interrupted", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await run(["get", "--timeout", "0", `gopher://127.0.0.1:${mutePort}/`], {
      signal: controller.signal,
    });
    expect(r).toMatchObject({ code: 130, stderr: "inetlib: interrupted\n" });
  });
});
