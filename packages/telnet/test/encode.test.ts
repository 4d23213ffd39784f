// The pure helpers: IAC escaping on the way out, the cooked queue's search, the debug
// formatting and expect()'s patterns.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteQueue } from "../src/byte-queue.js";
import { compilePattern, searchBytes } from "../src/expect.js";
import { pyformat } from "../src/format.js";
import { doubleIAC, iacCommand, subnegotiation } from "../src/iac-encode.js";
import { IACParser } from "../src/iac-parser.js";

describe("doubleIAC", () => {
  it("doubles every 255 (test_write's samples)", () => {
    const IAC = "\xff";
    for (const sample of [
      "data sample without IAC",
      `data sample with${IAC} one IAC`,
      `a few${IAC}${IAC} iacs${IAC}`,
      IAC,
      "",
    ]) {
      const data = Buffer.from(sample, "latin1");
      expect(doubleIAC(data).toString("latin1")).toBe(sample.replaceAll(IAC, IAC + IAC));
    }
  });

  it("returns the same Buffer when there is nothing to double", () => {
    const data = Buffer.from("plain");
    expect(doubleIAC(data)).toBe(data);
  });

  it("round-trips through the parser for any bytes: no byte sequence can become a command", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const parser = new IACParser();
        parser.binary = true;
        const events = parser.feed(doubleIAC(bytes));
        expect(events.every((e) => e.type === "data")).toBe(true);
        expect(Buffer.concat(events.map((e) => (e.type === "data" ? e.data : Buffer.alloc(0))))).toEqual(
          Buffer.from(bytes),
        );
      }),
    );
  });
});

describe("subnegotiation", () => {
  it("frames content in IAC SB <option> ... IAC SE with IAC doubled", () => {
    expect([...subnegotiation(31, Buffer.from([0, 255, 0, 24]))]).toEqual([
      255, 250, 31, 0, 255, 255, 0, 24, 255, 240,
    ]);
  });

  it("doubles an option byte of 255 too (EXOPL)", () => {
    expect([...subnegotiation(255, Buffer.from([1]))]).toEqual([255, 250, 255, 255, 1, 255, 240]);
  });

  it("always parses back to the same content, however hostile", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 40 }), (option, content) => {
        const events = new IACParser().feed(subnegotiation(option, content));
        expect(events).toEqual([
          { type: "sb" },
          { type: "se", data: Buffer.concat([Buffer.from([option]), content]), overflow: false },
        ]);
      }),
    );
  });

  it("iacCommand builds IAC <command> [option]", () => {
    expect([...iacCommand(251, 1)]).toEqual([255, 251, 1]);
    expect([...iacCommand(241)]).toEqual([255, 241]);
  });
});

describe("ByteQueue", () => {
  it("finds a needle across chunks exactly as in the joined bytes", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a.map((c) => c % 3))),
          { maxLength: 8 },
        ),
        fc.uint8Array({ minLength: 1, maxLength: 4 }).map((a) => Buffer.from(a.map((c) => c % 3))),
        fc.nat(30),
        (chunks, needle, from) => {
          const q = new ByteQueue();
          for (const c of chunks) q.push(c);
          const joined = Buffer.concat(chunks);
          const want = from > joined.length ? -1 : joined.indexOf(needle, from);
          expect(q.indexOf(needle, from)).toBe(want);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("takes across chunk boundaries and keeps the rest", () => {
    const q = new ByteQueue();
    for (const c of ["ab", "cde", "f"]) q.push(Buffer.from(c));
    expect(q.take(4).toString()).toBe("abcd");
    expect(q.length).toBe(2);
    expect(q.peekAll().toString()).toBe("ef");
    expect(q.takeAll().toString()).toBe("ef");
    expect(q.length).toBe(0);
  });
});

describe("pyformat", () => {
  it("formats telnetlib's messages as Python's % does", () => {
    expect(pyformat("IAC %s %d", ["DO", 1])).toBe("IAC DO 1");
    expect(pyformat("send %r", [Buffer.from("xxx")])).toBe("send b'xxx'");
    expect(pyformat("recv %r", [Buffer.from([255, 251, 1, 0x27])])).toBe(`recv b"\\xff\\xfb\\x01'"`);
    expect(pyformat("100%% %s", [null])).toBe("100% None");
  });
});

describe("expect patterns", () => {
  it("compiles strings and bytes as regular expressions and drops g and y", () => {
    expect(compilePattern("lo+gin").test("looogin")).toBe(true);
    expect(compilePattern(Buffer.from("[$#] $")).source).toBe("[$#] $");
    const re = compilePattern(/x/gy);
    expect(re.flags).toBe("");
  });

  it("reports byte offsets for 8-bit data", () => {
    const m = searchBytes(compilePattern(/match/), Buffer.from([0xc3, 0xa9, 0xff, ...Buffer.from("match")]));
    expect(m?.index).toBe(3);
  });

  it("refuses other pattern types", () => {
    expect(() => compilePattern(42 as unknown as string)).toThrow(TypeError);
  });
});
