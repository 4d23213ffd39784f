// The buffered fast path of the response head (buffered-head.ts) reads every head exactly as
// the general line-by-line path does: the same head (or the same error) and the same bytes
// left for the body, whether the head arrives whole or split at any byte.
import { DebugTrace, type socket } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { parseBufferedHead } from "../src/client/buffered-head.js";
import { framingOf, readHead } from "../src/client/framing.js";
import { Incoming } from "../src/client/incoming.js";

/** A socket whose recv() hands out the given chunks in order, then end of stream. */
function chunked(chunks: Buffer[]): socket {
  const queue = chunks.map((c) => Buffer.from(c));
  return {
    gettimeout: () => null,
    recv: async () => queue.shift() ?? Buffer.alloc(0),
  } as unknown as socket;
}

type Outcome = { head: unknown; rest: string } | { error: string };

/** readHead over these chunks: the head, or the error, and what is left for the body. */
async function read(chunks: Buffer[], general: boolean): Promise<Outcome> {
  const incoming = new Incoming(chunked(chunks));
  // A trace above level 0 takes the general path (it prints each line as it is read).
  const trace = new DebugTrace({ level: general ? 1 : 0, sink: () => {} });
  try {
    const head = await readHead(incoming, trace);
    let rest = incoming.take(incoming.length).toString("latin1");
    while (await incoming.fill()) rest += incoming.take(incoming.length).toString("latin1");
    return { head, rest };
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message}` };
  }
}

const nginx =
  "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 07 Dec 2026 18:51:38 GMT\r\n" +
  "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 15\r\nConnection: keep-alive\r\n" +
  'ETag: "6b16f147-f"\r\nAccept-Ranges: bytes\r\n\r\nHello, world!\r\n';

const heads: Record<string, string> = {
  nginx,
  "no headers": "HTTP/1.1 204 No Content\r\n\r\nnext",
  "HTTP/1.0": "HTTP/1.0 200 OK\r\nX: 1\r\n\r\nbody",
  "HTTP/1.7": "HTTP/1.7 200 OK\r\nX: 1\r\n\r\nbody",
  "HTTP/2.0": "HTTP/2.0 200 OK\r\nX: 1\r\n\r\n",
  "HTTP/0.9": "HTTP/0.9 200 OK\r\n\r\n",
  "bare LF lines": "HTTP/1.1 200 OK\nX: 1\nY: 2\n\nbody",
  "bare LF status line": "HTTP/1.1 200 OK\nX: 1\r\n\r\nbody",
  "bare LF before CRLF blank": "HTTP/1.1 200 OK\r\nX: 1\n\r\nbody",
  "LF blank after CRLF": "HTTP/1.1 200 OK\r\nX: 1\r\n\nY: 2\r\n\r\nbody",
  "bare CR in a value": "HTTP/1.1 200 OK\r\nX: a\rY: b\r\nZ: c\r\n\r\n",
  "bare CR ending a value": "HTTP/1.1 200 OK\r\nX: a\r\r\n\r\n",
  continuation: "HTTP/1.1 200 OK\r\nX: a\r\n  b\r\n\tc\r\nY: d\r\n\r\n",
  "leading continuation": "HTTP/1.1 200 OK\r\n cont\r\nX: a\r\n\r\n",
  "From line": "HTTP/1.1 200 OK\r\nFrom nobody\r\nX: a\r\n\r\n",
  "From field": "HTTP/1.1 200 OK\r\nFrom: nobody\r\n\r\n",
  "non-field line": "HTTP/1.1 200 OK\r\nX: a\r\nnot a field\r\nY: b\r\n\r\n",
  "empty name": "HTTP/1.1 200 OK\r\n: a\r\nY: b\r\n\r\n",
  "space in name": "HTTP/1.1 200 OK\r\nX Y: a\r\nZ: b\r\n\r\n",
  "odd values": "HTTP/1.1 200 OK\r\nA:\r\nB:   \r\nC: \t x \t\r\nD:x:y\r\nE: \x00\xff\x7f\r\n\r\n",
  "empty reason": "HTTP/1.1 200 \r\nX: 1\r\n\r\n",
  "no reason": "HTTP/1.1 200\r\nX: 1\r\n\r\n",
  "spaced reason": "HTTP/1.1 200  OK \r\nX: 1\r\n\r\n",
  "odd reason": "HTTP/1.1 200 -\r\n\r\n",
  "two-digit status": "HTTP/1.1 20 OK\r\n\r\n",
  "four-digit status": "HTTP/1.1 2000 OK\r\n\r\n",
  "status 099": "HTTP/1.1 099 Odd\r\n\r\n",
  "status 999": "HTTP/1.1 999 Odd\r\n\r\n",
  "not HTTP": "ICY 200 OK\r\n\r\n",
  "blank status line": "\r\nHTTP/1.1 200 OK\r\n\r\n",
  "100 Continue first": "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX: 1\r\n\r\nbody",
  "103 Early Hints first": "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 404 Not Found\r\n\r\n",
  "101 Switching": "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
  "99 headers": `HTTP/1.1 200 OK\r\n${"X: 1\r\n".repeat(99)}\r\n`,
  "100 headers": `HTTP/1.1 200 OK\r\n${"X: 1\r\n".repeat(100)}\r\n`,
  "head past the window": `HTTP/1.1 200 OK\r\nX: ${"a".repeat(20000)}\r\n\r\nbody`,
  "line past _MAXLINE": `HTTP/1.1 200 OK\r\nX: ${"a".repeat(70000)}\r\n\r\n`,
  "cut short": "HTTP/1.1 200 OK\r\nX: 1\r\n",
  empty: "",
};

describe("the buffered response head", () => {
  for (const [name, text] of Object.entries(heads)) {
    it(`${name}: whole or split at any byte, read as the general path reads it`, async () => {
      const bytes = Buffer.from(text, "latin1");
      const expected = await read([bytes], true);
      expect(await read([bytes], false)).toEqual(expected);
      // Every split point (every 97th for the long ones, to keep the test quick).
      const step = bytes.length > 2000 ? 97 : 1;
      for (let at = 1; at < bytes.length; at += step)
        expect(await read([bytes.subarray(0, at), bytes.subarray(at)], false)).toEqual(expected);
    });
  }

  it("takes the plain head in one pass and leaves the odd ones to the general path", () => {
    const got = parseBufferedHead(Buffer.from(nginx, "latin1"));
    expect(got?.size).toBe(nginx.indexOf("\r\n\r\n") + 4);
    expect(got?.head.headers[3]).toEqual(["Content-Length", "15"]);
    for (const odd of ["bare LF lines", "continuation", "100 Continue first", "empty reason", "cut short"])
      expect(parseBufferedHead(Buffer.from(heads[odd]!, "latin1"))).toBeNull();
  });
});

describe("framingOf", () => {
  const f = (status: number, headers: Array<[string, string]>, version = 11, method: string | null = "GET") =>
    framingOf(version, status, headers, method);
  it("takes each field's first value, whatever the case of its name", () => {
    expect(
      f(200, [
        ["CONTENT-length", "5"],
        ["Content-Length", "5"],
      ]),
    ).toEqual({
      chunked: false,
      length: 5,
      will_close: false,
    });
    expect(
      f(200, [
        ["Transfer-ENCODING", "Chunked"],
        ["Content-Length", "5"],
      ]),
    ).toEqual({
      chunked: true,
      length: null,
      will_close: false,
    });
    expect(
      f(200, [
        ["connection", "Close"],
        ["Content-Length", " +0_7 "],
      ]),
    ).toEqual({
      chunked: false,
      length: 7,
      will_close: true,
    });
    expect(f(200, [["Content-Length", "007"]])).toEqual({ chunked: false, length: 7, will_close: false });
    expect(f(200, [["Content-Length", "-1"]])).toEqual({ chunked: false, length: null, will_close: true });
    expect(() =>
      f(200, [
        ["Content-Length", "5"],
        ["content-length", "6"],
      ]),
    ).toThrow(/conflicting/);
    expect(() =>
      f(200, [
        ["Content-Length", "5"],
        ["content-length", "5, 6"],
      ]),
    ).toThrow(/conflicting/);
  });
  it("keeps an HTTP/1.0 connection open only when asked to", () => {
    const open = { chunked: false, length: 1, will_close: false };
    const closed = { ...open, will_close: true };
    expect(f(200, [["Content-Length", "1"]], 10)).toEqual(closed);
    expect(
      f(
        200,
        [
          ["Content-Length", "1"],
          ["Keep-Alive", "timeout=5"],
        ],
        10,
      ),
    ).toEqual(open);
    expect(
      f(
        200,
        [
          ["Content-Length", "1"],
          ["Connection", "Keep-Alive"],
        ],
        10,
      ),
    ).toEqual(open);
    expect(
      f(
        200,
        [
          ["Content-Length", "1"],
          ["Proxy-Connection", "keep-alive"],
        ],
        10,
      ),
    ).toEqual(open);
    expect(
      f(
        200,
        [
          ["Content-Length", "1"],
          ["Keep-Alive", ""],
        ],
        10,
      ),
    ).toEqual(closed);
  });
});
