// articles(), heads(), bodies() and stats(): many commands in flight, responses in order, a
// 4xx/5xx in the middle thrown at its place with the connection left in step.
import { EOFError, OSError } from "@inetlib/socket";
import { demoSpool } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { NNTPPermanentError, NNTPTemporaryError } from "../src/index.js";
import { caught, pair, sent } from "./helpers.js";

const spool = () => demoSpool({ bigArticles: 200 });
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("pipelined fetches", () => {
  it("yield every article in order, with commands in flight", async () => {
    await using p = await pair({ spool: spool() });
    await p.client.group("local.big");
    const got = await collect(p.client.articles(range(1, 200), { window: 16 }));
    expect(got.map(([, a]) => a.number)).toEqual(range(1, 200));
    expect(got[41]![0]).toBe("220 42 <big-42@inetlib.test> article");
    expect(got[41]![1].lines.at(-2)!.toString()).toBe(".A line starting with a dot.");
    expect(p.server.connections[0]!.pipelined).toBeGreaterThan(100);
    expect(sent(p.server).slice(-200)).toEqual(range(1, 200).map((n) => `ARTICLE ${n}\r\n`));
  });

  it("with a window of 1, one command at a time", async () => {
    await using p = await pair({ spool: spool() });
    await p.client.group("local.big");
    expect((await collect(p.client.bodies(range(1, 20), { window: 1 }))).length).toBe(20);
    expect(p.server.connections[0]!.pipelined).toBe(0);
  });

  it("heads, bodies and stats, by number and message-id", async () => {
    await using p = await pair({ spool: spool() });
    await p.client.group("local.test");
    const heads = await collect(p.client.heads([1, "<test-2@inetlib.test>"]));
    expect(heads.map(([r]) => r)).toEqual([
      "221 1 <test-1@inetlib.test> head",
      "221 0 <test-2@inetlib.test> head",
    ]);
    expect(heads[0]![1].lines.length).toBe(6);
    const bodies = await collect(p.client.bodies([3]));
    expect(bodies[0]![1].lines.map(String)).toEqual([
      "This is article 3 in local.test.",
      "",
      ".A line starting with a dot.",
      "",
    ]);
    expect(await collect(p.client.stats([4, 5]))).toEqual([
      ["223 4 <test-4@inetlib.test> status", 4, "<test-4@inetlib.test>"],
      ["223 5 <test-5@inetlib.test> status", 5, "<test-5@inetlib.test>"],
    ]);
  });

  it("a 4xx in the middle throws at its place, after the responses already asked for are read", async () => {
    await using p = await pair({ spool: spool() });
    await p.client.group("local.big");
    const got: number[] = [];
    const err = await caught<NNTPTemporaryError>(
      (async () => {
        for await (const [, a] of p.client.articles([1, 2, 9999, 4, 5, 6], { window: 8 })) got.push(a.number);
      })(),
    );
    expect(got).toEqual([1, 2]);
    expect(err).toBeInstanceOf(NNTPTemporaryError);
    expect(err.response).toBe("423 No such article number 9999");
    // All six went out in one batch; the three after the error were read and dropped.
    expect(sent(p.server).slice(-6)).toEqual([1, 2, 9999, 4, 5, 6].map((n) => `ARTICLE ${n}\r\n`));
    expect((await p.client.stat(7))[1]).toBe(7);
  });

  it("skipMissing leaves out 423 and 430, not other errors", async () => {
    await using p = await pair({
      spool: spool(),
      respond: (c, a) => (c === "ARTICLE" && a === "8" ? "502 Permission denied\r\n" : undefined),
    });
    await p.client.group("local.big");
    const got = await collect(p.client.articles([1, 9999, "<nope@x>", 4], { skipMissing: true }));
    expect(got.map(([, a]) => a.number)).toEqual([1, 4]);
    const seen: number[] = [];
    const err = await caught(
      (async () => {
        for await (const [, a] of p.client.articles([7, 8, 9], { skipMissing: true })) seen.push(a.number);
      })(),
    );
    expect(err).toBeInstanceOf(NNTPPermanentError);
    expect(seen).toEqual([7]);
    expect((await p.client.stat(10))[1]).toBe(10);
  });

  it("leaving the loop early reads and drops the rest; the connection stays in step", async () => {
    await using p = await pair({ spool: spool() });
    await p.client.group("local.big");
    let n = 0;
    for await (const [, a] of p.client.articles(range(1, 50), { window: 10 })) {
      expect(a.number).toBe(++n);
      if (n === 3) break;
    }
    // No more than a window was ever in flight.
    expect(sent(p.server).filter((l) => l.startsWith("ARTICLE")).length).toBeLessThanOrEqual(10);
    expect(await p.client.stat(42)).toEqual([
      "223 42 <big-42@inetlib.test> status",
      42,
      "<big-42@inetlib.test>",
    ]);
  });

  it("long message-ids: the bytes in flight stay bounded, the answers in order", async () => {
    await using p = await pair({ spool: spool() });
    const ids = range(1, 300).map((n) => `<${"x".repeat(240)}-${n}@missing>`);
    ids[150] = "<big-7@inetlib.test>";
    const got = await collect(p.client.stats(ids, { skipMissing: true }));
    expect(got).toEqual([["223 0 <big-7@inetlib.test> status", 0, "<big-7@inetlib.test>"]]);
    expect(sent(p.server).length).toBe(301);
  });

  it("calls made meanwhile wait for the pipeline", async () => {
    await using p = await pair({ spool: spool() });
    await p.client.group("local.big");
    const it = p.client.bodies(range(1, 5));
    const first = await it.next();
    const date = p.client.date();
    const rest = await collect(it);
    expect(first.value![1].number).toBe(1);
    expect(rest.length).toBe(4);
    expect((await date)[0]).toMatch(/^111 /);
    expect(sent(p.server).at(-1)).toBe("DATE\r\n");
  });

  it("the server going away in the middle throws (EOFError, or the send's OSError) and closes the connection", async () => {
    await using p = await pair({ spool: spool() });
    await p.client.group("local.big");
    const err = await caught(
      (async () => {
        for await (const [, a] of p.client.articles(range(1, 50), { window: 4 }))
          if (a.number === 2) await p.server.close();
      })(),
    );
    // Which comes first depends on timing: reading the end of stream, or the next batch's send failing.
    expect(err instanceof EOFError || err instanceof OSError).toBe(true);
    expect(p.client.sock).toBe(null);
  });
});
