// Hostile or unusual response heads get the error Python's http.client raises, or are read as
// Python reads them (issue 17, item 9); and `Expect: 100-continue` goes out as Python sends it.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HTTPConnection, HTTPException, LineTooLong } from "../src/index.js";

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server that, once a request head has arrived, runs `answer` on the connection. */
async function serve(answer: (c: net.Socket, request: Buffer) => void): Promise<number> {
  const server = net.createServer((c) => {
    let got = Buffer.alloc(0);
    let answered = false;
    c.on("error", () => {});
    c.on("data", (d) => {
      got = Buffer.concat([got, d]);
      if (!answered && got.includes("\r\n\r\n")) {
        answered = true;
        answer(c, got);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as net.AddressInfo).port;
}

async function get(port: number) {
  const conn = new HTTPConnection("127.0.0.1", port, { timeout: 20 });
  await conn.request("GET", "/");
  return { conn, response: conn.getresponse() };
}

describe("precise errors for broken heads (Python's)", () => {
  it("a 200 MB status line is LineTooLong('status line') after reading about 64 KiB", async () => {
    let sent = 0;
    const port = await serve((c) => {
      c.write("HTTP/1.1 200 ");
      const piece = Buffer.alloc(1 << 20, 0x78);
      const pump = (): void => {
        while (sent < 200 * (1 << 20) && !c.destroyed) {
          sent += piece.length;
          if (!c.write(piece)) return void c.once("drain", pump);
        }
        c.end();
      };
      pump();
    });
    const { conn, response } = await get(port);
    await expect(response).rejects.toThrow(LineTooLong);
    await expect(response).rejects.toThrow("got more than 65536 bytes when reading status line");
    await conn.close();
    // The client stopped reading long before the end: the server could not write it all.
    expect(sent).toBeLessThan(200 * (1 << 20));
  });

  it("a NUL in a header value is kept, as Python's email parser keeps it", async () => {
    const port = await serve((c) => c.end("HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: 2\r\n\r\nhi"));
    const { conn, response } = await get(port);
    const r = await response;
    expect(r.getheader("X-A")).toBe("a\x00b");
    expect([r.length, (await r.read()).toString()]).toEqual([2, "hi"]);
    await conn.close();
  });

  it("a NUL in a header name ends the fields there, as in Python (the body is then read to the close)", async () => {
    const port = await serve((c) =>
      c.end("HTTP/1.1 200 OK\r\nX-B: 1\r\nX\x00A: ab\r\nContent-Length: 2\r\n\r\nhi"),
    );
    const { conn, response } = await get(port);
    const r = await response;
    expect(r.getheaders()).toEqual([["X-B", "1"]]);
    expect([r.length, r.will_close]).toEqual([null, true]);
    expect((await r.read()).toString()).toBe("hi");
    await conn.close();
  });

  it("two different Content-Length fields are HTTPException (RFC 9112 6.3), where Python takes the first", async () => {
    // Python would read "hi" and leave "hello" as the start of the next response on this
    // kept-alive connection: how one response is smuggled into another.
    const port = await serve((c) =>
      c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\nhihello"),
    );
    const { conn, response } = await get(port);
    const err = await response.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HTTPException);
    expect(err).not.toBeInstanceOf(LineTooLong);
    expect(String(err)).toMatch(/conflicting Content-Length/);
    await conn.close();
  });

  it("repeated equal Content-Length values are one length (RFC 9112 6.3)", async () => {
    const port = await serve((c) =>
      c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nhi"),
    );
    const { conn, response } = await get(port);
    const r = await response;
    expect([r.length, (await r.read()).toString()]).toEqual([2, "hi"]);
    await conn.close();
  });

  it("a chunk-size line over 65536 bytes is LineTooLong('chunk size')", async () => {
    const port = await serve((c) =>
      c.end(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${"1".repeat(70000)}\r\n`),
    );
    const { conn, response } = await get(port);
    const r = await response;
    await expect(r.read()).rejects.toThrow("got more than 65536 bytes when reading chunk size");
    await conn.close();
  });
});

describe("Expect: 100-continue", () => {
  it("sends the head and body at once, as Python does, and skips the 100 Continue", async () => {
    let request: Buffer = Buffer.alloc(0);
    const port = await serve((c, head) => {
      c.write("HTTP/1.1 100 Continue\r\n\r\n");
      const done = (): void => {
        c.end("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
      };
      request = head;
      if (request.toString("latin1").endsWith("abc")) return done();
      c.on("data", (d) => {
        request = Buffer.concat([request, d]);
        if (request.toString("latin1").endsWith("abc")) done();
      });
    });
    const conn = new HTTPConnection("127.0.0.1", port, { timeout: 20 });
    await conn.request("PUT", "/up", Buffer.from("abc"), { Expect: "100-continue" });
    const r = await conn.getresponse();
    expect(r.status).toBe(201);
    expect(request.toString("latin1")).toBe(
      `PUT /up HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept-Encoding: identity\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc`,
    );
    await conn.close();
  });
});
