// @inetlib/http against nginx and Python's xmlrpc.server as test/daemons/up.sh configures
// them (see test/daemons/README.md): http.client over HTTP and HTTPS (verified against the
// project CA, ALPN http/1.1 although nginx offers h2), keep-alive, the 100 MB file in constant
// memory checked against its sha256, basic auth, redirects and errors through urllib, and
// XML-RPC directly and through nginx's /RPC2 proxy.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Binary,
  build_opener,
  type Fault,
  HTTPBasicAuthHandler,
  HTTPConnection,
  HTTPError,
  HTTPPasswordMgrWithDefaultRealm,
  HTTPSConnection,
  HTTPSHandler,
  MultiCall,
  ServerProxy,
  urlopen,
} from "@inetlib/http";
import { create_default_context, SSLCertVerificationError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, host6, paths, ports, seeded, tlsServername, users } from "./env.js";

const ctx = () => create_default_context({ cafile: paths.ca });
const http = `http://${host}:${ports.http}`;
const https = `https://${tlsServername}:${ports.https}`;

describe("http.client against nginx", () => {
  it("GET over HTTP on v4 and v6, with keep-alive reuse of one connection", async () => {
    for (const h of [host, host6]) {
      const conn = new HTTPConnection(h, ports.http, { timeout: 30 });
      const ports_: number[] = [];
      for (let i = 0; i < 3; i++) {
        await conn.request("GET", "/hello.txt");
        const r = await conn.getresponse();
        expect([r.status, r.reason]).toEqual([200, "OK"]);
        expect(r.getheader("Server")).toMatch(/^nginx/);
        expect((await r.read()).toString()).toBe("Hello, world!\r\n");
        ports_.push(conn.sock!.localPort!);
      }
      expect(new Set(ports_).size).toBe(1);
      await conn.close();
    }
  });

  it("the request line and method reach nginx as sent (/echo)", async () => {
    const conn = new HTTPConnection(host, ports.http, { timeout: 30 });
    await conn.request("DELETE", "/echo?x=1");
    const r = await conn.getresponse();
    expect((await r.read()).toString()).toBe("DELETE /echo?x=1 HTTP/1.1\n");
    await conn.close();
  });

  it("HTTPS verified against the project CA, speaking HTTP/1.1 where nginx offers h2", async () => {
    const conn = new HTTPSConnection(tlsServername, ports.https, { context: ctx(), timeout: 30 });
    await conn.request("GET", "/data.json");
    const r = await conn.getresponse();
    expect(JSON.parse((await r.read()).toString())).toEqual({ name: "inetlib", ok: true, n: 42 });
    await conn.close();
    const sslctx = ctx();
    sslctx.set_alpn_protocols(["http/1.1"]);
    const v6 = new HTTPSConnection(host6, ports.https, { context: sslctx, timeout: 30 });
    await v6.request("GET", "/hello.txt");
    expect((await (await v6.getresponse()).read()).toString()).toBe("Hello, world!\r\n");
    await v6.close();
  });

  it("refuses HTTP/2 when a context offers h2 and nginx picks it", async () => {
    const h2 = ctx();
    h2.set_alpn_protocols(["h2", "http/1.1"]);
    const conn = new HTTPSConnection(tlsServername, ports.https, { context: h2, timeout: 30 });
    await expect(conn.request("GET", "/hello.txt")).rejects.toThrow(/HTTP\/2/);
    await conn.close();
  });

  it("refuses nginx's certificate without the project CA (verification on by default)", async () => {
    const conn = new HTTPSConnection(tlsServername, ports.https, { timeout: 30 });
    await expect(conn.request("GET", "/hello.txt")).rejects.toBeInstanceOf(SSLCertVerificationError);
    await conn.close();
  });

  it("streams the 100 MB file in constant memory and matches its sha256", async () => {
    const want = readFileSync(join(paths.www, "big", "100mb.bin.sha256"), "latin1").split(/\s+/)[0];
    const conn = new HTTPConnection(host, ports.http, { timeout: 60 });
    await conn.request("GET", "/big/100mb.bin");
    const r = await conn.getresponse();
    expect(r.length).toBe(seeded.bigFileBytes);
    const hash = createHash("sha256");
    const buf = Buffer.alloc(1 << 20);
    let total = 0;
    let peak = 0;
    const rss0 = process.memoryUsage().rss;
    for (let n = await r.readinto(buf); n > 0; n = await r.readinto(buf)) {
      hash.update(buf.subarray(0, n));
      total += n;
      if ((total & ((16 << 20) - 1)) < n) peak = Math.max(peak, process.memoryUsage().rss - rss0);
    }
    expect(total).toBe(seeded.bigFileBytes);
    expect(hash.digest("hex")).toBe(want);
    // Constant memory: the process grew by far less than the file.
    expect(peak).toBeLessThan(64 * 1024 * 1024);
    expect(r.isclosed()).toBe(true);
    await conn.close();
  });

  it("a range request and HEAD", async () => {
    const conn = new HTTPConnection(host, ports.http, { timeout: 30 });
    await conn.request("GET", "/big/100mb.bin", null, { Range: "bytes=0-15" });
    const part = await conn.getresponse();
    expect(part.status).toBe(206);
    expect((await part.read()).length).toBe(16);
    await conn.request("HEAD", "/big/100mb.bin");
    const head = await conn.getresponse();
    expect(head.getheader("Content-Length")).toBe(String(seeded.bigFileBytes));
    expect((await head.read()).length).toBe(0);
    await conn.close();
  });

  it("Expect: 100-continue as Python sends it: nginx's 100 Continue is skipped (XML-RPC through /RPC2)", async () => {
    const trace: string[] = [];
    const conn = new HTTPConnection(host, ports.http, { timeout: 30, debugSink: (t) => trace.push(t) });
    conn.set_debuglevel(1);
    const body = Buffer.from(
      "<?xml version='1.0'?>\n<methodCall>\n<methodName>system.listMethods</methodName>\n<params>\n</params>\n</methodCall>\n",
    );
    await conn.request("POST", "/RPC2", body, { "Content-Type": "text/xml", Expect: "100-continue" });
    const r = await conn.getresponse();
    expect(r.status).toBe(200);
    expect((await r.read()).toString()).toContain("<methodResponse>");
    // nginx answered the Expect with an interim 100 before the real response.
    expect(trace).toContain("reply: 'HTTP/1.1 100 Continue\\r\\n'\n");
    await conn.close();
  });
});

describe("urllib.request against nginx", () => {
  it("follows nginx's redirect and reports the final URL", async () => {
    const r = await urlopen(`${http}/redirect`, null, 30);
    expect([r.status, r.geturl(), (await r.read()).toString()]).toEqual([
      200,
      `${http}/hello.txt`,
      "Hello, world!\r\n",
    ]);
    r.close();
  });

  it("HTTPError for a 404 with nginx's body", async () => {
    const err = (await urlopen(`${http}/status/404`, null, 30).catch((e: unknown) => e)) as HTTPError;
    expect(err).toBeInstanceOf(HTTPError);
    expect([err.code, (await err.read()).toString()]).toEqual([404, "not found\n"]);
    err.close();
  });

  it("basic auth on /private/ over HTTP and HTTPS", async () => {
    for (const base of [http, https]) {
      const mgr = new HTTPPasswordMgrWithDefaultRealm();
      mgr.add_password(null, base, users.http.user, users.http.password);
      const opener = build_opener(new HTTPBasicAuthHandler(mgr), new HTTPSHandler(0, ctx()));
      const r = await opener.open(`${base}/private/secret.txt`, null, 30);
      expect((await r.read()).toString()).toBe("top secret\n");
      r.close();
    }
  });
});

describe("xmlrpc.client against Python's xmlrpc.server", () => {
  for (const [label, uri] of [
    ["directly", `http://${host}:${ports.xmlrpc}/RPC2`],
    ["through nginx over HTTP", `${http}/RPC2`],
    ["through nginx over HTTPS", `${https}/RPC2`],
  ] as const) {
    it(`calls, faults and multicall ${label}`, async () => {
      await using proxy = new ServerProxy(uri, { context: ctx(), allow_none: true, timeout: 30 });
      expect(await proxy.add!(2, 3)).toBe(5);
      expect(await proxy.echo!({ list: [1, 2.5, "gr\u00fc\u00dfe", null, true] })).toEqual({
        list: [1, 2.5, "gr\u00fc\u00dfe", null, true],
      });
      expect(
        ((await proxy.bytes!(1000)) as Binary).data.equals(
          Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256)),
        ),
      ).toBe(true);
      const fault = (await proxy.fail!(42, "no such thing").catch((e: unknown) => e)) as Fault;
      expect([fault.faultCode, fault.faultString]).toEqual([42, "no such thing"]);
      const multi = new MultiCall(proxy);
      multi.add!(1, 2);
      multi.echo!("x");
      expect([...(await multi())]).toEqual([3, "x"]);
      expect(await proxy.system!.listMethods!()).toContain("now");
    });
  }
});
