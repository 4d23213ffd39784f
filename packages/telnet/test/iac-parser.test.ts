// The IAC state machine, without sockets: telnetlib's process_rawq() cases, every way of
// cutting a stream, and random streams.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IACParser, type TelnetEvent } from "../src/iac-parser.js";

const IAC = 255;
const [DONT, DO, WONT, WILL, SB, SE] = [254, 253, 252, 251, 250, 240] as const;
const [NOP, GA, AYT] = [241, 249, 246];

type Plain =
  | { data: string }
  | { command: number }
  | { verb: number; option: number }
  | { sb: true }
  | { se: string; overflow?: true };

// Events in a comparable form, adjacent data merged: how data is cut up is not part of the contract.
function plain(events: TelnetEvent[]): Plain[] {
  const out: Plain[] = [];
  for (const e of events) {
    if (e.type === "data") {
      const last = out[out.length - 1];
      if (last && "data" in last) last.data += e.data.toString("latin1");
      else out.push({ data: e.data.toString("latin1") });
    } else if (e.type === "command") out.push({ command: e.command });
    else if (e.type === "negotiation") out.push({ verb: e.command, option: e.option });
    else if (e.type === "sb") out.push({ sb: true });
    else
      out.push(
        e.overflow ? { se: e.data.toString("latin1"), overflow: true } : { se: e.data.toString("latin1") },
      );
  }
  return out;
}

function parse(chunks: Buffer[], parser = new IACParser()): Plain[] {
  const events: TelnetEvent[] = [];
  for (const c of chunks) events.push(...parser.feed(c));
  return plain(events);
}

const b = (...parts: (number | string)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "number" ? Buffer.from([p]) : Buffer.from(p, "latin1"))));

// Every single cut, every pair of cuts (short streams), and one byte at a time.
function splits(stream: Buffer): Buffer[][] {
  const out: Buffer[][] = [[stream]];
  for (let i = 1; i < stream.length; i++) out.push([stream.subarray(0, i), stream.subarray(i)]);
  if (stream.length <= 40)
    for (let i = 1; i < stream.length; i++)
      for (let j = i + 1; j < stream.length; j++)
        out.push([stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)]);
  out.push([...stream].map((c) => Buffer.from([c])));
  return out;
}

describe("IACParser: telnetlib's cases", () => {
  it("passes data through and undoubles IAC IAC", () => {
    expect(parse([b("abc", IAC, IAC, "def")])).toEqual([{ data: "abc\xffdef" }]);
  });

  it("drops NUL and DC1 from data, as process_rawq does", () => {
    expect(parse([b("a\x00b\x11c\r\x00")])).toEqual([{ data: "abc\r" }]);
  });

  it("keeps NUL and DC1 in binary mode", () => {
    const parser = new IACParser();
    parser.binary = true;
    expect(parse([b("a\x00b\x11c")], parser)).toEqual([{ data: "a\x00b\x11c" }]);
  });

  it("gives each RFC 854 command in order with the data around it (test_IAC_commands)", () => {
    for (const cmd of [245, AYT, 243, 247, 248, GA, 244, NOP]) {
      expect(parse([b("x".repeat(10), IAC, cmd, "y".repeat(10))])).toEqual([
        { data: "x".repeat(10) },
        { command: cmd },
        { data: "y".repeat(10) },
      ]);
    }
  });

  it("takes an option byte after DO, DONT, WILL and WONT", () => {
    expect(parse([b(IAC, DO, 1, IAC, DONT, 1, IAC, WILL, 3, IAC, WONT, 255)])).toEqual([
      { verb: DO, option: 1 },
      { verb: DONT, option: 1 },
      { verb: WILL, option: 3 },
      { verb: WONT, option: 255 },
    ]);
  });

  it("collects subnegotiations as test_SB_commands expects", () => {
    const send = [
      b(IAC, SB, IAC, SE),
      b(IAC, SB, IAC, IAC, IAC, SE),
      b(IAC, SB, IAC, IAC, "aa", IAC, SE),
      b(IAC, SB, "bb", IAC, IAC, IAC, SE),
      b(IAC, SB, "cc", IAC, IAC, "dd", IAC, SE),
    ];
    const events = parse(send);
    const se = events.filter((e): e is { se: string } => "se" in e).map((e) => e.se);
    expect(se).toEqual(["", "\xff", "\xffaa", "bb\xff", "cc\xffdd"]);
    expect(events.some((e) => "data" in e)).toBe(false);
  });

  it("keeps NUL in subnegotiations (NEW-ENVIRON's VAR is 0)", () => {
    expect(parse([b(IAC, SB, 39, 1, 0, "USER", IAC, SE)])).toEqual([
      { sb: true },
      { se: "\x27\x01\x00USER" },
    ]);
  });

  it("dispatches a command met inside a subnegotiation, as telnetlib does", () => {
    expect(parse([b(IAC, SB, 24, 1, IAC, NOP, 2, IAC, SE)])).toEqual([
      { sb: true },
      { command: NOP },
      { se: "\x18\x01\x02" },
    ]);
  });

  it("restarts on a second IAC SB and gives a stray IAC SE empty content", () => {
    expect(parse([b(IAC, SB, "old", IAC, SB, "new", IAC, SE, IAC, SE)])).toEqual([
      { sb: true },
      { sb: true },
      { se: "new" },
      { se: "" },
    ]);
  });

  it("reports the unfinished sequence (iacseq) and the sb flag", () => {
    const parser = new IACParser();
    parser.feed(b("x", IAC));
    expect([...parser.pending]).toEqual([IAC]);
    parser.feed(b(WILL));
    expect([...parser.pending]).toEqual([IAC, WILL]);
    parser.feed(b(1, IAC, SB, 24));
    expect(parser.pending.length).toBe(0);
    expect(parser.inSubnegotiation).toBe(true);
    parser.reset();
    expect(parser.inSubnegotiation).toBe(false);
    expect(parse([b("after")], parser)).toEqual([{ data: "after" }]);
  });
});

describe("IACParser: the bound on subnegotiations", () => {
  it("drops a subnegotiation over the bound whole and parses on after it", () => {
    const parser = new IACParser({ maxSubnegotiation: 8 });
    const events = parse(
      [b("a", IAC, SB, 24, "0123456789", IAC, SE, "b", IAC, SB, 24, "ok", IAC, SE)],
      parser,
    );
    expect(events).toEqual([
      { data: "a" },
      { sb: true },
      { se: "", overflow: true },
      { data: "b" },
      { sb: true },
      { se: "\x18ok" },
    ]);
  });

  it("accepts one exactly at the bound", () => {
    const parser = new IACParser({ maxSubnegotiation: 4 });
    expect(parse([b(IAC, SB, 31, 0, 80, 0, IAC, SE)], parser)).toEqual([
      { sb: true },
      { se: "\x1f\x00\x50\x00" },
    ]);
  });

  it("holds no more than the bound while an endless subnegotiation streams in", () => {
    const parser = new IACParser({ maxSubnegotiation: 16 });
    parser.feed(b(IAC, SB, 24));
    for (let i = 0; i < 1000; i++) expect(parser.feed(Buffer.alloc(1024, 0x41))).toEqual([]);
    expect(parse([b(IAC, SE, "data")], parser)).toEqual([{ se: "", overflow: true }, { data: "data" }]);
  });
});

describe("IACParser: any segmentation gives the same events", () => {
  const streams: [string, Buffer][] = [
    ["data around IAC IAC", b("ab", IAC, IAC, "cd", IAC, IAC)],
    [
      "negotiation burst (telnetd's opening)",
      b(IAC, WILL, 37, IAC, WILL, 38, IAC, DO, 24, IAC, DO, 32, IAC, DO, 39),
    ],
    ["subnegotiation with IAC IAC", b("x", IAC, SB, 24, 1, IAC, IAC, 0, IAC, SE, "y")],
    ["command inside SB", b(IAC, SB, 39, 1, IAC, NOP, 0, "USER", IAC, SE, IAC, GA)],
    ["NUL and CR NUL in data", b("line\r\x00\r\nnext\x00\x11end")],
    ["everything", b("login: ", IAC, WILL, 1, IAC, SB, 24, 1, IAC, SE, IAC, IAC, "\r\x00", IAC, AYT, "$ ")],
  ];

  it.each(streams)("%s", (_, stream) => {
    const whole = parse([stream]);
    for (const chunks of splits(stream)) expect(parse(chunks)).toEqual(whole);
  });

  it("never copies the caller's data into a later event after the caller reuses its buffer", () => {
    const parser = new IACParser();
    const chunk = b(IAC, SB, 24, 0, "VT");
    parser.feed(chunk);
    chunk.fill(0x21);
    expect(plain(parser.feed(b("100", IAC, SE)))).toEqual([{ se: "\x18\x00VT100" }]);
  });
});

// A random telnet stream built from tokens, with the events it must give.
const token = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((a) => {
    const bytes = [...a].filter((c) => c !== IAC && c !== 0 && c !== 0x11);
    return {
      wire: Buffer.from(bytes),
      events: bytes.length ? [{ data: Buffer.from(bytes).toString("latin1") }] : [],
    };
  }),
  fc.constant({ wire: b(IAC, IAC), events: [{ data: "\xff" }] as Plain[] }),
  fc
    .constantFrom(NOP, GA, AYT, 242, 243)
    .map((c) => ({ wire: b(IAC, c), events: [{ command: c }] as Plain[] })),
  fc
    .tuple(fc.constantFrom(DO, DONT, WILL, WONT), fc.integer({ min: 0, max: 255 }))
    .map(([v, o]) => ({ wire: b(IAC, v, o), events: [{ verb: v, option: o }] as Plain[] })),
  fc.uint8Array({ maxLength: 12 }).map((content) => {
    const doubled = [...content].flatMap((c) => (c === IAC ? [IAC, IAC] : [c]));
    return {
      wire: b(IAC, SB, Buffer.from(doubled).toString("latin1"), IAC, SE),
      events: [{ sb: true }, { se: Buffer.from(content).toString("latin1") }] as Plain[],
    };
  }),
);

function merge(events: Plain[]): Plain[] {
  const out: Plain[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if ("data" in e && last && "data" in last) last.data += e.data;
    else out.push("data" in e ? { data: e.data } : e);
  }
  return out;
}

describe("IACParser: random streams, random cuts", () => {
  it("decodes every token stream the same however it is cut", () => {
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (tokens, cutsRaw) => {
          const stream = Buffer.concat(tokens.map((t) => t.wire));
          const cuts = [...new Set(cutsRaw.map((c) => (stream.length ? c % stream.length : 0)))].sort(
            (x, y) => x - y,
          );
          const chunks: Buffer[] = [];
          let at = 0;
          for (const c of cuts) {
            chunks.push(stream.subarray(at, c));
            at = c;
          }
          chunks.push(stream.subarray(at));
          expect(parse(chunks)).toEqual(merge(tokens.flatMap((t) => t.events)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
