// Typed FETCH, without a socket: the data fetch() returns, in Python's shape, parsed into
// objects; ENVELOPE, BODYSTRUCTURE, and the decoders the examples use.
import { describe, expect, it } from "vitest";
import { parseValues, piecesOf } from "../src/fetch/values.js";
import {
  attachments,
  type Data,
  decodeQuotedPrintable,
  decodeTransferEncoding,
  decodeWords,
  filename,
  groupFetch,
  ParseError,
  parseBodyStructure,
  parseFetch,
  parseInternalDate,
  walk,
} from "../src/index.js";
import { b } from "./helpers.js";

describe("parseFetch", () => {
  it("parses lines and literal pairs as fetch() returns them", () => {
    const data: Data = [
      b('1 (UID 4 FLAGS (\\Seen $Label) RFC822.SIZE 309 INTERNALDATE "17-Jul-1996 02:44:25 -0700")'),
      [b("2 (UID 5 BODY[] {5}"), b("hello")],
      b(" FLAGS ())"),
      [b("3 (BODY[HEADER.FIELDS (SUBJECT FROM)] {12}"), b("Subject: x\r\n")],
      [b(" BODY[TEXT]<0> {3}"), b("abc")],
      b(" UID 6)"),
    ];
    expect(groupFetch(data).map((g) => g.length)).toEqual([1, 2, 3]);
    const [m1, m2, m3] = parseFetch(data);
    expect(m1).toMatchObject({
      seq: 1,
      uid: 4,
      flags: ["\\Seen", "$Label"],
      rfc822Size: 309,
      internalDateText: "17-Jul-1996 02:44:25 -0700",
      sections: {},
    });
    expect(m1!.internalDate!.toISOString()).toBe("1996-07-17T09:44:25.000Z");
    expect(m2).toMatchObject({ seq: 2, uid: 5, flags: [] });
    expect(m2!.sections["BODY[]"]).toEqual(b("hello"));
    expect(m3!.uid).toBe(6);
    expect(m3!.sections["BODY[HEADER.FIELDS (SUBJECT FROM)]"]).toEqual(b("Subject: x\r\n"));
    expect(m3!.sections["BODY[TEXT]<0>"]).toEqual(b("abc"));
  });

  it("reads quoted strings with escapes, NIL, and MODSEQ", () => {
    const [m] = parseFetch([b('7 (BODY[1] "a \\"q\\" \\\\" BODY[2] NIL MODSEQ (12345678901234567890))')]);
    expect(m!.sections["BODY[1]"]).toEqual(b('a "q" \\'));
    expect(m!.sections["BODY[2]"]).toBeNull();
    expect(m!.modseq).toBe(12345678901234567890n);
    expect(parseFetch([null, b("8 (FLAGS (\\Deleted))")])).toHaveLength(1);
  });

  it("throws ParseError on data that is not a FETCH response", () => {
    expect(() => parseFetch([b("garbage")])).toThrow(ParseError);
    expect(() => parseFetch([b("1 (FLAGS (\\Seen)")])).toThrow("unterminated list");
    expect(() => parseFetch([b('1 (BODY[] "abc)')])).toThrow("unterminated quoted string");
  });

  it("parses the ENVELOPE, literal fields included", () => {
    const data: Data = [
      [b('1 (ENVELOPE ("Mon, 01 Jan 2024 00:00:00 GMT" {8}'), Buffer.from("Réunion")],
      b(
        ' (("Bob" NIL "bob" "inetlib.test")) NIL NIL ((NIL NIL "alice" "inetlib.test")("Carol, C." NIL "carol" "example.org")) NIL NIL "<a@b>" "<welcome@inetlib.test>"))',
      ),
    ];
    const env = parseFetch(data)[0]!.envelope!;
    expect(env.subject).toBe("Réunion");
    expect(env.date).toBe("Mon, 01 Jan 2024 00:00:00 GMT");
    expect(env.from).toEqual([{ name: "Bob", adl: null, mailbox: "bob", host: "inetlib.test" }]);
    expect(env.sender).toEqual([]);
    expect(env.to.map((a) => a.name)).toEqual([null, "Carol, C."]);
    expect(env.inReplyTo).toBe("<a@b>");
    expect(env.messageId).toBe("<welcome@inetlib.test>");
  });
});

describe("parseBodyStructure", () => {
  const nested = parseValues(
    piecesOf([
      b(
        '(("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "QUOTED-PRINTABLE" 120 4 NIL NIL NIL NIL)' +
          '(("TEXT" "HTML" ("CHARSET" "utf-8") NIL NIL "7BIT" 300 10 NIL NIL NIL NIL)("IMAGE" "PNG" ("NAME" "logo.png") "<logo>" NIL "BASE64" 2048 NIL ("inline" NIL) NIL NIL) "RELATED" ("BOUNDARY" "r") NIL NIL NIL)' +
          '("APPLICATION" "PDF" ("NAME" "a.pdf") NIL "the report" "BASE64" 4096 NIL ("attachment" ("FILENAME" "report.pdf")) ("en" "de") "http://x")' +
          '("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 500 (NIL "fwd" NIL NIL NIL NIL NIL NIL NIL NIL) (("TEXT" "PLAIN" NIL NIL NIL "7BIT" 10 1)("TEXT" "PLAIN" NIL NIL NIL "7BIT" 20 2) "MIXED") 25 NIL NIL NIL NIL)' +
          ' "MIXED" ("BOUNDARY" "m") NIL NIL NIL)',
      ),
    ]),
  )[0]!;

  it("numbers the parts as BODY[part] addresses them", () => {
    const s = parseBodyStructure(nested);
    expect(s).toMatchObject({ type: "multipart", subtype: "mixed", params: { boundary: "m" } });
    expect([...walk(s)].map((p) => [p.part, `${p.type}/${p.subtype}`])).toEqual([
      ["1", "text/plain"],
      ["2.1", "text/html"],
      ["2.2", "image/png"],
      ["3", "application/pdf"],
      ["4.1", "text/plain"],
      ["4.2", "text/plain"],
    ]);
    const pdf = s.parts[2]!;
    expect(pdf).toMatchObject({
      encoding: "base64",
      size: 4096,
      description: "the report",
      disposition: { type: "attachment", params: { filename: "report.pdf" } },
      language: ["en", "de"],
      location: "http://x",
    });
    expect(s.parts[0]).toMatchObject({
      lines: 4,
      encoding: "quoted-printable",
      params: { charset: "utf-8" },
    });
    expect(s.parts[1]!.parts[1]!.id).toBe("<logo>");
    expect(s.parts[3]!.envelope!.subject).toBe("fwd");
    expect(s.parts[3]!.lines).toBe(25);
    expect(attachments(s).map(filename)).toEqual(["logo.png", "report.pdf"]);
  });

  it("gives a single-part message part 1, and a non-multipart enclosed message part X.1", () => {
    const single = parseBodyStructure(
      parseValues(piecesOf([b('("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 58 5)')]))[0]!,
    );
    expect(single).toMatchObject({ part: "1", type: "text", lines: 5, md5: null, disposition: null });
    const fwd = parseBodyStructure(
      parseValues(
        piecesOf([
          b(
            '("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 50 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 5 1) 3)',
          ),
        ]),
      )[0]!,
    );
    expect(fwd.body!.part).toBe("1.1");
    expect([...walk(fwd)].map((p) => p.part)).toEqual(["1.1"]);
  });
});

describe("decoders", () => {
  it("decode base64 and quoted-printable bodies", () => {
    expect(decodeTransferEncoding(b("aGVs\r\nbG8=\r\n"), "BASE64")).toEqual(b("hello"));
    expect(decodeTransferEncoding(b("caf=C3=A9 =\r\nsoft=3D\r\n"), "quoted-printable")).toEqual(
      Buffer.from("café soft=\r\n"),
    );
    expect(decodeQuotedPrintable(b("bad=ZZ end="))).toEqual(b("bad=ZZ end="));
    expect(decodeTransferEncoding(b("as is"), "8bit")).toEqual(b("as is"));
    expect(decodeTransferEncoding(b("as is"), null)).toEqual(b("as is"));
  });

  it("decode RFC 2047 words, dropping the space between adjacent words", () => {
    expect(decodeWords("=?UTF-8?Q?R=C3=A9union?= notes")).toBe("Réunion notes");
    expect(decodeWords("=?ISO-8859-1?B?Sm9zdA==?= =?utf-8?q?_und_Gr=C3=BC=C3=9Fe?=")).toBe("Jost und Grüße");
    expect(decodeWords("plain text")).toBe("plain text");
    expect(decodeWords("=?x-unknown?Q?abc?= ok")).toBe("=?x-unknown?Q?abc?= ok");
  });

  it("parseInternalDate reads space-padded days and zones", () => {
    expect(parseInternalDate(" 7-Feb-2024 10:00:00 +0100")!.toISOString()).toBe("2024-02-07T09:00:00.000Z");
    expect(parseInternalDate("bad")).toBeNull();
  });
});
