// HTTP (http.client) against hostile servers.
import { HTTPConnection } from "@inetlib/http";
import { type Case, sleep } from "../case.js";
import { HOST, LONG, T } from "./common.js";

const get = async (port: number) => {
  const conn = new HTTPConnection(HOST, port, { timeout: T });
  await conn.request("GET", "/");
  const r = await conn.getresponse();
  return (await r.read()).length;
};
// Answers the request with `head`, then `rest`.
const answer =
  (head: string, rest?: (c: import("../case.js").Conn) => Promise<void>) =>
  async (c: import("../case.js").Conn) => {
    for (let line = await c.line(); line !== null && line !== ""; line = await c.line());
    await c.send(head);
    if (rest) await rest(c);
  };

export const http: Case[] = [
  {
    name: "http: endless headers",
    server: answer("HTTP/1.1 200 OK\r\n", (c) => c.flood("X-A: b\r\n")),
    client: get,
    // RFC 9112 6.3: unrecoverable. Python reads 5 bytes and leaves "fg" to start the next response.
    expect: "HTTPException",
  },
  {
    name: "http: a huge header",
    server: answer(`HTTP/1.1 200 OK\r\nX-Big: ${LONG}\r\n\r\n`),
    client: get,
    expect: "LineTooLong",
  },
  {
    name: "http: a huge chunk size",
    server: answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nabc", (c) =>
      c.flood("x"),
    ),
    client: get,
    // A size past 2**53 is refused at once (Python would try to read it).
    expect: "HTTPException",
  },
  {
    name: "http: a short body",
    server: async (c) => {
      await answer("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this")(c);
      await sleep(50);
      await c.sock.close();
    },
    client: get,
    expect: "IncompleteRead",
  },
  {
    name: "http: a huge status line",
    server: answer(`HTTP/1.1 200 ${LONG}`),
    client: get,
    expect: "LineTooLong",
  },
  {
    name: "http: NUL in a header",
    server: answer("HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 0\r\n\r\n"),
    client: async (port: number) => {
      const conn = new HTTPConnection(HOST, port, { timeout: T });
      await conn.request("GET", "/");
      return JSON.stringify((await conn.getresponse()).getheader("X-A"));
    },
    // Python 3.11 keeps the value as it came (no framing depends on it); so does inetlib, and
    // never as a BadStatusLine.
    expect: "ok",
    result: JSON.stringify("a\u0000b"),
  },
  {
    name: "http: two different Content-Length values",
    server: answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcdefg"),
    client: get,
    // RFC 9112 6.3: unrecoverable. Python reads 5 bytes and leaves "fg" to start the next response.
    expect: "HTTPException",
  },
  {
    name: "http: reset mid-body",
    server: async (c) => {
      await answer("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial")(c);
      await sleep(50);
      await c.reset();
    },
    client: get,
    expect: "ConnectionResetError",
  },
  { name: "http: silent server", server: async () => {}, client: get, expect: "TimeoutError" },
  {
    name: "http: slow trickle",
    server: answer("", (c) => c.trickle("HTTP/1.1 200 OK")),
    client: get,
    expect: "TimeoutError",
    watchdog: 12,
  },
];
