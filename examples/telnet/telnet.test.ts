// The telnet examples, run as their users run them: a program started with tsx.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

function run(file: string, input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [join(import.meta.dirname, file)], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("telnet examples", () => {
  it("login-run.ts logs in, runs commands with the negotiated terminal, and logs out", async () => {
    const { code, stdout, stderr } = await run("login-run.ts");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "Welcome to the inetlib test telnet server.",
        "$ whoami",
        "inetlib",
        "$ echo $TERM",
        "xterm",
        "$ stty size",
        "24 80",
        "$ ls",
        "notes.txt",
        "logout",
        "(the server saw terminal XTERM, window 80x24)",
        "",
      ].join("\n"),
    );
  });

  it("interactive.ts runs the typed commands until exit", async () => {
    const { code, stdout, stderr } = await run("interactive.ts", "whoami\ncat notes.txt\nexit\n");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.replaceAll("\r\n", "\n")).toBe(
      [
        "Logged in as inetlib; try whoami, ls, cat notes.txt, exit.",
        "inetlib@inetlib:~$ inetlib",
        "inetlib@inetlib:~$ telnet is RFC 854",
        "inetlib@inetlib:~$ logout",
        "*** Connection closed by remote host ***",
        "",
      ].join("\n"),
    );
  });
});
