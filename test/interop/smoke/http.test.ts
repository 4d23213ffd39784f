import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import type { TLSSocket } from "node:tls";
import { describe, expect, it } from "vitest";
import { caCert, host, host6, ports, seeded, tlsServername, users } from "../env.js";

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  authorized?: boolean;
}

function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Res> {
  const mod = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: opts.method ?? "GET",
        headers: opts.headers,
        ca: caCert(),
        servername: tlsServername,
        agent: false,
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            authorized: (res.socket as TLSSocket).authorized,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

const xmlAdd = `<?xml version="1.0"?>
<methodCall><methodName>add</methodName><params>
<param><value><int>2</int></value></param><param><value><int>3</int></value></param>
</params></methodCall>`;

describe("nginx", () => {
  it("serves a static file over HTTP", async () => {
    const r = await request(`http://${host}:${ports.http}/hello.txt`);
    expect(r.status).toBe(200);
    expect(r.headers.server).toMatch(/^nginx/);
    expect(r.body.toString()).toBe("Hello, world!\r\n");
  });

  it("serves HTTPS with a certificate that verifies against the project CA (v4 and v6)", async () => {
    for (const h of [host, `[${host6}]`]) {
      const r = await request(`https://${h}:${ports.https}/data.json`);
      expect(r.status).toBe(200);
      expect(r.authorized).toBe(true);
      expect(JSON.parse(r.body.toString())).toEqual({ name: "inetlib", ok: true, n: 42 });
    }
  });

  it("speaks HTTP/2 over TLS (ALPN h2)", async () => {
    const session = http2.connect(`https://${host}:${ports.https}`, {
      ca: caCert(),
      servername: tlsServername,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        session.once("connect", () => resolve());
        session.once("error", reject);
      });
      expect(session.alpnProtocol).toBe("h2");
      const body = await new Promise<string>((resolve, reject) => {
        const req = session.request({ ":path": "/hello.txt" });
        let data = "";
        req.setEncoding("utf8");
        req.on("response", (h) => expect(h[":status"]).toBe(200));
        req.on("data", (d: string) => {
          data += d;
        });
        req.on("end", () => resolve(data));
        req.on("error", reject);
        req.end();
      });
      expect(body).toBe("Hello, world!\r\n");
    } finally {
      session.close();
    }
  });

  it("has the 100 MB file (HEAD and a range)", async () => {
    const head = await request(`http://${host}:${ports.http}/big/100mb.bin`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers["content-length"])).toBe(seeded.bigFileBytes);
    const part = await request(`http://${host}:${ports.http}/big/100mb.bin`, {
      headers: { Range: "bytes=0-15" },
    });
    expect(part.status).toBe(206);
    expect(part.body.length).toBe(16);
  });

  it("protects /private/ with basic auth", async () => {
    const url = `http://${host}:${ports.http}/private/secret.txt`;
    expect((await request(url)).status).toBe(401);
    const auth = Buffer.from(`${users.http.user}:${users.http.password}`).toString("base64");
    const r = await request(url, { headers: { Authorization: `Basic ${auth}` } });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe("top secret\n");
  });

  it("proxies XML-RPC at /RPC2 (HTTP and HTTPS) to the python server", async () => {
    for (const base of [
      `http://${host}:${ports.http}`,
      `https://${host}:${ports.https}`,
      `http://${host}:${ports.xmlrpc}`,
    ]) {
      const r = await request(`${base}/RPC2`, {
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
