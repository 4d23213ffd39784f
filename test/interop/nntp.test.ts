// @inetlib/nntp against INN 2.7 (nnrpd reader, nnrpd -S over TLS, innd for IHAVE): the
// daemons of test/daemons/up.sh, their data as test/daemons/README.md describes it. Python's
// own nntplib, run against the same server, is the oracle for the results' shapes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  decode_header,
  GroupInfo,
  NNTP,
  NNTP_SSL,
  type NNTPOptions,
  type NNTPPermanentError,
  type NNTPTemporaryError,
} from "@inetlib/nntp";
import {
  create_default_context,
  SSLCertVerificationError,
  type SSLContext,
  SSLSocket,
} from "@inetlib/socket";
import { afterEach, describe, expect, it } from "vitest";
import { host, host6, newsDomain, paths, ports, seeded, users } from "./env.js";

const run = promisify(execFile);
const open: NNTP[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function ca(): SSLContext {
  return create_default_context({ cafile: paths.ca });
}

async function reader(options: NNTPOptions = {}, where = host): Promise<NNTP> {
  const s = await NNTP.open(where, ports.nntp, { timeout: 30, ...options });
  open.push(s);
  return s;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe("INN nnrpd", () => {
  it("greets, reads the capabilities (VERSION 2, READER: no MODE READER needed)", async () => {
    const s = await reader({ readermode: true });
    expect(s.getwelcome()).toMatch(/^200 .*INN 2\.7/);
    const caps = await s.getcapabilities();
    expect(s.nntp_version).toBe(2);
    expect(s.nntp_implementation).toMatch(/^INN 2\.7/);
    for (const c of ["READER", "OVER", "HDR", "STARTTLS", "NEWNEWS", "POST"]) expect(caps).toHaveProperty(c);
    expect(caps.COMPRESS).toContain("DEFLATE");
    expect(caps.LIST).toContain("OVERVIEW.FMT");
  });

  it("lists groups, active and descriptions", async () => {
    const s = await reader();
    const [resp, groups] = await s.list();
    expect(resp).toMatch(/^215 /);
    const names = groups.map((g) => g.group);
    expect(names).toEqual(expect.arrayContaining(["local.test", "local.big", "local.empty"]));
    const [, local] = await s.list("local.*");
    const empty = local.find((g) => g.group === "local.empty")!;
    expect(empty).toEqual(GroupInfo("local.empty", empty.last, empty.first, "y"));
    expect(await s.description("local.big")).toBe("inetlib test group with many articles.");
    const [, descs] = await s.descriptions("local.*");
    expect(descs["local.test"]).toBe("inetlib test group with a few articles.");
    const [, fresh] = await s.newgroups({ year: 2000, month: 1, day: 1 });
    expect(fresh.map((g) => g.group)).toContain("local.test");
  });

  it("selects groups and moves through them", async () => {
    const s = await reader();
    const [, count, first, last, name] = await s.group("local.big");
    expect(name).toBe("local.big");
    expect(count).toBeGreaterThanOrEqual(seeded.nntpBigArticles);
    expect(first).toBe(1);
    expect(last).toBeGreaterThanOrEqual(seeded.nntpBigArticles);
    expect((await s.group("local.empty"))[1]).toBe(0);
    await s.group("local.test");
    expect(await s.stat()).toEqual([expect.stringMatching(/^223 1 /), 1, `<test-1@${newsDomain}>`]);
    expect((await s.next())[1]).toBe(2);
    expect((await s.last())[1]).toBe(1);
    expect((await s.stat(`<big-7@${newsDomain}>`))[2]).toBe(`<big-7@${newsDomain}>`);
    expect((await s.date())[1].getUTCFullYear()).toBeGreaterThanOrEqual(2024);
  });

  it("reads articles, heads and bodies, dot-stuffed lines restored", async () => {
    const s = await reader();
    await s.group("local.test");
    const [resp, art] = await s.article(1);
    expect(resp).toMatch(/^220 1 <test-1@/);
    const lines = art.lines.map(String);
    expect(lines).toContain("Subject: local.test article 1");
    expect(lines).toContain(".A line starting with a dot.");
    const [, head] = await s.head(2);
    expect(head.lines.map(String)).toContain(`References: <test-1@${newsDomain}>`);
    const [, body] = await s.body(`<test-2@${newsDomain}>`);
    expect(body.lines.map(String)).toEqual([
      "This is article 2 in local.test.",
      "",
      ".A line starting with a dot.",
      "",
    ]);
    expect((await caught<NNTPTemporaryError>(s.article(999999))).code).toBe(423);
    expect((await caught<NNTPTemporaryError>(s.article("<no-such@x>"))).code).toBe(430);
  });

  it("reads the overview of all of local.big, in memory and as it arrives", async () => {
    const s = await reader();
    const [, , , last] = await s.group("local.big");
    const [resp, over] = await s.over([1, last]);
    expect(resp).toMatch(/^224 /);
    expect(over.length).toBeGreaterThanOrEqual(seeded.nntpBigArticles);
    expect(over[41]).toEqual([
      42,
      expect.objectContaining({
        subject: "local.big article 42",
        "message-id": `<big-42@${newsDomain}>`,
        ":lines": "4",
      }),
    ]);
    expect(over[0]![1].xref).toMatch(/local\.big:1$/);
    let n = 0;
    for await (const [num, fields] of s.over_iter([1, null])) {
      n++;
      if (num === 1000) expect(decode_header(fields.subject!)).toBe("local.big article 1000");
    }
    expect(n).toBe(over.length);
    const [, hdrs] = await s.hdr("Subject", [1, 3]);
    expect(hdrs).toEqual([
      ["1", "local.big article 1"],
      ["2", "local.big article 2"],
      ["3", "local.big article 3"],
    ]);
    expect((await s.xhdr("subject", "5"))[1]).toEqual([["5", "local.big article 5"]]);
  });

  it("pipelines a thousand articles, in order, and skips the missing", async () => {
    const s = await reader();
    await s.group("local.big");
    const started = performance.now();
    let n = 0;
    for await (const [, a] of s.articles(range(1, 1000))) expect(a.number).toBe(++n);
    const pipelined = performance.now() - started;
    const seqStart = performance.now();
    for (const i of range(1, 50)) await s.article(i);
    const sequential = ((performance.now() - seqStart) / 50) * 1000;
    // Reported, not asserted: tests assert no timings.
    console.log(
      `INN: 1000 articles pipelined in ${pipelined.toFixed(0)} ms; sequential ~${sequential.toFixed(0)} ms`,
    );
    const got = [];
    for await (const [, a] of s.bodies([1, 999999, 3], { skipMissing: true })) got.push(a.number);
    expect(got).toEqual([1, 3]);
    const err = await caught<NNTPTemporaryError>(
      (async () => {
        for await (const _ of s.heads([1, 999999, 3])) void _;
      })(),
    );
    expect(err.code).toBe(423);
    expect((await s.stat(5))[1]).toBe(5);
  });

  it("posts, then reads the article back; newnews finds it", async () => {
    const s = await reader();
    const id = `<interop-${Date.now()}-${process.pid}@${newsDomain}>`;
    const resp = await s.post(
      Buffer.from(
        `From: Interop <interop@${newsDomain}>\nNewsgroups: local.test\nSubject: posted by @inetlib/nntp\nMessage-ID: ${id}\n\nhello\n.dotted\n`,
      ),
    );
    expect(resp).toMatch(/^240 /);
    const [, body] = await s.body(id);
    expect(body.lines.map(String)).toEqual(["hello", ".dotted"]);
    const [, ids] = await s.newnews("local.test", new Date(Date.now() - 3_600_000));
    expect(ids).toContain(id);
  });

  it("AUTHINFO: a wrong password is 481, the right one 281, capabilities re-read", async () => {
    const s = await reader();
    expect((await caught<NNTPTemporaryError>(s.login(users.nntp.user, "wrong-password", false))).code).toBe(
      481,
    );
    await s.login(users.nntp.user, users.nntp.password, false);
    expect(s.authenticated).toBe(true);
    expect(s._caps!.AUTHINFO).toBeUndefined();
    expect((await s.group("local.test"))[0]).toMatch(/^211 /);
  });

  it("STARTTLS, verified against the project CA; then login", async () => {
    const s = await reader();
    await s.starttls(ca());
    expect(s.sock).toBeInstanceOf(SSLSocket);
    expect(s._caps).not.toHaveProperty("STARTTLS");
    await s.login(users.nntp.user, users.nntp.password, false);
    expect((await s.group("local.test"))[4]).toBe("local.test");
  });

  it("STARTTLS without the CA fails closed", async () => {
    const s = await reader();
    expect(await caught(s.starttls())).toBeInstanceOf(SSLCertVerificationError);
    expect(s.sock).toBe(null);
  });

  it("COMPRESS DEFLATE, after STARTTLS and login", async () => {
    const s = await reader({ compress: true });
    expect(s.compress_on).toBe(true);
    expect(s._caps).not.toHaveProperty("COMPRESS");
    await s.group("local.big");
    const [, over] = await s.over([1, 500]);
    expect(over.length).toBe(500);
    let n = 0;
    for await (const _ of s.articles(range(1, 200))) n++;
    expect(n).toBe(200);
    expect(await caught(s.starttls(ca()))).toMatchObject({
      message: "TLS cannot be started after COMPRESS.",
    });

    const t = await reader();
    await t.starttls(ca());
    await t.login(users.nntp.user, users.nntp.password, false);
    await t.compress();
    expect((await t.group("local.test"))[1]).toBeGreaterThanOrEqual(seeded.nntpTestArticles);
    expect(await t.quit()).toMatch(/^205 /);
  });

  it("over IPv6 (::1)", async () => {
    const s = await reader({}, host6);
    expect((await s.group("local.test"))[4]).toBe("local.test");
  });

  it("an unknown command is NNTPPermanentError 500", async () => {
    const s = await reader();
    expect((await caught<NNTPPermanentError>(s._shortcmd("XYZZY"))).code).toBe(500);
  });

  it("gives what Python's nntplib gives against the same server", async () => {
    const script = `
import json, nntplib, warnings
warnings.simplefilter("ignore")
s = nntplib.NNTP("${host}", ${ports.nntp})
out = {}
out["group"] = list(s.group("local.test"))
out["stat"] = list(s.stat(3))
resp, info = s.article(2)
out["article"] = [resp, info.number, info.message_id, [l.decode("latin-1") for l in info.lines]]
resp, over = s.over((1, 3))
out["over"] = [resp, [[n, f] for n, f in over]]
resp, hdr = s.xhdr("subject", "1-2")
out["xhdr"] = [resp, [list(h) for h in hdr]]
resp, desc = s.descriptions("local.*")
out["descriptions"] = [resp, desc]
out["caps"] = s.getcapabilities()
s.quit()
print(json.dumps(out))
`;
    const { stdout } = await run("python3", ["-c", script], { timeout: 30_000 });
    const py = JSON.parse(stdout);
    const s = await reader();
    expect(await s.getcapabilities()).toEqual(py.caps);
    expect(await s.group("local.test")).toEqual(py.group);
    expect(await s.stat(3)).toEqual(py.stat);
    const [resp, info] = await s.article(2);
    expect([resp, info.number, info.message_id, info.lines.map((l) => l.toString("latin1"))]).toEqual(
      py.article,
    );
    expect(await s.over([1, 3])).toEqual(py.over);
    expect(await s.xhdr("subject", "1-2")).toEqual(py.xhdr);
    expect(await s.descriptions("local.*")).toEqual(py.descriptions);
  });
});

describe("INN nnrpd -S (NNTPS)", () => {
  for (const where of [host, host6]) {
    it(`speaks TLS from the first byte (${where})`, async () => {
      const s = await NNTP_SSL.open(where, ports.nntps, { ssl_context: ca(), timeout: 30 });
      open.push(s);
      expect(s.tls_on).toBe(true);
      expect(s.sock).toBeInstanceOf(SSLSocket);
      await s.login(users.nntp.user, users.nntp.password, false);
      await s.group("local.test");
      const [, art] = await s.article(1);
      expect(art.lines.map(String)).toContain(".A line starting with a dot.");
      expect(await s.quit()).toMatch(/^205 /);
    });
  }
});

describe("INN innd (transit)", () => {
  it("takes an article by IHAVE, and refuses it the second time", async () => {
    const s = await NNTP.open(host, ports.nntpFeed, { timeout: 30 });
    open.push(s);
    const id = `<ihave-${Date.now()}-${process.pid}@${newsDomain}>`;
    const article = Buffer.from(
      `Path: feeder!not-for-mail\r\nFrom: Feeder <feeder@${newsDomain}>\r\nNewsgroups: local.test\r\nSubject: fed by IHAVE\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: ${id}\r\n\r\nfed\r\n`,
    );
    expect(await s.ihave(id, article)).toMatch(/^235 /);
    expect((await caught<NNTPTemporaryError>(s.ihave(id, article))).code).toBe(435);
    const r = await reader();
    const [, body] = await r.body(id);
    expect(body.lines.map(String)).toEqual(["fed"]);
  });
});

async function caught<E = Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (err) {
    return err as E;
  }
  throw new Error("expected a rejection");
}
