// The FETCH helpers that decode for people: RFC 2047 words in envelope subjects and names,
// RFC 2231 (and RFC 2047) file names in BODYSTRUCTURE parameters. Expected values are what
// Python 3.11's email package gives (Message.get_filename(), make_header(decode_header())).
import { describe, expect, it } from "vitest";
import { parseValues, piecesOf } from "../src/fetch/values.js";
import {
  attachments,
  decodeParams,
  envelopeSubject,
  filename,
  formatAddress,
  parseBodyStructure,
  parseEnvelope,
} from "../src/index.js";
import { b } from "./helpers.js";

const value = (s: string) => parseValues(piecesOf([b(s)]))[0]!;

describe("decodeParams (RFC 2231, RFC 2047)", () => {
  it.each([
    [{ "filename*": "UTF-8''r%C3%A9sum%C3%A9.pdf" }, "résumé.pdf"],
    [
      { "filename*0*": "UTF-8'en'%E2%82%AC%20rates", "filename*1*": "%20for%20", "filename*2": "2026.pdf" },
      "€ rates for 2026.pdf",
    ],
    [{ "filename*": "iso-8859-1''caf%E9.txt" }, "café.txt"],
    [{ filename: "=?UTF-8?B?0L7RgtGH0ZHRgi5wZGY=?=" }, "отчёт.pdf"],
    [{ "filename*1": "name.txt", "filename*0": "long" }, "longname.txt"],
    [{ filename: "plain.txt" }, "plain.txt"],
  ])("%o -> %s", (params, expected) => {
    expect(decodeParams(params).filename).toBe(expected);
  });

  it("an extended value wins over a plain one; other parameters are kept", () => {
    expect(
      decodeParams({ filename: "fallback.pdf", "filename*": "UTF-8''%E2%82%AC.pdf", size: "10" }),
    ).toEqual({
      filename: "€.pdf",
      size: "10",
    });
  });

  it("an unknown charset keeps the bytes as latin1 rather than failing", () => {
    expect(decodeParams({ "name*": "x-unknown''a%E9" }).name).toBe("a\u00e9");
  });
});

describe("filename() on a BODYSTRUCTURE", () => {
  it("decodes Content-Disposition filename* and Content-Type name in encoded words", () => {
    const s = parseBodyStructure(
      value(
        '(("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 10 1 NIL NIL NIL NIL)' +
          '("application" "pdf" ("name" "=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?=") NIL NIL "base64" 100 NIL ("attachment" ("filename*" "UTF-8\'\'r%C3%A9sum%C3%A9.pdf")) NIL NIL)' +
          '("image" "png" ("name" "=?UTF-8?B?0L7RgtGH0ZHRgi5wbmc=?=") NIL NIL "base64" 100 NIL NIL NIL NIL)' +
          ' "mixed" ("boundary" "x") NIL NIL NIL)',
      ),
    );
    expect(attachments(s).map(filename)).toEqual(["résumé.pdf", "отчёт.png"]);
    expect(s.parts[1]!.disposition!.params).toEqual({ "filename*": "UTF-8''r%C3%A9sum%C3%A9.pdf" });
  });
});

describe("envelopeSubject and formatAddress", () => {
  const e = parseEnvelope(
    value(
      '("Mon, 7 Dec 2026 10:00:00 +0000" "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?B?IGF1cyBLw7ZsbiDinJM=?="' +
        ' (("=?ISO-8859-1?Q?J=F6rg?=" NIL "joerg" "example.org")) NIL NIL ((NIL NIL "bob" "example.org")) NIL NIL NIL "<id@x>")',
    ),
  );

  it("decodes the subject; the envelope keeps it as sent", () => {
    expect(envelopeSubject(e)).toBe("Grüße aus Köln ✓");
    expect(e.subject).toMatch(/^=\?UTF-8\?Q\?/);
    expect(envelopeSubject(null)).toBe("");
  });

  it("writes addresses with the name decoded", () => {
    expect(formatAddress(e.from[0]!)).toBe("Jörg <joerg@example.org>");
    expect(formatAddress(e.to[0]!)).toBe("bob@example.org");
  });
});
