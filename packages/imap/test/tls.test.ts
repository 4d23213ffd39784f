// STARTTLS and IMAP4_SSL through the core's TLS: verified by default, fail closed, nothing
// received in clear read after the handshake; IPv6.
import { create_default_context, SSLCertVerificationError, SSLSocket, TimeoutError } from "@inetlib/socket";
import { demoMailstore, IMAPServer, imapTestCA } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { abort, error, IMAP4, IMAP4_SSL } from "../src/index.js";
import { b, caught, demo, pair, TAG } from "./helpers.js";

const trusting = () => create_default_context({ cafile: imapTestCA });

describe("starttls", () => {
  it("upgrades, verifies, asks CAPABILITY again, and the session goes on over TLS", async () => {
    await using p = await demo({ tls: true, loginRequiresTLS: true }, {}, false);
    expect(p.client.capabilities).toContain("STARTTLS");
    expect(p.client.capabilities).toContain("LOGINDISABLED");
    expect(await p.client.starttls(trusting())).toEqual(["OK", [null]]);
    expect(p.client._tls_established).toBe(true);
    expect(p.client.sock).toBeInstanceOf(SSLSocket);
    expect(p.client.capabilities).not.toContain("STARTTLS");
    expect(p.client.capabilities).not.toContain("LOGINDISABLED");
    expect((await p.client.login("alice", "alice-pass"))[0]).toBe("OK");
    expect(p.server.connections[0]!.tls).toBe(true);
    expect(p.server.transcript()).toBe(
      `${TAG}0 CAPABILITY\r\n${TAG}1 STARTTLS\r\n${TAG}2 CAPABILITY\r\n${TAG}3 LOGIN alice "alice-pass"\r\n`,
    );
    await expect(p.client.starttls(trusting())).rejects.toThrow(new abort("TLS session already established"));
  });

  it("discards what the server sent in clear after its OK (an injection), and says so at debug 1", async () => {
    const printed: string[] = [];
    await using p = await pair(
      {
        store: demoMailstore(),
        tls: true,
        starttlsInjection: "* OK [CAPABILITY IMAP4rev1 AUTH=EVIL] injected\r\n",
      },
      { debugSink: (text) => printed.push(text), debug: 1 },
    );
    await p.client.starttls(trusting());
    expect(printed.filter((l) => l.includes("discarded"))).toEqual([
      expect.stringMatching(/ starttls: discarded 48 bytes received in clear\n$/),
    ]);
    expect(p.client.capabilities).not.toContain("AUTH=EVIL");
    expect(p.client.untagged_responses.CAPABILITY).toBeUndefined();
    expect((await p.client.login("alice", "alice-pass"))[0]).toBe("OK");
  });

  it("fails closed: an untrusted certificate closes the connection", async () => {
    await using p = await demo({ tls: true }, {}, false);
    await expect(p.client.starttls()).rejects.toThrow(SSLCertVerificationError);
    expect(p.client.sock).toBeNull();
    await expect(p.client.login("alice", "alice-pass")).rejects.toThrow(abort);
    expect(p.server.transcript()).toBe(`${TAG}0 CAPABILITY\r\n${TAG}1 STARTTLS\r\n`);
  });

  it("is refused before anything is sent when not offered; a NO raises error and stays in clear", async () => {
    await using p = await demo({}, {}, false);
    await expect(p.client.starttls(trusting())).rejects.toThrow(new abort("TLS not supported by server"));
    expect(p.server.transcript()).toBe(`${TAG}0 CAPABILITY\r\n`);
    await using q = await demo(
      { tls: true, respond: (c) => (c.name === "STARTTLS" ? `${c.tag} NO not now\r\n` : undefined) },
      {},
      false,
    );
    await expect(q.client.starttls(trusting())).rejects.toThrow(new error("Couldn't establish TLS session"));
    expect(q.client._tls_established).toBe(false);
    expect((await q.client.login("alice", "alice-pass"))[0]).toBe("OK");
    await expect(q.client.starttls(trusting())).rejects.toThrow("command STARTTLS illegal in state AUTH");
  });
});

describe("IMAP4_SSL", () => {
  it("talks TLS from the first byte", async () => {
    await using server = await IMAPServer.open({ store: demoMailstore(), tls: true, implicitTLS: true });
    await using M = await IMAP4_SSL.open("127.0.0.1", server.port, { ssl_context: trusting(), timeout: 10 });
    expect(M.sock).toBeInstanceOf(SSLSocket);
    expect(M.capabilities).not.toContain("STARTTLS");
    await M.login("alice", "alice-pass");
    expect(await M.select("Archive", true)).toEqual(["OK", [b("2")]]);
    expect(server.connections[0]!.tls).toBe(true);
  });

  it("over IPv6, the host name checked against the certificate", async () => {
    await using server = await IMAPServer.open({
      host: "::1",
      store: demoMailstore(),
      tls: true,
      implicitTLS: true,
    });
    await using M = await IMAP4_SSL.open("::1", server.port, { ssl_context: trusting(), timeout: 10 });
    expect((await M.noop())[0]).toBe("OK");
    await using plain = await pair({ host: "::1", store: demoMailstore(), tls: true });
    expect((await plain.client.starttls(trusting()))[0]).toBe("OK");
    expect(plain.client.host).toBe("::1");
  });

  it("a plain IMAP4 client on the IMAPS port gets no greeting it can use", async () => {
    await using server = await IMAPServer.open({ tls: true, implicitTLS: true });
    const err = await caught<Error>(IMAP4.open("127.0.0.1", server.port, { timeout: 0.2 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(server.transcript()).toBe("");
  });
});
