// CR, LF and NUL in any argument are refused with ValueError before a byte is sent: a caller's
// data can never end the command and start another.
import { ValueError } from "@inetlib/socket";
import { demoSpool } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import type { NNTP } from "../src/index.js";
import { caught, pair, sent } from "./helpers.js";

const EVIL = ["x\r\nQUIT", "x\nQUIT", "x\rQUIT", "x\0y"];

const calls: [string, (s: NNTP, evil: string) => Promise<unknown>][] = [
  ["group", (s, e) => s.group(e)],
  ["stat", (s, e) => s.stat(e)],
  ["article", (s, e) => s.article(e)],
  ["head", (s, e) => s.head(e)],
  ["body", (s, e) => s.body(e)],
  ["list", (s, e) => s.list(e)],
  ["description", (s, e) => s.description(e)],
  ["descriptions", (s, e) => s.descriptions(e)],
  ["newnews", (s, e) => s.newnews(e, { year: 2024, month: 1, day: 1 })],
  ["xhdr header", (s, e) => s.xhdr(e, "1")],
  ["xhdr range", (s, e) => s.xhdr("subject", e)],
  ["hdr header", (s, e) => s.hdr(e, [1, 2])],
  ["hdr spec", (s, e) => s.hdr("subject", e)],
  ["over", (s, e) => s.over(e)],
  ["over range", (s, e) => s.over([1, e])],
  ["xover", (s, e) => s.xover(1, e)],
  ["xpath", (s, e) => s.xpath(e)],
  ["ihave", (s, e) => s.ihave(e, Buffer.from("x"))],
  ["login user", (s, e) => s.login(e, "pw")],
  ["login password", (s, e) => s.login("newsreader", e)],
  ["_shortcmd", (s, e) => s._shortcmd(`DATE ${e}`)],
  ["_putline", (s, e) => s._putline(Buffer.from(e))],
  [
    "articles",
    async (s, e) => {
      for await (const _ of s.articles([1, e])) void _;
    },
  ],
  [
    "stats",
    async (s, e) => {
      for await (const _ of s.stats([e])) void _;
    },
  ],
  [
    "over_iter",
    async (s, e) => {
      for await (const _ of s.over_iter(e)) void _;
    },
  ],
];

describe("CR, LF and NUL in arguments", () => {
  it("are refused before a byte is sent, and the connection stays usable", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) });
    await p.client.group("local.test");
    for (const [name, call] of calls) {
      for (const evil of EVIL) {
        const before = sent(p.server).length;
        const err = await caught(call(p.client, evil));
        expect(err, `${name} ${JSON.stringify(evil)}`).toBeInstanceOf(ValueError);
        expect(err.message).toMatch(/an illegal (newline|NUL) character should not be contained/);
        // over_iter reads LIST OVERVIEW.FMT first; nothing of the refused command went out.
        expect(
          sent(p.server)
            .slice(before)
            .filter((l) => !l.startsWith("LIST OVERVIEW.FMT")),
        ).toEqual([]);
      }
    }
    expect((await p.client.date())[0]).toMatch(/^111 /);
    expect(sent(p.server).some((l) => l.includes("QUIT"))).toBe(false);
  });

  it("a pipelined batch with one bad id sends none of it", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) });
    await p.client.group("local.test");
    const before = sent(p.server).length;
    const got: unknown[] = [];
    const err = await caught(
      (async () => {
        for await (const a of p.client.articles([1, 2, "3\r\nQUIT", 4])) got.push(a);
      })(),
    );
    expect(err).toBeInstanceOf(ValueError);
    expect(got).toEqual([]);
    expect(sent(p.server).slice(before)).toEqual([]);
  });
});
