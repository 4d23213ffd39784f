// The in-memory news server of @inetlib/testing, through the client's raw commands: the
// replies a realistic server gives where the nntplib tests do not look.
import { demoSpool, NewsSpool, wildmat } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import type { NNTPTemporaryError } from "../src/index.js";
import { caught, pair } from "./helpers.js";

describe("wildmat", () => {
  it("matches as RFC 3977 4 says: the last matching pattern decides", () => {
    expect(wildmat("comp.*", "comp.lang.python")).toBe(true);
    expect(wildmat("comp.*,!comp.lang.*", "comp.lang.python")).toBe(false);
    expect(wildmat("comp.*,!comp.lang.*,comp.lang.py*", "comp.lang.python")).toBe(true);
    expect(wildmat("local.te?t", "local.test")).toBe(true);
    expect(wildmat("local.t.st", "local.test")).toBe(false);
    expect(wildmat("*", "anything")).toBe(true);
  });
});

describe("the news server", () => {
  it("moves through a group: NEXT, LAST and their limits, LISTGROUP", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) });
    expect((await caught<NNTPTemporaryError>(p.client.next())).response).toBe("412 No newsgroup selected");
    await p.client.group("local.empty");
    expect((await caught<NNTPTemporaryError>(p.client.next())).response).toBe(
      "420 No current article selected",
    );
    await p.client.group("local.test");
    expect((await caught<NNTPTemporaryError>(p.client.last())).response).toBe(
      "422 No previous article in this group",
    );
    await p.client.stat(20);
    expect((await caught<NNTPTemporaryError>(p.client.next())).response).toBe(
      "421 No next article in this group",
    );
    expect(await p.client._longcmdstring("LISTGROUP local.test 3-5")).toEqual([
      "211 20 1 20 local.test",
      ["3", "4", "5"],
    ]);
    expect((await caught<NNTPTemporaryError>(p.client.over([100, 200]))).response).toBe(
      "423 No articles in that range",
    );
  });

  it("lists: COUNTS, ACTIVE.TIMES, HEADERS, MOTD; and refuses unknown keywords", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 3 }), motd: "Welcome!\nBe nice." });
    expect((await p.client._longcmdstring("LIST COUNTS local.big"))[1]).toEqual(["local.big 3 1 3 y"]);
    expect((await p.client._longcmdstring("LIST ACTIVE.TIMES local.big"))[1]).toEqual([
      "local.big 1704067200 usenet@news.inetlib.test",
    ]);
    expect((await p.client._longcmdstring("LIST HEADERS"))[1]).toEqual([":", ":bytes", ":lines"]);
    expect((await p.client._longcmdstring("LIST MOTD"))[1]).toEqual(["Welcome!", "Be nice."]);
    expect((await caught<NNTPTemporaryError>(p.client._longcmdstring("LIST FROBS"))).code).toBe(501);
  });

  it("posting rules: moderated and read-only groups, IHAVE with a mismatched Message-ID", async () => {
    const spool = new NewsSpool();
    spool.addGroup("mod.group", { status: "m" });
    spool.addGroup("ro.group", { status: "n" });
    await using p = await pair({ spool });
    const art = (g: string, extra = "") =>
      Buffer.from(`From: a@b\r\nNewsgroups: ${g}\r\nSubject: s\r\n${extra}\r\nbody\r\n`);
    expect((await caught<NNTPTemporaryError>(p.client.post(art("mod.group")))).response).toBe(
      "441 Moderated group; article needs approval",
    );
    expect(await p.client.post(art("mod.group", "Approved: mod@b\r\n"))).toMatch(
      /^240 Article received <1\.inetlib@/,
    );
    expect((await caught<NNTPTemporaryError>(p.client.post(art("ro.group")))).code).toBe(441);
    expect(
      (await caught<NNTPTemporaryError>(p.client.ihave("<x@y>", art("ro.group", "Message-ID: <z@y>\r\n"))))
        .response,
    ).toBe("437 Rejected: Message-ID does not match");
    expect(await p.client.ihave("<x@y>", art("ro.group", "Message-ID: <x@y>\r\n"))).toBe(
      "235 Article transferred OK",
    );
  });

  it("authRequired: reading needs a login; posting: false refuses POST", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), authRequired: true, posting: false });
    expect(p.client.getwelcome()).toMatch(/^201 /);
    expect((await caught<NNTPTemporaryError>(p.client.group("local.test"))).response).toBe(
      "480 Authentication required",
    );
    await p.client.login("newsreader", "news-pass");
    expect((await p.client.group("local.test"))[1]).toBe(20);
    expect((await caught<NNTPTemporaryError>(p.client.post(Buffer.from("x")))).response).toBe(
      "440 Posting not permitted",
    );
  });

  it("transit mode until MODE READER", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), mode: "switch" });
    expect(p.client._caps).toHaveProperty("MODE-READER");
    expect((await caught(p.client.group("local.test"))).message).toMatch(/^502 /);
    await p.client._shortcmd("MODE READER");
    expect((await p.client.group("local.test"))[1]).toBe(20);
  });
});
