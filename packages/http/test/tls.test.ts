// HTTPSConnection: verification on by default, the test CA trusted explicitly, ALPN http/1.1,
// and set_tunnel() through a CONNECT proxy.
import { CERT_NONE, create_default_context, SSLCertVerificationError } from "@inetlib/socket";
import { HTTPTestServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CA_CERT, SELFSIGNED_CERT, SELFSIGNED_KEY, serverContext } from "../../socket/test/fixtures/certs.js";
import { HTTPConnection, HTTPSConnection } from "../src/index.js";

let tlsServer: HTTPTestServer;
let proxy: HTTPTestServer;

beforeAll(async () => {
  tlsServer = await HTTPTestServer.start({ tls: serverContext() });
  proxy = await HTTPTestServer.start({ proxy: true });
});

afterAll(async () => {
  await tlsServer.close();
  await proxy.close();
});

function trusting() {
  const ctx = create_default_context({ cafile: CA_CERT });
  ctx.set_alpn_protocols(["http/1.1"]);
  return ctx;
}

describe("HTTPSConnection", () => {
  it("verifies the server against the given CA and talks HTTP/1.1 over TLS", async () => {
    const conn = new HTTPSConnection("localhost", tlsServer.port, { context: trusting() });
    await conn.request("GET", "/hello");
    const r = await conn.getresponse();
    expect((await r.read()).toString()).toBe("Hello, world!\n");
    expect(tlsServer.requests.at(-1)!.raw.toString()).toContain(`\r\nHost: localhost:${tlsServer.port}\r\n`);
    await conn.close();
  });

  it("refuses an unknown CA by default (create_default_context)", async () => {
    const conn = new HTTPSConnection("localhost", tlsServer.port);
    const before = tlsServer.requests.length;
    await expect(conn.request("GET", "/hello")).rejects.toBeInstanceOf(SSLCertVerificationError);
    expect(tlsServer.requests.length).toBe(before);
    await conn.close();
  });

  it("refuses a host name the certificate does not name", async () => {
    const wrong = await HTTPTestServer.start({ tls: serverContext(SELFSIGNED_CERT, SELFSIGNED_KEY) });
    try {
      const conn = new HTTPSConnection("localhost", wrong.port, {
        context: create_default_context({ cafile: SELFSIGNED_CERT }),
      });
      const err = await conn.request("GET", "/hello").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SSLCertVerificationError);
      expect((err as Error).message).toMatch(/Hostname mismatch, certificate is not valid for 'localhost'/);
      await conn.close();
    } finally {
      await wrong.close();
    }
  });

  it("check_hostname without verification is a ValueError, as Python's", () => {
    const ctx = create_default_context();
    ctx.check_hostname = false;
    ctx.verify_mode = CERT_NONE;
    expect(() => new HTTPSConnection("localhost", 443, { context: ctx, check_hostname: true })).toThrow(
      "check_hostname needs a SSL context with either CERT_OPTIONAL or CERT_REQUIRED",
    );
  });

  it("tunnels through a CONNECT proxy with set_tunnel and keeps the proxy's reply headers", async () => {
    const conn = new HTTPSConnection("127.0.0.1", proxy.port, { context: trusting() });
    conn.set_tunnel("localhost", tlsServer.port, { "Proxy-Authorization": "Basic eDp5" });
    await conn.request("GET", "/hello");
    const r = await conn.getresponse();
    expect((await r.read()).toString()).toBe("Hello, world!\n");
    const connect = proxy.requests.at(-1)!;
    expect(connect.raw.toString()).toBe(
      `CONNECT localhost:${tlsServer.port} HTTP/1.0\r\nProxy-Authorization: Basic eDp5\r\n\r\n`,
    );
    expect(conn.get_proxy_response_headers()?.get("x-tunnel")).toBe("inetlib");
    expect(tlsServer.requests.at(-1)!.raw.toString()).toContain(`\r\nHost: localhost:${tlsServer.port}\r\n`);
    expect(() => conn.set_tunnel("elsewhere", 1)).toThrow(/established connection/);
    await conn.close();
  });

  it("a refused CONNECT is an OSError naming the proxy's status", async () => {
    const conn = new HTTPConnection("127.0.0.1", proxy.port);
    conn.set_tunnel("192.0.2.1", 80);
    await expect(conn.request("GET", "/")).rejects.toThrow("Tunnel connection failed: 403 Forbidden");
    await conn.close();
  });
});
