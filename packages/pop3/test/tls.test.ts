// STLS (RFC 2595) and POP3_SSL through the core's TLS: verified by default, fail closed,
// nothing received in clear read after the handshake.
import {
  create_default_context,
  OSError,
  SSLCertVerificationError,
  SSLSocket,
  TimeoutError,
  ValueError,
} from "@inetlib/socket";
import { POP3Server, pop3TestCA, pop3TestCredentials } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { type error_proto, POP3, POP3_SSL } from "../src/index.js";
import { caught, mailbox, pair } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");
const trusting = () => create_default_context({ cafile: pop3TestCA });

describe("stls", () => {
  it("upgrades, verifies the certificate, and the session goes on over TLS", async () => {
    await using p = await pair({ maildrop: mailbox(), tls: true });
    expect("STLS" in (await p.client.capa())).toBe(true);
    expect(await p.client.stls(trusting())).toEqual(b("+OK Begin TLS negotiation now."));
    expect(p.client._tls_established).toBe(true);
    expect(p.client.sock).toBeInstanceOf(SSLSocket);
    expect("STLS" in (await p.client.capa())).toBe(false);
    await p.client.user("alice");
    await p.client.pass_("alice-pass");
    expect(await p.client.stat()).toEqual([3, 124]);
    expect(p.server.connections[0]!.tls).toBe(true);
    expect(p.server.transcript()).toBe(
      "CAPA\r\nCAPA\r\nSTLS\r\nCAPA\r\nUSER alice\r\nPASS alice-pass\r\nSTAT\r\n",
    );
    // a second STLS is refused without a byte sent
    const err = await caught(p.client.stls(trusting()));
    expect(err.args).toEqual(["-ERR TLS session already established"]);
    expect(p.server.transcript().endsWith("STAT\r\n")).toBe(true);
  });

  it("discards what the server sent in clear after its go-ahead (injection)", async () => {
    const printed: string[] = [];
    await using p = await pair(
      { maildrop: mailbox(), tls: true, stlsInjection: "+OK injected\r\n-ERR injected\r\n" },
      { debugSink: (text) => printed.push(text) },
    );
    p.client.set_debuglevel(1);
    await p.client.stls(trusting());
    expect(printed).toContain("*stls* discarded 29 bytes received in clear\n");
    p.client.set_debuglevel(0);
    expect(await p.client.user("alice")).toEqual(b("+OK"));
    expect(await p.client.pass_("alice-pass")).toEqual(b("+OK Logged in."));
  });

  it("fails closed: an untrusted certificate closes the connection", async () => {
    await using p = await pair({ maildrop: mailbox(), tls: true });
    await expect(p.client.stls()).rejects.toThrow(SSLCertVerificationError);
    expect(p.client.sock).toBeNull();
    await expect(p.client.user("alice")).rejects.toThrow(OSError);
    expect(p.server.transcript()).toBe("CAPA\r\nSTLS\r\n");
  });

  it("is refused when CAPA does not offer it, before STLS is sent", async () => {
    await using p = await pair({ maildrop: mailbox() });
    const err = await caught(p.client.stls(trusting()));
    expect(err.args).toEqual(["-ERR STLS not supported by server"]);
    expect(p.server.transcript()).toBe("CAPA\r\n");
    expect(await p.client.user("alice")).toEqual(b("+OK"));
  });

  it("is refused by the server: error_proto, and the session stays in clear and usable", async () => {
    await using p = await pair({
      maildrop: mailbox(),
      tls: true,
      respond: (c) => (c === "STLS" ? "-ERR TLS not available right now\r\n" : undefined),
    });
    const err = await caught(p.client.stls(trusting()));
    expect(err.resp).toEqual(b("-ERR TLS not available right now"));
    expect(p.client._tls_established).toBe(false);
    expect(await p.client.user("alice")).toEqual(b("+OK"));
    expect(p.server.transcript()).toBe("CAPA\r\nSTLS\r\nUSER alice\r\n");
  });

  it("a server that requires TLS refuses USER in clear and accepts it after STLS", async () => {
    await using p = await pair({ maildrop: mailbox(), tls: true, loginRequiresTLS: true });
    const err = await caught(p.client.user("alice"));
    expect(err.resp?.toString()).toMatch(/^-ERR \[AUTH\] Plaintext authentication disallowed/);
    await p.client.stls(trusting());
    expect(await p.client.user("alice")).toEqual(b("+OK"));
  });
});

describe("POP3_SSL", () => {
  it("talks TLS from the first byte, and refuses stls()", async () => {
    await using server = await POP3Server.open({ maildrop: mailbox(), tls: true, implicitTLS: true });
    await using pop = await POP3_SSL.open("127.0.0.1", server.port, { context: trusting(), timeout: 10 });
    expect(pop.sock).toBeInstanceOf(SSLSocket);
    expect(pop.getwelcome().subarray(0, 4)).toEqual(b("+OK "));
    expect("STLS" in (await pop.capa())).toBe(false);
    await expect(pop.stls()).rejects.toThrow("-ERR TLS session already established");
    expect(await pop.apop("alice", "alice-pass")).toEqual(b("+OK Logged in."));
    expect((await pop.retr(1))[2]).toBe(45);
    expect(await pop.quit()).toEqual(b("+OK Logging out."));
    expect(server.transcript()).toMatch(/^CAPA\r\nAPOP alice [0-9a-f]{32}\r\nRETR 1\r\nQUIT\r\n$/);
  });

  it("over IPv6, with the host name checked against the certificate", async () => {
    await using server = await POP3Server.open({ host: "::1", tls: true, implicitTLS: true });
    await using pop = await POP3_SSL.open("::1", server.port, { context: trusting(), timeout: 10 });
    expect(await pop.noop().catch((e: error_proto) => e.resp)).toEqual(b("-ERR Unknown command: NOOP"));
  });

  it("verifies by default: the test CA is not trusted, so connect fails and nothing is left open", async () => {
    await using server = await POP3Server.open({ tls: true, implicitTLS: true });
    const pop = new POP3_SSL({ timeout: 10 });
    await expect(pop.connect("127.0.0.1", server.port)).rejects.toThrow(SSLCertVerificationError);
    expect(pop.sock).toBeNull();
  });

  it("refuses context with keyfile or certfile, as Python", () => {
    const ctx = trusting();
    expect(() => new POP3_SSL({ context: ctx, keyfile: pop3TestCredentials.keyfile! })).toThrow(
      new ValueError("context and keyfile arguments are mutually exclusive"),
    );
    expect(() => new POP3_SSL({ context: ctx, certfile: pop3TestCredentials.certfile })).toThrow(
      "context and certfile arguments are mutually exclusive",
    );
    expect(new POP3_SSL({ context: ctx }).context).toBe(ctx);
  });

  it("a plain POP3 client on the POP3S port gets no greeting it can use", async () => {
    await using server = await POP3Server.open({ tls: true, implicitTLS: true });
    await expect(POP3.open("127.0.0.1", server.port, { timeout: 0.3 })).rejects.toThrow(TimeoutError);
  });
});
