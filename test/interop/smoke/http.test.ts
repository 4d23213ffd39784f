import { describe, expect, it } from "vitest";
import { host, host6, ports, seeded, users } from "../env.js";
import { type HttpRequest, type HttpResponse, h2Get, httpRequest } from "./http-wire.js";

const xmlAdd = `<?xml version="1.0"?>
<methodCall><methodName>add</methodName><params>
<param><value><int>2</int></value></param><param><value><int>3</int></value></param>
</params></methodCall>`;

const get = (port: number, path: string, more: Partial<HttpRequest> = {}): Promise<HttpResponse> =>
  httpRequest({ port, path, ...more });

describe("nginx", () => {
  it("serves a static file over HTTP", async () => {
    const r = await get(ports.http, "/hello.txt");
    expect(r.status).toBe(200);
    expect(r.headers.get("server")).toMatch(/^nginx/);
    expect(r.body.toString()).toBe("Hello, world!\r\n");
  });

  it("serves HTTPS with a certificate that verifies against the project CA (v4 and v6)", async () => {
    for (const h of [host, host6]) {
      const r = await get(ports.https, "/data.json", { host: h, tls: true });
      expect(r.status).toBe(200);
      expect(r.ssl?._tls.authorized).toBe(true);
      expect(r.peer[0]).toBe(h);
      expect(JSON.parse(r.body.toString())).toEqual({ name: "inetlib", ok: true, n: 42 });
    }
  });

  it("speaks HTTP/2 over TLS (ALPN h2)", async () => {
    const r = await h2Get(ports.https, "/hello.txt");
    expect(r.alpn).toBe("h2");
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe("Hello, world!\r\n");
  });

  it("has the 100 MB file (HEAD and a range)", async () => {
    const head = await get(ports.http, "/big/100mb.bin", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBe(seeded.bigFileBytes);
    expect(head.body.length).toBe(0);
    const part = await get(ports.http, "/big/100mb.bin", { headers: { Range: "bytes=0-15" } });
    expect(part.status).toBe(206);
    expect(part.body.length).toBe(16);
    expect(part.headers.get("content-range")).toBe(`bytes 0-15/${seeded.bigFileBytes}`);
  });

  it("protects /private/ with basic auth", async () => {
    expect((await get(ports.http, "/private/secret.txt")).status).toBe(401);
    const auth = Buffer.from(`${users.http.user}:${users.http.password}`).toString("base64");
    const r = await get(ports.http, "/private/secret.txt", { headers: { Authorization: `Basic ${auth}` } });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe("top secret\n");
  });

  it("proxies XML-RPC at /RPC2 (HTTP and HTTPS) to the python server", async () => {
    for (const target of [
      { port: ports.http, tls: false },
      { port: ports.https, tls: true },
      { port: ports.xmlrpc, tls: false },
    ]) {
      const r = await httpRequest({
        ...target,
        path: "/RPC2",
        method: "POST",
        headers: { "Content-Type": "text/xml" },
        body: xmlAdd,
      });
      expect(r.status).toBe(200);
      expect(r.body.toString()).toMatch(
        /<methodResponse>\s*<params>\s*<param>\s*<value><int>5<\/int><\/value>/,
      );
    }
  });
});
