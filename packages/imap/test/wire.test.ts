// Command framing without a socket: quoting, literals of every kind, and the refusal of CR,
// LF, NUL and trailing literal markers before anything is built.
import { UnicodeEncodeError, ValueError } from "@inetlib/socket";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decode_utf7, encode_utf7, LiteralArg, literal } from "../src/index.js";
import { _quote, astring, type Chunk, frame, isAscii, mapCRLF } from "../src/wire.js";
import { b } from "./helpers.js";

const show = (chunks: Chunk[]) =>
  chunks.map((c) =>
    "text" in c
      ? c.text.toString("latin1")
      : { literal: c.literal.toString("latin1"), sync: c.sync, suffix: c.suffix.toString() },
  );

describe("frame", () => {
  it("joins tag, name and arguments with spaces; null and undefined are skipped as Python skips None", () => {
    expect(show(frame("A1", "LOGIN", ["joe", '"pw"'], "ascii"))).toEqual(['A1 LOGIN joe "pw"']);
    expect(show(frame("A2", "APPEND", ["INBOX", null, undefined, b("raw")], "ascii"))).toEqual([
      "A2 APPEND INBOX raw",
    ]);
    expect(show(frame("A3", "NOOP", [], "ascii"))).toEqual(["A3 NOOP"]);
  });

  it("sends literals as {n} (waiting), {n+} with LITERAL+, {n+} up to 4096 bytes with LITERAL-", () => {
    const lit = literal("a\r\nb");
    expect(show(frame("A1", "APPEND", ["INBOX", lit], "ascii"))).toEqual([
      "A1 APPEND INBOX {4}",
      { literal: "a\r\nb", sync: true, suffix: "" },
      "",
    ]);
    expect(show(frame("A1", "APPEND", ["INBOX", lit], "ascii", "literal+"))[0]).toBe("A1 APPEND INBOX {4+}");
    expect(show(frame("A1", "X", [lit], "ascii", "literal-"))[0]).toBe("A1 X {4+}");
    const big = new LiteralArg(Buffer.alloc(4097, 0x61));
    expect(show(frame("A1", "X", [big], "ascii", "literal-"))[0]).toBe("A1 X {4097}");
    expect(show(frame("A1", "X", [new LiteralArg(Buffer.alloc(4096))], "ascii", "literal-"))[0]).toBe(
      "A1 X {4096+}",
    );
  });

  it("puts several literals on one command, and literal8 with its prefix and suffix", () => {
    const chunks = show(
      frame(
        "A1",
        "LOGIN",
        [literal("us er"), literal("pä"), "X", literal("z", { binary: true, prefix: "UTF8 (", suffix: ")" })],
        "ascii",
      ),
    );
    expect(chunks).toEqual([
      "A1 LOGIN {5}",
      { literal: "us er", sync: true, suffix: "" },
      " {3}",
      { literal: Buffer.from("pä").toString("latin1"), sync: true, suffix: "" },
      " X UTF8 (~{1}",
      { literal: "z", sync: true, suffix: ")" },
      "",
    ]);
  });

  it("refuses CR, LF and NUL in the name and in every argument, text or bytes", () => {
    for (const bad of ["a\rb", "a\nb", "a\0b", "\r\n"]) {
      expect(() => frame("A1", "SELECT", [bad], "ascii")).toThrow(ValueError);
      expect(() => frame("A1", "SELECT", ["ok", b(bad)], "ascii")).toThrow(ValueError);
      expect(() => frame("A1", bad, [], "ascii")).toThrow(ValueError);
      expect(() => frame("A1", "X", [literal("ok", { prefix: bad })], "ascii")).toThrow(ValueError);
    }
    expect(() => frame("A1", "SELECT", ["a\r\nA2 DELETE INBOX"], "ascii")).toThrow(
      "an illegal newline character should not be contained",
    );
    expect(() => frame("A1", "SELECT", ["a\0"], "ascii")).toThrow(
      "an illegal NUL character should not be contained",
    );
  });

  it("refuses a command whose own text ends with a literal size marker (the server would swallow the next command)", () => {
    for (const tail of ["{5}", "{5+}", "~{5}", "x {12}"])
      expect(() => frame("A1", "SEARCH", ["SUBJECT", tail], "ascii")).toThrow(ValueError);
    expect(show(frame("A1", "SEARCH", ["{5}", "ALL"], "ascii"))).toEqual(["A1 SEARCH {5} ALL"]);
  });

  it("encodes text as ASCII (UnicodeEncodeError as Python) until UTF-8 is enabled", () => {
    expect(() => frame("A1", "SELECT", ["Entwürfe"], "ascii")).toThrow(UnicodeEncodeError);
    expect(() => frame("A1", "SELECT", ["Entwürfe"], "ascii")).toThrow(
      "'ascii' codec can't encode character '\\xfc' in position 4: ordinal not in range(128)",
    );
    expect(show(frame("A1", "SELECT", ['"Entwürfe"'], "utf8"))[0]).toBe(
      Buffer.from('A1 SELECT "Entwürfe"').toString("latin1"),
    );
  });

  it("never lets an argument end the line: every generated argument frames as one command", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        let chunks: Chunk[];
        try {
          chunks = frame("A1", "SELECT", [astring(s, { utf8: true })], "utf8");
        } catch (err) {
          return err instanceof ValueError;
        }
        const texts = chunks.filter((c): c is { text: Buffer } => "text" in c);
        return texts.every((t) => !t.text.includes(10) && !t.text.includes(13));
      }),
    );
  });
});

describe("astring and _quote", () => {
  it("leaves atoms and quoted strings alone and quotes the rest, as Python 2's _checkquote", () => {
    expect(astring("INBOX")).toBe("INBOX");
    expect(astring("INBOX/sub.folder")).toBe("INBOX/sub.folder");
    expect(astring("a]b")).toBe("a]b");
    expect(astring('"already quoted"')).toBe('"already quoted"');
    expect(astring("My Folder")).toBe('"My Folder"');
    expect(astring("")).toBe('""');
    expect(astring("a*")).toBe('"a*"');
    expect(astring("a*", { wildcards: true })).toBe("a*");
    expect(astring("%", { wildcards: true })).toBe("%");
    expect(astring('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
    expect(astring("(x)")).toBe('"(x)"');
    expect(astring("{5}")).toBe('"{5}"');
  });

  it("sends non-ASCII text as a UTF-8 literal when asked, quoted in UTF-8 mode", () => {
    const lit = astring("pässwort", { literal8bit: true });
    expect(lit).toBeInstanceOf(LiteralArg);
    expect((lit as LiteralArg).data).toEqual(Buffer.from("pässwort"));
    expect(astring("pässwort", { literal8bit: true, utf8: true })).toBe('"pässwort"');
    expect(astring(b("raw bytes"))).toEqual(b("raw bytes"));
  });

  it("_quote escapes backslash and double quote", () => {
    expect(_quote('se"c\\ret')).toBe('"se\\"c\\\\ret"');
    expect(_quote("")).toBe('""');
  });
});

describe("helpers", () => {
  it("mapCRLF makes every line ending CRLF, as imaplib's MapCRLF", () => {
    expect(mapCRLF(b("a\nb\rc\r\nd\n\r"))).toEqual(b("a\r\nb\r\nc\r\nd\r\n\r\n"));
    const same = b("a\r\nb\r\n");
    expect(mapCRLF(same)).toBe(same);
    expect(mapCRLF(b(""))).toEqual(b(""));
  });

  it("isAscii", () => {
    expect(isAscii("abc\x7f")).toBe(true);
    expect(isAscii("é")).toBe(false);
  });

  it("modified UTF-7 both ways (RFC 3501 5.1.3)", () => {
    expect(encode_utf7("Entwürfe")).toBe("Entw&APw-rfe");
    expect(encode_utf7("A&B")).toBe("A&-B");
    expect(encode_utf7("日本語")).toBe("&ZeVnLIqe-");
    expect(decode_utf7("&ZeVnLIqe-")).toBe("日本語");
    expect(decode_utf7("Entw&APw-rfe")).toBe("Entwürfe");
    expect(decode_utf7("A&-B")).toBe("A&B");
    fc.assert(fc.property(fc.string(), (s) => decode_utf7(encode_utf7(s)) === s));
  });
});
