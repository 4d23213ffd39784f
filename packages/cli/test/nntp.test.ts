// inetlib get news: and nntp: (RFC 5538) against the in-memory news spool.
import { demoSpool, NNTPServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newsTarget } from "../src/schemes/nntp.js";
import { parseUrl } from "../src/url.js";
import { run } from "./run.js";
import { CA } from "./tls.js";

let server: NNTPServer;
let secure: NNTPServer;
let h: string;
beforeAll(async () => {
  server = await NNTPServer.open({ spool: demoSpool({ bigArticles: 30 }), tls: true });
  secure = await NNTPServer.open({ spool: demoSpool({ bigArticles: 0 }), tls: true, implicitTLS: true });
  h = `127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await secure.close();
});

describe("inetlib get news: and nntp:", () => {
  it("lists the newsgroups, or those a wildmat matches", async () => {
    const all = await run(["get", `news://${h}/`]);
    expect(all).toMatchObject({ code: 0, stderr: "" });
    expect(
      all.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0]),
    ).toEqual(["local.test", "local.big", "local.empty", "comp.lang.python"]);
    // TAB-separated as every other listing, not the server's raw active lines
    const some = await run(["get", `news://${h}/comp.*`]);
    expect(some.stdout).toBe("comp.lang.python\t3\t1\ty\n");
    const shown = await run(["get", `news://${h}/comp.*`], { tty: { stdout: true } });
    expect(shown.stdout).toBe("comp.lang.python  3  1  y\n");
  });

  it("lists a group's articles: number, date, from, subject (headers decoded)", async () => {
    const r = await run(["get", `news://${h}/comp.lang.python`]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(
      "1\tMon, 01 Jan 2024 01:00:00 GMT\tAndré <andre@example.org>\tDébuter en Python",
    );
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("takes the server from $NNTPSERVER for news:GROUP", async () => {
    const r = await run(["get", "news:local.empty"], { env: { NNTPSERVER: "127.0.0.1" } });
    // Port 119 is not the test server's: the point is the host the error names.
    expect(r.stderr).toMatch(/^inetlib: cannot connect to 127\.0\.0\.1:119: /);
    expect(r.code).toBe(3);
  });

  it("prints article N of a group, and an article by message-id, as stored", async () => {
    const byNumber = await run(["get", `nntp://${h}/local.test/4`]);
    expect(byNumber.code).toBe(0);
    expect(byNumber.stdout).toContain(
      "Message-ID: <test-4@inetlib.test>\r\nReferences: <test-3@inetlib.test>\r\n\r\n",
    );
    expect(byNumber.stdout).toContain("\r\n.A line starting with a dot.\r\n");
    const byId = await run(["get", `news://${h}/%3Ctest-4@inetlib.test%3E`]);
    expect(byId).toMatchObject({ code: 0, stdout: byNumber.stdout });
    const bare = await run(["get", `news://${h}/test-4@inetlib.test`]);
    expect(bare.stdout).toBe(byNumber.stdout);
  });

  it("exits 7 for a missing group, article number or message-id", async () => {
    expect(await run(["get", `news://${h}/no.such.group`])).toMatchObject({
      code: 7,
      stderr: "inetlib: not found: 411 No such group\n",
    });
    expect((await run(["get", `nntp://${h}/local.test/999`])).code).toBe(7);
    expect((await run(["get", `news://${h}/nobody@nowhere`])).code).toBe(7);
  });

  it("logs in with AUTHINFO, exits 5 when refused, masks the password in --trace", async () => {
    const ok = await run(["get", "--trace", `news://newsreader:news-pass@${h}/local.empty`]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain("*cmd* 'authinfo pass *********'");
    expect(ok.stderr).not.toContain("news-pass");
    const bad = await run(["get", `news://newsreader:wrong@${h}/local.test`]);
    expect(bad).toMatchObject({ code: 5, stderr: "inetlib: login failed: 481 Authentication failed\n" });
  });

  it("upgrades with --starttls and speaks implicit TLS for newss://", async () => {
    const up = await run(["get", "--starttls", "--cacert", CA, `news://localhost:${server.port}/comp.*`]);
    expect(up).toMatchObject({ code: 0, stdout: "comp.lang.python\t3\t1\ty\n" });
    const tls = await run(["get", "--cacert", CA, `newss://localhost:${secure.port}/local.test/1`]);
    expect(tls.code).toBe(0);
    expect(tls.stdout).toContain("Subject: local.test article 1\r\n");
    expect((await run(["get", `newss://localhost:${secure.port}/local.test/1`])).code).toBe(4);
  });
});

describe("newsTarget (RFC 5538)", () => {
  const t = (url: string) => newsTarget(parseUrl(url));
  it("reads groups, message-ids, article numbers and wildmats", () => {
    expect(t("news:comp.lang.python")).toEqual({ kind: "group", group: "comp.lang.python" });
    expect(t("news:abc@example.org")).toEqual({ kind: "article", group: null, id: "<abc@example.org>" });
    expect(t("news://h/%3Cabc@example.org%3E")).toEqual({
      kind: "article",
      group: null,
      id: "<abc@example.org>",
    });
    expect(t("nntp://h/local.test/12")).toEqual({ kind: "article", group: "local.test", id: 12 });
    expect(t("news://h/")).toEqual({ kind: "groups", pattern: null });
    expect(t("news:*")).toEqual({ kind: "groups", pattern: "*" });
    expect(t("news://h/comp.*")).toEqual({ kind: "groups", pattern: "comp.*" });
    expect(() => t("nntp://h/local.test/x")).toThrow(/article number/);
  });
});
