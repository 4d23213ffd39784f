import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValueError } from "../src/errors.js";
import { UnicodeEncodeError } from "../src/textcodec.js";
import { checkArgument, encodeCommand, encodeText, Writer } from "../src/textproto/index.js";
import { latin1, text } from "./textproto-fake.js";

const FORBIDDEN = ["\r", "\n", "\0"];
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("encodeCommand", () => {
  it("gives one text part the bytes the part-by-part path gives, in every encoding (property)", () => {
    // One ASCII string is the fast path; the same words as several parts take the general one.
    const word = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) });
    const encodings = fc.constantFrom("utf8" as const, "latin1" as const, "ascii" as const);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), encodings, (words, encoding) => {
        const outcome = (f: () => Buffer) => {
          try {
            return text(f());
          } catch (err) {
            return (err as Error).constructor.name;
          }
        };
        expect(outcome(() => encodeCommand(words.join(" "), { encoding }))).toBe(
          outcome(() => encodeCommand(...words, { encoding })),
        );
      }),
    );
  });

  it("joins parts with spaces and ends with CRLF", () => {
    expect(text(encodeCommand("NOOP"))).toBe("NOOP\r\n");
    expect(text(encodeCommand("RETR", "a b.txt"))).toBe("RETR a b.txt\r\n");
    expect(text(encodeCommand("AUTH", latin1("PLAIN"), "AGpvZQ=="))).toBe("AUTH PLAIN AGpvZQ==\r\n");
    expect(text(encodeCommand())).toBe("\r\n");
  });

  it("encodes text as UTF-8 by default, latin1 or ascii on request", () => {
    expect(encodeCommand("CWD", "é")).toEqual(Buffer.from("CWD \xc3\xa9\r\n", "latin1"));
    expect(encodeCommand("CWD", "é", { encoding: "latin1" })).toEqual(Buffer.from("CWD \xe9\r\n", "latin1"));
    expect(encodeCommand("CWD", "e", { encoding: "ascii" })).toEqual(latin1("CWD e\r\n"));
  });

  it("refuses what Python's strict codecs refuse, with Python's message", () => {
    // python3: "MAIL FROM:<é>".encode("ascii"), "€".encode("latin-1"), "a\ud800".encode(), "x😀".encode("ascii")
    const cases: [() => unknown, string][] = [
      [
        () => encodeCommand("MAIL", "FROM:<é>", { encoding: "ascii" }),
        "'ascii' codec can't encode character '\\xe9' in position 11: ordinal not in range(128)",
      ],
      [
        () => encodeText("€", "latin1"),
        "'latin-1' codec can't encode character '\\u20ac' in position 0: ordinal not in range(256)",
      ],
      [
        () => encodeText("a\ud800"),
        "'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed",
      ],
      [
        () => encodeText("x😀", "ascii"),
        "'ascii' codec can't encode character '\\U0001f600' in position 1: ordinal not in range(128)",
      ],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(UnicodeEncodeError);
      expect(call).toThrow(ValueError);
      expect(call).toThrow(message);
    }
  });

  it.each(FORBIDDEN)("refuses %j in any part, text or bytes, before encoding anything", (bad) => {
    expect(() => encodeCommand(`USER a${bad}b`)).toThrow(ValueError);
    expect(() => encodeCommand("USER", `x${bad}`)).toThrow(ValueError);
    expect(() => encodeCommand("USER", "ok", latin1(`${bad}PASS x`))).toThrow(ValueError);
  });

  it("names the character as ftplib does", () => {
    expect(() => encodeCommand("CWD", "a\r\nDELE x")).toThrow(
      "an illegal newline character should not be contained",
    );
    expect(() => checkArgument("a\nb")).toThrow("an illegal newline character should not be contained");
    expect(() => checkArgument(latin1("a\0b"))).toThrow("an illegal NUL character should not be contained");
    expect(() => checkArgument("fine")).not.toThrow();
  });

  it("refuses any part holding CR, LF or NUL and accepts every other (property)", () => {
    const part = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b)),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
        const bad = parts.some((p) =>
          typeof p === "string"
            ? FORBIDDEN.some((c) => p.includes(c))
            : [13, 10, 0].some((c) => p.includes(c)),
        );
        const lone = parts.some((p) => typeof p === "string" && LONE_SURROGATE.test(p));
        if (bad) {
          expect(() => encodeCommand(...parts)).toThrow(ValueError);
          expect(() => encodeCommand(...parts)).not.toThrow(UnicodeEncodeError);
        } else if (lone) {
          expect(() => encodeCommand(...parts)).toThrow(UnicodeEncodeError);
        } else {
          const out = encodeCommand(...parts);
          const expected = Buffer.concat([
            ...parts.flatMap((p, i) => [
              ...(i ? [latin1(" ")] : []),
              typeof p === "string" ? Buffer.from(p) : p,
            ]),
            latin1("\r\n"),
          ]);
          expect(out).toEqual(expected);
          expect(out.indexOf(10)).toBe(out.length - 1);
        }
      }),
    );
  });
});

describe("Writer", () => {
  class Sink {
    writes: string[] = [];
    async sendall(data: Uint8Array): Promise<void> {
      this.writes.push(text(data));
    }
  }

  it("sends each command and each line in one write", async () => {
    const sink = new Sink();
    const w = new Writer(sink);
    await w.writeCommand("MAIL", "FROM:<a@b>");
    await w.writeLine("a1 LOGIN x y");
    await w.writeLine(latin1("raw"));
    await w.write(latin1("as is"));
    expect(sink.writes).toEqual(["MAIL FROM:<a@b>\r\n", "a1 LOGIN x y\r\n", "raw\r\n", "as is"]);
  });

  it("sends nothing when a line is refused", async () => {
    const sink = new Sink();
    const w = new Writer(sink);
    await expect(w.writeLine("a\r\nb")).rejects.toBeInstanceOf(ValueError);
    await expect(w.writeCommand("RCPT", "TO:<x>\r\nDATA")).rejects.toBeInstanceOf(ValueError);
    expect(sink.writes).toEqual([]);
  });

  it("uses its encoding for text", async () => {
    const sink = new Sink();
    await new Writer(sink, { encoding: "latin1" }).writeCommand("CWD", "é");
    expect(sink.writes).toEqual(["CWD \xe9\r\n"]);
    await expect(new Writer(sink, { encoding: "ascii" }).writeLine("é")).rejects.toBeInstanceOf(
      UnicodeEncodeError,
    );
  });

  it("writeDotBody streams a body and sends the terminator with the last chunk", async () => {
    const sink = new Sink();
    const w = new Writer(sink);
    await w.writeDotBody([latin1("a\n."), latin1("b\r"), latin1("\nc")]);
    expect(sink.writes).toEqual(["a\r\n..", "b\r\n", "c\r\n.\r\n"]);
    sink.writes = [];
    await w.writeDotBody(latin1(".x"));
    expect(sink.writes).toEqual(["..x\r\n.\r\n"]);
    sink.writes = [];
    async function* gen() {
      yield latin1("q\r");
      yield latin1("");
    }
    await w.writeDotBody(gen(), { fixEols: true });
    expect(sink.writes.join("")).toBe("q\r\n.\r\n");
  });
});
