// set_debuglevel prints what nntplib prints (*cmd*, *put*, *get*, *resp*, *welcome*), with
// the password masked where Python would show it.
import { demoSpool } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { pair } from "./helpers.js";

describe("debug output", () => {
  it("level 1: commands and responses; level 2: raw lines too; level 0: nothing", async () => {
    const printed: string[] = [];
    await using p = await pair(
      { spool: demoSpool({ bigArticles: 1 }) },
      { debugSink: (t) => printed.push(t) },
    );
    p.client.set_debuglevel(1);
    expect(p.client.debugging).toBe(1);
    p.client.getwelcome();
    await p.client.group("local.test");
    await p.client.login("newsreader", "news-pass");
    expect(printed.slice(0, 9)).toEqual([
      "*welcome* '200 news.inetlib.test inetlib NNTP server ready (posting ok)'\n",
      "*cmd* 'GROUP local.test'\n",
      "*resp* b'211 20 1 20 local.test'\n",
      "*cmd* 'authinfo user newsreader'\n",
      "*resp* b'381 Enter password'\n",
      "*cmd* 'authinfo pass *********'\n",
      "*resp* b'281 Authentication succeeded'\n",
      "*cmd* 'CAPABILITIES'\n",
      "*resp* b'101 Capability list:'\n",
    ]);
    printed.length = 0;
    p.client.debug(2);
    await p.client.stat(1);
    await p.client.head(1);
    expect(printed.slice(0, 8)).toEqual([
      "*cmd* 'STAT 1'\n",
      "*put* b'STAT 1\\r\\n'\n",
      "*get* b'223 1 <test-1@inetlib.test> status\\r\\n'\n",
      "*resp* b'223 1 <test-1@inetlib.test> status'\n",
      "*cmd* 'HEAD 1'\n",
      "*put* b'HEAD 1\\r\\n'\n",
      "*get* b'221 1 <test-1@inetlib.test> head\\r\\n'\n",
      "*resp* b'221 1 <test-1@inetlib.test> head'\n",
    ]);
    expect(printed.at(-1)).toBe("*get* b'.\\r\\n'\n");
    printed.length = 0;
    p.client.set_debuglevel(0);
    await p.client.date();
    expect(printed).toEqual([]);
  });

  it("level 2 masks the password in *put* as well", async () => {
    const printed: string[] = [];
    await using p = await pair(
      { spool: demoSpool({ bigArticles: 1 }) },
      { debugSink: (t) => printed.push(t) },
    );
    p.client.set_debuglevel(2);
    await p.client.login("newsreader", "news-pass");
    expect(printed).toContain("*put* b'authinfo pass *********\\r\\n'\n");
    expect(printed.join("")).not.toContain("news-pass");
  });
});
