import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EOFError } from "../src/errors.js";
import {
  type CodeReply,
  expectCode,
  LineTooLong,
  parseCode,
  pyint,
  Reader,
  ResponseTooLarge,
  readCodeReply,
  readNumericLine,
  readStatusLine,
  UnexpectedEOF,
} from "../src/textproto/index.js";
import { deliveries, FakeSource, latin1, text } from "./textproto-fake.js";

// What CPython 3.11 returns for these transcripts (generated with python3):
// smtplib.SMTP.getreply() -> (code, msg); ftplib.FTP.getmultiline() -> str.
// biome-ignore format: generated
const smtp: [string, number, string][] = [["250 OK\r\n", 250, "OK"], ["250-mail.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n", 250, "mail.example.com\nPIPELINING\nSIZE 10240000\n8BITMIME"], ["250-first\n250 LF only\n", 250, "first\nLF only"], ["220\r\n", 220, ""], ["xyz hello\r\n250 next\r\n", -1, "hello"], ["250-a\r\n251 b\r\n", 251, "a\nb"], ["250-a\r\nbad\r\n250 c\r\n", -1, "a\n"], [" 25-x\r\n250 y\r\n", 250, "x\ny"], ["-25 weird\r\n", -25, "weird"], ["1_2 und\r\n", 12, "und"], ["25\r\n", 25, ""], ["2\r\n", 2, ""], ["250-\t tabs \t\r\n250  spaced  \r\n", 250, "tabs\nspaced"]];
// biome-ignore format: generated
const ftp: [string, string][] = [["220 ready\r\n", "220 ready"], ["211-Features:\r\n MDTM\r\n SIZE\r\n211 End\r\n", "211-Features:\n MDTM\n SIZE\n211 End"], ["123-first\r\n123-still\r\n456 other\r\n 123 indented\r\n123\r\n", "123-first\n123-still\n456 other\n 123 indented\n123"], ["abc-x\r\nabc y\r\n", "abc-x\nabc y"], ["230-a\n230 b\n", "230-a\n230 b"]];

/** smtplib's msg from our lines: line[4:].strip(b' \t\r\n') joined by "\n". */
function smtplibMessage(lines: Buffer[]): string {
  return lines.map((l) => text(l.subarray(4)).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "")).join("\n");
}

const reader = (chunks: (Buffer | string)[], maxline?: number) =>
  new Reader(new FakeSource(chunks), maxline === undefined ? {} : { maxline });

describe("readCodeReply, SMTP style", () => {
  for (const [transcript, code, message] of smtp) {
    it.each(deliveries(transcript))(
      `matches smtplib for ${JSON.stringify(transcript)} ($name)`,
      async ({ chunks }) => {
        const reply = await readCodeReply(reader(chunks), { style: "smtp" });
        expect(reply.code).toBe(code);
        expect(smtplibMessage(reply.lines)).toBe(message);
      },
    );
  }

  it("keeps the lines whole and stops at a bad code without reading on", async () => {
    const r = reader(["250-a\r\nbad\r\n250 c\r\n"]);
    const reply = await readCodeReply(r, { style: "smtp" });
    expect(reply.lines.map(text)).toEqual(["250-a", "bad"]);
    expect(text(await r.readline())).toBe("250 c\r\n");
  });

  it("reads consecutive replies one at a time", async () => {
    const r = reader(["250-a\r\n250 b\r\n354 go\r\n"]);
    expect((await readCodeReply(r, { style: "smtp" })).lines.map(text)).toEqual(["250-a", "250 b"]);
    expect((await readCodeReply(r, { style: "smtp" })).code).toBe(354);
    expect(r.buffered).toBe(0);
  });
});

describe("readCodeReply, FTP style", () => {
  for (const [transcript, joined] of ftp) {
    it.each(deliveries(transcript))(
      `matches ftplib for ${JSON.stringify(transcript)} ($name)`,
      async ({ chunks }) => {
        const reply = await readCodeReply(reader(chunks), { style: "ftp" });
        expect(reply.lines.map(text).join("\n")).toBe(joined);
        expect(reply.code).toBe(parseCode(latin1(transcript)));
      },
    );
  }

  it("ends at the closing line and leaves the next reply unread", async () => {
    const r = reader(["150-x\r\n150 y\r\n226 done\r\n"]);
    const reply = await readCodeReply(r, { style: "ftp" });
    expect(reply).toEqual({ code: 150, lines: [latin1("150-x"), latin1("150 y")] });
    expect(text(await r.readline())).toBe("226 done\r\n");
  });

  it("reports -1 for a first line that is not a number", async () => {
    expect((await readCodeReply(reader(["hello\r\n"]), { style: "ftp" })).code).toBe(-1);
  });
});

describe("readCodeReply bounds and end of stream", () => {
  const long = "250-one\r\n250-two\r\n250 three\r\n";

  for (const style of ["ftp", "smtp"] as const) {
    it(`${style}: a reply of exactly maxLines lines passes, one more throws`, async () => {
      expect((await readCodeReply(reader([long]), { style, maxLines: 3 })).lines).toHaveLength(3);
      const err = await readCodeReply(reader([long]), { style, maxLines: 2 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseTooLarge);
      expect(err).toMatchObject({ limit: 2, unit: "lines" });
    });

    it(`${style}: maxBytes counts every byte with terminators`, async () => {
      expect((await readCodeReply(reader([long]), { style, maxBytes: long.length })).lines).toHaveLength(3);
      const err = await readCodeReply(reader([long]), { style, maxBytes: long.length - 1 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ResponseTooLarge);
      expect(err).toMatchObject({ limit: long.length - 1, unit: "bytes" });
    });

    it(`${style}: maxline applies to every line`, async () => {
      expect((await readCodeReply(reader([long]), { style, maxline: 11 })).code).toBe(250);
      await expect(readCodeReply(reader([long]), { style, maxline: 10 })).rejects.toBeInstanceOf(LineTooLong);
      await expect(readCodeReply(reader([long], 10), { style })).rejects.toBeInstanceOf(LineTooLong);
    });

    it.each(deliveries("250-one\r\n250-tw"))(
      `${style}: end of stream inside a reply throws UnexpectedEOF ($name)`,
      async ({ chunks }) => {
        // "250-tw" cut off is a line (as Python), but the reply is still open after it.
        const err = await readCodeReply(reader(chunks), { style }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UnexpectedEOF);
        expect(err).toBeInstanceOf(EOFError);
      },
    );

    it(`${style}: end of stream before any reply throws UnexpectedEOF`, async () => {
      await expect(readCodeReply(reader([]), { style })).rejects.toBeInstanceOf(UnexpectedEOF);
    });

    it(`${style}: a last line cut off by end of stream still ends the reply, as in Python`, async () => {
      expect((await readCodeReply(reader(["221 bye"]), { style })).lines.map(text)).toEqual(["221 bye"]);
    });
  }
});

describe("readStatusLine", () => {
  it.each(deliveries("+OK POP3 ready <1.2@x>\r\n-ERR no\r\n+ Y2hhbGxlbmdl\n"))(
    "reads POP3 status lines ($name)",
    async ({ chunks }) => {
      const r = reader(chunks);
      expect(await readStatusLine(r)).toEqual({ ok: true, line: latin1("+OK POP3 ready <1.2@x>") });
      expect(await readStatusLine(r)).toEqual({ ok: false, line: latin1("-ERR no") });
      expect(await readStatusLine(r)).toEqual({ ok: true, line: latin1("+ Y2hhbGxlbmdl") });
      await expect(readStatusLine(r)).rejects.toBeInstanceOf(UnexpectedEOF);
    },
  );

  it("honours maxline", async () => {
    await expect(readStatusLine(reader(["+OK 123456\r\n"]), 8)).rejects.toBeInstanceOf(LineTooLong);
    await expect(readStatusLine(reader(["+OK 1234\r\n"]), 10)).resolves.toMatchObject({ ok: true });
  });
});

describe("readNumericLine", () => {
  it.each(deliveries("211 1234 3000234 3002322 misc.test\r\n200\r\nbogus\n"))(
    "reads NNTP reply lines ($name)",
    async ({ chunks }) => {
      const r = reader(chunks);
      const first = await readNumericLine(r);
      expect(first.code).toBe(211);
      expect(text(first.text)).toBe("1234 3000234 3002322 misc.test");
      expect(text(first.line)).toBe("211 1234 3000234 3002322 misc.test");
      expect(await readNumericLine(r)).toEqual({ code: 200, text: latin1(""), line: latin1("200") });
      expect(await readNumericLine(r)).toEqual({ code: -1, text: latin1("bogus"), line: latin1("bogus") });
      await expect(readNumericLine(r)).rejects.toBeInstanceOf(UnexpectedEOF);
    },
  );
});

describe("codes", () => {
  it("expectCode checks by prefix as Go's textproto", () => {
    expect(expectCode(250, 2)).toBe(true);
    expect(expectCode(250, 25)).toBe(true);
    expect(expectCode(250, 250)).toBe(true);
    expect(expectCode({ code: 251 }, 250)).toBe(false);
    expect(expectCode(354, 2)).toBe(false);
    expect(expectCode(199, 1)).toBe(true);
    expect(expectCode(-1, 2)).toBe(false);
    expect(expectCode(-1, 0)).toBe(true);
    const reply: CodeReply = { code: 550, lines: [] };
    expect(expectCode(reply, 5)).toBe(true);
  });

  it("parseCode wants three ASCII digits", () => {
    expect(parseCode(latin1("250 ok"))).toBe(250);
    expect(parseCode(latin1("25"))).toBe(-1);
    expect(parseCode(latin1(" 25"))).toBe(-1);
    expect(parseCode(latin1("2a0"))).toBe(-1);
  });

  it("pyint matches Python's int() on bytes", () => {
    // python3: int(b) for each, None where it raises ValueError.
    // biome-ignore format: table
    const table: [string, number | null][] = [
      [" 25", 25], ["25 ", 25], ["+25", 25], ["-25", -25], ["1_2", 12], ["_12", null], ["12_", null],
      ["1__2", null], ["\x0b25", 25], ["\x1c25", null], ["2 5", null], ["", null], ["abc", null],
      ["250", 250], ["-0", 0], ["\xa025", null],
    ];
    for (const [input, want] of table) expect(pyint(latin1(input)), JSON.stringify(input)).toBe(want);
    expect(Object.is(pyint(latin1("-0")), 0)).toBe(true);
  });

  it("pyint reads digit strings of any length as Number.parseInt does (the fast path and the rest)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,25}$/), (digits) => {
        expect(pyint(latin1(digits))).toBe(Number.parseInt(digits, 10));
      }),
    );
    expect(pyint(latin1("007"))).toBe(7);
    expect(pyint(latin1("25/"))).toBeNull();
    expect(pyint(latin1(":25"))).toBeNull();
  });
});
