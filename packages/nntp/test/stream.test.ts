// Streaming: a `file` argument gets the lines as they arrive, with backpressure and without
// the in-memory bounds; over_iter() yields a large overview one entry at a time.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { demoSpool } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NNTPDataError, type NNTPTemporaryError } from "../src/index.js";
import { caught, pair, sent } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "inetlib-nntp-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LINE = `${"x".repeat(70)}\r\n`;
const BIG_LINES = 60_000; // about 4.3 MB

function bigSpool() {
  const spool = demoSpool({ bigArticles: 2000 });
  spool.post(
    `From: a@b\r\nNewsgroups: local.empty\r\nSubject: big\r\n\r\n.first\r\n${LINE.repeat(BIG_LINES)}`,
  );
  return spool;
}

/** A slow writable that records the most it ever held. */
function slowSink() {
  let size = 0;
  let most = 0;
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _e, cb) {
      size += chunk.length;
      setImmediate(cb);
    },
  });
  const watch = setInterval(() => (most = Math.max(most, stream.writableLength)), 0);
  return {
    stream,
    size: () => size,
    most: () => {
      clearInterval(watch);
      return most;
    },
  };
}

describe("a file argument", () => {
  it("takes a body far over the in-memory bound, with backpressure", async () => {
    await using p = await pair({ spool: bigSpool() }, { maxResponseBytes: 64 * 1024 });
    await p.client.group("local.empty");
    // In memory it is refused (and the connection closed)...
    await using q = await pair({ spool: bigSpool() }, { maxResponseBytes: 64 * 1024 });
    await q.client.group("local.empty");
    expect(await caught(q.client.body(1))).toBeInstanceOf(NNTPDataError);
    // ...streamed, it goes through in bounded chunks.
    const sink = slowSink();
    const [resp, info] = await p.client.body(1, { file: sink.stream });
    expect(resp).toBe(`222 1 ${info.message_id} body`);
    expect(info.lines).toEqual([]);
    expect(sink.size()).toBe(".first\r\n".length + LINE.length * BIG_LINES);
    expect(sink.most()).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
    expect((await p.client.date())[0]).toMatch(/^111 /);
  });

  it("by name: the file is written with the lines as received, unstuffed", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) });
    await p.client.group("local.test");
    const path = join(dir, "article.txt");
    const [, info] = await p.client.article(2, { file: path });
    expect(info.lines).toEqual([]);
    const text = await readFile(path, "latin1");
    expect(text.startsWith("Path: news.inetlib.test!not-for-mail\r\n")).toBe(true);
    expect(text.endsWith("\r\n\r\n.A line starting with a dot.\r\n\r\n")).toBe(true);
    // As in Python, a refused command still leaves the (empty) file behind.
    const missing = join(dir, "missing.txt");
    expect((await caught<NNTPTemporaryError>(p.client.article(999, { file: missing }))).code).toBe(423);
    expect(await readFile(missing, "latin1")).toBe("");
    // Text responses too: list() writes the lines and returns none.
    const listing = join(dir, "list.txt");
    expect(await p.client.list(null, { file: listing })).toEqual([
      '215 Newsgroups in form "group high low status"',
      [],
    ]);
    expect((await readFile(listing, "latin1")).split("\r\n")[0]).toBe("local.test 0000000020 0000000001 y");
  });

  it("that fails: the rest is read and dropped, then the error is thrown", async () => {
    await using p = await pair({ spool: bigSpool() });
    await p.client.group("local.empty");
    const broken = new Writable({
      write(_chunk, _e, cb) {
        cb(new Error("disk full"));
      },
    });
    broken.on("error", () => {});
    const err = await caught(p.client.body(1, { file: broken }));
    expect(err.message).toBe("disk full");
    expect((await p.client.stat(1))[1]).toBe(1);
  });

  it("that cannot be opened: nothing is sent", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) });
    await p.client.group("local.test");
    const before = sent(p.server).length;
    const err = await caught(p.client.body(1, { file: join(dir, "no", "such", "dir", "x") }));
    expect(err).toMatchObject({ code: "ENOENT" });
    expect(sent(p.server).length).toBe(before);
  });
});

describe("over_iter", () => {
  it("yields a large range one entry at a time, without the in-memory bounds", async () => {
    await using p = await pair({ spool: bigSpool() }, { maxResponseLines: 100 });
    await p.client.group("local.big");
    let n = 0;
    for await (const [num, fields] of p.client.over_iter([1, null])) {
      expect(num).toBe(++n);
      expect(fields.subject).toBe(`local.big article ${num}`);
    }
    expect(n).toBe(2000);
    expect(await caught(p.client.over([1, null]))).toBeInstanceOf(NNTPDataError);
  });

  it("leaving the loop early reads and drops the rest", async () => {
    await using p = await pair({ spool: bigSpool() });
    await p.client.group("local.big");
    for await (const [num] of p.client.over_iter([1, 2000])) if (num === 5) break;
    expect((await p.client.stat(3))[1]).toBe(3);
    expect(sent(p.server).slice(-3)).toEqual(["LIST OVERVIEW.FMT\r\n", "OVER 1-2000\r\n", "STAT 3\r\n"]);
  });

  it("a malformed line throws, with the connection left in step", async () => {
    const lines = ["224 follows", "1\ta\tb\tc\t<d>\t\t1\t1", "x\tbad", "3\ta\tb\tc\t<d>\t\t1\t1", "."];
    await using p = await pair({
      spool: demoSpool({ bigArticles: 1 }),
      respond: (c) => (c === "OVER" ? `${lines.join("\r\n")}\r\n` : undefined),
    });
    const got: number[] = [];
    const err = await caught(
      (async () => {
        for await (const [num] of p.client.over_iter([1, 3])) got.push(num);
      })(),
    );
    expect(got).toEqual([1]);
    expect(err.message).toBe("invalid literal for int() with base 10: 'x'");
    expect((await p.client.date())[0]).toMatch(/^111 /);
  });
});
