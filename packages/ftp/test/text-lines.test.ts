// retrlines's line reader: the same lines, endings, lengths and errors wherever the bytes are cut
// into reads (the fast path answers from what is buffered; the slow path waits for more).
import { DebugTrace, UnicodeDecodeError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { codec } from "../src/control.js";
import { Error as FTPError } from "../src/errors.js";
import { TextLineReader } from "../src/text-lines.js";
import type { Transfer } from "../src/transfer.js";

/** A data connection that hands over `pieces` one recv() at a time, then end of stream. */
function transferOf(pieces: Buffer[]): Transfer & { bytes: number } {
  const queue = [...pieces];
  const conn = {
    recv: async () => queue.shift() ?? Buffer.alloc(0),
    // Half the time the next piece is already "received", so both paths run.
    _recvBuffered: () => (queue.length > 0 && queue.length % 2 === 0 ? queue.shift()! : Buffer.alloc(0)),
  };
  const t = {
    conn,
    callbacks: 0,
    bytes: 0,
    counted: (n: number) => {
      t.bytes += n;
    },
  };
  return t as unknown as Transfer & { bytes: number };
}

async function readAll(pieces: Buffer[], encoding = "utf-8", maxline = 8192) {
  const t = transferOf(pieces);
  const lines = new TextLineReader(t, maxline, codec(encoding), new DebugTrace());
  const out: string[] = [];
  try {
    for (;;) {
      const line = lines.tryNext();
      if (line === undefined) return { lines: out, bytes: t.bytes, error: null };
      if (line === null) await lines.fill();
      else out.push(line);
    }
  } catch (error) {
    return { lines: out, bytes: t.bytes, error };
  }
}

/** What Python's text file gives retrlines: universal newlines, each line without its ending. */
function pythonLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const listing = Buffer.from(
  "-rw-r--r-- 1 0 0 7 Dec 07 17:47 a.txt\r\nb\nc\rd\r\r\ne\u00e9\u{1F600}\r\n\r\n\nlast without ending",
  "utf8",
);

describe("TextLineReader", () => {
  it("takes the same lines wherever the bytes are cut", async () => {
    const want = pythonLines(listing.toString("utf8"));
    for (let cut = 0; cut <= listing.length; cut++) {
      for (const pieces of [
        [listing.subarray(0, cut), listing.subarray(cut)],
        [listing.subarray(0, cut), listing.subarray(cut, cut + 1), listing.subarray(cut + 1)],
      ]) {
        const got = await readAll(pieces.filter((p) => p.length > 0));
        expect(got.error).toBeNull();
        expect(got.lines).toEqual(want);
        expect(got.bytes).toBe(listing.length);
      }
    }
  });

  it("a byte at a time, in latin-1 and ascii too", async () => {
    const bytes = [...listing].map((b) => Buffer.from([b]));
    expect((await readAll(bytes)).lines).toEqual(pythonLines(listing.toString("utf8")));
    expect((await readAll(bytes, "latin-1")).lines).toEqual(pythonLines(listing.toString("latin1")));
    const ascii = Buffer.from("a\r\nb\rc\n", "latin1");
    expect(
      (
        await readAll(
          [...ascii].map((b) => Buffer.from([b])),
          "ascii",
        )
      ).lines,
    ).toEqual(["a", "b", "c"]);
  });

  it("an invalid byte fails its own line: the lines before it are delivered", async () => {
    const bad = Buffer.concat([
      Buffer.from("ok 1\r\nok 2\r\n"),
      Buffer.from([0x62, 0xff, 13, 10]),
      Buffer.from("x\r\n"),
    ]);
    for (let cut = 0; cut <= bad.length; cut++) {
      const got = await readAll([bad.subarray(0, cut), bad.subarray(cut)].filter((p) => p.length > 0));
      expect(got.lines).toEqual(["ok 1", "ok 2"]);
      expect(got.error).toBeInstanceOf(UnicodeDecodeError);
    }
    const ascii = await readAll([Buffer.from([0x61, 13, 10, 0xe9, 13, 10])], "ascii");
    expect(ascii.lines).toEqual(["a"]);
    expect(ascii.error).toBeInstanceOf(UnicodeDecodeError);
  });

  it("the line-length rule: characters, the ending counted as one, lone CRs split first", async () => {
    const ok = await readAll([Buffer.from(`${"x".repeat(7)}\r\n${"y".repeat(8)}`)], "utf-8", 8);
    expect(ok.lines).toEqual(["x".repeat(7), "y".repeat(8)]);
    const long = await readAll([Buffer.from(`${"x".repeat(8)}\r\n`)], "utf-8", 8);
    expect(long.error).toEqual(new FTPError("got more than 8 bytes"));
    const split = await readAll([Buffer.from(`${"x".repeat(7)}\r${"y".repeat(7)}\r\n`)], "utf-8", 8);
    expect(split.lines).toEqual(["x".repeat(7), "y".repeat(7)]);
    const wide = await readAll([Buffer.from(`${"\u00e9".repeat(7)}\r\n`)], "utf-8", 8);
    expect(wide.lines).toEqual(["\u00e9".repeat(7)]);
    const tooLong = await readAll([Buffer.from(`${"z".repeat(40)}\n`)], "utf-8", 8);
    expect(tooLong.error).toEqual(new FTPError("got more than 8 bytes"));
  });
});
