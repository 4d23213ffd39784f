import { describe, expect, it } from "vitest";
import { LookupError, TextCodec, UnicodeEncodeError } from "../src/textcodec.js";

const units = (text: string) => [...Array(text.length)].map((_, i) => text.charCodeAt(i));

describe("TextCodec surrogateescape", () => {
  // [bytes, code units of Python's bytes.decode("utf-8", "surrogateescape")]
  const cases: [number[], number[]][] = [
    [
      [0x63, 0x61, 0x66, 0xc3, 0xa9],
      [0x63, 0x61, 0x66, 0xe9],
    ],
    [
      [0x63, 0x61, 0x66, 0xe9],
      [0x63, 0x61, 0x66, 0xdce9],
    ],
    [
      [0xe2, 0x82],
      [0xdce2, 0xdc82],
    ],
    [
      [0xe2, 0x82, 0x41],
      [0xdce2, 0xdc82, 0x41],
    ],
    [
      [0xed, 0xa0, 0x80],
      [0xdced, 0xdca0, 0xdc80],
    ],
    [
      [0xf0, 0x9f, 0x98, 0x80, 0xff],
      [0xd83d, 0xde00, 0xdcff],
    ],
    [
      [0xc0, 0xaf],
      [0xdcc0, 0xdcaf],
    ],
    [
      [0xf4, 0x90, 0x80, 0x80],
      [0xdcf4, 0xdc90, 0xdc80, 0xdc80],
    ],
  ];

  it("decodes as Python does and encodes back to the same bytes", () => {
    const codec = new TextCodec("utf-8", "surrogateescape", "");
    for (const [bytes, expected] of cases) {
      const text = codec.decode(Buffer.from(bytes), true);
      expect(units(text)).toEqual(expected);
      expect([...codec.encode(text)]).toEqual(bytes);
    }
  });

  it("holds an incomplete sequence across chunks until it is complete or final", () => {
    const codec = new TextCodec("utf-8", "surrogateescape", "");
    const bytes = Buffer.from([0x61, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xe2, 0x82]);
    let text = "";
    for (let i = 0; i < bytes.length; i++) text += codec.decode(bytes.subarray(i, i + 1), false);
    expect(units(text)).toEqual([0x61, 0xd83d, 0xde00, 0xdcff]);
    expect(units(codec.decode(Buffer.alloc(0), true))).toEqual([0xdce2, 0xdc82]);
  });

  it("refuses other lone surrogates with Python's message", () => {
    const codec = new TextCodec("utf-8", "surrogateescape", "");
    expect(() => codec.encode("\udc80x\ud800")).toThrow(
      new UnicodeEncodeError(
        "'utf-8' codec can't encode character '\\ud800' in position 2: surrogates not allowed",
      ),
    );
  });

  it("escapes bytes ASCII cannot decode and Latin-1 encodes them back", () => {
    const ascii = new TextCodec("ascii", "surrogateescape", "");
    const text = ascii.decode(Buffer.from([0x61, 0xff, 0x62]), true);
    expect(units(text)).toEqual([0x61, 0xdcff, 0x62]);
    expect([...ascii.encode(text)]).toEqual([0x61, 0xff, 0x62]);
    const latin1 = new TextCodec("latin-1", "surrogateescape", "");
    expect([...latin1.encode("\udcff")]).toEqual([0xff]);
    expect(() => latin1.encode("a\u0100")).toThrow(UnicodeEncodeError);
  });

  it("still refuses unknown handlers", () => {
    expect(() => new TextCodec("utf-8", "backslashreplace", "")).toThrow(LookupError);
  });
});
