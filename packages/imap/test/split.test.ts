// Responses cut at every byte, inside CRLFs, literals, their size markers and continuations:
// every cut gives the same results and sends the same bytes as the whole. And the bounds:
// EOF at every cut, a {4294967295} literal, lines over maxline.
import { describe, expect, it } from "vitest";
import { abort, error, plain } from "../src/index.js";
import { b, caught, demo, FakeIMAP4, FakeSocket, splits, TAG } from "./helpers.js";

const SERVER = b(
  [
    "* OK [CAPABILITY IMAP4rev1] hi\r\n",
    `* CAPABILITY IMAP4rev1 AUTH=PLAIN IDLE\r\n${TAG}0 OK done\r\n`,
    `+ \r\n${TAG}1 OK [CAPABILITY IMAP4rev1 IDLE] logged in\r\n`,
    `* 3 EXISTS\r\n* OK [UIDVALIDITY 42] ok\r\n* FLAGS (\\Seen)\r\n${TAG}2 OK [READ-WRITE] done\r\n`,
    "* 1 FETCH (UID 7 BODY[] {12}\r\nhello\r\nworld FLAGS (\\Seen) BODY[HEADER] {0}\r\n)\r\n",
    `* 2 FETCH (UID 8 BODY[] {3}\r\nabc)\r\n* 4 EXISTS\r\n${TAG}3 OK fetched\r\n`,
    `* SEARCH 1 2 3\r\n${TAG}4 OK searched\r\n`,
    `* BYE bye\r\n${TAG}5 OK bye\r\n`,
  ].join(""),
);

async function session(chunks: Buffer[]): Promise<unknown[]> {
  const fake = new FakeSocket(chunks);
  const M = new FakeIMAP4(fake);
  await M.connect("localhost");
  const out: unknown[] = [M.welcome, M.capabilities, M.state];
  out.push(await M.authenticate("PLAIN", plain("u", "p")));
  out.push(await M.select());
  out.push(M.response("UIDVALIDITY"), M.response("FLAGS"));
  out.push(await M.fetch("1:2", "(UID BODY[] BODY[HEADER])"));
  out.push(M.response("EXISTS"));
  out.push(await M.search(null, "ALL"));
  out.push(await M.logout());
  out.push(fake.transcript());
  return out;
}

describe("responses split at every byte", () => {
  it("give the whole's results and the same bytes sent", async () => {
    const whole = await session([SERVER]);
    expect(whole).toEqual([
      b("* OK [CAPABILITY IMAP4rev1] hi"),
      ["IMAP4REV1", "AUTH=PLAIN", "IDLE"],
      "NONAUTH",
      ["OK", [b("[CAPABILITY IMAP4rev1 IDLE] logged in")]],
      ["OK", [b("3")]],
      ["UIDVALIDITY", [b("42")]],
      ["FLAGS", [b("(\\Seen)")]],
      [
        "OK",
        [
          [b("1 (UID 7 BODY[] {12}"), b("hello\r\nworld")],
          [b(" FLAGS (\\Seen) BODY[HEADER] {0}"), b("")],
          b(")"),
          [b("2 (UID 8 BODY[] {3}"), b("abc")],
          b(")"),
        ],
      ],
      ["EXISTS", [b("3"), b("4")]],
      ["OK", [b("1 2 3")]],
      ["BYE", [b("bye")]],
      `${TAG}0 CAPABILITY\r\n${TAG}1 AUTHENTICATE PLAIN\r\nAHUAcA==\r\n${TAG}2 SELECT INBOX\r\n${TAG}3 FETCH 1:2 (UID BODY[] BODY[HEADER])\r\n${TAG}4 SEARCH ALL\r\n${TAG}5 LOGOUT\r\n`,
    ]);
    const cuts = splits(SERVER);
    expect(cuts).toHaveLength(SERVER.length);
    for (const chunks of cuts) expect(await session(chunks)).toEqual(whole);
  });

  it("end of stream at any point of a response is abort, never a hang or a partial result", async () => {
    const greeting = b(`* OK hi\r\n* CAPABILITY IMAP4rev1\r\n${TAG}0 OK done\r\n`);
    const fetch = b(`* 1 FETCH (BODY[] {10}\r\n0123456789 UID 4)\r\n${TAG}1 OK done\r\n`);
    for (let end = 0; end < fetch.length; end++) {
      const M = new FakeIMAP4(new FakeSocket([greeting, fetch.subarray(0, end)]));
      await M.connect("h");
      M.state = "SELECTED";
      const err = await caught(M.fetch("1", "(BODY[] UID)"));
      expect(err).toBeInstanceOf(abort);
      expect(err.message).toMatch(/^command: FETCH => socket error: (EOF|unterminated line: b'.*')$/);
    }
  });

  it("a {4294967295} literal is refused before anything is allocated, and the connection closed", async () => {
    const M = new FakeIMAP4(
      new FakeSocket([
        b(`* OK hi\r\n* CAPABILITY IMAP4rev1\r\n${TAG}0 OK d\r\n* 1 FETCH (BODY[] {4294967295}\r\nabc`),
      ]),
    );
    await M.connect("h");
    M.state = "SELECTED";
    const before = process.memoryUsage().arrayBuffers;
    const err = await caught(M.fetch("1", "BODY[]"));
    expect(err).toBeInstanceOf(abort);
    expect(err.message).toBe(
      `command: FETCH => literal too large: 4294967295 bytes announced, the limit is ${64 * 1024 * 1024}`,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    expect(M.sock).toBeNull();
    expect(M.fake.closed).toBe(true);
    // with no bound at all, the bytes are read as they come: EOF after 3 of them, not 4 GiB up front
    const N = new FakeIMAP4(
      new FakeSocket([
        b(`* OK hi\r\n* CAPABILITY IMAP4rev1\r\n${TAG}0 OK d\r\n* 1 FETCH (BODY[] {4294967295}\r\nabc`),
      ]),
      {
        maxLiteralSize: Number.POSITIVE_INFINITY,
      },
    );
    await N.connect("h");
    N.state = "SELECTED";
    await expect(N.fetch("1", "BODY[]")).rejects.toThrow(new abort("command: FETCH => socket error: EOF"));
    // a size beyond any integer is refused too
    const O = new FakeIMAP4(
      new FakeSocket([
        b(
          `* OK hi\r\n* CAPABILITY IMAP4rev1\r\n${TAG}0 OK d\r\n* 1 FETCH (BODY[] {99999999999999999999}\r\n`,
        ),
      ]),
    );
    await O.connect("h");
    O.state = "SELECTED";
    await expect(O.fetch("1", "BODY[]")).rejects.toThrow(/literal too large: 100000000000000000000 bytes/);
  });

  it("maxLiteralSize bounds a literal exactly", async () => {
    const data = `* OK hi\r\n* CAPABILITY IMAP4rev1\r\n${TAG}0 OK d\r\n* 1 FETCH (BODY[] {5}\r\nhello)\r\n${TAG}1 OK done\r\n`;
    const M = new FakeIMAP4(new FakeSocket([b(data)]), { maxLiteralSize: 5 });
    await M.connect("h");
    M.state = "SELECTED";
    expect((await M.fetch("1", "BODY[]"))[1]).toEqual([[b("1 (BODY[] {5}"), b("hello")], b(")")]);
    const N = new FakeIMAP4(new FakeSocket([b(data)]), { maxLiteralSize: 4 });
    await N.connect("h");
    N.state = "SELECTED";
    await expect(N.fetch("1", "BODY[]")).rejects.toThrow(abort);
  });

  it("a line over maxline raises error('got more than N bytes') and closes; one at the limit is read", async () => {
    const line = (n: number) => `* OK ${"x".repeat(n - 7)}\r\n`;
    expect(line(20)).toHaveLength(20);
    const ok = new FakeIMAP4(new FakeSocket([b(`${line(20)}* CAPABILITY IMAP4rev1\r\n${TAG}0 OK d\r\n`)]), {
      maxline: 25,
    });
    await ok.connect("h");
    expect(ok.welcome).toEqual(b(`* OK ${"x".repeat(13)}`));
    const M = new FakeIMAP4(
      new FakeSocket([b(`* OK hi\r\n* CAPABILITY IMAP4rev1\r\n${TAG}0 OK d\r\n${line(26)}`)]),
      { maxline: 25 },
    );
    await M.connect("h");
    const err = await caught(M.noop());
    expect(err).toBeInstanceOf(error);
    expect(err).not.toBeInstanceOf(abort);
    expect(err.message).toBe("command: NOOP => got more than 25 bytes");
    expect(M.sock).toBeNull();
  });
});

describe("over loopback, every reply written a byte at a time", () => {
  it("gives the same results as whole replies", async () => {
    const run = async (splitReplies?: number) => {
      await using p = await demo(splitReplies ? { splitReplies } : {});
      const out: unknown[] = [await p.client.select(), p.client.response("UIDVALIDITY")];
      out.push(await p.client.fetch("2:3", "(UID BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[TEXT])"));
      out.push(await p.client.search(null, "UNSEEN"));
      return out;
    };
    const whole = await run();
    expect((whole[2] as [string, unknown[]])[1]).toHaveLength(6);
    expect(await run(1)).toEqual(whole);
    expect(await run(7)).toEqual(whole);
  });
});

describe("the buffered fast path", () => {
  it("still calls a subclass's _get_line_unlocked for every line, with the same results", async () => {
    const lines: string[] = [];
    class Counting extends FakeIMAP4 {
      override async _get_line_unlocked(): Promise<Buffer> {
        const line = await super._get_line_unlocked();
        lines.push(line.toString("latin1"));
        return line;
      }
    }
    const plainRun = await session([SERVER]);
    const fake = new FakeSocket([SERVER]);
    const M = new Counting(fake);
    await M.connect("localhost");
    await M.authenticate("PLAIN", plain("u", "p"));
    await M.select();
    const fetched = await M.fetch("1:2", "(UID BODY[] BODY[HEADER])");
    expect(fetched).toEqual(
      plainRun.find((x) => Array.isArray(x) && x[0] === "OK" && (x[1] as unknown[]).length === 5),
    );
    expect(lines).toContain(")");
    expect(lines).toContain("* 2 FETCH (UID 8 BODY[] {3}");
    expect(lines).toContain(" FLAGS (\\Seen) BODY[HEADER] {0}");
    expect(lines.filter((l) => l === ")")).toHaveLength(2);
  });

  it("still calls a subclass's read() and _read_literal() for every literal, with the same results", async () => {
    const plainRun = await session([SERVER]);
    const want = plainRun.find((x) => Array.isArray(x) && x[0] === "OK" && (x[1] as unknown[]).length === 5);
    for (const which of ["read", "_read_literal"] as const) {
      const sizes: number[] = [];
      class Counting extends FakeIMAP4 {
        override read(size: number): Promise<Buffer> {
          if (which === "read") sizes.push(size);
          return super.read(size);
        }
        override _read_literal(size: number): Promise<Buffer> {
          if (which === "_read_literal") sizes.push(size);
          return super._read_literal(size);
        }
      }
      const M = new Counting(new FakeSocket([SERVER]));
      await M.connect("localhost");
      await M.authenticate("PLAIN", plain("u", "p"));
      await M.select();
      expect(await M.fetch("1:2", "(UID BODY[] BODY[HEADER])"), which).toEqual(want);
      expect(sizes, which).toEqual([12, 0, 3]);
    }
  });
});
