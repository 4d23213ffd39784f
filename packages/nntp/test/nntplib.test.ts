// CPython's test_nntplib mocked tests (NNTPv1v2TestsMixin for v1 and v2 servers, the
// capabilities-after-login and mode-switching servers), against the same scripted replies.
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  ArticleInfo,
  GroupInfo,
  NNTPDataError,
  NNTPPermanentError,
  NNTPTemporaryError,
} from "../src/index.js";
import { CapsAfterLoginHandler, ModeSwitchingHandler, PyHandler } from "./handlers.js";
import { caught, postedBody, pyPair, sent } from "./helpers.js";

const SAMPLE_POST = Buffer.from(
  'From: "Demo User" <nobody@example.net>\r\n' +
    "Subject: I am just a test article\r\n" +
    "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n" +
    "Message-ID: <i.am.an.article.you.will.want@example.com>\r\n" +
    "\r\n" +
    "This is just a test article.\r\n" +
    ".Here is a dot-starting line.\r\n" +
    "\r\n" +
    "-- Signed by Andr\xc3\xa9.\r\n",
  "latin1",
);

const b = (s: string) => Buffer.from(s, "latin1");

function checkArticleBody(lines: Buffer[]) {
  expect(lines.length).toBe(4);
  expect(lines[3]!.toString("utf8")).toBe("-- Signed by André.");
  expect(lines[2]).toEqual(b(""));
  expect(lines[1]).toEqual(b(".Here is a dot-starting line."));
  expect(lines[0]).toEqual(b("This is just a test article."));
}

function checkArticleHead(lines: Buffer[]) {
  expect(lines.length).toBe(4);
  expect(lines[0]).toEqual(b('From: "Demo User" <nobody@example.net>'));
  expect(lines[3]).toEqual(b("Message-ID: <i.am.an.article.you.will.want@example.com>"));
}

function checkArticleData(lines: Buffer[]) {
  expect(lines.length).toBe(9);
  checkArticleHead(lines.slice(0, 4));
  checkArticleBody(lines.slice(-4));
  expect(lines[4]).toEqual(b(""));
}

function checkPostedBody(body: string[]) {
  expect(body.length).toBe(10);
  expect(body[9]).toBe(".\r\n");
  expect(body[8]).toBe("-- Signed by Andr\xc3\xa9.\r\n");
  expect(body[7]).toBe("\r\n");
  expect(body[6]).toBe("..Here is a dot-starting line.\r\n");
  expect(body[0]).toBe('From: "Demo User" <nobody@example.net>\r\n');
}

for (const version of [1, 2] as const) {
  describe(`NNTP v${version} server (CPython's NNTPv${version}Tests)`, () => {
    const open = (h = new PyHandler(version)) => pyPair(h).then((p) => Object.assign(p, { handler: h }));

    it("keeps the welcome and reads the capabilities", async () => {
      await using p = await open();
      expect(p.client.welcome).toBe("200 NNTP mock server");
      expect(p.client.getwelcome()).toBe("200 NNTP mock server");
      const caps = await p.client.getcapabilities();
      if (version === 1) {
        expect(caps).toEqual({});
        expect(p.client.nntp_version).toBe(1);
        expect(p.client.nntp_implementation).toBe(null);
      } else {
        expect(caps).toEqual({
          VERSION: ["2", "3"],
          IMPLEMENTATION: ["INN", "2.5.1"],
          AUTHINFO: ["USER"],
          HDR: [],
          LIST: ["ACTIVE", "ACTIVE.TIMES", "DISTRIB.PATS", "HEADERS", "NEWSGROUPS", "OVERVIEW.FMT"],
          OVER: [],
          POST: [],
          READER: [],
        });
        expect(p.client.nntp_version).toBe(3);
        expect(p.client.nntp_implementation).toBe("INN 2.5.1");
      }
    });

    it("authinfo: capabilities are read again after login", async () => {
      await using p = await open();
      if (version === 2) expect(p.client._caps).toHaveProperty("AUTHINFO");
      await p.client.login("testuser", "testpw");
      expect(p.client._caps).not.toHaveProperty("AUTHINFO");
      expect(p.client.authenticated).toBe(true);
      expect(sent(p.server).slice(-3)).toEqual([
        "authinfo user testuser\r\n",
        "authinfo pass testpw\r\n",
        "CAPABILITIES\r\n",
      ]);
    });

    it("date", async () => {
      await using p = await open();
      const [resp, date] = await p.client.date();
      expect(resp).toBe("111 20100914001155");
      expect(date).toEqual(new Date(Date.UTC(2010, 8, 14, 0, 11, 55)));
    });

    it("quit closes the connection", async () => {
      await using p = await open();
      expect(p.client.sock).not.toBe(null);
      expect(await p.client.quit()).toBe("205 Bye!");
      expect(p.client.sock).toBe(null);
      expect(p.client.file).toBe(null);
    });

    it("help", async () => {
      await using p = await open();
      const [resp, help] = await p.client.help();
      expect(resp).toBe("100 Legal commands");
      expect(help).toEqual([
        "  authinfo user Name|pass Password|generic <prog> <args>",
        "  date",
        "  help",
        "Report problems to <root@example.org>",
      ]);
    });

    it("list", async () => {
      await using p = await open();
      let [, groups] = await p.client.list();
      expect(groups.length).toBe(6);
      expect(groups[1]).toEqual(GroupInfo("comp.lang.python.announce", "0000001153", "0000000993", "m"));
      expect(groups[1]!.group).toBe("comp.lang.python.announce");
      expect(groups[1]!.flag).toBe("m");
      [, groups] = await p.client.list("*distutils*");
      expect(groups.length).toBe(2);
      expect(groups[0]).toEqual(["gmane.comp.python.distutils.devel", "0000014104", "0000000001", "m"]);
    });

    it("stat", async () => {
      await using p = await open();
      expect(await p.client.stat(3000234)).toEqual([
        "223 3000234 <45223423@example.com>",
        3000234,
        "<45223423@example.com>",
      ]);
      expect(await p.client.stat("<45223423@example.com>")).toEqual([
        "223 0 <45223423@example.com>",
        0,
        "<45223423@example.com>",
      ]);
      let err = await caught<NNTPTemporaryError>(p.client.stat("<non.existent.id>"));
      expect(err).toBeInstanceOf(NNTPTemporaryError);
      expect(err.response).toBe("430 No Such Article Found");
      err = await caught<NNTPTemporaryError>(p.client.stat());
      expect(err).toBeInstanceOf(NNTPTemporaryError);
      expect(err.response).toBe("412 No newsgroup selected");
    });

    it("next and last", async () => {
      await using p = await open();
      expect(await p.client.next()).toEqual([
        "223 3000237 <668929@example.org> retrieved",
        3000237,
        "<668929@example.org>",
      ]);
      expect(await p.client.last()).toEqual([
        "223 3000234 <45223423@example.com> retrieved",
        3000234,
        "<45223423@example.com>",
      ]);
    });

    it("description and descriptions", async () => {
      await using p = await open();
      expect(await p.client.description("comp.lang.python")).toBe("The Python computer language.");
      expect(await p.client.description("comp.lang.pythonx")).toBe("");
      const [resp, groups] = await p.client.descriptions("comp.lang.python");
      expect(resp).toBe('215 Descriptions in form "group description".');
      expect(groups).toEqual({ "comp.lang.python": "The Python computer language." });
      expect((await p.client.descriptions("comp.lang.python*"))[1]).toEqual({
        "comp.lang.python": "The Python computer language.",
        "comp.lang.python.announce": "Announcements about the Python language. (Moderated)",
      });
      expect((await p.client.descriptions("comp.lang.pythonx"))[1]).toEqual({});
    });

    it("group", async () => {
      await using p = await open();
      const [resp, count, first, last, group] = await p.client.group("fr.comp.lang.python");
      expect(resp.startsWith("211 ")).toBe(true);
      expect([first, last, count, group]).toEqual([761, 1265, 486, "fr.comp.lang.python"]);
      const err = await caught<NNTPTemporaryError>(p.client.group("comp.lang.python.devel"));
      expect(err).toBeInstanceOf(NNTPTemporaryError);
      expect(err.response.startsWith("411 No such group")).toBe(true);
      expect(err.code).toBe(411);
    });

    it("newnews sends the date in the server's version's format", async () => {
      await using p = await open();
      const dt = { year: 2010, month: 9, day: 13, hour: 8, minute: 20, second: 4 };
      const [resp, ids] = await p.client.newnews("comp.lang.python", dt);
      expect(resp).toBe(
        `230 list of newsarticles (NNTP v${version}) created after Mon Sep 13 08:20:04 2010 follows`,
      );
      expect(ids).toEqual([
        "<a4929a40-6328-491a-aaaf-cb79ed7309a2@q2g2000vbk.googlegroups.com>",
        "<f30c0419-f549-4218-848f-d7d0131da931@y3g2000vbm.googlegroups.com>",
      ]);
      expect(await p.client.newnews("fr.comp.lang.python", dt)).toEqual([
        "230 An empty list of newsarticles follows",
        [],
      ]);
      expect(sent(p.server).at(-2)).toBe(
        version === 2
          ? "NEWNEWS comp.lang.python 20100913 082004\r\n"
          : "NEWNEWS comp.lang.python 100913 082004\r\n",
      );
    });

    it("article, head and body, by current, number and message-id", async () => {
      await using p = await open();
      for (const [method, code, check] of [
        ["article", 220, checkArticleData],
        ["head", 221, checkArticleHead],
        ["body", 222, checkArticleBody],
      ] as const) {
        const f = p.client[method].bind(p.client);
        let [resp, info] = await f();
        expect(resp).toBe(`${code} 3000237 <45223423@example.com>`);
        const [art_num, message_id, lines] = info;
        expect([art_num, message_id]).toEqual([3000237, "<45223423@example.com>"]);
        check(lines);
        [resp, info] = await f(3000234);
        expect(resp).toBe(`${code} 3000234 <45223423@example.com>`);
        expect([info.number, info.message_id]).toEqual([3000234, "<45223423@example.com>"]);
        check(info.lines);
        [resp, info] = await f("<45223423@example.com>");
        expect(resp).toBe(`${code} 0 <45223423@example.com>`);
        expect(info).toEqual(ArticleInfo(0, "<45223423@example.com>", info.lines));
        check(info.lines);
        const err = await caught<NNTPTemporaryError>(f("<non-existent@example.com>"));
        expect(err).toBeInstanceOf(NNTPTemporaryError);
        expect(err.response).toBe("430 No Such Article Found");
      }
    });

    it("article, head and body with a file argument", async () => {
      await using p = await open();
      const file = () => {
        const chunks: Buffer[] = [];
        const stream = new Writable({
          write(chunk: Buffer, _enc: string, cb: () => void) {
            chunks.push(chunk);
            cb();
          },
        });
        return { stream, data: () => Buffer.concat(chunks).toString("latin1") };
      };
      const start = 'From: "Demo User" <nobody@example.net>\r\nSubject: I am just a test article\r\n';
      const end =
        "This is just a test article.\r\n.Here is a dot-starting line.\r\n\r\n-- Signed by Andr\xc3\xa9.\r\n";
      for (const [method, code, starts, ends] of [
        ["article", 220, true, true],
        ["head", 221, true, false],
        ["body", 222, false, true],
      ] as const) {
        const f = file();
        const [resp, info] = await p.client[method](null, { file: f.stream });
        expect(resp).toBe(`${code} 3000237 <45223423@example.com>`);
        expect(info).toEqual([3000237, "<45223423@example.com>", []]);
        expect(f.data().startsWith(start)).toBe(starts);
        expect(f.data().endsWith(end)).toBe(ends);
      }
    });

    const overview = (resp: string, overviews: [number, Record<string, string | null>][]) => {
      expect(resp.startsWith("224 ")).toBe(true);
      expect(overviews.length).toBe(3);
      const [art_num, over] = overviews[0]!;
      expect(art_num).toBe(57);
      expect(over).toEqual({
        from: "Doug Hellmann <doug.hellmann-Re5JQEeQqe8AvxtiuMwx3w@public.gmane.org>",
        subject: "Re: ANN: New Plone book with strong Python (and Zope) themes throughout",
        date: "Sat, 19 Jun 2010 18:04:08 -0400",
        "message-id": "<4FD05F05-F98B-44DC-8111-C6009C925F0C@gmail.com>",
        references: "<hvalf7$ort$1@dough.gmane.org>",
        ":bytes": "7103",
        ":lines": "16",
        xref: "news.gmane.io gmane.comp.python.authors:57",
      });
      expect(overviews[1]![1].xref).toBe(null);
      expect(overviews[2]![1].subject).toBe("Re: Message d'erreur incompréhensible (par moi)");
    };

    it("xover", async () => {
      await using p = await open();
      const [resp, overviews] = await p.client.xover(57, 59);
      overview(resp, overviews);
      expect(sent(p.server).slice(-2)).toEqual(["XOVER 57-59\r\n", "LIST OVERVIEW.FMT\r\n"]);
    });

    it("over (XOVER on a v1 server)", async () => {
      await using p = await open();
      const [resp, overviews] = await p.client.over([57, 59]);
      overview(resp, overviews);
      expect(sent(p.server).at(-2)).toBe(version === 2 ? "OVER 57-59\r\n" : "XOVER 57-59\r\n");
    });

    for (const [what, factory] of [
      ["bytes", (d: Buffer) => d],
      ["a Uint8Array", (d: Buffer) => new Uint8Array(d)],
      ["a readable stream", (d: Buffer) => Readable.from([d.subarray(0, 7), d.subarray(7)])],
      ["terminated lines", (d: Buffer) => splitlines(d, true)],
      ["unterminated lines", (d: Buffer) => splitlines(d, false)],
    ] as const) {
      it(`post and ihave with ${what}, CRLF and LF line endings`, async () => {
        await using p = await open();
        for (const data of [SAMPLE_POST, b(SAMPLE_POST.toString("latin1").replaceAll("\r\n", "\n"))]) {
          expect(await p.client.post(factory(data))).toBe("240 Article received OK");
          checkPostedBody(postedBody(p.server));
          expect(await p.client.ihave("<i.am.an.article.you.will.want@example.com>", factory(data))).toBe(
            "235 Article transferred OK",
          );
          checkPostedBody(postedBody(p.server));
        }
      });
    }

    it("post refused, ihave not wanted", async () => {
      const handler = new PyHandler(version);
      await using p = await open(handler);
      handler.allow_posting = false;
      let err = await caught<NNTPTemporaryError>(p.client.post(SAMPLE_POST));
      expect(err).toBeInstanceOf(NNTPTemporaryError);
      expect(err.response).toBe("440 Posting not permitted");
      err = await caught<NNTPTemporaryError>(p.client.ihave("<another.message.id>", SAMPLE_POST));
      expect(err.response).toBe("435 Article not wanted");
      // Nothing of the article was sent after a refusal.
      expect(sent(p.server).slice(-2)).toEqual(["POST\r\n", "IHAVE <another.message.id>\r\n"]);
    });

    it("too long lines raise NNTPDataError", async () => {
      await using p = await open();
      const dt = { year: 2010, month: 1, day: 1, hour: 9, minute: 0, second: 0 };
      const err = await caught(p.client.newnews("comp.lang.python", dt));
      expect(err).toBeInstanceOf(NNTPDataError);
      expect((err as NNTPDataError).response).toBe("line too long");
    });

    it("an unknown command is NNTPPermanentError 500", async () => {
      await using p = await open();
      const err = await caught<NNTPPermanentError>(p.client._shortcmd("XYZZY"));
      expect(err).toBeInstanceOf(NNTPPermanentError);
      expect(err.response.startsWith("500 ")).toBe(true);
    });
  });
}

describe("a server with CAPABILITIES only after login (CapsAfterLoginNNTPv2Tests)", () => {
  it("has no capabilities until login", async () => {
    await using p = await pyPair(new CapsAfterLoginHandler());
    expect(p.client._caps).toEqual({});
    await p.client.login("testuser", "testpw");
    expect(p.client._caps).toHaveProperty("VERSION");
  });
});

describe("a server that starts in transit mode (SendReaderNNTPv2Tests)", () => {
  it("switches to reader mode with readermode", async () => {
    await using p = await pyPair(new ModeSwitchingHandler(), { readermode: true });
    expect(p.client._caps).toHaveProperty("READER");
    expect(p.client.welcome).toBe("200 Posting allowed");
    expect(sent(p.server)).toEqual(["CAPABILITIES\r\n", "mode reader\r\n", "CAPABILITIES\r\n"]);
  });

  it("does not send MODE READER to a server in reader mode", async () => {
    await using p = await pyPair(new PyHandler(2), { readermode: true });
    expect(sent(p.server)).toEqual(["CAPABILITIES\r\n"]);
  });
});

function splitlines(data: Buffer, keepends: boolean): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 10) continue;
    const endOfText = i > start && data[i - 1] === 13 ? i - 1 : i;
    out.push(data.subarray(start, keepends ? i + 1 : endOfText));
    start = i + 1;
  }
  if (start < data.length) out.push(data.subarray(start));
  return out;
}
