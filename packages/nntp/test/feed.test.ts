// Streaming feeds (RFC 4644) and AUTHINFO SASL (RFC 4643) against the in-process server: the
// exact lines sent, the typed answers, pipelining (all commands before the first answer is
// needed), and what is refused before anything is sent.
import { createServer, type Server } from "node:net";
import { ValueError } from "@inetlib/socket";
import { demoSpool, type NNTPServer } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { cram_md5, NNTP, NNTPReplyError, NNTPTemporaryError, plain } from "../src/index.js";
import { caught, pair, sent } from "./helpers.js";

const article = (id: string, subject: string) =>
  Buffer.from(
    `From: feeder@inetlib.test\r\nNewsgroups: local.test\r\nSubject: ${subject}\r\nMessage-ID: ${id}\r\n\r\n.dot line\r\nbody\r\n`,
  );

function after(server: NNTPServer, mark: number): string[] {
  return sent(server).slice(mark);
}

describe("MODE STREAM, CHECK, TAKETHIS", () => {
  it("checks, sends and answers with typed results carrying the message-id", async () => {
    await using p = await pair({ spool: demoSpool(), streaming: true });
    expect(await p.client.mode_stream()).toMatch(/^203 /);
    const mark = sent(p.server).length;
    expect(await p.client.check("<new-1@feed.test>")).toEqual({
      response: "238 <new-1@feed.test> Send it",
      code: 238,
      message_id: "<new-1@feed.test>",
      wanted: true,
      later: false,
    });
    const taken = await p.client.takethis("<new-1@feed.test>", article("<new-1@feed.test>", "one"));
    expect(taken).toMatchObject({ code: 239, accepted: true, message_id: "<new-1@feed.test>" });
    expect(await p.client.check("<new-1@feed.test>")).toMatchObject({
      code: 438,
      wanted: false,
      later: false,
    });
    const again = await p.client.takethis("<new-1@feed.test>", article("<new-1@feed.test>", "one"));
    expect(again).toMatchObject({ code: 439, accepted: false });
    const body = [
      "From: feeder@inetlib.test\r\n",
      "Newsgroups: local.test\r\n",
      "Subject: one\r\n",
      "Message-ID: <new-1@feed.test>\r\n",
      "\r\n",
      "..dot line\r\n",
      "body\r\n",
      ".\r\n",
    ];
    expect(after(p.server, mark)).toEqual([
      "CHECK <new-1@feed.test>\r\n",
      "TAKETHIS <new-1@feed.test>\r\n",
      ...body,
      "CHECK <new-1@feed.test>\r\n",
      "TAKETHIS <new-1@feed.test>\r\n",
      ...body,
    ]);
    expect(p.server.spool.article("<new-1@feed.test>")).toBeTruthy();
  });

  it("check_many and takethis_many: answers in order, through a window smaller than the feed", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `<bulk-${i}@feed.test>`);
    await using p = await pair({ spool: demoSpool(), streaming: true, splitReplies: 7 });
    const checks = await p.client.check_many([...ids, "<test-1@inetlib.test>"], { window: 8 });
    expect(checks.map((c) => c.code)).toEqual([...ids.map(() => 238), 438]);
    expect(checks.map((c) => c.message_id)).toEqual([...ids, "<test-1@inetlib.test>"]);
    const results = await p.client.takethis_many(
      ids.map((id, i) => [id, article(id, `bulk ${i}`)] as const),
      { window: 5 },
    );
    expect(results.every((r) => r.accepted)).toBe(true);
    expect(results.map((r) => r.message_id)).toEqual(ids);
    for (const id of ids) expect(p.server.spool.article(id)).toBeTruthy();
    // The connection is in step afterwards.
    expect((await p.client.check(ids[0]!)).code).toBe(438);
  });

  it("pipelines: a server that answers only once every command has arrived still gets them all", async () => {
    // Answers nothing to CHECK or TAKETHIS until `n` of them are in: one at a time would hang.
    const n = 6;
    const server: Server = createServer((c) => {
      c.write("200 feeder ready\r\n");
      let buf = "";
      let pending: string[] = [];
      let inArticle = false;
      c.on("data", (d: Buffer) => {
        buf += d.toString("latin1");
        for (let i = buf.indexOf("\r\n"); i !== -1; i = buf.indexOf("\r\n")) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (inArticle) {
            inArticle = line !== ".";
            continue;
          }
          if (line === "CAPABILITIES") c.write("101 Capability list:\r\nVERSION 2\r\nSTREAMING\r\n.\r\n");
          else if (line.startsWith("CHECK ")) pending.push(`238 ${line.slice(6)}\r\n`);
          else if (line.startsWith("TAKETHIS ")) {
            pending.push(`239 ${line.slice(9)}\r\n`);
            inArticle = true;
          } else if (line === "QUIT") c.end("205 bye\r\n");
          if (pending.length === n) {
            c.write(pending.join(""));
            pending = [];
          }
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as { port: number }).port;
      await using s = await NNTP.open("127.0.0.1", port, { timeout: 5 });
      const ids = Array.from({ length: n }, (_, i) => `<p-${i}@feed.test>`);
      expect((await s.check_many(ids, { window: n })).map((r) => r.code)).toEqual(ids.map(() => 238));
      const taken = await s.takethis_many(
        ids.map((id) => [id, article(id, "p")] as const),
        { window: n },
      );
      expect(taken.map((r) => r.code)).toEqual(ids.map(() => 239));
    } finally {
      server.close();
    }
  });

  it("a wrong Message-ID in the article is rejected (439), and the feed goes on", async () => {
    await using p = await pair({ spool: demoSpool(), streaming: true });
    const results = await p.client.takethis_many([
      ["<a@feed.test>", article("<other@feed.test>", "mismatch")],
      ["<b@feed.test>", article("<b@feed.test>", "fine")],
    ]);
    expect(results.map((r) => [r.code, r.accepted])).toEqual([
      [439, false],
      [239, true],
    ]);
  });

  it("refuses what is not a message-id before anything is sent", async () => {
    await using p = await pair({ spool: demoSpool(), streaming: true });
    const mark = sent(p.server).length;
    for (const bad of ["no-brackets@x", "<two words@x>", "<a@x>\r\nQUIT", "<>", "<a>b@x>"])
      expect(await caught(p.client.check(bad))).toBeInstanceOf(ValueError);
    expect(
      await caught(
        p.client.takethis_many([
          ["<ok@x>", article("<ok@x>", "s")],
          ["bad", Buffer.from("x")],
        ]),
      ),
    ).toBeInstanceOf(ValueError);
    expect(after(p.server, mark)).toEqual([]);
  });

  it("a server without streaming: MODE STREAM and CHECK throw the server's error", async () => {
    await using p = await pair({ spool: demoSpool() });
    expect(await caught(p.client.mode_stream())).toMatchObject({ name: "NNTPPermanentError" });
    expect(await caught(p.client.check("<x@y>"))).toMatchObject({ name: "NNTPPermanentError" });
  });
});

describe("AUTHINFO SASL", () => {
  const spool = () => demoSpool();

  it("PLAIN with the initial response on the command line; capabilities read again", async () => {
    await using p = await pair({ spool: spool(), sasl: ["PLAIN", "CRAM-MD5"] });
    expect((await p.client.getcapabilities()).SASL).toEqual(["PLAIN", "CRAM-MD5"]);
    const mark = sent(p.server).length;
    expect(await p.client.authinfo_sasl("PLAIN", plain("newsreader", "news-pass"))).toMatch(/^281 /);
    expect(p.client.authenticated).toBe(true);
    const lines = after(p.server, mark);
    expect(lines[0]).toBe(
      `AUTHINFO SASL PLAIN ${Buffer.from("\0newsreader\0news-pass").toString("base64")}\r\n`,
    );
    expect(lines[1]).toBe("CAPABILITIES\r\n");
  });

  it("PLAIN without the initial response answers the empty 383 challenge", async () => {
    await using p = await pair({ spool: spool(), sasl: ["PLAIN"] });
    const mark = sent(p.server).length;
    await p.client.authinfo_sasl("plain", plain("newsreader", "news-pass"), { initial_response_ok: false });
    expect(after(p.server, mark).slice(0, 2)).toEqual([
      "AUTHINFO SASL PLAIN\r\n",
      `${Buffer.from("\0newsreader\0news-pass").toString("base64")}\r\n`,
    ]);
  });

  it("CRAM-MD5 answers the challenge", async () => {
    await using p = await pair({ spool: spool(), sasl: ["CRAM-MD5"] });
    expect(await p.client.authinfo_sasl("CRAM-MD5", cram_md5("newsreader", "news-pass"))).toMatch(/^281 /);
  });

  it("a wrong password is 481 (NNTPTemporaryError, as login()), a cancel too; nothing is logged in", async () => {
    await using p = await pair({ spool: spool(), sasl: ["PLAIN", "CRAM-MD5"] });
    const err = await caught(p.client.authinfo_sasl("PLAIN", plain("newsreader", "wrong")));
    expect(err).toBeInstanceOf(NNTPTemporaryError);
    expect(String(err)).toContain("481");
    expect(await caught(p.client.authinfo_sasl("CRAM-MD5", () => null))).toBeInstanceOf(NNTPTemporaryError);
    expect(sent(p.server).at(-1)).toBe("*\r\n");
    expect(p.client.authenticated).toBe(false);
  });

  it("refuses, before sending, a mechanism not offered, after a login, and after COMPRESS", async () => {
    await using p = await pair({ spool: spool(), sasl: ["PLAIN"] });
    const mark = sent(p.server).length;
    expect(await caught(p.client.authinfo_sasl("CRAM-MD5", cram_md5("a", "b")))).toBeInstanceOf(ValueError);
    expect(await caught(p.client.authinfo_sasl("PLAIN X", plain("a", "b")))).toBeInstanceOf(ValueError);
    expect(after(p.server, mark)).toEqual([]);
    await p.client.authinfo_sasl("PLAIN", plain("newsreader", "news-pass"));
    expect(await caught(p.client.authinfo_sasl("PLAIN", plain("a", "b")))).toBeInstanceOf(ValueError);
    await using q = await pair({ spool: spool(), sasl: ["PLAIN"] });
    await q.client.compress();
    expect(await caught(q.client.authinfo_sasl("PLAIN", plain("a", "b")))).toBeInstanceOf(ValueError);
  });

  it("the debug output masks the initial response and every answer to a challenge", async () => {
    const printed: string[] = [];
    await using p = await pair(
      { spool: spool(), sasl: ["PLAIN", "CRAM-MD5"] },
      { debugSink: (t) => printed.push(t) },
    );
    p.client.set_debuglevel(2);
    await p.client.authinfo_sasl("PLAIN", plain("newsreader", "news-pass"));
    await using q = await pair({ spool: spool(), sasl: ["CRAM-MD5"] }, { debugSink: (t) => printed.push(t) });
    q.client.set_debuglevel(2);
    await q.client.authinfo_sasl("CRAM-MD5", cram_md5("newsreader", "news-pass"));
    const out = printed.join("");
    expect(out).toContain("*cmd* 'AUTHINFO SASL PLAIN ****");
    expect(out).not.toContain(Buffer.from("\0newsreader\0news-pass").toString("base64"));
    const answer = sent(q.server).find((l) =>
      l.startsWith(Buffer.from("newsreader ").toString("base64").slice(0, 12)),
    );
    expect(answer).toBeDefined();
    expect(out).not.toContain(answer!.trim());
  });

  it("a reply that is not 281, 283 or 383 is NNTPReplyError", async () => {
    await using p = await pair({
      spool: spool(),
      respond: (verb) => (verb === "AUTHINFO" ? "250 what\r\n" : undefined),
    });
    expect(await caught(p.client.authinfo_sasl("PLAIN", plain("a", "b")))).toBeInstanceOf(NNTPReplyError);
  });
});
