// urllib.request against the in-process server: urlopen, Request, redirects, errors, auth,
// proxies, file: and data:, urlretrieve.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConnectionRefusedError,
  create_default_context,
  OSError,
  SSLCertVerificationError,
} from "@inetlib/socket";
import { HTTPTestServer, httpBytes } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CA_CERT, serverContext } from "../../socket/test/fixtures/certs.js";
import {
  build_opener,
  ContentTooShortError,
  CookieJar,
  HTTPBasicAuthHandler,
  HTTPCookieProcessor,
  HTTPDigestAuthHandler,
  HTTPError,
  HTTPPasswordMgrWithDefaultRealm,
  HTTPPasswordMgrWithPriorAuth,
  HTTPRedirectHandler,
  type HTTPResponse,
  HTTPSHandler,
  install_opener,
  ProxyBasicAuthHandler,
  ProxyHandler,
  Request,
  URLError,
  urlcleanup,
  urlopen,
  urlretrieve,
} from "../src/index.js";

let server: HTTPTestServer;
let tlsServer: HTTPTestServer;
let proxy: HTTPTestServer;
let dir: string;

beforeAll(async () => {
  server = await HTTPTestServer.start({
    routes: { "/short": () => ({ raw: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this" }) },
  });
  tlsServer = await HTTPTestServer.start({ tls: serverContext() });
  proxy = await HTTPTestServer.start({ proxy: true });
  dir = await mkdtemp(join(tmpdir(), "inetlib-urllib-"));
});

afterAll(async () => {
  await server.close();
  await tlsServer.close();
  await proxy.close();
  await rm(dir, { recursive: true, force: true });
  await urlcleanup();
});

const trusting = () => create_default_context({ cafile: CA_CERT });

describe("urlopen", () => {
  it("GET: the response, its URL and reason, and the exact request (Connection: close, User-agent)", async () => {
    const r = (await urlopen(server.url("/hello"))) as HTTPResponse;
    expect([r.status, r.reason, r.msg, r.geturl(), r.url]).toEqual([
      200,
      "OK",
      "OK",
      server.url("/hello"),
      server.url("/hello"),
    ]);
    expect(r.info().get("content-type")).toBe("text/plain; charset=utf-8");
    expect((await r.read()).toString()).toBe("Hello, world!\n");
    r.close();
    expect(server.requests.at(-1)!.raw.toString()).toBe(
      `GET /hello HTTP/1.1\r\nAccept-Encoding: identity\r\nHost: 127.0.0.1:${server.port}\r\nUser-Agent: inetlib-urllib/0.1\r\nConnection: close\r\n\r\n`,
    );
  });

  it("POST data: Content-Type defaults to form-urlencoded, Content-Length computed", async () => {
    const r = await urlopen(server.url("/echo"), Buffer.from("a=1"));
    const sent = (await r.read()).toString();
    expect(sent).toMatch(/^POST \/echo HTTP\/1\.1\r\n/);
    expect(sent).toContain("Content-Type: application/x-www-form-urlencoded\r\n");
    expect(sent).toContain("\r\nContent-Length: 3\r\n");
    expect(sent).toMatch(/\r\n\r\na=1$/);
    r.close();
  });

  it("refuses text data as Python does", () => {
    expect(() => new Request(server.url("/echo"), { data: "x" as unknown as Buffer })).toThrow(TypeError);
  });

  it("iterates over the response's lines", async () => {
    const r = await urlopen(server.url("/chunked?n=2"));
    const lines: string[] = [];
    for await (const line of r) lines.push(line.toString());
    expect(lines).toEqual(["chunk 0\n", "chunk 1\n"]);
    r.close();
  });

  it("an unknown scheme is URLError", async () => {
    await expect(urlopen("gopherx://127.0.0.1/")).rejects.toThrow(
      "<urlopen error unknown url type: gopherx>",
    );
  });

  it("a refused connection is URLError whose reason is the socket error", async () => {
    const probe = await HTTPTestServer.start();
    const url = probe.url("/");
    await probe.close();
    const err = (await urlopen(url).catch((e: unknown) => e)) as URLError;
    expect(err).toBeInstanceOf(URLError);
    expect(err).toBeInstanceOf(OSError);
    expect(err.reason).toBeInstanceOf(ConnectionRefusedError);
    expect(err.message).toMatch(/^<urlopen error \[Errno 111\] Connection refused>$/);
  });
});

describe("errors and redirects", () => {
  it("HTTPError for 404: the status, reason, headers and body, and Python's message", async () => {
    const err = (await urlopen(server.url("/status/404")).catch((e: unknown) => e)) as HTTPError;
    expect(err).toBeInstanceOf(HTTPError);
    expect(err).toBeInstanceOf(URLError);
    expect([err.code, err.reason, err.status, err.getcode(), err.geturl()]).toEqual([
      404,
      "Not Found",
      404,
      404,
      server.url("/status/404"),
    ]);
    expect(err.message).toBe("HTTP Error 404: Not Found");
    expect(err.headers.get("content-type")).toMatch(/^text\/plain/);
    expect((await err.read()).toString()).toBe("status 404\n");
    err.close();
  });

  it("follows 301/302/303/307/308 for GET and reports the final URL", async () => {
    for (const code of [301, 302, 303, 307, 308]) {
      const r = await urlopen(server.url(`/redirect/${code}?to=/hello`));
      expect([r.status, r.geturl(), (await r.read()).toString()]).toEqual([
        200,
        server.url("/hello"),
        "Hello, world!\n",
      ]);
      r.close();
    }
  });

  it("turns POST into GET on 303 and drops the content headers; refuses 307 for POST", async () => {
    const r = await urlopen(server.url("/redirect/303?to=/echo"), Buffer.from("x=1"));
    const sent = (await r.read()).toString();
    expect(sent).toMatch(/^GET \/echo HTTP\/1\.1\r\n/);
    expect(sent).not.toMatch(/content-/i);
    r.close();
    const err = (await urlopen(server.url("/redirect/307?to=/echo"), Buffer.from("x=1")).catch(
      (e: unknown) => e,
    )) as HTTPError;
    expect([err.code, err.message]).toEqual([307, "HTTP Error 307: Temporary Redirect"]);
    err.close();
  });

  it("stops a redirect loop and a chain longer than max_redirections", async () => {
    const loop = (await urlopen(server.url("/loop")).catch((e: unknown) => e)) as HTTPError;
    expect(loop.message).toContain("would lead to an infinite loop");
    loop.close();
    const long = (await urlopen(server.url("/redirect-chain/11")).catch((e: unknown) => e)) as HTTPError;
    expect(long).toBeInstanceOf(HTTPError);
    long.close();
    const ok = await urlopen(server.url("/redirect-chain/10"));
    expect(ok.status).toBe(200);
    ok.close();
  });

  it("refuses a redirect to a scheme other than http, https and ftp", async () => {
    const err = (await urlopen(server.url("/redirect/302?to=file:///etc/passwd")).catch(
      (e: unknown) => e,
    )) as HTTPError;
    expect(err.message).toContain("Redirection to url 'file:///etc/passwd' is not allowed");
    err.close();
  });
});

describe("authentication", () => {
  it("answers a Basic challenge from the password manager (default realm)", async () => {
    const mgr = new HTTPPasswordMgrWithDefaultRealm();
    mgr.add_password(null, server.url("/basic/"), "user", "pass");
    const opener = build_opener(new HTTPBasicAuthHandler(mgr));
    const r = await opener.open(server.url("/basic/page"));
    expect((await r.read()).toString()).toBe("hello user:pass\n");
    r.close();
    const sent = server.requests.slice(-2);
    expect(sent[0]!.headers.some(([k]) => k.toLowerCase() === "authorization")).toBe(false);
    expect(sent[1]!.headers).toContainEqual([
      "Authorization",
      `Basic ${Buffer.from("user:pass").toString("base64")}`,
    ]);
  });

  it("a wrong password ends in HTTPError 401", async () => {
    const mgr = new HTTPPasswordMgrWithDefaultRealm();
    mgr.add_password("inetlib", server.url("/"), "user", "wrong");
    const err = (await build_opener(new HTTPBasicAuthHandler(mgr))
      .open(server.url("/basic/x"))
      .catch((e: unknown) => e)) as HTTPError;
    expect(err.code).toBe(401);
    err.close();
  });

  it("sends credentials up front with HTTPPasswordMgrWithPriorAuth", async () => {
    const mgr = new HTTPPasswordMgrWithPriorAuth();
    mgr.add_password(null, server.url("/basic/"), "user", "pass", true);
    const before = server.requests.length;
    const r = await build_opener(new HTTPBasicAuthHandler(mgr)).open(server.url("/basic/y"));
    await r.read();
    r.close();
    expect(server.requests.length - before).toBe(1);
  });

  it("answers a Digest challenge", async () => {
    const handler = new HTTPDigestAuthHandler();
    handler.add_password("inetlib", server.url("/digest/"), "user", "pass");
    const r = await build_opener(handler).open(server.url("/digest/page"));
    expect((await r.read()).toString()).toBe("digest ok user\n");
    r.close();
  });
});

describe("cookies", () => {
  it("HTTPCookieProcessor keeps Set-Cookie and sends it back, across a redirect", async () => {
    const jar = new CookieJar();
    const opener = build_opener(new HTTPCookieProcessor(jar));
    const r = await opener.open(server.url("/cookies/set?session=abc&theme=dark&to=/cookies"));
    expect((await r.read()).toString()).toBe("session=abc; theme=dark\n");
    r.close();
    expect([...jar].map((c) => `${c.name}=${c.value}`)).toEqual(["session=abc", "theme=dark"]);
    expect(jar.length).toBe(2);
    jar.clear("127.0.0.1", "/", "theme");
    const again = await opener.open(server.url("/cookies"));
    expect((await again.read()).toString()).toBe("session=abc\n");
    again.close();
    jar.clear();
    expect(jar.length).toBe(0);
  });
});

describe("proxies", () => {
  it("http through a proxy: the absolute URL goes to the proxy", async () => {
    const opener = build_opener(new ProxyHandler({ http: `http://127.0.0.1:${proxy.port}` }));
    const r = await opener.open(server.url("/hello"));
    expect((await r.read()).toString()).toBe("Hello, world!\n");
    r.close();
    expect(proxy.requests.at(-1)!.target).toBe(server.url("/hello"));
  });

  it("https through a proxy: CONNECT, then TLS verified end to end", async () => {
    const https = build_opener(
      new ProxyHandler({ https: `http://127.0.0.1:${proxy.port}` }),
      new HTTPSHandler(0, trusting()),
    );
    const url = `https://localhost:${tlsServer.port}/hello`;
    const r = await https.open(url);
    expect((await r.read()).toString()).toBe("Hello, world!\n");
    r.close();
    expect(proxy.requests.at(-1)!.raw.toString()).toBe(
      `CONNECT localhost:${tlsServer.port} HTTP/1.0\r\n\r\n`,
    );
  });

  it("proxy credentials: from the proxy URL, or in answer to a 407", async () => {
    const guarded = await HTTPTestServer.start({ proxy: true, proxyAuth: { user: "pu", password: "pp" } });
    try {
      const direct = build_opener(new ProxyHandler({ http: `http://pu:pp@127.0.0.1:${guarded.port}` }));
      const r = await direct.open(server.url("/hello"));
      expect((await r.read()).toString()).toBe("Hello, world!\n");
      r.close();
      expect(guarded.requests.at(-1)!.headers).toContainEqual([
        "Proxy-Authorization",
        `Basic ${Buffer.from("pu:pp").toString("base64")}`,
      ]);
      const mgr = new HTTPPasswordMgrWithDefaultRealm();
      mgr.add_password(null, `127.0.0.1:${guarded.port}`, "pu", "pp");
      const answering = build_opener(
        new ProxyHandler({ http: `http://127.0.0.1:${guarded.port}` }),
        new ProxyBasicAuthHandler(mgr),
      );
      const r2 = await answering.open(server.url("/hello"));
      expect((await r2.read()).toString()).toBe("Hello, world!\n");
      r2.close();
      const refused = (await build_opener(new ProxyHandler({ http: `http://127.0.0.1:${guarded.port}` }))
        .open(server.url("/hello"))
        .catch((e: unknown) => e)) as HTTPError;
      expect(refused.code).toBe(407);
      refused.close();
    } finally {
      await guarded.close();
    }
  });

  it("no_proxy sends matching hosts direct", async () => {
    const saved = process.env.no_proxy;
    process.env.no_proxy = "127.0.0.1";
    try {
      const before = proxy.requests.length;
      const r = await build_opener(new ProxyHandler({ http: `http://127.0.0.1:${proxy.port}` })).open(
        server.url("/hello"),
      );
      await r.read();
      r.close();
      expect(proxy.requests.length).toBe(before);
    } finally {
      if (saved === undefined) delete process.env.no_proxy;
      else process.env.no_proxy = saved;
    }
  });
});

describe("https", () => {
  it("verifies by default: an unknown CA is URLError(SSLCertVerificationError)", async () => {
    const err = (await urlopen(tlsServer.url("/hello")).catch((e: unknown) => e)) as URLError;
    expect(err).toBeInstanceOf(URLError);
    expect(err.reason).toBeInstanceOf(SSLCertVerificationError);
  });

  it("trusts the CA given in a context", async () => {
    const r = await urlopen(`https://localhost:${tlsServer.port}/hello`, null, 10, { context: trusting() });
    expect((await r.read()).toString()).toBe("Hello, world!\n");
    r.close();
  });
});

describe("file: and data:", () => {
  it("data: URLs, plain and base64", async () => {
    const r = await urlopen("data:text/plain;charset=utf-8,hello%20world");
    expect([(await r.read()).toString(), r.info().get("Content-type")]).toEqual([
      "hello world",
      "text/plain;charset=utf-8",
    ]);
    const b = await urlopen(`data:;base64,${Buffer.from("binary!").toString("base64")}`);
    expect([(await b.read()).toString(), b.info().get("content-type")]).toEqual([
      "binary!",
      "text/plain;charset=US-ASCII",
    ]);
    await expect(urlopen("data:nocomma")).rejects.toBeInstanceOf(URLError);
  });

  it("file: URLs stream the file with its length and type", async () => {
    const path = join(dir, "note.txt");
    await writeFile(path, "line one\nline two\n");
    const r = await urlopen(`file://${path}`);
    expect(r.info().get("Content-length")).toBe("18");
    expect(r.info().get("Content-type")).toBe("text/plain");
    expect((await r.readline()).toString()).toBe("line one\n");
    expect((await r.read()).toString()).toBe("line two\n");
    r.close();
    await expect(urlopen(`file://${join(dir, "missing")}`)).rejects.toBeInstanceOf(URLError);
    await expect(urlopen("file://elsewhere.test/etc/passwd")).rejects.toThrow(
      "<urlopen error file not on local host>",
    );
  });
});

describe("urlretrieve", () => {
  it("copies to a file and reports each block", async () => {
    const size = 20000;
    const target = join(dir, "out.bin");
    const calls: Array<[number, number, number]> = [];
    const [name, headers] = await urlretrieve(server.url(`/bytes/${size}`), target, (b, bs, total) =>
      calls.push([b, bs, total]),
    );
    expect(name).toBe(target);
    expect(headers.get("content-length")).toBe(String(size));
    expect((await readFile(target)).equals(httpBytes(0, size))).toBe(true);
    expect(calls[0]).toEqual([0, 8192, size]);
    expect(calls.at(-1)![0]).toBe(calls.length - 1);
    expect(calls.length).toBeGreaterThanOrEqual(4);
  });

  it("ContentTooShortError when the body stops short", async () => {
    const err = (await urlretrieve(server.url("/short"), join(dir, "short.bin")).catch(
      (e: unknown) => e,
    )) as ContentTooShortError;
    expect(err).toBeInstanceOf(ContentTooShortError);
    expect(err.message).toBe("<urlopen error retrieval incomplete: got only 9 out of 100 bytes>");
  });

  it("without a filename, writes a temporary file", async () => {
    const [name] = await urlretrieve(server.url("/hello"));
    expect((await readFile(name)).toString()).toBe("Hello, world!\n");
  });
});

describe("Request and the opener", () => {
  it("Request keeps Python's header and URL rules", () => {
    const req = new Request("http://127.0.0.1:1/path?q=1#frag", { headers: { "x-ONE": "1" } });
    expect([req.type, req.host, req.selector, req.fragment, req.full_url]).toEqual([
      "http",
      "127.0.0.1:1",
      "/path?q=1",
      "frag",
      "http://127.0.0.1:1/path?q=1#frag",
    ]);
    expect(req.headers).toEqual({ "X-one": "1" });
    expect(req.has_header("X-one")).toBe(true);
    expect(req.get_method()).toBe("GET");
    req.data = Buffer.from("d");
    expect(req.get_method()).toBe("POST");
    req.add_unredirected_header("content-LENGTH", "1");
    expect(req.header_items()).toEqual([
      ["Content-length", "1"],
      ["X-one", "1"],
    ]);
    req.data = Buffer.from("other");
    expect(req.has_header("Content-length")).toBe(false);
    req.set_proxy("proxy.test:3128", "http");
    expect([req.host, req.selector, req.has_proxy()]).toEqual([
      "proxy.test:3128",
      "http://127.0.0.1:1/path?q=1#frag",
      true,
    ]);
    expect(() => new Request("no-scheme")).toThrow("unknown url type: 'no-scheme'");
  });

  it("a handler subclass replaces the default one; install_opener makes urlopen use an opener", async () => {
    class NoRedirect extends HTTPRedirectHandler {
      override redirect_request(): null {
        return null;
      }
    }
    const opener = build_opener(NoRedirect);
    expect(opener.handlers.filter((h) => h instanceof HTTPRedirectHandler).length).toBe(1);
    install_opener(opener);
    try {
      const err = (await urlopen(server.url("/redirect/302")).catch((e: unknown) => e)) as HTTPError;
      expect(err.code).toBe(302);
      err.close();
    } finally {
      install_opener(null);
    }
  });
});
