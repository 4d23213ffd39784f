// The synchronous fast path (tryReadline, DotLines.tryNext/each, and the reply parsers that
// loop over what is buffered) must give exactly what the awaited path gives, however the bytes
// were cut and whichever of them were already held.
import { describe, expect, it } from "vitest";
import {
  dotLines,
  LineTooLong,
  Reader,
  ResponseTooLarge,
  readCodeReply,
  readDotBody,
  readNumericLine,
  readStatusLine,
  UnexpectedEOF,
} from "../src/textproto/index.js";
import { deliveries, FakeSource, latin1, text } from "./textproto-fake.js";

// Which chunks the source holds already: all, none, every other one, every third.
const modes: [string, (i: number) => boolean][] = [
  ["all buffered", () => true],
  ["none buffered", () => false],
  ["odd buffered", (i) => i % 2 === 1],
  ["every third awaited", (i) => i % 3 !== 0],
];

function* readers(wire: string, maxline?: number): Generator<[string, Reader]> {
  for (const { name, chunks } of deliveries(wire))
    for (const [mode, when] of modes)
      yield [`${name}, ${mode}`, new Reader(new FakeSource(chunks).bufferedWhen(when), { maxline })];
}

async function outcome<T>(p: Promise<T>): Promise<T | string> {
  try {
    return await p;
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

describe("tryReadline", () => {
  it("gives every line or null, never a partial one, and the same lines as readline", async () => {
    const wire = "one\r\ntwo\nthree\r\nlast";
    for (const [name, r] of readers(wire)) {
      const got: string[] = [];
      for (;;) {
        const line = r.tryReadline() ?? (await r.readline());
        if (line.length === 0) break;
        got.push(text(line));
      }
      expect(got, name).toEqual(["one\r\n", "two\n", "three\r\n", "last"]);
    }
  });

  it("throws LineTooLong at the same byte as readline, leaving the same rest", async () => {
    const wire = "abcdefgh\r\nok\r\n";
    for (const [name, r] of readers(wire)) {
      let err: unknown;
      try {
        for (;;) if ((r.tryReadline(5) ?? (await r.readline(5))).length === 0) break;
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(LineTooLong);
      expect(text(await r.readline()), name).toBe("gh\r\n");
      expect(text(await r.readline()), name).toBe("ok\r\n");
    }
  });

  it("returns null (not a line) when the held bytes end mid-line", () => {
    const r = new Reader(new FakeSource(["par", "tial\r\n"]).bufferedWhen((i) => i === 0));
    expect(r.tryReadline()).toBeNull();
    expect(r.buffered).toBe(3);
  });
});

describe("tryReadLines", () => {
  it("with tryReadline gives the same lines at every split, whole runs without a copy", async () => {
    const wire = "a\r\nbb\n\r\nlong line here\r\nc\rd\ntail";
    for (const [name, r] of readers(wire)) {
      const got: string[] = [];
      for (;;) {
        const run = r.tryReadLines(20);
        if (run !== null) {
          expect(run[run.length - 1], name).toBe(10);
          got.push(...text(run).split(/(?<=\n)/));
          continue;
        }
        const line = r.tryReadline(20) ?? (await r.readline(20));
        if (line.length === 0) break;
        got.push(text(line));
      }
      expect(got, name).toEqual(["a\r\n", "bb\n", "\r\n", "long line here\r\n", "c\rd\n", "tail"]);
    }
  });

  it("leaves a line over the limit to tryReadline, which refuses it; none with an onLine hook", () => {
    const r = new Reader(new FakeSource(["ok\r\n0123456789\r\nx\r\n"]).bufferedWhen(() => true));
    expect(r.tryReadLines(8)).toBeNull();
    expect(text(r.tryReadline(8)!)).toBe("ok\r\n");
    expect(() => r.tryReadline(8)).toThrow(LineTooLong);
    const hooked = new Reader(
      new FakeSource(["a\r\nb\r\n"]).bufferedWhen(() => true),
      { onLine: () => {} },
    );
    expect(hooked.tryReadLines(8)).toBeNull();
    // A run `accept` refuses stays where it was, for tryReadline.
    const picky = new Reader(new FakeSource(["a\r\n\xe9\r\n"]).bufferedWhen(() => true));
    expect(picky.tryReadLines(8, () => false)).toBeNull();
    expect(text(picky.tryReadline(8)!)).toBe("a\r\n");
    expect(text(hooked.tryReadline(8)!)).toBe("a\r\n");
  });
});

describe("tryRead", () => {
  it("gives n bytes or null, never fewer before end of stream, and the same bytes as read", async () => {
    // An IMAP literal between two lines, then a read cut off by end of stream.
    const wire = "* 1 FETCH (BODY[] {5}\r\nhello)\r\nrest";
    for (const [name, r] of readers(wire)) {
      const got: string[] = [];
      got.push(text(r.tryReadline() ?? (await r.readline())));
      const literal = r.tryRead(5);
      if (literal !== null) expect(literal.length, name).toBe(5);
      got.push(text(literal ?? (await r.read(5))));
      got.push(text(r.tryReadline() ?? (await r.readline())));
      const tail = r.tryRead(10);
      if (tail !== null) expect(r.eof, name).toBe(true);
      got.push(text(tail ?? (await r.read(10))));
      expect(got, name).toEqual(["* 1 FETCH (BODY[] {5}\r\n", "hello", ")\r\n", "rest"]);
      expect(r.tryRead(3)?.length, name).toBe(0);
    }
  });

  it("returns null and keeps what it holds when the bytes are not all there", () => {
    const r = new Reader(new FakeSource(["abc", "def"]).bufferedWhen((i) => i === 0));
    expect(r.tryRead(4)).toBeNull();
    expect(r.buffered).toBe(3);
    expect(text(r.tryRead(0) ?? Buffer.from("null"))).toBe("");
    expect(() => r.tryRead(-1)).toThrow(/non-negative/);
  });
});

describe("reply parsers over buffered lines", () => {
  it("readCodeReply (ftp and smtp) at every split", async () => {
    const ftp = "220-a\r\nmiddle\r\n220-b\r\n220 end\r\n250 next\r\n";
    const smtp = "250-x\r\n250-SIZE 1\r\n250 OK\r\n221 bye\r\n";
    for (const [name, r] of readers(ftp)) {
      const a = await readCodeReply(r, { style: "ftp" });
      expect([a.code, a.lines.map(text)], name).toEqual([220, ["220-a", "middle", "220-b", "220 end"]]);
      expect((await readCodeReply(r, { style: "ftp" })).code, name).toBe(250);
    }
    for (const [name, r] of readers(smtp)) {
      const a = await readCodeReply(r, { style: "smtp" });
      expect([a.code, a.lines.map(text)], name).toEqual([250, ["250-x", "250-SIZE 1", "250 OK"]]);
      expect((await readCodeReply(r, { style: "smtp" })).code, name).toBe(221);
    }
  });

  it("readCodeReply keeps maxLines and maxBytes at every split", async () => {
    const wire = "250-a\r\n250-b\r\n250-c\r\n250 d\r\n";
    for (const [name, r] of readers(wire)) {
      await expect(readCodeReply(r, { style: "smtp", maxLines: 3 }), name).rejects.toThrow(ResponseTooLarge);
    }
    for (const [name, r] of readers(wire)) {
      await expect(readCodeReply(r, { style: "smtp", maxBytes: 20 }), name).rejects.toThrow(ResponseTooLarge);
    }
  });

  it("readStatusLine and readNumericLine at every split, then end of stream", async () => {
    for (const [name, r] of readers("+OK hi\r\n-ERR no\n")) {
      expect(text((await readStatusLine(r)).line), name).toBe("+OK hi");
      const second = await readStatusLine(r);
      expect([second.ok, text(second.line)], name).toEqual([false, "-ERR no"]);
      await expect(readStatusLine(r), name).rejects.toThrow(UnexpectedEOF);
    }
    for (const [name, r] of readers("211 3 1 3 g\r\n")) {
      const n = await readNumericLine(r);
      expect([n.code, text(n.text)], name).toEqual([211, "3 1 3 g"]);
      await expect(readNumericLine(r), name).rejects.toThrow(UnexpectedEOF);
    }
  });
});

describe("dot bodies over buffered lines", () => {
  const wire = "a\r\n..b\r\n\r\n.c\n.\r\n+OK after\r\n";

  it("readDotBody gives the same lines and octets at every split", async () => {
    for (const [name, r] of readers(wire)) {
      const body = await readDotBody(r);
      expect([body.lines.map(text), body.octets], name).toEqual([["a", ".b", "", ".c"], 12]);
      expect(text(await r.readline()), name).toBe("+OK after\r\n");
    }
  });

  it("readDotBody keeps its bounds at every split", async () => {
    for (const [name, r] of readers(wire))
      expect(await outcome(readDotBody(r, { maxLines: 3 })), name).toBe(
        "ResponseTooLarge: response too large: more than 3 lines",
      );
    for (const [name, r] of readers(wire))
      expect(await outcome(readDotBody(r, { maxBytes: 6 })), name).toBe(
        "ResponseTooLarge: response too large: more than 6 bytes",
      );
    for (const [name, r] of readers("a\r\nb"))
      expect(await outcome(readDotBody(r)), name).toMatch(/^UnexpectedEOF/);
  });

  it("DotLines.each and tryNext give the lines of next(), keepends kept", async () => {
    for (const [name, r] of readers(wire)) {
      const got: string[] = [];
      const iter = dotLines(r, { keepends: true });
      await iter.each((line) => got.push(text(line)));
      expect(got, name).toEqual(["a\r\n", ".b\r\n", "\r\n", ".c\n"]);
      expect([iter.done, iter.terminated, iter.count], name).toEqual([true, true, 4]);
      expect(iter.tryNext(), name).toBeUndefined();
    }
  });

  it("readDotBody's lines are independent Buffers with the right bytes", async () => {
    const r = new Reader(new FakeSource([latin1("x\r\nyy\r\n.\r\n")]).bufferedWhen(() => true));
    const body = await readDotBody(r, { keepends: true });
    expect(body.lines.map(text)).toEqual(["x\r\n", "yy\r\n"]);
    expect(Buffer.isBuffer(body.lines[1])).toBe(true);
  });
});

describe("readDotBody memory under a flood of tiny lines (issue 17 item 6)", () => {
  it("reaches maxLines with ResponseTooLarge while holding far less than a Buffer per line", async () => {
    // 1,000,000 empty lines: as Buffers they would hold ~100 MB of heap before the bound.
    const block = Buffer.from("\r\n".repeat(32768), "latin1");
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let sent = 0;
    const source = {
      async recv(): Promise<Buffer> {
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        sent++;
        return block;
      },
    };
    const err = await readDotBody(new Reader(source), { maxLines: 1_000_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLarge);
    expect((err as ResponseTooLarge).unit).toBe("lines");
    expect(sent).toBe(31);
    expect(peak).toBeLessThan(60 * 1024 * 1024);
  });
});
