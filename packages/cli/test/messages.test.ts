// The one line a failure prints says what happened, in the server's words, with the next step
// where there is one; never a Python repr, never "cannot connect" after a connection was made.
import { createServer, type Server } from "node:net";
import { demoMaildrop, demoMailstore, HTTPTestServer, IMAPServer, POP3Server } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unrepr } from "../src/schemes/imap.js";
import { run } from "./run.js";
import { CA } from "./tls.js";

let pop: POP3Server;
let imap: IMAPServer;
let http: HTTPTestServer;
let greetsThenMute: Server;
beforeAll(async () => {
  pop = await POP3Server.open({ maildrop: demoMaildrop({ bulk: 1 }), tls: true });
  imap = await IMAPServer.open({ store: demoMailstore(), tls: true });
  http = await HTTPTestServer.start({ users: { alice: "alice-pass" } });
  // greets, then never answers a command
  greetsThenMute = createServer((s) => {
    s.write("+OK ready\r\n");
    s.resume();
  });
  await new Promise<void>((ok) => greetsThenMute.listen(0, "127.0.0.1", ok));
});
afterAll(async () => {
  await pop.close();
  await imap.close();
  await http.close();
  await new Promise((ok) => greetsThenMute.close(ok));
});

describe("inetlib's failure lines", () => {
  it("a timeout after the greeting says the server did not answer, not that it cannot connect", async () => {
    const port = (greetsThenMute.address() as { port: number }).port;
    const r = await run(["get", "--timeout", "0.3", `pop://a:b@127.0.0.1:${port}/`]);
    expect(r).toMatchObject({
      code: 3,
      stderr: "inetlib: timed out waiting for the server (--timeout SECONDS waits longer)\n",
    });
  });

  it("HTTP 401 without credentials asks for them; with wrong ones, the login failed", async () => {
    const none = await run(["get", `http://127.0.0.1:${http.port}/basic/x`]);
    expect(none).toMatchObject({
      code: 5,
      stderr: "inetlib: the server asks for a login: HTTP 401 Unauthorized (give --user USER[:PASSWORD])\n",
    });
    const wrong = await run(["get", "--user", "alice:nope", `http://127.0.0.1:${http.port}/basic/x`]);
    expect(wrong).toMatchObject({ code: 5, stderr: "inetlib: login failed: HTTP 401 Unauthorized\n" });
    const proxy = await run(["get", `http://127.0.0.1:${http.port}/status/407`]);
    expect(proxy.stderr).toMatch(/^inetlib: the proxy asks for a login: HTTP 407 /);
  });

  it("a file that cannot be read is named", async () => {
    const r = await run(["get", "--cacert", "/nonexistent/ca.pem", `pops://a:b@127.0.0.1:${pop.port}/`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "inetlib: cannot use --cacert /nonexistent/ca.pem: [Errno 2] No such file or directory: '/nonexistent/ca.pem'\n",
    );
  });

  it("TLS to a port that speaks clear text says so", async () => {
    const r = await run(["get", "--cacert", CA, `pops://alice:alice-pass@127.0.0.1:${pop.port}/1`]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      `(127.0.0.1:${pop.port} does not speak TLS on this port: give its TLS port, or the plain scheme with --starttls)`,
    );
  });

  it("a certificate not trusted points at --cacert", async () => {
    const r = await run(["get", "--starttls", `pop://alice:alice-pass@127.0.0.1:${pop.port}/1`]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^inetlib: TLS: \[SSL: CERTIFICATE_VERIFY_FAILED\] .* \(--cacert FILE trusts another certificate authority; --insecure skips the check\)\n$/,
    );
  });

  it("an IMAP BAD is shown in the server's words, not as a Python repr", async () => {
    const r = await run(["get", `imap://alice:alice-pass@127.0.0.1:${imap.port}/INBOX?FOO%20BAR`]);
    expect(r.code).toBe(6);
    expect(r.stderr).not.toContain("b'");
    expect(r.stderr).toMatch(/^inetlib: the server refused: UID command: BAD .*FOO/);
  });

  it("unrepr reads a repr'd list back into text", () => {
    expect(unrepr("b'Error in IMAP command', b'it\\'s \\xc3\\xa9t\\xc3\\xa9\\r'")).toBe(
      "Error in IMAP command it's été\r",
    );
    expect(unrepr(`"it's"`)).toBe("it's");
  });
});
