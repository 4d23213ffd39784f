// http.client against the in-process server: the exact bytes sent, responses read every way,
// keep-alive, the state machine, and every error path.
import { getEventListeners } from "node:events";
import { create_server, pyrepr, TimeoutError, ValueError } from "@inetlib/socket";
import { HTTPTestServer, httpBytes, type Reply } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BadStatusLine,
  CannotSendHeader,
  CannotSendRequest,
  HTTPConnection,
  HTTPException,
  IncompleteRead,
  InvalidURL,
  LineTooLong,
  NotConnected,
  RemoteDisconnected,
  ResponseNotReady,
} from "../src/index.js";

let server: HTTPTestServer;
const raw = (r: Reply) => () => r;

beforeAll(async () => {
  server = await HTTPTestServer.start({
    routes: {
      "/no-response": raw({ raw: "" }),
      "/http10": raw({ raw: "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nold school\n" }),
      "/garbage": raw({ raw: "garbage\r\n\r\n" }),
      "/short": raw({ raw: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello" }),
      "/short-chunked": raw({
        raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nwor",
      }),
      "/continue": raw({
        raw: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
      }),
      "/early-hints": raw({
        raw: "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        keepOpen: true,
      }),
      "/long-header": raw({
        raw: `HTTP/1.1 200 OK\r\nX-Long: ${"a".repeat(70000)}\r\nContent-Length: 0\r\n\r\n`,
      }),
      "/lines": raw({
        raw: "HTTP/1.1 200 OK\r\nContent-Length: 19\r\n\r\none\ntwo\r\nthree\nfour",
        keepOpen: true,
      }),
      "/mixed-case": raw({
        raw: "HTTP/1.1 201 Made It\r\nx-lower: 1\r\nX-UPPER: 2\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n",
        keepOpen: true,
      }),
    },
  });
});

afterAll(async () => {
  await server.close();
});

function lastRequest(): string {
  return server.requests.at(-1)!.raw.toString("latin1");
}

async function fetchOnce(path: string, method = "GET"): Promise<{ conn: HTTPConnection; body: Buffer }> {
  const conn = new HTTPConnection("127.0.0.1", server.port, { timeout: 10 });
  await conn.request(method, path);
  const r = await conn.getresponse();
  return { conn, body: await r.read() };
}

describe("request bytes (golden)", () => {
  it("GET: request line, Host, Accept-Encoding, as Python sends them", async () => {
    const { conn, body } = await fetchOnce("/hello");
    expect(body.toString()).toBe("Hello, world!\n");
    expect(lastRequest()).toBe(
      `GET /hello HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAccept-Encoding: identity\r\n\r\n`,
    );
    await conn.close();
  });

  it("POST with bytes: Content-Length computed and sent before the caller's fields, as Python", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("POST", "/echo", Buffer.from("a=1&b=2"), { "Content-Type": "text/plain", "X-Two": 2 });
    const r = await conn.getresponse();
    expect((await r.read()).toString("latin1")).toBe(
      `POST /echo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAccept-Encoding: identity\r\n` +
        "Content-Length: 7\r\nContent-Type: text/plain\r\nX-Two: 2\r\n\r\na=1&b=2",
    );
    await conn.close();
  });

  it("text bodies go out as latin-1 and a non-latin-1 body is refused before sending", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("PUT", "/echo", "caf\u00e9");
    const r = await conn.getresponse();
    const echoed = await r.read();
    expect(echoed.subarray(-4)).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const before = server.requests.length;
    await expect(conn.request("PUT", "/echo", "\u65e5")).rejects.toThrow(/Latin-1/);
    expect(server.requests.length).toBe(before);
    await conn.close();
  });

  it("an iterable body is sent chunked, empty pieces skipped, as Python", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("POST", "/echo", [Buffer.from("abc"), Buffer.alloc(0), Buffer.from("defgh")]);
    const r = await conn.getresponse();
    await r.read();
    const got = server.requests.at(-1)!;
    expect(got.body.toString()).toBe("abcdefgh");
    expect(got.raw.toString("latin1")).toBe(
      `POST /echo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAccept-Encoding: identity\r\n` +
        "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n5\r\ndefgh\r\n0\r\n\r\n",
    );
    await conn.close();
  });

  it("putrequest/putheader/endheaders, then send() completes a Content-Length body", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    conn.putrequest("POST", "/echo", { skip_accept_encoding: true });
    conn.putheader("Content-Length", 10);
    conn.putheader("X-Multi", "a", "b");
    await conn.endheaders(Buffer.from("01234"));
    await conn.send(Buffer.from("56789"));
    const r = await conn.getresponse();
    const sent = (await r.read()).toString("latin1");
    expect(sent).toBe(
      `POST /echo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: 10\r\nX-Multi: a\r\n\tb\r\n\r\n0123456789`,
    );
    await conn.close();
  });

  it("skip_host with an explicit Host sends the caller's value; absolute URLs give Host from the URL", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/hello", null, { Host: "example.test" });
    await (await conn.getresponse()).read();
    expect(lastRequest()).toContain("\r\nHost: example.test\r\n");
    conn.putrequest("GET", "http://proxied.test:8080/x");
    await conn.endheaders();
    await (await conn.getresponse()).read();
    expect(lastRequest()).toMatch(
      /^GET http:\/\/proxied\.test:8080\/x HTTP\/1\.1\r\nHost: proxied\.test:8080\r\n/,
    );
    await conn.close();
  });
});

describe("validation before a byte is sent", () => {
  it("refuses control characters in the method, URL, header names and values", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    const before = server.connections;
    expect(() => conn.putrequest("GET\r\nX: y", "/")).toThrow(ValueError);
    expect(() => conn.putrequest("GET", "/a b")).toThrow(InvalidURL);
    expect(() => conn.putrequest("GET", "/a\r\nX-Injected: 1")).toThrow(
      /URL can't contain control characters/,
    );
    conn.putrequest("GET", "/");
    expect(() => conn.putheader("Bad:Name", "x")).toThrow(/Invalid header name/);
    expect(() => conn.putheader("X-Ok", "value\r\nX-Injected: 1")).toThrow(/Invalid header value/);
    expect(() => conn.putheader("X-Ok", "\u2713")).toThrow(/latin-1/);
    await conn.close();
    expect(() => new HTTPConnection("bad host\r\n", 80)).toThrow(InvalidURL);
    expect(() => new HTTPConnection("127.0.0.1:http")).toThrow("nonnumeric port: 'http'");
    expect(server.connections).toBe(before);
  });

  it("refuses the messages Python does, word for word", () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    expect(() => conn.putrequest("GET\n", "/")).toThrow(
      "method can't contain control characters. 'GET\\n' (found at least '\\n')",
    );
    expect(() => conn.putrequest("GET", "/\x7f")).toThrow(
      "URL can't contain control characters. '/\\x7f' (found at least '\\x7f')",
    );
  });

  it("splits host:port and [v6]:port as Python", () => {
    const a = new HTTPConnection("127.0.0.1:8080");
    expect([a.host, a.port]).toEqual(["127.0.0.1", 8080]);
    const b = new HTTPConnection("[::1]:81");
    expect([b.host, b.port]).toEqual(["::1", 81]);
    const c = new HTTPConnection("example.test:");
    expect([c.host, c.port]).toEqual(["example.test", 80]);
  });
});

describe("responses", () => {
  it("status, reason, headers in wire order and case, getheader joins repeats", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/mixed-case");
    const r = await conn.getresponse();
    expect([r.status, r.code, r.reason, r.version, r.getcode()]).toEqual([201, 201, "Made It", 11, 201]);
    expect(r.getheaders()).toEqual([
      ["x-lower", "1"],
      ["X-UPPER", "2"],
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
      ["Content-Length", "0"],
    ]);
    expect(r.getheader("set-cookie")).toBe("a=1, b=2");
    expect(r.getheader("x-missing", "dflt")).toBe("dflt");
    expect(r.headers.get_all("SET-COOKIE")).toEqual(["a=1", "b=2"]);
    expect(r.msg).toBe(r.headers);
    expect(r.info()).toBe(r.headers);
    expect([r.chunked, r.length, r.will_close]).toEqual([false, 0, false]);
    expect(await r.read()).toEqual(Buffer.alloc(0));
    expect(r.isclosed()).toBe(true);
    await conn.close();
  });

  it("read(amt), read1, peek, readline and readinto on a Content-Length body", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/lines");
    const r = await conn.getresponse();
    expect(r.length).toBe(19);
    expect((await r.peek()).toString()).toBe("one\ntwo\r\nthree\nfour");
    expect((await r.readline()).toString()).toBe("one\n");
    expect((await r.readline(2)).toString()).toBe("tw");
    expect((await r.read(3)).toString()).toBe("o\r\n");
    expect(r.length).toBe(10);
    const b = Buffer.alloc(4);
    expect(await r.readinto(b)).toBe(4);
    expect(b.toString()).toBe("thre");
    expect((await r.read1(100)).toString()).toBe("e\nfour");
    expect(r.length).toBe(0);
    expect(r.isclosed()).toBe(true);
    expect(await r.read()).toEqual(Buffer.alloc(0));
    await conn.close();
  });

  it("a chunked body: read(amt) across chunks, iteration by lines", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/chunked?n=3");
    const r = await conn.getresponse();
    expect([r.chunked, r.length]).toEqual([true, null]);
    expect((await r.read(10)).toString()).toBe("chunk 0\nch");
    const lines: string[] = [];
    for await (const line of r) lines.push(line.toString());
    expect(lines).toEqual(["unk 1\n", "chunk 2\n"]);
    expect(r.isclosed()).toBe(true);
    await conn.close();
  });

  it("a body read to close (no length) sets will_close", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/until-close");
    const r = await conn.getresponse();
    expect([r.will_close, r.length, r.chunked]).toEqual([true, null, false]);
    expect((await r.read()).toString()).toBe("body until close\n");
    expect(conn.sock).toBeNull();
    await conn.close();
  });

  it("HEAD: an empty body whatever the Content-Length", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("HEAD", "/head-bytes?size=50");
    const r = await conn.getresponse();
    expect(r.getheader("Content-Length")).toBe("50");
    expect(r.length).toBe(0);
    expect(await r.read()).toEqual(Buffer.alloc(0));
    expect(r.isclosed()).toBe(true);
    await conn.request("GET", "/hello");
    expect((await (await conn.getresponse()).read()).toString()).toBe("Hello, world!\n");
    await conn.close();
  });

  it("a large body reads in constant memory with readinto", async () => {
    const size = 20 * 1024 * 1024 + 7;
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", `/bytes/${size}`);
    const r = await conn.getresponse();
    const buf = Buffer.alloc(1 << 20);
    let total = 0;
    let ok = true;
    for (;;) {
      const n = await r.readinto(buf);
      if (n === 0) break;
      if (!buf.subarray(0, n).equals(httpBytes(total, n))) ok = false;
      total += n;
    }
    expect(total).toBe(size);
    expect(ok).toBe(true);
    expect(r.isclosed()).toBe(true);
    await conn.close();
  });

  it("a reply written one byte at a time reads the same (headers, chunked body, lines)", async () => {
    const text =
      "HTTP/1.1 200 OK\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab\nc\r\n3;ext=1\r\nd\ne\r\n0\r\nX-Trailer: t\r\n\r\n";
    const slow = await HTTPTestServer.start({
      routes: { "/slow": () => ({ raw: text, pieceSize: 1, keepOpen: true }) },
    });
    try {
      const conn = new HTTPConnection("127.0.0.1", slow.port);
      await conn.request("GET", "/slow");
      const r = await conn.getresponse();
      expect(r.getheaders()).toEqual([
        ["X-A", "1"],
        ["Transfer-Encoding", "chunked"],
      ]);
      const lines: string[] = [];
      for await (const line of r) lines.push(line.toString());
      expect(lines).toEqual(["ab\n", "cd\n", "e"]);
      await conn.close();
    } finally {
      await slow.close();
    }
  });

  it("source_address binds the local end", async () => {
    // 127.0.0.2 and a chosen port, checked on the server's side: what it sees is what was bound.
    const probe = await create_server(["127.0.0.2", 0]);
    const port = (probe.getsockname() as [string, number])[1];
    await probe.close();
    const conn = new HTTPConnection("127.0.0.1", server.port, { source_address: ["127.0.0.2", port] });
    await conn.request("GET", "/hello");
    await (await conn.getresponse()).read();
    expect(conn.sock).not.toBeNull();
    expect(conn.sock!.localAddress).toBe("127.0.0.2");
    expect(server.requests.at(-1)!.peerPort).toBe(port);
    await conn.close();
  });

  it("chunks() streams the body as it arrives", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/bytes/300000?chunked=1");
    const r = await conn.getresponse();
    let total = 0;
    for await (const c of r.chunks()) total += c.length;
    expect(total).toBe(300000);
    await conn.close();
  });
});

describe("keep-alive and the state machine", () => {
  it("reuses one connection for consecutive requests", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      await conn.request("GET", "/hello");
      await (await conn.getresponse()).read();
      ids.push(server.requests.at(-1)!.connection);
    }
    expect(new Set(ids).size).toBe(1);
    await conn.close();
  });

  it("opens a new connection after a response that closes", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/close");
    const r = await conn.getresponse();
    expect(r.will_close).toBe(true);
    await r.read();
    const first = server.requests.at(-1)!.connection;
    await conn.request("GET", "/hello");
    await (await conn.getresponse()).read();
    expect(server.requests.at(-1)!.connection).not.toBe(first);
    await conn.close();
  });

  it("CannotSendRequest, CannotSendHeader and ResponseNotReady as Python", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    expect(() => conn.putheader("X", "1")).toThrow(CannotSendHeader);
    await expect(conn.endheaders()).rejects.toThrow(CannotSendHeader);
    await expect(conn.getresponse()).rejects.toThrow(ResponseNotReady);
    conn.putrequest("GET", "/hello");
    expect(() => conn.putrequest("GET", "/hello")).toThrow(new CannotSendRequest("Request-started"));
    await conn.endheaders();
    expect(() => conn.putrequest("GET", "/")).toThrow("Request-sent");
    const r = await conn.getresponse();
    await conn.request("GET", "/hello");
    await expect(conn.getresponse()).rejects.toThrow(ResponseNotReady);
    await r.read();
    expect((await (await conn.getresponse()).read()).toString()).toBe("Hello, world!\n");
    await conn.close();
  });

  it("NotConnected when auto_open is off and the connection is closed", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    conn.auto_open = 0;
    const before = server.connections;
    await expect(conn.request("GET", "/hello")).rejects.toBeInstanceOf(NotConnected);
    expect(server.connections).toBe(before);
    await conn.close();
  });

  it("reads an HTTP/1.0 reply without a length to the close", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/http10");
    const r = await conn.getresponse();
    expect([r.status, r.will_close, r.length]).toEqual([200, true, null]);
    expect((await r.read()).toString()).toBe("old school\n");
    await conn.close();
  });

  it("send() writes bytes as they are, opening the connection first (auto_open), as Python's", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    const before = server.requests.length;
    await conn.send(Buffer.from("GET /hello HTTP/1.1\r\nHost: raw.test\r\n\r\n"));
    while (server.requests.length === before) await new Promise((r) => setTimeout(r, 10));
    expect(lastRequest()).toBe("GET /hello HTTP/1.1\r\nHost: raw.test\r\n\r\n");
    await conn.close();
    conn.auto_open = 0;
    await expect(conn.send(Buffer.from("x"))).rejects.toThrow(NotConnected);
  });
});

describe("errors", () => {
  it("RemoteDisconnected when the server closes without a response (an OSError and a BadStatusLine)", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/no-response");
    const err = await conn.getresponse().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteDisconnected);
    expect(err).toBeInstanceOf(BadStatusLine);
    expect(err).toBeInstanceOf(HTTPException);
    expect(err).toHaveProperty("errno", null);
    expect((err as Error).message).toBe("Remote end closed connection without response");
    await conn.close();
  });

  it("BadStatusLine for a status line that is not HTTP", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/garbage");
    await expect(conn.getresponse()).rejects.toThrow(BadStatusLine);
    await conn.close();
  });

  it("IncompleteRead from read() when the body stops short of Content-Length; read(amt) returns short", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/short");
    const r = await conn.getresponse();
    const err = (await r.read().catch((e: unknown) => e)) as IncompleteRead;
    expect(err).toBeInstanceOf(IncompleteRead);
    expect(err.partial.toString()).toBe("hello");
    expect(err.expected).toBe(5);
    expect(err.message).toBe("IncompleteRead(5 bytes read, 5 more expected)");
    await conn.close();
    const conn2 = new HTTPConnection("127.0.0.1", server.port);
    await conn2.request("GET", "/short");
    const r2 = await conn2.getresponse();
    expect((await r2.read(8)).toString()).toBe("hello");
    expect((await r2.read(8)).length).toBe(0);
    expect(r2.isclosed()).toBe(true);
    await conn2.close();
  });

  it("IncompleteRead for a chunked body cut short", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/short-chunked");
    const r = await conn.getresponse();
    const err = (await r.read().catch((e: unknown) => e)) as IncompleteRead;
    expect(err).toBeInstanceOf(IncompleteRead);
    expect(err.partial.toString()).toMatch(/^hello/);
    await conn.close();
  });

  it("LineTooLong for a header line over 65536 bytes", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/long-header");
    await expect(conn.getresponse()).rejects.toThrow(new LineTooLong("header line"));
    await conn.close();
  });

  it("more than _MAXHEADERS header lines is an HTTPException; 99 are fine", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/headers/96");
    const ok = await conn.getresponse();
    expect(ok.getheaders().length).toBe(99);
    await ok.read();
    await conn.request("GET", "/headers/97");
    await expect(conn.getresponse()).rejects.toThrow("got more than 100 headers");
    await conn.close();
  });

  it("skips a 1xx informational head, and a 100 Continue as Python does", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port);
    await conn.request("GET", "/early-hints");
    const r = await conn.getresponse();
    expect([r.status, (await r.read()).toString()]).toEqual([200, "ok"]);
    await conn.close();
    const conn2 = new HTTPConnection("127.0.0.1", server.port);
    await conn2.request("GET", "/continue");
    const r2 = await conn2.getresponse();
    expect([r2.status, (await r2.read()).toString()]).toEqual([200, "ok"]);
    await conn2.close();
  });

  it("timeout: a server that never answers raises TimeoutError", async () => {
    const conn = new HTTPConnection("127.0.0.1", server.port, { timeout: 0.2 });
    await conn.request("GET", "/hang");
    await expect(conn.getresponse()).rejects.toThrow(TimeoutError);
    await conn.close();
  });

  it("a refused connection raises ConnectionRefusedError from request()", async () => {
    const probe = await HTTPTestServer.start();
    const port = probe.port;
    await probe.close();
    const conn = new HTTPConnection("127.0.0.1", port);
    await expect(conn.request("GET", "/")).rejects.toThrow(/Connection refused/);
    await conn.close();
  });

  it("an AbortSignal closes the connection and rejects the pending call", async () => {
    const ac = new AbortController();
    const conn = new HTTPConnection("127.0.0.1", server.port, { signal: ac.signal });
    await conn.request("GET", "/hang");
    const pending = conn.getresponse();
    ac.abort();
    await expect(pending).rejects.toThrow(/aborted/i);
    await conn.close();
  });

  it("a signal shared by many connections keeps no listener of a closed one", async () => {
    const ac = new AbortController();
    for (let i = 0; i < 20; i++) {
      const conn = new HTTPConnection("127.0.0.1", server.port, { signal: ac.signal });
      await conn.request("GET", "/mixed-case");
      await (await conn.getresponse()).read();
      await conn.close();
    }
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
    // A connection made again after close() is still stopped by the same signal.
    const conn = new HTTPConnection("127.0.0.1", server.port, { signal: ac.signal });
    await conn.request("GET", "/mixed-case");
    await (await conn.getresponse()).read();
    await conn.close();
    await conn.request("GET", "/hang");
    const pending = conn.getresponse();
    ac.abort();
    await expect(pending).rejects.toThrow(/aborted/i);
    await conn.close();
  });
});

describe("set_debuglevel", () => {
  it("prints the request and response heads in Python's format", async () => {
    const lines: string[] = [];
    const conn = new HTTPConnection("127.0.0.1", server.port, { debugSink: (t) => lines.push(t) });
    conn.set_debuglevel(1);
    await conn.request("POST", "/mixed-case", Buffer.from("hi"));
    const r = await conn.getresponse();
    await r.read();
    expect(lines).toEqual([
      `send: b'POST /mixed-case HTTP/1.1\\r\\nHost: 127.0.0.1:${server.port}\\r\\nAccept-Encoding: identity\\r\\nContent-Length: 2\\r\\n\\r\\n'\n`,
      "send: b'hi'\n",
      "reply: 'HTTP/1.1 201 Made It\\r\\n'\n",
      "header: x-lower: 1\n",
      "header: X-UPPER: 2\n",
      "header: Set-Cookie: a=1\n",
      "header: Set-Cookie: b=2\n",
      "header: Content-Length: 0\n",
    ]);
    // What the trace shows is what the server received.
    expect(lines[0]).toBe(`send: ${pyrepr(Buffer.from(lastRequest().slice(0, -2), "latin1"))}\n`);
    await conn.close();
  });
});

describe("IPv6", () => {
  it("talks to a server on ::1 with the Host in brackets", async () => {
    const v6 = await HTTPTestServer.start({ host: "::1" });
    try {
      const conn = new HTTPConnection("::1", v6.port);
      await conn.request("GET", "/hello");
      expect((await (await conn.getresponse()).read()).toString()).toBe("Hello, world!\n");
      expect(v6.requests[0]!.raw.toString()).toContain(`\r\nHost: [::1]:${v6.port}\r\n`);
      await conn.close();
    } finally {
      await v6.close();
    }
  });
});
