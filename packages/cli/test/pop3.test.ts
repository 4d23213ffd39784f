// inetlib get pop:// and pops:// against the in-memory POP3 maildrop.
import { createServer, type Server } from "node:net";
import { demoMaildrop, POP3Server } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./run.js";
import { CA } from "./tls.js";

const drop = demoMaildrop({ bulk: 3 });
let server: POP3Server;
let secure: POP3Server;
let mute: Server;
let base: string;
beforeAll(async () => {
  server = await POP3Server.open({ maildrop: drop, tls: true });
  secure = await POP3Server.open({ maildrop: drop, tls: true, implicitTLS: true });
  base = `pop://alice:alice-pass@127.0.0.1:${server.port}`;
  // A server that accepts and never greets.
  // Reads and drops what clients send (so that their closing is seen), and never answers.
  mute = createServer((s) => s.resume());
  await new Promise<void>((ok) => mute.listen(0, "127.0.0.1", ok));
});
afterAll(async () => {
  await server.close();
  await secure.close();
  await new Promise((ok) => mute.close(ok));
});

const alice = () => drop.messages("alice");

describe("inetlib get pop://", () => {
  it("lists the maildrop", async () => {
    const r = await run(["get", `${base}/`]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe(
      alice()
        .map((m, i) => `${i + 1} ${m.data.length}\n`)
        .join(""),
    );
    expect(server.transcript()).toBe("USER alice\r\nPASS alice-pass\r\nLIST\r\nQUIT\r\n");
  });

  it("prints message N exactly as stored", async () => {
    const r = await run(["get", `${base}/2`]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdoutBytes).toEqual(alice()[1]!.data);
    expect(r.stdout).toContain("\r\n..\r\n.hidden\r\n");
  });

  it("prints a message on a terminal line by line, control characters made safe", async () => {
    const r = await run(["get", `${base}/1`], { tty: { stdout: true } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(alice()[0]!.data.toString("utf8").replaceAll("\r\n", "\n"));
  });

  it("takes --user instead of the URL's user, and ;AUTH= as RFC 2384 has it", async () => {
    const plain = await run([
      "get",
      "--user",
      "alice:alice-pass",
      `pop://;AUTH=PLAIN@127.0.0.1:${server.port}/1`,
    ]);
    expect(plain.code).toBe(0);
    expect(server.transcript()).toMatch(/^AUTH PLAIN \S+\r\n/);
    const apop = await run(["get", `pop://alice;AUTH=+APOP:alice-pass@127.0.0.1:${server.port}/`]);
    expect(apop.code).toBe(0);
    expect(server.transcript()).toMatch(/^APOP alice [0-9a-f]{32}\r\n/);
    const any = await run(["get", `pop://alice;auth=*:alice-pass@127.0.0.1:${server.port}/`]);
    expect(any.code).toBe(0);
    expect(server.transcript()).toMatch(/^APOP alice /);
  });

  it("exits 7 for a message that is not there", async () => {
    const r = await run(["get", `${base}/9`]);
    expect(r).toMatchObject({
      code: 7,
      stdout: "",
      stderr: "inetlib: not found: -ERR There's no message 9.\n",
    });
  });

  it("exits 5 for a wrong password", async () => {
    const r = await run(["get", `pop://alice:wrong@127.0.0.1:${server.port}/`]);
    expect(r).toMatchObject({
      code: 5,
      stdout: "",
      stderr: "inetlib: login failed: -ERR [AUTH] Authentication failed.\n",
    });
  });

  it("exits 2 without a user, or without a password and no terminal to ask on", async () => {
    const none = await run(["get", `pop://127.0.0.1:${server.port}/`]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("inetlib: POP3 needs a user: give --user USER[:PASSWORD] or USER@ in the URL\n");
    const nopass = await run(["get", `pop://alice@127.0.0.1:${server.port}/`]);
    expect(nopass.code).toBe(2);
    expect(nopass.stderr).toContain("no password for alice");
  });

  it("asks for the password on a terminal, without echoing it", async () => {
    const r = await run(["get", `pop://alice@127.0.0.1:${server.port}/`], {
      tty: { stdin: true },
      stdin: "alice-pass\n",
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Password for alice@127.0.0.1: \n`);
  });

  it("masks the password in --trace", async () => {
    const r = await run(["get", "--trace", "--trace", `${base}/`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("*cmd* 'PASS **********'");
    expect(r.stderr).toContain("*get* b'+OK");
    expect(r.stderr).not.toContain("alice-pass");
    expect(r.stdout).not.toContain("*cmd*");
  });

  it("upgrades with --starttls and verifies the certificate", async () => {
    const ok = await run(["get", "--starttls", "--cacert", CA, `${base}/1`]);
    expect(ok.code).toBe(0);
    expect(ok.stdoutBytes).toEqual(alice()[0]!.data);
    expect(server.connections.at(-1)!.tls).toBe(true);
    const untrusted = await run(["get", "--starttls", `${base}/1`]);
    expect(untrusted.code).toBe(4);
    expect(untrusted.stderr).toMatch(/^inetlib: TLS: \[SSL: CERTIFICATE_VERIFY_FAILED\]/);
  });

  it("exits 3 when the greeting never comes (--timeout)", async () => {
    const port = (mute.address() as { port: number }).port;
    const r = await run(["get", "--timeout", "0.2", `pop://alice:x@127.0.0.1:${port}/`]);
    expect(r).toMatchObject({
      code: 3,
      stderr: `inetlib: no answer from 127.0.0.1:${port}: timed out (--timeout SECONDS waits longer)\n`,
    });
  });
});

describe("inetlib get pops://", () => {
  it("reads over implicit TLS, verified against --cacert", async () => {
    const r = await run(["get", "--cacert", CA, `pops://alice:alice-pass@localhost:${secure.port}/3`]);
    expect(r.code).toBe(0);
    expect(r.stdoutBytes).toEqual(alice()[2]!.data);
  });

  it("exits 4 against an untrusted certificate", async () => {
    const r = await run(["get", `pops://alice:alice-pass@localhost:${secure.port}/`]);
    expect(r.code).toBe(4);
  });
});
