import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EOFError, TimeoutError, ValueError } from "../src/errors.js";
import { LineTooLong, ProtocolError, Reader, stripEOL, UnexpectedEOF } from "../src/textproto/index.js";
import { cut, deliveries, FakeSource, latin1, text } from "./textproto-fake.js";

async function allLines(reader: Reader, maxline?: number): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const line = await reader.readline(maxline);
    if (line.length === 0) return out;
    out.push(text(line));
  }
}

describe("Reader.readline", () => {
  const transcript = "220 hello\r\nLF only\n\r\n\nmid\rCR\r\nlast without LF";
  const expected = ["220 hello\r\n", "LF only\n", "\r\n", "\n", "mid\rCR\r\n", "last without LF"];

  it.each(deliveries(transcript))(
    "gives Python's lines however the bytes arrive ($name)",
    async ({ chunks }) => {
      const reader = new Reader(new FakeSource(chunks));
      expect(await allLines(reader)).toEqual(expected);
      expect((await reader.readline()).length).toBe(0);
      expect(reader.eof).toBe(true);
    },
  );

  it("returns an empty Buffer at end of stream, again and again", async () => {
    const reader = new Reader(new FakeSource([]));
    expect((await reader.readline()).length).toBe(0);
    expect((await reader.readline()).length).toBe(0);
  });

  it("asks the source for nothing while a buffered line can answer", async () => {
    const source = new FakeSource(["a\r\nb\r\nc\r\n", "d\r\n"]);
    const reader = new Reader(source);
    expect(text(await reader.readline())).toBe("a\r\n");
    expect(text(await reader.readline())).toBe("b\r\n");
    expect(text(await reader.readline())).toBe("c\r\n");
    expect(source.asked).toHaveLength(1);
    expect(reader.buffered).toBe(0);
  });

  it("iterates over lines until end of stream", async () => {
    const reader = new Reader(new FakeSource(["x\ny", "\nz"]));
    const seen: string[] = [];
    for await (const line of reader) seen.push(text(line));
    expect(seen).toEqual(["x\n", "y\n", "z"]);
  });

  it("yields the original lines over any chunking (property)", async () => {
    const line = fc
      .uint8Array({ maxLength: 40 })
      .map((b) => Buffer.from(b.map((c) => (c === 10 ? 65 : c))))
      .chain((body) => fc.constantFrom("\n", "\r\n").map((eol) => Buffer.concat([body, latin1(eol)])));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 20 }), fc.array(fc.nat(1000)), async (lines, points) => {
        const data = Buffer.concat(lines);
        const reader = new Reader(new FakeSource(cut(data, points)), { chunkSize: 7 });
        const got: Buffer[] = [];
        for await (const l of reader) got.push(l);
        expect(got.map(text)).toEqual(lines.map(text));
      }),
    );
  });

  it("keeps a partial line when the source throws, and finishes it on the next call", async () => {
    const source = new FakeSource(["220 hel", new TimeoutError(), "lo\r\n"]);
    const reader = new Reader(source);
    await expect(reader.readline()).rejects.toBeInstanceOf(TimeoutError);
    expect(reader.buffered).toBe(7);
    expect(text(await reader.readline())).toBe("220 hello\r\n");
  });

  it("rejects a limit that is not a positive integer", async () => {
    const reader = new Reader(new FakeSource(["a\n"]));
    await expect(reader.readline(0)).rejects.toBeInstanceOf(ValueError);
    await expect(reader.readline(1.5)).rejects.toBeInstanceOf(ValueError);
  });
});

describe("Reader.readline limits", () => {
  it.each(deliveries("abcd\r\nnext\r\n"))(
    "passes a line exactly at the limit ($name)",
    async ({ chunks }) => {
      const reader = new Reader(new FakeSource(chunks));
      expect(text(await reader.readline(6))).toBe("abcd\r\n");
      expect(text(await reader.readline(6))).toBe("next\r\n");
    },
  );

  it.each(deliveries("abcde\r\nnext\r\n"))(
    "throws LineTooLong one byte over, consuming limit + 1 bytes as Python ($name)",
    async ({ chunks }) => {
      const reader = new Reader(new FakeSource(chunks));
      const err = await reader.readline(6).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LineTooLong);
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as LineTooLong).limit).toBe(6);
      expect((err as Error).message).toBe("got more than 6 bytes");
      // Python: readline(7) took "abcde\r\n", so the reader is at the next line.
      expect(text(await reader.readline())).toBe("next\r\n");
    },
  );

  it("leaves the rest of a long line unread after LineTooLong", async () => {
    const reader = new Reader(new FakeSource(["0123456789\nnext\n"]));
    await expect(reader.readline(4)).rejects.toBeInstanceOf(LineTooLong);
    expect(text(await reader.readline())).toBe("56789\n");
  });

  it("does not read past limit + 1 bytes of a line that never ends", async () => {
    const chunks = Array.from({ length: 100 }, () => "x".repeat(10));
    const source = new FakeSource(chunks);
    const reader = new Reader(source, { chunkSize: 10 });
    await expect(reader.readline(25)).rejects.toBeInstanceOf(LineTooLong);
    expect(source.asked).toHaveLength(3);
    expect(reader.buffered).toBe(30 - 26);
  });

  it("accepts a last line of exactly the limit cut off by end of stream", async () => {
    const reader = new Reader(new FakeSource(["abc", "def"]));
    expect(text(await reader.readline(6))).toBe("abcdef");
    const over = new Reader(new FakeSource(["abcdefg"]));
    await expect(over.readline(6)).rejects.toBeInstanceOf(LineTooLong);
  });

  it("uses the reader's maxline when none is given", async () => {
    const reader = new Reader(new FakeSource(["toolong\n"]), { maxline: 4 });
    await expect(reader.readline()).rejects.toBeInstanceOf(LineTooLong);
  });
});

describe("Reader.readlineStripped", () => {
  it("strips CRLF, else LF, else a final CR, as ftplib's getline", async () => {
    const reader = new Reader(new FakeSource(["a\r\nb\nc\r\r\nd\r"]));
    const got = [];
    for (let i = 0; i < 4; i++) got.push(text(await reader.readlineStripped()));
    expect(got).toEqual(["a", "b", "c\r", "d"]);
    const err = await reader.readlineStripped().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedEOF);
    expect(err).toBeInstanceOf(EOFError);
  });

  it("stripEOL leaves a line without terminator alone", () => {
    expect(text(stripEOL(latin1("abc")))).toBe("abc");
    expect(text(stripEOL(latin1("\r\n")))).toBe("");
    expect(text(stripEOL(latin1("")))).toBe("");
  });
});

describe("Reader.read, readSome, discard", () => {
  it.each(deliveries("0123456789"))("read(n) gives exactly n bytes ($name)", async ({ chunks }) => {
    const reader = new Reader(new FakeSource(chunks));
    expect(text(await reader.read(0))).toBe("");
    expect(text(await reader.read(4))).toBe("0123");
    expect(text(await reader.read(6))).toBe("456789");
    expect(text(await reader.read(3))).toBe("");
  });

  it("read(n) gives fewer only at end of stream", async () => {
    const reader = new Reader(new FakeSource(["ab", "c"]));
    expect(text(await reader.read(5))).toBe("abc");
    await expect(reader.read(-1)).rejects.toBeInstanceOf(ValueError);
  });

  it("mixes lines and counted reads (an IMAP literal)", async () => {
    const reader = new Reader(new FakeSource(["* 1 FETCH (BODY[] {5}\r\nhel", "lo)\r\na OK\r\n"]));
    expect(text(await reader.readline())).toBe("* 1 FETCH (BODY[] {5}\r\n");
    expect(text(await reader.read(5))).toBe("hello");
    expect(text(await reader.readline())).toBe(")\r\n");
    expect(text(await reader.readline())).toBe("a OK\r\n");
  });

  it("readSome gives what is held first, then one chunk at a time", async () => {
    const source = new FakeSource(["line\r\nbulk", "more"]);
    const reader = new Reader(source);
    await reader.readline();
    expect(text(await reader.readSome(100))).toBe("bulk");
    expect(text(await reader.readSome(2))).toBe("mo");
    expect(text(await reader.readSome(100))).toBe("re");
    expect((await reader.readSome(100)).length).toBe(0);
    await expect(reader.readSome(0)).rejects.toBeInstanceOf(ValueError);
  });

  it("discard drops everything held and tells how much", async () => {
    const reader = new Reader(new FakeSource(["220 ready\r\ninjected\r\n"]));
    expect(text(await reader.readline())).toBe("220 ready\r\n");
    expect(reader.buffered).toBe(10);
    expect(reader.discard()).toBe(10);
    expect(reader.buffered).toBe(0);
    expect(reader.discard()).toBe(0);
  });

  it("reset reads from a new source, dropping the old bytes and the old end of stream", async () => {
    const reader = new Reader(new FakeSource(["220 go ahead\r\nplain-text injection\r\n"]));
    await reader.readline();
    expect(reader.reset(new FakeSource(["250 over tls\r\n"]))).toBe(22);
    expect(text(await reader.readline())).toBe("250 over tls\r\n");
    expect((await reader.readline()).length).toBe(0);
    expect(reader.reset(new FakeSource(["again\n"]))).toBe(0);
    expect(text(await reader.readline())).toBe("again\n");
  });

  it("calls onLine with every line it returns", async () => {
    const seen: string[] = [];
    const reader = new Reader(new FakeSource(["a\nb"]), { onLine: (l) => seen.push(text(l)) });
    await allLines(reader);
    expect(seen).toEqual(["a\n", "b", ""]);
  });

  it("reads a long line from many small chunks in linear time", async () => {
    const n = 200_000;
    const chunks = Array.from({ length: n }, () => "x");
    const reader = new Reader(new FakeSource([...chunks, "\n"]));
    const line = await reader.readline();
    expect(line.length).toBe(n + 1);
  });
});
