// The ready option handlers, driven through the Negotiator with the bytes it sends recorded.

import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { IACParser } from "../src/iac-parser.js";
import { Negotiator } from "../src/negotiator.js";
import { BinaryHandler, EchoHandler, SuppressGoAheadHandler } from "../src/options/basic.js";
import type { OptionHandler } from "../src/options/handler.js";
import { WindowSizeHandler } from "../src/options/naws.js";
import { encodeList, NewEnvironHandler, parseSend } from "../src/options/new-environ.js";
import { TerminalTypeHandler } from "../src/options/ttype.js";

const IAC = 255;
const [DONT, DO, WONT, WILL, SB, SE] = [254, 253, 252, 251, 250, 240] as const;

function setup(...handlers: OptionHandler[]) {
  const sent: number[][] = [];
  const traces: string[] = [];
  const negotiator = new Negotiator({
    send: async (bytes) => {
      sent.push([...bytes]);
    },
    trace: (m) => traces.push(m),
  });
  for (const h of handlers) negotiator.add(h);
  const take = () => sent.splice(0).flat();
  return { negotiator, take, traces };
}

const sb = (option: number, ...content: number[]) => [IAC, SB, option, ...content, IAC, SE];

describe("refusal and agreement", () => {
  it("refuses options without a handler, and does not answer their refusal", () => {
    const { negotiator, take } = setup();
    negotiator.receive(DO, 32);
    negotiator.receive(WILL, 37);
    negotiator.receive(DONT, 32);
    negotiator.receive(WONT, 37);
    expect(take()).toEqual([IAC, WONT, 32, IAC, DONT, 37]);
  });

  it("EchoHandler accepts the server's echo and refuses to echo itself", () => {
    const { negotiator, take } = setup(new EchoHandler());
    negotiator.receive(WILL, 1);
    negotiator.receive(DO, 1);
    expect(take()).toEqual([IAC, DO, 1, IAC, WONT, 1]);
    expect(negotiator.table.enabled("remote", 1)).toBe(true);
    negotiator.receive(WILL, 1);
    expect(take()).toEqual([]);
  });

  it("SuppressGoAheadHandler and BinaryHandler accept both sides, and can ask first", () => {
    const { negotiator, take } = setup(
      new SuppressGoAheadHandler({ request: { remote: true } }),
      new BinaryHandler(),
    );
    negotiator.start();
    expect(take()).toEqual([IAC, DO, 3]);
    negotiator.receive(WILL, 3); // the answer: not answered again
    negotiator.receive(DO, 3);
    negotiator.receive(DO, 0);
    negotiator.receive(WILL, 0);
    expect(take()).toEqual([IAC, WILL, 3, IAC, WILL, 0, IAC, DO, 0]);
  });

  it("refuses a second handler for the same option", () => {
    const { negotiator } = setup(new EchoHandler());
    expect(() => negotiator.add(new EchoHandler())).toThrow(ValueError);
  });
});

describe("TerminalTypeHandler (RFC 1091)", () => {
  it("answers SEND with IS and walks its list, the last one twice, then over again", () => {
    const { negotiator, take } = setup(new TerminalTypeHandler(["XTERM-256COLOR", "VT100"]));
    negotiator.receive(DO, 24);
    expect(take()).toEqual([IAC, WILL, 24]);
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      negotiator.subnegotiation(Buffer.from([24, 1]));
      const bytes = take();
      expect(bytes.slice(0, 4)).toEqual([IAC, SB, 24, 0]);
      expect(bytes.slice(-2)).toEqual([IAC, SE]);
      names.push(Buffer.from(bytes.slice(4, -2)).toString("ascii"));
    }
    expect(names).toEqual(["XTERM-256COLOR", "VT100", "VT100", "XTERM-256COLOR", "VT100"]);
  });

  it("ignores SEND before the option is on, and anything but SEND", () => {
    const { negotiator, take, traces } = setup(new TerminalTypeHandler("VT100"));
    negotiator.subnegotiation(Buffer.from([24, 1]));
    negotiator.receive(DO, 24);
    take();
    negotiator.subnegotiation(Buffer.from([24, 0, 65]));
    expect(take()).toEqual([]);
    expect(traces.join("\n")).toMatch(/SB 24 ignored/);
  });

  it("refuses names that could carry anything but a name", () => {
    for (const bad of ["", "VT 100", "X\xffY", "A\r\nB", "x".repeat(41)])
      expect(() => new TerminalTypeHandler(bad)).toThrow(ValueError);
  });
});

describe("WindowSizeHandler (RFC 1073)", () => {
  it("sends the size when enabled and on resize, with 255 doubled", async () => {
    const naws = new WindowSizeHandler(80, 24);
    const { negotiator, take } = setup(naws);
    await naws.resize(100, 50); // not enabled yet: nothing sent
    expect(take()).toEqual([]);
    negotiator.receive(DO, 31);
    expect(take()).toEqual([IAC, WILL, 31, ...sb(31, 0, 100, 0, 50)]);
    await naws.resize(255, 0x1ff);
    expect(take()).toEqual(sb(31, 0, 255, 255, 1, 255, 255));
    negotiator.receive(DONT, 31);
    expect(take()).toEqual([IAC, WONT, 31]);
    await naws.resize(1, 1);
    expect(take()).toEqual([]);
    expect([naws.width, naws.height]).toEqual([1, 1]);
  });

  it("refuses sizes out of 0-65535", () => {
    expect(() => new WindowSizeHandler(-1, 24)).toThrow(ValueError);
    expect(() => new WindowSizeHandler(80, 65536)).toThrow(ValueError);
  });
});

describe("NewEnvironHandler (RFC 1572)", () => {
  const env = { USER: "alice", DISPLAY: ":0", LANG: "C.UTF-8" };

  it("answers a bare SEND with every variable, VARs first, then USERVARs", () => {
    const { negotiator, take } = setup(new NewEnvironHandler(env));
    negotiator.receive(DO, 39);
    take();
    negotiator.subnegotiation(Buffer.from([39, 1]));
    const content = Buffer.concat([
      Buffer.from([0, 0]),
      Buffer.from("USER"),
      Buffer.from([1]),
      Buffer.from("alice"),
      Buffer.from([0]),
      Buffer.from("DISPLAY"),
      Buffer.from([1]),
      Buffer.from(":0"),
      Buffer.from([3]),
      Buffer.from("LANG"),
      Buffer.from([1]),
      Buffer.from("C.UTF-8"),
    ]);
    expect(take()).toEqual(sb(39, ...content));
  });

  it("answers named variables, an unknown one without a VALUE", () => {
    const { negotiator, take } = setup(new NewEnvironHandler(env));
    negotiator.receive(DO, 39);
    take();
    negotiator.subnegotiation(Buffer.from([39, 1, 0, ...Buffer.from("USER"), 3, ...Buffer.from("NOPE"), 3]));
    expect(Buffer.from(take()).toString("latin1")).toBe(
      "\xff\xfa\x27\x00\x00USER\x01alice\x03NOPE\x03LANG\x01C.UTF-8\xff\xf0",
    );
  });

  it("escapes VAR, VALUE, ESC, USERVAR and doubles IAC in names and values (no injection)", () => {
    const hostile = "a\x00b\x01c\x02d\x03e\xffIAC\xff\xf0";
    const { negotiator, take } = setup(new NewEnvironHandler({ USER: hostile }));
    negotiator.receive(DO, 39);
    take();
    negotiator.subnegotiation(Buffer.from([39, 1]));
    const wire = Buffer.from(take());
    // The server's parser sees exactly one subnegotiation, ending where ours ends.
    const events = new IACParser().feed(wire);
    expect(events.map((e) => e.type)).toEqual(["sb", "se"]);
    const content = (events[1] as { data: Buffer }).data;
    expect(content.subarray(0, 3)).toEqual(Buffer.from([39, 0, 0]));
    const value = content.subarray(content.indexOf(1, 3) + 1);
    const unescaped: number[] = [];
    for (let i = 0; i < value.length; i++) unescaped.push(value[i] === 2 ? value[++i]! : value[i]!);
    expect(Buffer.from(unescaped).toString("utf8")).toBe(hostile);
  });

  it("sends INFO when a variable changes while the option is on", async () => {
    const handler = new NewEnvironHandler({});
    const { negotiator, take } = setup(handler);
    await handler.set("DISPLAY", "host:1");
    expect(take()).toEqual([]);
    negotiator.receive(DO, 39);
    take();
    await handler.set("DISPLAY", "host:2");
    expect(Buffer.from(take()).toString("latin1")).toBe("\xff\xfa\x27\x02\x00DISPLAY\x01host:2\xff\xf0");
    await handler.set("DISPLAY", null);
    expect(Buffer.from(take()).toString("latin1")).toBe("\xff\xfa\x27\x02\x00DISPLAY\xff\xf0");
    expect(handler.env).toEqual({});
  });

  it("parseSend reads names with ESC, and bare VAR/USERVAR as 'all'", () => {
    expect(parseSend(Buffer.from([0, 65, 2, 0, 66, 3, 0]))).toEqual([
      [0, "A\x00B"],
      [3, null],
      [0, null],
    ]);
    expect(encodeList(0, [[3, "K", null]])).toEqual(Buffer.from([0, 3, 75]));
  });
});
