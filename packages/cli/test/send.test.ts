// inetlib send against the in-process SMTP server.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_TLS_SERVER, SSLContext } from "@inetlib/socket";
import { pop3TestCredentials, SMTPServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpClass } from "../src/send/smtp.js";
import { run } from "./run.js";
import { CA } from "./tls.js";

const MESSAGE =
  "From: Alice <alice@x.test>\nTo: bob@x.test\nCc: carol@x.test\nBcc: dave@x.test\nSubject: hi\n\nhello\n.a dot\n";

let server: SMTPServer;
let dir: string;
let url: string;
beforeAll(async () => {
  const tls = new SSLContext(PROTOCOL_TLS_SERVER);
  tls.load_cert_chain(pop3TestCredentials.certfile, pop3TestCredentials.keyfile ?? null);
  server = await SMTPServer.start({
    users: { alice: "alice-pass" },
    tls,
    refuse: { "nobody@x.test": "550 5.1.1 No such user", "far@away.test": "554 5.7.1 Relay access denied" },
  });
  url = `smtp://127.0.0.1:${server.port}`;
  dir = await mkdtemp(join(tmpdir(), "inetlib-cli-send-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const last = () => server.messages.at(-1)!;

describe("inetlib send", () => {
  it("sends a message from stdin, the envelope from its headers (To, Bcc, Cc as Python orders them), Bcc removed, lines made CRLF", async () => {
    const r = await run(["send", url], { stdin: MESSAGE });
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(last()).toMatchObject({
      mail_from: "alice@x.test",
      rcpt_tos: ["bob@x.test", "dave@x.test", "carol@x.test"],
    });
    expect(last().data.toString()).toBe(
      "From: Alice <alice@x.test>\r\nTo: bob@x.test\r\nCc: carol@x.test\r\nSubject: hi\r\n\r\nhello\r\n.a dot\r\n",
    );
    expect(server.lastConnection().received.toString()).toContain("\r\n..a dot\r\n");
  });

  it("sends a message file with --from and --to, logged in and upgraded with --starttls", async () => {
    const file = join(dir, "msg.eml");
    await writeFile(file, MESSAGE);
    const r = await run([
      "send",
      "--starttls",
      "--cacert",
      CA,
      "--from",
      "bounce@x.test",
      "--to",
      "erin@x.test",
      `smtp://alice:alice-pass@localhost:${server.port}`,
      file,
    ]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(last()).toMatchObject({
      mail_from: "bounce@x.test",
      rcpt_tos: ["erin@x.test"],
      auth_user: "alice",
      tls: true,
    });
  });

  it("exits 7 when a recipient does not exist, listing the refusals", async () => {
    const all = await run(["send", "--to", "nobody@x.test", url], { stdin: MESSAGE });
    expect(all).toMatchObject({
      code: 7,
      stderr: "inetlib: not found: recipient refused: nobody@x.test: 550 5.1.1 No such user\n",
    });
    const some = await run(["send", "--to", "nobody@x.test", "--to", "ok@x.test", url], { stdin: MESSAGE });
    expect(some.code).toBe(7);
    expect(some.stderr).toBe(
      "inetlib: recipient refused: nobody@x.test: 550 5.1.1 No such user\ninetlib: 1 recipient(s) refused; the others took the message\n",
    );
    expect(last().rcpt_tos).toEqual(["ok@x.test"]);
  });

  it("exits 5 for a wrong password and for a policy refusal", async () => {
    const bad = await run(["send", `smtp://alice:wrong@127.0.0.1:${server.port}`], { stdin: MESSAGE });
    expect(bad).toMatchObject({
      code: 5,
      stderr: "inetlib: login failed: 535 5.7.8 Error: authentication failed\n",
    });
    const relay = await run(["send", "--to", "far@away.test", url], { stdin: MESSAGE });
    expect(relay.code).toBe(5);
  });

  it("exits 2 for an empty message, a missing file or a URL of another scheme", async () => {
    expect((await run(["send", url], { stdin: "" })).code).toBe(2);
    const missing = await run(["send", url, join(dir, "nope.eml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^inetlib: cannot read .*nope\.eml: ENOENT/);
    expect((await run(["send", `pop://127.0.0.1:${server.port}`], { stdin: MESSAGE })).code).toBe(2);
  });
});

describe("smtpClass", () => {
  it("sorts replies by their enhanced status code, then by their code", () => {
    expect(smtpClass(550, "5.1.1 No such user", "transfer")).toBe(7);
    expect(smtpClass(554, "5.7.1 Relay access denied", "transfer")).toBe(5);
    expect(smtpClass(535, "Authentication failed", "auth")).toBe(5);
    expect(smtpClass(552, "5.3.4 Message too big", "transfer")).toBe(6);
    expect(smtpClass(451, "Try again later", "transfer")).toBe(6);
  });
});
