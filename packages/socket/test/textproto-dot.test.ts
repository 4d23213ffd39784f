import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EOFError } from "../src/errors.js";
import {
  DotWriter,
  dotLines,
  dotStuff,
  LineTooLong,
  Reader,
  ResponseTooLarge,
  readDotBody,
  readNumericLine,
  readStatusLine,
  UnexpectedEOF,
} from "../src/textproto/index.js";
import { cut, deliveries, FakeSource, latin1, text } from "./textproto-fake.js";

// Generated with python3 (CPython 3.11): poplib's _getlongresp() -> (resp, lines, octets),
// nntplib's _getlongresp() -> (resp, lines) and what it writes to a file, and the bytes
// smtplib's data() sends for a str message (_fix_eols, _quote_periods, CRLF, ".") and for a
// bytes message (_quote_periods only).
// biome-ignore format: generated
const pop: [string, string, string[], number][] = [["+OK 2 messages\r\nline one\r\n..dotted\r\n.\r\n", "+OK 2 messages", ["line one", ".dotted"], 19], ["+OK\r\n.\r\n", "+OK", [], 0], ["+OK\nlf one\n..\n...\n.x\n\n.\n", "+OK", ["lf one", ".", "..", ".x", ""], 16], ["+OK\r\nmixed\nends\r\n\r\n.\r\n", "+OK", ["mixed", "ends", ""], 14], ["+OK\r\n.. \r\na\rb\r\n.\r\n", "+OK", [". ", "a\rb"], 9]];
// biome-ignore format: generated
const nntp: [string, string, string[], string][] = [["220 0 <a@b> article\r\nPath: x\r\n\r\n..body\r\n.\r\n", "220 0 <a@b> article", ["Path: x", "", ".body"], "Path: x\r\n\r\n.body\r\n"], ["215 list\nalt.test 1 2 y\n.\n", "215 list", ["alt.test 1 2 y"], "alt.test 1 2 y\n"]];
// biome-ignore format: generated
const stuff: [string, string][] = [["a", "a\r\n.\r\n"], ["a\r\n", "a\r\n.\r\n"], [".a\n.b\r.c\r\n..d", "..a\r\n..b\r\n..c\r\n...d\r\n.\r\n"], ["x\r\r\ny\n\nz\r", "x\r\n\r\ny\r\n\r\nz\r\n.\r\n"], ["\n.", "\r\n..\r\n.\r\n"], [".", "..\r\n.\r\n"], ["..\r\n.", "...\r\n..\r\n.\r\n"], ["a\rb\nc\r\nd", "a\r\nb\r\nc\r\nd\r\n.\r\n"]];
// biome-ignore format: generated
const stuffraw: [string, string][] = [["a", "a\r\n.\r\n"], ["a\n", "a\n\r\n.\r\n"], [".a\n.b\r.c\r\n..d", "..a\n..b\r.c\r\n...d\r\n.\r\n"], ["x\r.y", "x\r.y\r\n.\r\n"], ["a\r\n", "a\r\n.\r\n"], ["\u0000", "\u0000\r\n.\r\n"]];

const reader = (chunks: Buffer[] | string[]) => new Reader(new FakeSource(chunks));

/** Python's bytes.splitlines() on a latin1 string. */
function splitlines(s: string): string[] {
  const parts = s.split(/\r\n|\r|\n/);
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

describe("readDotBody", () => {
  for (const [transcript, resp, lines, octets] of pop) {
    it.each(deliveries(transcript))(
      `matches poplib for ${JSON.stringify(transcript)} ($name)`,
      async ({ chunks }) => {
        const r = reader(chunks);
        expect(text((await readStatusLine(r)).line)).toBe(resp);
        const body = await readDotBody(r);
        expect(body.lines.map(text)).toEqual(lines);
        expect(body.octets).toBe(octets);
        expect(r.buffered).toBe(0);
      },
    );
  }

  for (const [transcript, resp, lines, file] of nntp) {
    it.each(deliveries(transcript))(
      `matches nntplib for ${JSON.stringify(transcript)} ($name)`,
      async ({ chunks }) => {
        const r = reader(chunks);
        expect(text((await readNumericLine(r)).line)).toBe(resp);
        expect((await readDotBody(r)).lines.map(text)).toEqual(lines);
        const again = reader(chunks);
        await readNumericLine(again);
        const kept = await readDotBody(again, { keepends: true });
        expect(kept.lines.map(text).join("")).toBe(file);
      },
    );
  }

  it("stops at the terminator and leaves the next reply unread", async () => {
    const r = reader(["a\r\n.\r\n+OK next\r\n"]);
    expect((await readDotBody(r)).lines.map(text)).toEqual(["a"]);
    expect(text(await r.readline())).toBe("+OK next\r\n");
  });

  it("does not take '.\\r\\r\\n' or '. ' for the terminator", async () => {
    const body = await readDotBody(reader([".\r\r\n. \r\n.\r\n"]));
    expect(body.lines.map(text)).toEqual([".\r", ". "]);
  });

  it.each(deliveries("line\r\n..dot\r\n"))(
    "throws UnexpectedEOF when the stream ends mid-body ($name)",
    async ({ chunks }) => {
      const err = await readDotBody(reader(chunks)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnexpectedEOF);
      expect(err).toBeInstanceOf(EOFError);
    },
  );

  it("throws UnexpectedEOF for a line or a '.' cut off by end of stream", async () => {
    await expect(readDotBody(reader(["a\r\nb"]))).rejects.toBeInstanceOf(UnexpectedEOF);
    await expect(readDotBody(reader(["a\r\n."]))).rejects.toBeInstanceOf(UnexpectedEOF);
    await expect(readDotBody(reader(["a\r\n.\r"]))).rejects.toBeInstanceOf(UnexpectedEOF);
  });

  it("maxLines: exactly at the bound passes, one more line throws", async () => {
    const data = "1\r\n2\r\n3\r\n.\r\n";
    expect((await readDotBody(reader([data]), { maxLines: 3 })).lines).toHaveLength(3);
    const err = await readDotBody(reader([data]), { maxLines: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLarge);
    expect(err).toMatchObject({ limit: 2, unit: "lines" });
  });

  it("maxBytes counts octets as poplib: exactly at the bound passes, one over throws", async () => {
    const data = "12\r\n..3\r\n.\r\n"; // 4 + (5 - 1) octets
    expect((await readDotBody(reader([data]), { maxBytes: 8 })).octets).toBe(8);
    const err = await readDotBody(reader([data]), { maxBytes: 7 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLarge);
    expect(err).toMatchObject({ limit: 7, unit: "bytes" });
  });

  it("maxline applies to body lines", async () => {
    expect((await readDotBody(reader(["abc\r\n.\r\n"]), { maxline: 5 })).lines).toHaveLength(1);
    await expect(readDotBody(reader(["abcd\r\n.\r\n"]), { maxline: 5 })).rejects.toBeInstanceOf(LineTooLong);
  });
});

describe("dotLines", () => {
  it("streams lines with counts, and the reader is at the next reply once done", async () => {
    const r = reader(["a\r\n..b\r\n", ".\r\n+OK\r\n"]);
    const it = dotLines(r);
    const got: string[] = [];
    for await (const line of it) got.push(text(line));
    expect(got).toEqual(["a", ".b"]);
    expect(it).toMatchObject({ count: 2, octets: 7, done: true });
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(text(await r.readline())).toBe("+OK\r\n");
  });

  it("drain skips the rest of a body left early", async () => {
    const r = reader(["1\r\n2\r\n3\r\n.\r\n250 ok\r\n"]);
    const it = dotLines(r);
    for await (const line of it) if (text(line) === "1") break;
    expect(it.done).toBe(false);
    await it.drain();
    expect(it.done).toBe(true);
    expect(text(await r.readline())).toBe("250 ok\r\n");
  });
});

describe("DotWriter and dotStuff", () => {
  for (const [input, sent] of stuff) {
    it(`matches smtplib's str message for ${JSON.stringify(input)} however it is chunked`, () => {
      expect(text(dotStuff(latin1(input)))).toBe(sent);
      for (const { chunks } of deliveries(input)) {
        const w = new DotWriter();
        const out = Buffer.concat([...chunks.map((c) => w.push(c)), w.end()]);
        expect(text(out)).toBe(sent);
      }
    });
  }

  for (const [input, sent] of stuffraw) {
    it(`matches smtplib's bytes message for ${JSON.stringify(input)} with fixEols false`, () => {
      expect(text(dotStuff(latin1(input), { fixEols: false }))).toBe(sent);
      for (const { chunks } of deliveries(input)) {
        const w = new DotWriter({ fixEols: false });
        const out = Buffer.concat([...chunks.map((c) => w.push(c)), w.end()]);
        expect(text(out)).toBe(sent);
      }
    });
  }

  it("sends an empty body as a lone terminator (smtplib adds an empty line)", () => {
    expect(text(dotStuff(Buffer.alloc(0)))).toBe(".\r\n");
    expect(text(dotStuff(Buffer.alloc(0), { fixEols: false }))).toBe(".\r\n");
    const w = new DotWriter();
    expect(w.push(Buffer.alloc(0)).length).toBe(0);
    expect(text(w.end())).toBe(".\r\n");
  });

  it("refuses use after end()", () => {
    const w = new DotWriter();
    w.end();
    expect(() => w.push(latin1("x"))).toThrow();
    expect(() => w.end()).toThrow();
  });

  it("round-trips any body through dotStuff and the dot reader, chunked anyhow (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .uint8Array({ maxLength: 200 })
          .map((b) => Buffer.from(b.map((c) => [13, 10, 0x2e, 0x41][c % 8] ?? c))),
        fc.array(fc.nat(300)),
        fc.array(fc.nat(300)),
        async (body, writeCuts, readCuts) => {
          const w = new DotWriter();
          const wire = Buffer.concat([...cut(body, writeCuts).map((c) => w.push(c)), w.end()]);
          const got = await readDotBody(reader(cut(wire, readCuts)));
          expect(got.lines.map(text)).toEqual(splitlines(text(body)));
        },
      ),
    );
  });

  it("round-trips CRLF-terminated lines of any bytes but LF with fixEols false (property)", async () => {
    const line = fc
      .uint8Array({ maxLength: 30 })
      .map((b) => Buffer.from(b.map((c) => (c === 10 ? 0x2e : c))));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 10 }), fc.array(fc.nat(400)), async (lines, cuts) => {
        const body = Buffer.concat(lines.flatMap((l) => [l, latin1("\r\n")]));
        const r = reader(cut(dotStuff(body, { fixEols: false }), cuts));
        const got = await readDotBody(r);
        expect(got.lines.map(text)).toEqual(lines.map(text));
        expect(got.octets).toBe(body.length);
      }),
    );
  });
});

describe("dotLines with eofEnds (servers that close instead of sending '.')", () => {
  const cases: [string, string[], boolean][] = [
    ["a\r\nb\r\n.\r\n", ["a", "b"], true],
    ["a\r\nb\r\n", ["a", "b"], false],
    ["a\r\nlast without newline", ["a", "last without newline"], false],
    ["a\r\n..stuffed", ["a", ".stuffed"], false],
    ["a\r\n.", ["a"], true],
    ["a\r\n.\r", ["a"], true],
    ["a\r\n.x", ["a", ".x"], false],
    ["", [], false],
  ];
  it.each(cases)("%j at every split", async (wire, expected, terminated) => {
    for (const { chunks } of deliveries(wire)) {
      const reader = new Reader(new FakeSource(chunks));
      const iter = dotLines(reader, { eofEnds: true });
      const got: string[] = [];
      for await (const line of iter) got.push(line.toString());
      expect(got).toEqual(expected);
      expect(iter.terminated).toBe(terminated);
      expect(iter.done).toBe(true);
    }
  });

  it("without eofEnds, end of stream before '.' is still UnexpectedEOF", async () => {
    const iter = dotLines(new Reader(new FakeSource(["a\r\nb"])));
    await expect(iter.drain()).rejects.toThrow(UnexpectedEOF);
  });
});

describe("readDotBody's one-loop path against DotLines", () => {
  // readDotBody cuts, unstuffs and strips lines itself; DotLines is the reference it must
  // match: the same lines and octets, the same error at the same point, for any body however
  // it arrives (waiting on the source, or already received and read without a promise).
  const lineArb = fc
    .array(fc.constantFrom("a", ".", "\r", " ", "é"), { maxLength: 6 })
    .chain((chars) => fc.constantFrom(`${chars.join("")}\r\n`, `${chars.join("")}\n`));
  const bodyArb = fc.tuple(fc.array(lineArb, { maxLength: 8 }), fc.constantFrom(".\r\n", ".\n", "", "cut"));
  const optionsArb = fc.record({ keepends: fc.boolean(), eofEnds: fc.boolean(), lfcr: fc.boolean() });

  async function viaDotLines(chunks: Buffer[], options: { keepends: boolean; eofEnds: boolean }) {
    const iter = dotLines(new Reader(new FakeSource(chunks)), options);
    const lines: string[] = [];
    try {
      for await (const line of iter) lines.push(text(line));
    } catch (err) {
      return { error: (err as Error).constructor.name };
    }
    return { lines, octets: iter.octets };
  }

  async function viaReadDotBody(source: FakeSource, options: { keepends: boolean; eofEnds: boolean }) {
    try {
      const body = await readDotBody(new Reader(source), options);
      return { lines: body.lines.map(text), octets: body.octets };
    } catch (err) {
      return { error: (err as Error).constructor.name };
    }
  }

  it("takes the same lines and octets at every split, waiting or buffered (property)", async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, optionsArb, fc.nat(), async ([lines, end], options, seed) => {
        const wire = Buffer.from(lines.join("") + (end === "cut" ? "tail" : end), "utf8");
        const at = wire.length === 0 ? 0 : seed % (wire.length + 1);
        const chunks = [wire.subarray(0, at), wire.subarray(at)].filter((c) => c.length > 0);
        const plain = { keepends: options.keepends, eofEnds: options.eofEnds };
        const expected = await viaDotLines(chunks, plain);
        expect(await viaReadDotBody(new FakeSource(chunks), plain)).toEqual(expected);
        expect(
          await viaReadDotBody(
            new FakeSource(chunks).bufferedWhen(() => true),
            plain,
          ),
        ).toEqual(expected);
        expect(await viaReadDotBody(new FakeSource([...wire].map((b) => Buffer.from([b]))), plain)).toEqual(
          expected,
        );
      }),
    );
  });

  it("lfcr strips as poplib's _getline: CRLF, else LF and a CR opening the line", async () => {
    const wire = "\rlfcr\n\rcrlf\r\n\r\n\n..\r\n\r..x\n.\r\n";
    for (const { chunks } of deliveries(wire)) {
      const body = await readDotBody(new Reader(new FakeSource(chunks)), { lfcr: true });
      // Unstuffing looks at the line as received: "\r..x\n" keeps both dots (as before lfcr).
      expect(body.lines.map(text)).toEqual(["lfcr", "\rcrlf", "", "", ".", "..x"]);
      expect(body.octets).toBe(wire.length - 3 - 1);
    }
  });

  it("throws the bound's ResponseTooLarge at the same line as before", async () => {
    const wire = "a\r\nbb\r\nccc\r\n.\r\n";
    for (const { chunks } of deliveries(wire)) {
      await expect(readDotBody(new Reader(new FakeSource(chunks)), { maxLines: 2 })).rejects.toThrow(
        ResponseTooLarge,
      );
      await expect(readDotBody(new Reader(new FakeSource(chunks)), { maxBytes: 7 })).rejects.toThrow(
        ResponseTooLarge,
      );
      const ok = await readDotBody(new Reader(new FakeSource(chunks)), { maxLines: 3, maxBytes: 12 });
      expect(ok.lines.map(text)).toEqual(["a", "bb", "ccc"]);
    }
  });
});

describe("readDotBody's spans kept between bodies", () => {
  it("two bodies read at once on two readers, and one after them, each get their own lines", async () => {
    // The first waits mid-body (its source is slow) while the second is read whole.
    const slow = new Reader(new FakeSource(["a1\r\na2\r\n", "a3\r\n.\r\n"]));
    const fast = new Reader(new FakeSource(["b1\r\nb2\r\nb3\r\nb4\r\n.\r\n"]).bufferedWhen(() => true));
    const first = readDotBody(slow);
    const second = readDotBody(fast);
    const [a, b] = await Promise.all([first, second]);
    expect(a.lines.map(text)).toEqual(["a1", "a2", "a3"]);
    expect(b.lines.map(text)).toEqual(["b1", "b2", "b3", "b4"]);
    const many = Array.from({ length: 5000 }, (_, i) => `l${i}\r\n`).join("");
    const c = await readDotBody(new Reader(new FakeSource([`${many}.\r\n`])));
    expect(c.lines.length).toBe(5000);
    expect(text(c.lines[4999]!)).toBe("l4999");
    const d = await readDotBody(new Reader(new FakeSource(["x\r\n.\r\n"])));
    expect(d.lines.map(text)).toEqual(["x"]);
    expect(a.lines.map(text)).toEqual(["a1", "a2", "a3"]);
  });
});
