// STARTTLS (RFC 3207) and SMTP_SSL: verified by default, state forgotten, clear-text leftovers
// discarded, refusals raised as smtplib raises them.
import { SSLCertVerificationError, SSLSocket, ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { SMTP, SMTP_SSL, SMTP_SSL_PORT, SMTPNotSupportedError, SMTPResponseException } from "../src/index.js";
import { clientContext, debugSink, serve, serverContext } from "./helpers.js";

const b = (s: string) => Buffer.from(s);
const opts = { local_hostname: "localhost", timeout: 10 };
const received = (server: { lastConnection(): { received: Buffer } }) =>
  server.lastConnection().received.toString();

describe("starttls", () => {
  it("upgrades, forgets the EHLO state, and says EHLO again before the next command", async () => {
    const server = await serve({
      tls: serverContext(),
      users: { alice: "pw" },
      mechanisms: ["PLAIN"],
      authRequiresTLS: true,
    });
    const s = await SMTP.open("localhost", server.port, { ...opts, allowPlaintextAuth: false });
    await s.ehlo();
    expect(s.has_extn("starttls")).toBe(true);
    expect(s.has_extn("auth")).toBe(false);
    expect(await s.starttls({ context: clientContext() })).toEqual([220, b("2.0.0 Ready to start TLS")]);
    expect(s.sock).toBeInstanceOf(SSLSocket);
    expect([s.ehlo_resp, s.helo_resp, s.does_esmtp, { ...s.esmtp_features }]).toEqual([
      null,
      null,
      false,
      {},
    ]);
    expect(await s.login("alice", "pw")).toEqual([235, b("2.7.0 Authentication successful")]);
    expect(s.has_extn("starttls")).toBe(false);
    await s.sendmail("a@x", ["b@x"], "m");
    await s.quit();
    expect(received(server)).toBe(
      `ehlo localhost\r\nSTARTTLS\r\nehlo localhost\r\nAUTH PLAIN ${Buffer.from("\0alice\0pw").toString("base64")}\r\nmail FROM:<a@x> size=1\r\nrcpt TO:<b@x>\r\ndata\r\nm\r\n.\r\nquit\r\n`,
    );
    expect(server.messages[0]).toMatchObject({ tls: true, auth_user: "alice" });
  });

  it("verifies the server with the default context (Python 3.11 does not)", async () => {
    const server = await serve({ tls: serverContext() });
    const s = await SMTP.open("127.0.0.1", server.port, opts);
    await expect(s.starttls()).rejects.toBeInstanceOf(SSLCertVerificationError);
    expect(s.sock).toBeNull();
    expect(received(server)).toBe("ehlo localhost\r\nSTARTTLS\r\n");
  });

  it("checks the host name given to connect()", async () => {
    const server = await serve({ tls: serverContext() });
    const s = new SMTP(opts);
    await s.connect(`127.0.0.1:${server.port}`);
    await s.starttls({ context: clientContext() });
    expect((s.sock as SSLSocket).server_hostname).toBe("127.0.0.1");
    await s.quit();
  });

  it("raises SMTPResponseException on 454 and stays in clear text", async () => {
    const server = await serve({
      tls: serverContext(),
      respond: (cmd) =>
        cmd === "STARTTLS" ? "454 4.7.0 TLS not available due to temporary reason\r\n" : undefined,
    });
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    const err = await s.starttls({ context: clientContext() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SMTPResponseException);
    expect(err).toMatchObject({
      smtp_code: 454,
      smtp_error: b("4.7.0 TLS not available due to temporary reason"),
    });
    expect(s.sock).not.toBeInstanceOf(SSLSocket);
    expect(s.has_extn("starttls")).toBe(true);
    expect((await s.noop())[0]).toBe(250);
  });

  it("raises SMTPNotSupportedError when not offered, ValueError on conflicting arguments", async () => {
    const server = await serve();
    await using s = await SMTP.open("127.0.0.1", server.port, opts);
    await expect(s.starttls()).rejects.toThrow(
      new SMTPNotSupportedError("STARTTLS extension not supported by server."),
    );
    await expect(s.starttls({ context: clientContext(), keyfile: "k.pem" })).rejects.toThrow(
      new ValueError("context and keyfile arguments are mutually exclusive"),
    );
    await expect(s.starttls({ context: clientContext(), certfile: "c.pem" })).rejects.toBeInstanceOf(
      ValueError,
    );
    expect(received(server)).toBe("ehlo localhost\r\n");
  });

  it("discards what the server sent in clear after its 220 (CVE-2021-22947)", async () => {
    const server = await serve({
      tls: serverContext(),
      respond: (cmd) => (cmd === "STARTTLS" ? "220 go ahead\r\n250-injected\r\n250 SIZE 1\r\n" : undefined),
    });
    const dbg = debugSink();
    await using s = await SMTP.open("127.0.0.1", server.port, { ...opts, debugSink: dbg.sink });
    await s.ehlo();
    s.set_debuglevel(1);
    expect(await s.starttls({ context: clientContext() })).toEqual([220, b("go ahead")]);
    expect(dbg.text()).toMatch(/^starttls: discarded 26 bytes received in clear$/m);
    const [code, msg] = await s.ehlo();
    expect(code).toBe(250);
    expect(msg.toString()).toMatch(/^mail\.inetlib\.test\n/);
    expect(s.has_extn("size")).toBe(true);
    expect(s.esmtp_features.size).toBe("10485760");
  });
});

describe("SMTP_SSL", () => {
  it("speaks TLS from the first byte", async () => {
    const server = await serve({ tls: serverContext(), implicitTLS: true, users: { alice: "pw" } });
    const dbg = debugSink();
    const s = await SMTP_SSL.open("localhost", server.port, {
      ...opts,
      context: clientContext(),
      debugSink: dbg.sink,
    });
    expect(s.default_port).toBe(SMTP_SSL_PORT);
    expect(s.sock).toBeInstanceOf(SSLSocket);
    expect(s.has_extn("starttls")).toBe(false);
    await s.ehlo();
    expect(s.has_extn("starttls")).toBe(false);
    await s.login("alice", "pw");
    await s.sendmail("a@x", "b@x", "m");
    await s.quit();
    expect(server.lastConnection().tls).toBe(true);
    expect(server.messages[0]).toMatchObject({ tls: true, auth_user: "alice" });
  });

  it("prints its connect line, and verifies by default", async () => {
    const server = await serve({ tls: serverContext(), implicitTLS: true });
    const dbg = debugSink();
    const s = new SMTP_SSL({ ...opts, debugSink: dbg.sink });
    s.set_debuglevel(1);
    await expect(s.connect("127.0.0.1", server.port)).rejects.toBeInstanceOf(SSLCertVerificationError);
    expect(dbg.text().split("\n")[0]).toBe(`connect: ('127.0.0.1', ${server.port})`);
    expect(s.sock).toBeNull();
  });

  it("refuses a context with keyfile or certfile", () => {
    expect(() => new SMTP_SSL({ context: clientContext(), keyfile: "k" })).toThrow(
      new ValueError("context and keyfile arguments are mutually exclusive"),
    );
    expect(() => new SMTP_SSL({ context: clientContext(), certfile: "c" })).toThrow(
      new ValueError("context and certfile arguments are mutually exclusive"),
    );
  });
});
