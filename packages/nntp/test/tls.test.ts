// STARTTLS (RFC 4642) and NNTP over implicit TLS: verified by default, fails closed, never
// reads as TLS data what came in clear.
import { SSLCertVerificationError, SSLSocket, ValueError } from "@inetlib/socket";
import { demoSpool, NNTPServer } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { NNTP_SSL, NNTPError, type NNTPPermanentError } from "../src/index.js";
import { caught, pair, sent, trusting } from "./helpers.js";

describe("starttls", () => {
  it("upgrades, re-reads the capabilities, and refuses a second time (CPython's test_starttls)", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), tls: true });
    expect(p.client._caps).toHaveProperty("STARTTLS");
    const sock = p.client.sock;
    const file = p.client.file;
    await p.client.starttls(trusting());
    expect(p.client.sock).not.toBe(sock);
    expect(p.client.sock).toBeInstanceOf(SSLSocket);
    expect(p.client.file).toBe(file); // the same reader, now over TLS
    expect(p.client.tls_on).toBe(true);
    expect(p.client._caps).not.toHaveProperty("STARTTLS");
    expect(p.server.connections[0]!.tls).toBe(true);
    expect(sent(p.server)).toEqual(["CAPABILITIES\r\n", "STARTTLS\r\n", "CAPABILITIES\r\n"]);
    expect((await caught(p.client.starttls(trusting()))).message).toBe("TLS is already enabled.");
    await p.client.login("newsreader", "news-pass");
    expect((await p.client.group("local.test"))[1]).toBe(20);
  });

  it("verifies the certificate by default: an unknown CA fails, closed", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), tls: true });
    const err = await caught(p.client.starttls());
    expect(err).toBeInstanceOf(SSLCertVerificationError);
    expect(p.client.sock).toBe(null);
    expect(p.client.tls_on).toBe(false);
  });

  it("is refused after login, before anything is sent", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), tls: true });
    await p.client.login("newsreader", "news-pass");
    const before = sent(p.server).length;
    const err = await caught(p.client.starttls(trusting()));
    expect(err).toBeInstanceOf(ValueError);
    expect(err.message).toBe("TLS cannot be started after authentication.");
    expect(sent(p.server).length).toBe(before);
  });

  it("a server that cannot: 580 is NNTPPermanentError; another success code NNTPError('TLS failed to start.')", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) });
    expect((await caught<NNTPPermanentError>(p.client.starttls(trusting()))).response).toBe(
      "580 Can not initiate TLS negotiation",
    );
    await using q = await pair({ respond: (c) => (c === "STARTTLS" ? "200 sure\r\n" : undefined) });
    const err = await caught(q.client.starttls(trusting()));
    expect(err.constructor).toBe(NNTPError);
    expect(err.message).toBe("TLS failed to start.");
  });

  it("drops what the server sent in clear after 382 (an injection), and says so at debug level 1", async () => {
    const printed: string[] = [];
    await using p = await pair(
      {
        spool: demoSpool({ bigArticles: 1 }),
        tls: true,
        starttlsInjection: "211 9999 1 9999 injected.group\r\n",
      },
      { debugSink: (t) => printed.push(t) },
    );
    p.client.set_debuglevel(1);
    await p.client.starttls(trusting());
    expect(printed).toContain("*starttls* discarded 32 bytes received in clear\n");
    expect(await p.client.group("local.test")).toEqual(["211 20 1 20 local.test", 20, 1, 20, "local.test"]);
  });
});

describe("NNTP_SSL", () => {
  for (const host of ["127.0.0.1", "::1"]) {
    it(`talks TLS from the first byte (${host})`, async () => {
      await using server = await NNTPServer.open({
        host,
        spool: demoSpool({ bigArticles: 1 }),
        tls: true,
        implicitTLS: true,
      });
      const s = await NNTP_SSL.open(host, server.port, { ssl_context: trusting(), timeout: 10 });
      expect(s.sock).toBeInstanceOf(SSLSocket);
      expect(s.tls_on).toBe(true);
      expect(s.getwelcome()).toMatch(/^200 /);
      expect((await caught(s.starttls(trusting()))).message).toBe("TLS is already enabled.");
      expect((await s.group("local.test"))[3]).toBe(20);
      expect(await s.quit()).toBe("205 Bye!");
      expect(server.connections[0]!.tls).toBe(true);
    });
  }

  it("verifies by default: the test CA is unknown to Node's store", async () => {
    await using server = await NNTPServer.open({ tls: true, implicitTLS: true });
    const err = await caught(NNTP_SSL.open("127.0.0.1", server.port, { timeout: 10 }));
    expect(err).toBeInstanceOf(SSLCertVerificationError);
  });

  it("logs in from open() with user and password", async () => {
    await using server = await NNTPServer.open({
      spool: demoSpool({ bigArticles: 1 }),
      tls: true,
      implicitTLS: true,
    });
    const s = await NNTP_SSL.open("localhost", server.port, {
      ssl_context: trusting(),
      user: "newsreader",
      password: "news-pass",
      timeout: 10,
    });
    expect(s.authenticated).toBe(true);
    await s.quit();
    expect(server.transcript()).toBe(
      "CAPABILITIES\r\nauthinfo user newsreader\r\nauthinfo pass news-pass\r\nCAPABILITIES\r\nQUIT\r\n",
    );
  });
});
