// Every way a call can fail: the server's 4xx/5xx, unexpected and malformed responses, lines
// and responses over their bounds, end of stream, timeouts, cancellation, refused connections.
import { AbortError, ConnectionRefusedError, EOFError, TimeoutError, ValueError } from "@inetlib/socket";
import { demoSpool, NNTPServer, type NNTPServerOptions } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import {
  NNTP,
  NNTPDataError,
  type NNTPError,
  NNTPPermanentError,
  NNTPProtocolError,
  NNTPReplyError,
  NNTPTemporaryError,
} from "../src/index.js";
import { lit } from "./handlers.js";
import { caught, pair, sent } from "./helpers.js";

/** openFails opens a client on a server with `options` and returns the error, checking the connection was closed. */
async function openFails(options: NNTPServerOptions, clientOptions = {}): Promise<Error> {
  await using server = await NNTPServer.open(options);
  const err = await caught(NNTP.open("127.0.0.1", server.port, { timeout: 10, ...clientOptions }));
  // The client hung up: the server saw its connection end.
  await server.connections[0]!.closed;
  return err;
}

describe("the constructor's error conditions (CPython's MockSocketTests)", () => {
  it("a bad welcome is NNTPProtocolError, and the socket is closed", async () => {
    const err = await openFails({ greeting: "Bad Welcome" });
    expect(err).toBeInstanceOf(NNTPProtocolError);
    expect((err as NNTPError).response).toBe("Bad Welcome");
  });

  it("400 is NNTPTemporaryError, 502 NNTPPermanentError", async () => {
    let err = await openFails({ greeting: "400 Service temporarily unavailable" });
    expect(err).toBeInstanceOf(NNTPTemporaryError);
    expect(err.message).toBe("400 Service temporarily unavailable");
    err = await openFails({ greeting: "502 Service permanently unavailable" });
    expect(err).toBeInstanceOf(NNTPPermanentError);
    expect((err as NNTPError).code).toBe(502);
  });

  it("a bad CAPABILITIES response is NNTPReplyError", async () => {
    const err = await openFails({
      respond: (c) => (c === "CAPABILITIES" ? "201 bad capability\r\n" : undefined),
    });
    expect(err).toBeInstanceOf(NNTPReplyError);
    expect((err as NNTPError).response).toBe("201 bad capability");
  });

  it("a refused login is NNTPPermanentError", async () => {
    const err = await openFails(
      { respond: (c) => (c === "AUTHINFO" ? "503 Mechanism not recognized\r\n" : undefined) },
      { user: "t@e.com", password: "python" },
    );
    expect(err).toBeInstanceOf(NNTPPermanentError);
    expect((err as NNTPError).response).toBe("503 Mechanism not recognized");
  });

  it("timeout=0 is refused before connecting", async () => {
    const err = await caught(NNTP.open("127.0.0.1", 1, { timeout: 0 }));
    expect(err).toBeInstanceOf(ValueError);
    expect(err.message).toBe("Non-blocking socket (timeout=0) is not supported");
  });

  it("a refused connection is ConnectionRefusedError", async () => {
    const server = await NNTPServer.open({});
    const port = server.port;
    await server.close();
    expect(await caught(NNTP.open("127.0.0.1", port, { timeout: 10 }))).toBeInstanceOf(
      ConnectionRefusedError,
    );
  });
});

describe("responses nntplib refuses", () => {
  const scripted = (replies: Record<string, string | Buffer>) =>
    pair({
      spool: demoSpool({ bigArticles: 1 }),
      respond: (c, a) => replies[`${c} ${a}`.trim()] ?? replies[c],
    });

  it("a code outside 1-5 is NNTPProtocolError; an empty line passes, as in Python", async () => {
    await using p = await scripted({ GROUP: "999 what\r\n", DATE: "\r\n" });
    expect(await caught(p.client.group("x"))).toBeInstanceOf(NNTPProtocolError);
    expect(await caught(p.client.date())).toBeInstanceOf(NNTPReplyError);
    expect(await p.client._shortcmd("DATE")).toBe("");
  });

  it("an unexpected code is NNTPReplyError", async () => {
    await using p = await scripted({
      GROUP: "200 hello\r\n",
      "ARTICLE 1": "223 1 <a@b>\r\n",
      STAT: "211 1 2 3 g\r\n",
      POST: "240 thanks\r\n",
      LIST: "200 no list\r\n",
    });
    for (const call of [
      () => p.client.group("x"),
      () => p.client.article(1),
      () => p.client.stat(),
      () => p.client.post(Buffer.from("x")),
      () => p.client.list(),
    ]) {
      expect(await caught(call())).toBeInstanceOf(NNTPReplyError);
    }
    // The connection is still in step.
    expect((await p.client.date())[0]).toMatch(/^111 /);
  });

  it("malformed DATE and overview data are NNTPDataError", async () => {
    await using p = await scripted({
      DATE: "111 2010091400115\r\n",
      "LIST OVERVIEW.FMT": lit("215 fmt", "Subject:", "From:", "."),
    });
    expect(await caught(p.client.date())).toBeInstanceOf(NNTPDataError);
    await p.client.group("local.test");
    const err = await caught<NNTPDataError>(p.client.over([1, 1]));
    expect(err.response).toBe("LIST OVERVIEW.FMT response too short");
  });

  it("a refused LIST OVERVIEW.FMT means the default format", async () => {
    await using p = await scripted({ "LIST OVERVIEW.FMT": "503 not here\r\n" });
    await p.client.group("local.test");
    const [, over] = await p.client.over([1, 1]);
    expect(Object.keys(over[0]![1])).toEqual([
      "subject",
      "from",
      "date",
      "message-id",
      "references",
      ":bytes",
      ":lines",
    ]);
    expect(await p.client._getoverviewfmt()).toEqual(Object.keys(over[0]![1]));
  });

  it("descriptions fall back to XGTITLE when LIST NEWSGROUPS answers another long code", async () => {
    await using p = await scripted({ "LIST NEWSGROUPS local.*": lit("282 odd", ".") });
    const [resp, groups] = await p.client.descriptions("local.*");
    expect(resp).toBe("282 List of groups and descriptions follows");
    expect(groups["local.test"]).toBe("inetlib test group with a few articles.");
    expect(sent(p.server).slice(-2)).toEqual(["LIST NEWSGROUPS local.*\r\n", "XGTITLE local.*\r\n"]);
  });

  it("xpath wants 223 and two words", async () => {
    await using p = await scripted({ "XPATH <a@b>": "223 two words\r\n" });
    expect(await caught(p.client.xpath("<a@b>"))).toBeInstanceOf(NNTPReplyError);
    expect((await caught<NNTPTemporaryError>(p.client.xpath("<nope@x>"))).code).toBe(430);
  });
});

describe("login errors", () => {
  const users = () => demoSpool({ bigArticles: 1 });

  it("a wrong password is NNTPTemporaryError 481; 381 without a password is NNTPReplyError", async () => {
    await using p = await pair({ spool: users() });
    expect((await caught<NNTPTemporaryError>(p.client.login("newsreader", "wrong"))).response).toBe(
      "481 Authentication failed",
    );
    expect(await caught(p.client.login("newsreader"))).toBeInstanceOf(NNTPReplyError);
    await p.client.login("newsreader", "news-pass");
    expect((await caught(p.client.login("newsreader", "news-pass"))).message).toBe("Already logged in.");
  });

  it("login() needs a user or usenetrc", async () => {
    await using p = await pair({ spool: users() });
    const err = await caught(p.client.login(null, null, false));
    expect(err).toBeInstanceOf(ValueError);
    expect(err.message).toBe("At least one of `user` and `usenetrc` must be specified");
  });

  it("a PASS answered with another success code is NNTPPermanentError, as in Python", async () => {
    await using p = await pair({
      respond: (c, a) =>
        c === "AUTHINFO" ? (a.startsWith("user") ? "381 go\r\n" : "250 odd\r\n") : undefined,
    });
    const err = await caught<NNTPPermanentError>(p.client.login("u", "p"));
    expect(err).toBeInstanceOf(NNTPPermanentError);
    expect(err.response).toBe("250 odd");
  });

  it("MODE READER refused with 480 is sent again after login", async () => {
    await using p = await pair(
      { spool: users(), mode: "switch", modeReaderNeedsAuth: true },
      { readermode: true, user: "newsreader", password: "news-pass" },
    );
    expect(p.client.readermode_afterauth).toBe(true);
    expect(p.client._caps).toHaveProperty("READER");
    expect(sent(p.server)).toEqual([
      "CAPABILITIES\r\n",
      "mode reader\r\n",
      "authinfo user newsreader\r\n",
      "authinfo pass news-pass\r\n",
      "CAPABILITIES\r\n",
      "mode reader\r\n",
      "CAPABILITIES\r\n",
    ]);
    expect((await p.client.group("local.test"))[1]).toBe(20);
  });
});

describe("bounds", () => {
  it("a line over _MAXLINE is NNTPDataError('line too long')", async () => {
    const err = await openFails({ greeting: `200 ${"x".repeat(2100)}` });
    expect(err).toBeInstanceOf(NNTPDataError);
    expect((err as NNTPError).response).toBe("line too long");
    // 2048 bytes with the CRLF is still a line.
    await using server = await NNTPServer.open({ greeting: `200 ${"x".repeat(2042)}` });
    const s = await NNTP.open("127.0.0.1", server.port, { timeout: 10 });
    expect(s.welcome.length).toBe(2046);
    await s.quit();
  });

  it("a response over maxResponseBytes or maxResponseLines is NNTPDataError, and the connection is closed", async () => {
    for (const bound of [{ maxResponseBytes: 2000 }, { maxResponseLines: 50 }]) {
      const spool = demoSpool({ bigArticles: 1 });
      const body = Array.from({ length: 200 }, (_, i) => `line ${i}\r\n`).join("");
      spool.post(`From: a@b\r\nNewsgroups: local.empty\r\nSubject: big\r\n\r\n${body}`);
      await using p = await pair({ spool }, bound);
      await p.client.group("local.empty");
      const err = await caught<NNTPDataError>(p.client.article(1));
      expect(err).toBeInstanceOf(NNTPDataError);
      expect(err.response).toMatch(/^response too large: more than \d+ (bytes|lines)$/);
      expect(p.client.sock).toBe(null);
    }
  });
});

describe("the connection going away, time running out, cancellation", () => {
  it("end of stream inside a response is EOFError", async () => {
    await using p = await pair({
      respond: (c) => (c === "ARTICLE" ? { reply: "220 1 <a@b>\r\nhalf\r\n", body: () => "" } : undefined),
    });
    // The server waits for an "article" from the client that never comes; close it from the client's side.
    const pending = caught(p.client.article(1));
    await new Promise((r) => setTimeout(r, 50));
    await p.server.close();
    expect(await pending).toBeInstanceOf(EOFError);
  });

  it("a silent server times out with TimeoutError", async () => {
    await using p = await pair(
      { respond: (c) => (c === "DATE" ? Buffer.alloc(0) : undefined) },
      { timeout: 0.2 },
    );
    const err = await caught(p.client.date());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toBe("timed out");
  });

  it("aborting rejects the pending call and every later one with AbortError", async () => {
    const ac = new AbortController();
    await using p = await pair(
      { respond: (c) => (c === "DATE" ? Buffer.alloc(0) : undefined) },
      { signal: ac.signal },
    );
    const pending = caught(p.client.date());
    setTimeout(() => ac.abort(), 20);
    expect(await pending).toBeInstanceOf(AbortError);
    expect(await caught(p.client.group("x"))).toBeInstanceOf(AbortError);
  });
});
