// The bytes DATA sends are smtplib's, whole or streamed in any chunking.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dataBytes, dataChunks, messageBytes } from "../src/data.js";
import { _fix_eols, _quote_periods, quotedata } from "../src/index.js";

// [message, what smtplib.SMTP.data() sends after DATA], from Python 3.11.7.
const PYTHON: [string | Buffer, string][] = [
  ["", "\r\n.\r\n"],
  [Buffer.from(""), "\r\n.\r\n"],
  [".", "..\r\n.\r\n"],
  [Buffer.from("."), "..\r\n.\r\n"],
  ["a\n.\nb", "a\r\n..\r\nb\r\n.\r\n"],
  [Buffer.from("a\n.\nb"), "a\n..\nb\r\n.\r\n"],
  [Buffer.from("a\r.\r\n"), "a\r.\r\n.\r\n"],
  [".A test\n.mes.sage.", "..A test\r\n..mes.sage.\r\n.\r\n"],
  [Buffer.from("x\r\n.\r\n"), "x\r\n..\r\n.\r\n"],
  [Buffer.from("\n"), "\n\r\n.\r\n"],
  [Buffer.from("\r"), "\r\r\n.\r\n"],
  ["x\r", "x\r\n.\r\n"],
  [Buffer.from(".."), "...\r\n.\r\n"],
  [Buffer.from("a\n\n.\n"), "a\n\n..\n\r\n.\r\n"],
  ["a\rb\r\n\n.c", "a\r\nb\r\n\r\n..c\r\n.\r\n"],
];

/** Python's data() for bytes, written out plainly: the reference the properties compare with. */
function reference(msg: Uint8Array): Buffer {
  const out: number[] = [];
  msg.forEach((c, i) => {
    if (c === 0x2e && (i === 0 || msg[i - 1] === 10)) out.push(0x2e);
    out.push(c);
  });
  const n = out.length;
  if (!(n >= 2 && out[n - 2] === 13 && out[n - 1] === 10)) out.push(13, 10);
  return Buffer.concat([Buffer.from(out), Buffer.from(".\r\n")]);
}

async function streamed(chunks: Uint8Array[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of dataChunks(chunks)) out.push(c);
  return Buffer.concat(out);
}

const bodyBytes = fc.uint8Array({ maxLength: 64 }).map((a) => a.map((c) => [10, 13, 0x2e, 0x61][c % 4]!));

describe("DATA bytes", () => {
  it.each(PYTHON)("%j is sent as smtplib sends it", async (msg, expected) => {
    expect(dataBytes(msg).toString("latin1")).toBe(expected);
    const bytes = messageBytes(msg);
    expect((await streamed([bytes])).toString("latin1")).toBe(expected);
  });

  it("matches smtplib for any bytes, whole or in any chunking", async () => {
    await fc.assert(
      fc.asyncProperty(bodyBytes, fc.array(fc.nat(64)), async (msg, cuts) => {
        const want = reference(msg);
        expect(dataBytes(msg)).toEqual(want);
        const points = [...new Set(cuts.map((c) => Math.min(c, msg.length)))].sort((a, b) => a - b);
        const chunks = [...points, msg.length].map((p, i, all) => msg.subarray(i === 0 ? 0 : all[i - 1], p));
        expect(await streamed(chunks)).toEqual(want);
      }),
    );
  });

  it("never lets a line of one dot end the data early", async () => {
    await fc.assert(
      fc.asyncProperty(bodyBytes, async (msg) => {
        const wire = dataBytes(msg);
        // The only CRLF.CRLF (or LF.CRLF) is the terminator.
        const body = wire.subarray(0, wire.length - 3);
        expect(body.includes("\n.\r\n")).toBe(false);
        expect(body.subarray(0, 3).equals(Buffer.from(".\r\n"))).toBe(false);
      }),
    );
  });

  it("encodes text as ASCII with its line endings fixed, and refuses other text", () => {
    expect(messageBytes("a\nb\rc\r\n").toString()).toBe("a\r\nb\r\nc\r\n");
    expect(() => messageBytes("caf\u00e9")).toThrow(
      "'ascii' codec can't encode character '\\xe9' in position 3: ordinal not in range(128)",
    );
  });

  it("streams text chunks as UTF-8 and skips empty chunks", async () => {
    const out: Buffer[] = [];
    for await (const c of dataChunks(["", "é\n", "", ".x"])) out.push(c);
    expect(Buffer.concat(out).toString("utf8")).toBe("é\n..x\r\n.\r\n");
    expect(out.every((c) => c.length > 0)).toBe(true);
    expect((await streamed([])).toString()).toBe("\r\n.\r\n");
  });
});

describe("smtplib's helpers", () => {
  it("quotedata (testQuoteData)", () => {
    expect(quotedata("abc\n.jkl\rfoo\r\n..blue")).toBe("abc\r\n..jkl\r\nfoo\r\n...blue");
    expect(quotedata(".a\r.b")).toBe("..a\r\n..b");
  });

  it("_fix_eols and _quote_periods", () => {
    expect(_fix_eols("a\r\nb\nc\rd\r")).toBe("a\r\nb\r\nc\r\nd\r\n");
    expect(_quote_periods(Buffer.from(".a\n.b\r.c")).toString()).toBe("..a\n..b\r.c");
  });
});
