// Responses cut at every byte, including inside CRLF, inside the "." terminator and inside
// ".." lines: every cut gives the same results as the whole.
import { Writable } from "node:stream";
import { EOFError } from "@inetlib/socket";
import { demoSpool } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import type { NNTPTemporaryError } from "../src/index.js";
import { FakeNNTP, FakeSocket, splits } from "./fake.js";
import { pair } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");

const SERVER = b(
  [
    "200 ready\r\n",
    "101 Capability list:\r\nVERSION 2\r\nOVER\r\nREADER\r\n.\r\n", // CAPABILITIES
    "220 3 <a@b> article\r\nSubject: x\r\n\r\n..\r\n...dots\r\n.x\r\n\r\nend\r\n.\r\n", // ARTICLE 3
    "222 4 <c@d>\nlf only\n..x\n.\n", // BODY 4, LF endings
    "211 2 1 2 g\r\n", // GROUP g
    "224 follows\r\n1\tS\tF\tD\t<m>\t\t10\t1\r\n2\tS\u00e9\tF\tD\t<n>\t<m>\t20\t2\r\n.\r\n", // OVER 1-2
    "503 no fmt\r\n", // LIST OVERVIEW.FMT
    "430 No such article\r\n", // HEAD <x>
    "222 5 <e@f>\r\n..\r\nx\r\n.\r\n", // BODY 5 to a file
  ].join(""),
);

async function session(chunks: Buffer[]): Promise<unknown[]> {
  const fake = new FakeSocket(chunks);
  const s = new FakeNNTP(fake);
  const out: unknown[] = [await s.connect("localhost")];
  out.push({ ...(await s.getcapabilities()) });
  out.push(await s.article(3));
  out.push(await s.body(4));
  out.push(await s.group("g"));
  out.push(await s.over([1, 2]));
  out.push(await s.head("<x>").catch((e: NNTPTemporaryError) => e.response));
  const file: Buffer[] = [];
  const w = new Writable({
    write(chunk: Buffer, _e, cb) {
      file.push(chunk);
      cb();
    },
  });
  out.push(await s.body(5, { file: w }), Buffer.concat(file).toString("latin1"));
  out.push(fake.transcript());
  await s.close();
  return out;
}

describe("responses split at every byte", () => {
  it("give the whole's results", async () => {
    const whole = await session([SERVER]);
    expect(whole).toEqual([
      "200 ready",
      { VERSION: ["2"], OVER: [], READER: [] },
      [
        "220 3 <a@b> article",
        [3, "<a@b>", [b("Subject: x"), b(""), b("."), b("..dots"), b(".x"), b(""), b("end")]],
      ],
      ["222 4 <c@d>", [4, "<c@d>", [b("lf only"), b(".x")]]],
      ["211 2 1 2 g", 2, 1, 2, "g"],
      [
        "224 follows",
        [
          [
            1,
            {
              subject: "S",
              from: "F",
              date: "D",
              "message-id": "<m>",
              references: "",
              ":bytes": "10",
              ":lines": "1",
            },
          ],
          [
            2,
            {
              subject: "S\udce9",
              from: "F",
              date: "D",
              "message-id": "<n>",
              references: "<m>",
              ":bytes": "20",
              ":lines": "2",
            },
          ],
        ],
      ],
      "430 No such article",
      ["222 5 <e@f>", [5, "<e@f>", []]],
      ".\r\nx\r\n",
      "CAPABILITIES\r\nARTICLE 3\r\nBODY 4\r\nGROUP g\r\nOVER 1-2\r\nLIST OVERVIEW.FMT\r\nHEAD <x>\r\nBODY 5\r\n",
    ]);
    const cuts = splits(SERVER);
    expect(cuts.length).toBe(SERVER.length);
    for (const chunks of cuts) expect(await session(chunks)).toEqual(whole);
  });

  it("a terminator cut off by end of stream is EOFError at every cut", async () => {
    const data = b("200 hi\r\n500 no caps\r\n222 1 <a@b>\r\nline\r\n.\r");
    // From the moment the 222 is whole (a shorter cut is a response line "2" or "22", NNTPReplyError).
    const start = data.indexOf("222") + 3;
    for (let end = start; end <= data.length; end++) {
      const s = new FakeNNTP(new FakeSocket([data.subarray(0, end)]));
      await s.connect("localhost");
      await expect(s.body(1)).rejects.toBeInstanceOf(EOFError);
      await s.close();
    }
  });

  it("pipelined articles split at every byte give the same", async () => {
    const replies = b(
      "200 hi\r\n500 no caps\r\n" +
        "220 1 <a@b>\r\nA: 1\r\n\r\n..one\r\n.\r\n" +
        "423 No such article number 2\r\n" +
        "220 3 <c@d>\r\nA: 3\r\n\r\nthree\r\n.\r\n",
    );
    const run = async (chunks: Buffer[]) => {
      const fake = new FakeSocket(chunks);
      const s = new FakeNNTP(fake);
      await s.connect("h");
      const got: unknown[] = [];
      for await (const [resp, info] of s.articles([1, 2, 3], { skipMissing: true }))
        got.push(resp, info.lines.map(String));
      got.push(fake.transcript());
      await s.close();
      return got;
    };
    const whole = await run([replies]);
    expect(whole).toEqual([
      "220 1 <a@b>",
      ["A: 1", "", ".one"],
      "220 3 <c@d>",
      ["A: 3", "", "three"],
      "CAPABILITIES\r\nARTICLE 1\r\nARTICLE 2\r\nARTICLE 3\r\n",
    ]);
    for (const chunks of splits(replies)) expect(await run(chunks)).toEqual(whole);
  });
});

describe("over TCP, replies written one byte at a time", () => {
  it("read the same", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), splitReplies: 1 });
    await p.client.group("local.test");
    const [, art] = await p.client.article(1);
    expect(art.lines.map(String)).toContain(".A line starting with a dot.");
    expect((await p.client.over([1, 2]))[1].map(([n]) => n)).toEqual([1, 2]);
  });
});
