// Every method against the stateful news server: the exact bytes the client sent (golden
// transcripts, as curl's suite checks them) and the results in nntplib's shapes.
import { demoSpool, NewsSpool, NNTPServer } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { decode_header, GroupInfo, NNTP, NNTPPermanentError, type NNTPTemporaryError } from "../src/index.js";
import { caught, type Pair, pair, sent } from "./helpers.js";

/** golden runs `fn` and checks the lines the client sent meanwhile. */
async function golden<T>(p: Pair, fn: () => Promise<T>, expected: string[]): Promise<T> {
  const before = sent(p.server).length;
  const result = await fn();
  expect(sent(p.server).slice(before)).toEqual(expected.map((l) => `${l}\r\n`));
  return result;
}

const demo = () =>
  pair({ spool: demoSpool({ bigArticles: 30 }), now: () => new Date(Date.UTC(2024, 5, 1, 12, 0, 0)) });

describe("golden transcripts against the news spool", () => {
  it("connecting reads the greeting and CAPABILITIES", async () => {
    await using p = await demo();
    expect(sent(p.server)).toEqual(["CAPABILITIES\r\n"]);
    expect(p.client.getwelcome()).toBe("200 news.inetlib.test inetlib NNTP server ready (posting ok)");
    expect(p.client.nntp_version).toBe(2);
    expect(p.client.nntp_implementation).toBe("inetlib-testing");
  });

  it("capabilities, help, date, slave", async () => {
    await using p = await demo();
    const [resp, caps] = await golden(p, () => p.client.capabilities(), ["CAPABILITIES"]);
    expect(resp).toBe("101 Capability list:");
    expect(caps.OVER).toEqual([]);
    expect(caps.LIST).toContain("OVERVIEW.FMT");
    const [, help] = await golden(p, () => p.client.help(), ["HELP"]);
    expect(help).toContain("  XPATH message-ID");
    expect(await golden(p, () => p.client.date(), ["DATE"])).toEqual([
      "111 20240601120000",
      new Date(Date.UTC(2024, 5, 1, 12, 0, 0)),
    ]);
    expect(await golden(p, () => p.client.slave(), ["SLAVE"])).toBe("202 Slave status noted");
  });

  it("list, list active, descriptions, newgroups", async () => {
    await using p = await demo();
    const [, groups] = await golden(p, () => p.client.list(), ["LIST"]);
    expect(groups.map((g) => g.group)).toEqual([
      "local.test",
      "local.big",
      "local.empty",
      "comp.lang.python",
    ]);
    expect(groups[0]).toEqual(GroupInfo("local.test", "0000000020", "0000000001", "y"));
    const [, local] = await golden(p, () => p.client.list("local.*,!local.big"), [
      "LIST ACTIVE local.*,!local.big",
    ]);
    expect(local.map(([g]) => g)).toEqual(["local.test", "local.empty"]);
    expect(
      await golden(p, () => p.client.description("comp.lang.python"), ["LIST NEWSGROUPS comp.lang.python"]),
    ).toBe("The Python computer language.");
    const [, descs] = await golden(p, () => p.client.descriptions("local.*"), ["LIST NEWSGROUPS local.*"]);
    expect(Object.keys(descs)).toEqual(["local.test", "local.big", "local.empty"]);
    p.server.spool.addGroup("local.new", { created: new Date(Date.UTC(2024, 4, 1)) });
    const [resp, fresh] = await golden(p, () => p.client.newgroups({ year: 2024, month: 3, day: 1 }), [
      "NEWGROUPS 20240301 000000",
    ]);
    expect(resp).toBe("231 New newsgroups follow");
    expect(fresh).toEqual([GroupInfo("local.new", "0", "1", "y")]);
    await golden(p, () => p.client.newgroups(new Date(Date.UTC(2024, 2, 1, 10, 11, 12))), [
      "NEWGROUPS 20240301 101112 GMT",
    ]);
  });

  it("newnews", async () => {
    await using p = await demo();
    const [, ids] = await golden(
      p,
      () => p.client.newnews("local.test", { year: 2024, month: 1, day: 1, hour: 0, minute: 18, second: 0 }),
      ["NEWNEWS local.test 20240101 001800"],
    );
    expect(ids).toEqual(["<test-18@inetlib.test>", "<test-19@inetlib.test>", "<test-20@inetlib.test>"]);
  });

  it("group, stat, next, last", async () => {
    await using p = await demo();
    expect(await golden(p, () => p.client.group("local.test"), ["GROUP local.test"])).toEqual([
      "211 20 1 20 local.test",
      20,
      1,
      20,
      "local.test",
    ]);
    expect(await golden(p, () => p.client.stat(), ["STAT"])).toEqual([
      "223 1 <test-1@inetlib.test> status",
      1,
      "<test-1@inetlib.test>",
    ]);
    expect((await golden(p, () => p.client.next(), ["NEXT"]))[1]).toBe(2);
    expect((await golden(p, () => p.client.next(), ["NEXT"]))[1]).toBe(3);
    expect((await golden(p, () => p.client.last(), ["LAST"]))[1]).toBe(2);
    expect(await golden(p, () => p.client.stat(7), ["STAT 7"])).toEqual([
      "223 7 <test-7@inetlib.test> status",
      7,
      "<test-7@inetlib.test>",
    ]);
    expect(
      (await golden(p, () => p.client.stat("<big-3@inetlib.test>"), ["STAT <big-3@inetlib.test>"]))[1],
    ).toBe(0);
    const err = await caught<NNTPTemporaryError>(p.client.stat(99));
    expect(err.response).toBe("423 No such article number 99");
    expect((await caught<NNTPTemporaryError>(p.client.group("no.such"))).code).toBe(411);
  });

  it("article, head, body", async () => {
    await using p = await demo();
    await p.client.group("local.test");
    const [resp, art] = await golden(p, () => p.client.article(2), ["ARTICLE 2"]);
    expect(resp).toBe("220 2 <test-2@inetlib.test> article");
    expect(art.number).toBe(2);
    expect(art.lines.map(String)).toEqual([
      "Path: news.inetlib.test!not-for-mail",
      "From: Tester <tester@inetlib.test>",
      "Newsgroups: local.test",
      "Subject: local.test article 2",
      "Date: Mon, 01 Jan 2024 00:02:00 GMT",
      "Message-ID: <test-2@inetlib.test>",
      "References: <test-1@inetlib.test>",
      "",
      "This is article 2 in local.test.",
      "",
      ".A line starting with a dot.",
      "",
    ]);
    const [, head] = await golden(p, () => p.client.head("<test-3@inetlib.test>"), [
      "HEAD <test-3@inetlib.test>",
    ]);
    expect(head.lines.length).toBe(6);
    expect(head.number).toBe(0);
    const [, body] = await golden(p, () => p.client.body(), ["BODY"]);
    expect(body.lines.map(String)).toEqual([
      "This is article 2 in local.test.",
      "",
      ".A line starting with a dot.",
      "",
    ]);
  });

  it("over, xover, hdr, xhdr, xpath", async () => {
    await using p = await demo();
    await p.client.group("local.test");
    const [, over] = await golden(p, () => p.client.over([1, 2]), ["OVER 1-2", "LIST OVERVIEW.FMT"]);
    expect(over[1]).toEqual([
      2,
      {
        subject: "local.test article 2",
        from: "Tester <tester@inetlib.test>",
        date: "Mon, 01 Jan 2024 00:02:00 GMT",
        "message-id": "<test-2@inetlib.test>",
        references: "<test-1@inetlib.test>",
        ":bytes": String(over[1]![1][":bytes"]),
        ":lines": "4",
        xref: "news.inetlib.test local.test:2",
      },
    ]);
    // The format is read once.
    expect((await golden(p, () => p.client.over([19, null]), ["OVER 19-"]))[1].map(([n]) => n)).toEqual([
      19, 20,
    ]);
    await golden(p, () => p.client.over("<test-4@inetlib.test>"), ["OVER <test-4@inetlib.test>"]);
    await golden(p, () => p.client.over(null), ["OVER"]);
    expect((await golden(p, () => p.client.xover(3, 4), ["XOVER 3-4"]))[1].length).toBe(2);
    expect(await golden(p, () => p.client.xhdr("subject", "1-2"), ["XHDR subject 1-2"])).toEqual([
      "221 Header or metadata information for subject follows",
      [
        ["1", "local.test article 1"],
        ["2", "local.test article 2"],
      ],
    ]);
    expect((await golden(p, () => p.client.hdr("Subject", [5, 6]), ["HDR Subject 5-6"]))[1]).toEqual([
      ["5", "local.test article 5"],
      ["6", "local.test article 6"],
    ]);
    expect(
      (
        await golden(p, () => p.client.hdr(":lines", "<test-1@inetlib.test>"), [
          "HDR :lines <test-1@inetlib.test>",
        ])
      )[1],
    ).toEqual([["0", "4"]]);
    expect(
      await golden(p, () => p.client.xpath("<test-9@inetlib.test>"), ["XPATH <test-9@inetlib.test>"]),
    ).toEqual(["223 local/test/9", "local/test/9"]);
  });

  it("a header that is not UTF-8 survives, and decode_header reads RFC 2047", async () => {
    await using p = await demo();
    await p.client.group("comp.lang.python");
    const [, over] = await p.client.over([1, 3]);
    expect(decode_header(over[0]![1].subject!)).toBe("Débuter en Python");
    expect(decode_header(over[0]![1].from!)).toBe("André <andre@example.org>");
    // Latin-1 é is not UTF-8: it comes back as U+DCE9, as Python's surrogateescape gives it...
    const subject = over[1]![1].subject!;
    expect(subject).toBe("Re: Message d'erreur incompr\udce9hensible (par moi)");
    // ...and goes back out as the very byte it was.
    const err = await caught<NNTPTemporaryError>(p.client.group(subject));
    expect(err.code).toBe(411);
    expect(sent(p.server).at(-1)).toBe("GROUP Re: Message d'erreur incompr\xe9hensible (par moi)\r\n");
    expect(decode_header(over[2]![1].subject!)).toBe("Re: problème de matrice");
  });

  it("post, then read it back; ihave", async () => {
    await using p = await demo();
    const article = Buffer.from(
      "From: Poster <poster@inetlib.test>\nNewsgroups: local.test\nSubject: posted\n\nhello\n.dot\n",
    );
    const resp = await golden(p, () => p.client.post(article), [
      "POST",
      "From: Poster <poster@inetlib.test>",
      "Newsgroups: local.test",
      "Subject: posted",
      "",
      "hello",
      "..dot",
      ".",
    ]);
    const id = /<[^>]+>/.exec(resp)![0];
    expect(resp).toBe(`240 Article received ${id}`);
    const [, count, , last] = await p.client.group("local.test");
    expect([count, last]).toEqual([21, 21]);
    const [, body] = await p.client.body(id);
    expect(body.lines.map(String)).toEqual(["hello", ".dot"]);
    expect(
      await golden(
        p,
        () =>
          p.client.ihave("<fed@x>", [
            Buffer.from("From: f@x\r\n"),
            Buffer.from("Newsgroups: local.big\n"),
            Buffer.from("Subject: fed\r\n"),
            Buffer.from("Message-ID: <fed@x>"),
            Buffer.from(""),
            Buffer.from("body"),
          ]),
        [
          "IHAVE <fed@x>",
          "From: f@x",
          "Newsgroups: local.big",
          "Subject: fed",
          "Message-ID: <fed@x>",
          "",
          "body",
          ".",
        ],
      ),
    ).toBe("235 Article transferred OK");
    expect((await caught<NNTPTemporaryError>(p.client.ihave("<fed@x>", Buffer.from("x")))).response).toBe(
      "435 Duplicate",
    );
    const refused = await caught<NNTPTemporaryError>(
      p.client.post(Buffer.from("Subject: no groups\r\n\r\nx\r\n")),
    );
    expect(refused.response).toBe("441 Missing required header From");
  });

  it("quit and dispose", async () => {
    const server = await NNTPServer.open({ spool: new NewsSpool() });
    try {
      {
        await using s = await NNTP.open("127.0.0.1", server.port, { timeout: 10 });
        void s;
      }
      expect(server.transcript(0)).toBe("CAPABILITIES\r\nQUIT\r\n");
      const s = await NNTP.open("127.0.0.1", server.port, { timeout: 10 });
      expect(await s.quit()).toBe("205 Bye!");
      await s[Symbol.asyncDispose](); // after quit: nothing more is sent
      expect(server.transcript(1)).toBe("CAPABILITIES\r\nQUIT\r\n");
      const err = await caught(s.group("x"));
      expect(err).toMatchObject({ name: "OSError" });
    } finally {
      await server.close();
    }
  });

  it("a 5xx to CAPABILITIES means none; a v1 server gets XOVER", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), version: 1 });
    expect(p.client._caps).toEqual({});
    await p.client.group("local.test");
    await golden(p, () => p.client.over([1, 1]), ["XOVER 1-1", "LIST OVERVIEW.FMT"]);
    await golden(p, () => p.client.hdr("Subject", 1), ["XHDR Subject 1"]);
    expect(await caught(p.client._shortcmd("OVER"))).toBeInstanceOf(NNTPPermanentError);
  });
});
