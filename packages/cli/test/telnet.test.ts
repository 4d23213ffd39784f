// inetlib telnet against the in-process telnet server (login and a small shell).
import { TelnetServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./run.js";

let server: TelnetServer;
beforeAll(async () => {
  server = await TelnetServer.open({ motd: "Welcome to the test shell.\n" });
});
afterAll(() => server.close());

describe("inetlib telnet", () => {
  it("logs in and runs commands with --command, printing their output", async () => {
    const r = await run([
      "telnet",
      "--user",
      "inetlib:inetlib-pass",
      "-c",
      "echo hello there",
      "-c",
      "whoami",
      "127.0.0.1",
      String(server.port),
    ]);
    expect(r).toMatchObject({
      code: 0,
      stderr: "",
      stdout: "Welcome to the test shell.\nhello there\ninetlib\n",
    });
  });

  it("takes a telnet:// URL (RFC 4248)", async () => {
    const r = await run(["telnet", "-c", "pwd", `telnet://inetlib:inetlib-pass@127.0.0.1:${server.port}`]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^\/home\/inetlib$|inetlib/);
  });

  it("runs a session on piped input until the server hangs up", async () => {
    const r = await run(["telnet", "--user", "inetlib:inetlib-pass", "127.0.0.1", String(server.port)], {
      stdin: "echo piped line\nexit\n",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\$ piped line\r?\n/);
    expect(r.stdout).toContain("*** Connection closed by remote host ***");
  });

  it("exits 5 when the login is refused, the password never in the trace", async () => {
    const r = await run([
      "telnet",
      "--trace",
      "--user",
      "inetlib:not-the-pass",
      "-c",
      "ls",
      "127.0.0.1",
      String(server.port),
    ]);
    expect(r.code).toBe(5);
    expect(r.stderr).not.toContain("not-the-pass");
    expect(r.stderr.trim().split("\n").at(-1)).toBe("inetlib: login failed: login refused (Login incorrect)");
  });

  it("exits 2 for a bad port and 3 when nothing listens", async () => {
    expect((await run(["telnet", "127.0.0.1", "http"])).code).toBe(2);
    const closed = await run(["telnet", "127.0.0.1", "1"]);
    expect(closed).toMatchObject({
      code: 3,
      stderr: "inetlib: cannot connect to 127.0.0.1:1: [Errno 111] Connection refused\n",
    });
  });
});
