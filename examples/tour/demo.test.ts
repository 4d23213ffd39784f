// The README's first command, `pnpm demo` (tsx examples/demo.ts): the protocol tour, then the
// seed examples, run as a user runs them.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");

describe("pnpm demo", () => {
  it("runs the protocol tour, then the seed examples", async () => {
    const { stdout, stderr } = await exec(tsx, ["examples/demo.ts"], { cwd: root, timeout: 60_000 });
    expect(stderr).toBe("");
    const tour = stdout.indexOf("inetlib protocol tour: embedded servers");
    const seeds = stdout.indexOf("The seed examples (examples/seed)");
    expect(tour).toBe(0);
    expect(seeds).toBeGreaterThan(tour);
    for (const step of ["== gopher:", "== news:", "== mail:", "== FTP:", "== telnet:", "== HTTP:"])
      expect(stdout).toContain(step);
    expect(stdout).toMatch(/\ntour done: \d+ steps in \d+\.\d\d s\n/);
    expect(stdout).toMatch(/\n8 examples ran in \d+\.\d\d s\.\n$/);
  });

  it("runs only the tour with --tour, only the seed examples with --seed", async () => {
    const tourOnly = await exec(tsx, ["examples/demo.ts", "--tour", "--only", "gopher"], { cwd: root });
    expect(tourOnly.stdout).toContain("== gopher:");
    expect(tourOnly.stdout).not.toContain("seed examples");
    const seedOnly = await exec(tsx, ["examples/demo.ts", "--seed"], { cwd: root });
    expect(seedOnly.stdout).not.toContain("protocol tour");
    expect(seedOnly.stdout).toContain("--- hello:");
  });
});
