// Option negotiation on the wire: the exact bytes the client answers with, telnetlib's way
// (refuse everything), a callback's way, and the handlers' way (RFC 1143), however the server's
// bytes are cut.

import type { TelnetConnection } from "@inetlib/testing";
import { afterEach, describe, expect, it } from "vitest";
import * as tl from "../src/index.js";
import {
  BinaryHandler,
  EchoHandler,
  NewEnvironHandler,
  SuppressGoAheadHandler,
  TerminalTypeHandler,
  WindowSizeHandler,
} from "../src/index.js";
import { bytes, type Scripted, scripted } from "./helpers.js";

const IAC = 255;
const [DONT, DO, WONT, WILL, SB, SE] = [254, 253, 252, 251, 250, 240] as const;

let open: Scripted[] = [];
async function setup(...args: Parameters<typeof scripted>): Promise<Scripted> {
  const s = await scripted(...args);
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

// What inetutils telnetd sends first, then after the client's first answers (captured from it).
const TELNETD_OPENING = bytes(
  IAC,
  WILL,
  37,
  IAC,
  WILL,
  38,
  IAC,
  DO,
  24,
  IAC,
  DO,
  32,
  IAC,
  DO,
  35,
  IAC,
  DO,
  39,
  IAC,
  DO,
  36,
);
const TELNETD_SECOND = bytes(IAC, WILL, 3, IAC, DO, 1, IAC, DO, 34, IAC, DO, 31, IAC, WILL, 5, IAC, DO, 33);
const TELNETD_THIRD = bytes(IAC, WILL, 1, IAC, DO, 6, IAC, DO, 0);
const TELNETD_REPEAT = bytes(IAC, WILL, 3, IAC, WILL, 1);
const TTYPE_SEND = bytes(IAC, SB, 24, 1, IAC, SE);
const ENVIRON_SEND = bytes(IAC, SB, 39, 1, IAC, SE);

// Sends `data` cut into pieces of `piece` bytes (0: whole), each flushed before the next.
async function sendCut(conn: TelnetConnection, data: Buffer, piece: number): Promise<void> {
  if (piece === 0) return conn.send(data);
  for (let i = 0; i < data.length; i += piece) {
    await conn.send(data.subarray(i, i + piece));
    await new Promise((r) => setImmediate(r));
  }
}

function telnetdScript(piece: number) {
  return async (conn: TelnetConnection) => {
    await sendCut(
      conn,
      Buffer.concat([TELNETD_OPENING, ENVIRON_SEND, TTYPE_SEND, TELNETD_SECOND, TELNETD_THIRD]),
      piece,
    );
    await sendCut(conn, Buffer.concat([bytes("login: "), TELNETD_REPEAT, bytes("$ ")]), piece);
  };
}

describe("telnetlib's default: refuse everything", () => {
  it.each([0, 1, 2, 3])(
    "answers every DO/DONT with WONT and WILL/WONT with DONT (pieces of %i)",
    async (piece) => {
      const stream = bytes(IAC, DO, 1, IAC, DONT, 2, IAC, WILL, 3, IAC, WONT, 4, "ok");
      const s = await setup(async (conn) => sendCut(conn, stream, piece));
      expect((await s.tn.read_until(bytes("ok"))).toString()).toBe("ok");
      const want = bytes(IAC, WONT, 1, IAC, WONT, 2, IAC, DONT, 3, IAC, DONT, 4);
      await s.conn.waitFor(want);
      expect(s.conn.transcript).toEqual(want);
    },
  );

  it("refuses telnetd's whole opening, byte for byte", async () => {
    const s = await setup(telnetdScript(0));
    await s.tn.read_until(bytes("$ "));
    const refusals = [TELNETD_OPENING, TELNETD_SECOND, TELNETD_THIRD, TELNETD_REPEAT].flatMap((burst) =>
      [...Array(burst.length / 3).keys()].flatMap((k) => {
        const verb = burst[k * 3 + 1]!;
        return [IAC, verb === DO || verb === DONT ? WONT : DONT, burst[k * 3 + 2]!];
      }),
    );
    await s.conn.waitFor(Buffer.from(refusals.slice(-6)));
    expect([...s.conn.transcript]).toEqual(refusals);
  });
});

describe("the handlers' way (RFC 1143)", () => {
  const handlers = () => [
    new EchoHandler(),
    new SuppressGoAheadHandler(),
    new TerminalTypeHandler("XTERM"),
    new WindowSizeHandler(132, 43),
    new NewEnvironHandler({ USER: "inetlib" }),
  ];
  const expected = bytes(
    // the opening
    IAC,
    DONT,
    37,
    IAC,
    DONT,
    38,
    IAC,
    WILL,
    24,
    IAC,
    WONT,
    32,
    IAC,
    WONT,
    35,
    IAC,
    WILL,
    39,
    IAC,
    WONT,
    36,
    // NEW-ENVIRON IS VAR "USER" VALUE "inetlib", TTYPE IS "XTERM"
    IAC,
    SB,
    39,
    0,
    0,
    "USER",
    1,
    "inetlib",
    IAC,
    SE,
    IAC,
    SB,
    24,
    0,
    "XTERM",
    IAC,
    SE,
    // the second burst; NAWS is sent as soon as it is on
    IAC,
    DO,
    3,
    IAC,
    WONT,
    1,
    IAC,
    WONT,
    34,
    IAC,
    WILL,
    31,
    IAC,
    SB,
    31,
    0,
    132,
    0,
    43,
    IAC,
    SE,
    IAC,
    DONT,
    5,
    IAC,
    WONT,
    33,
    // the third; the repeat of WILL SGA and WILL ECHO is not answered
    IAC,
    DO,
    1,
    IAC,
    WONT,
    6,
    IAC,
    WONT,
    0,
  );

  it.each([0, 1, 2, 5])("answers telnetd's negotiation byte for byte (pieces of %i)", async (piece) => {
    const s = await setup(telnetdScript(piece), { handlers: handlers() });
    await s.tn.read_until(bytes("login: "));
    await s.tn.read_until(bytes("$ "));
    await s.conn.waitFor(expected.subarray(-9));
    expect(s.conn.transcript.toString("latin1")).toBe(expected.toString("latin1"));
    expect(s.tn.remote_enabled(tl.ECHO)).toBe(true);
    expect(s.tn.remote_enabled(tl.SGA)).toBe(true);
    expect(s.tn.local_enabled(tl.NAWS)).toBe(true);
    expect(s.tn.local_enabled(tl.ECHO)).toBe(false);
  });

  it("sends the new size when the window is resized", async () => {
    const naws = new WindowSizeHandler(80, 24);
    const s = await setup(async (conn) => conn.send(bytes(IAC, DO, 31, "go")), { handlers: [naws] });
    await s.tn.read_until(bytes("go"));
    await naws.resize(100, 30);
    const want = bytes(
      IAC,
      WILL,
      31,
      IAC,
      SB,
      31,
      0,
      80,
      0,
      24,
      IAC,
      SE,
      IAC,
      SB,
      31,
      0,
      100,
      0,
      30,
      IAC,
      SE,
    );
    await s.conn.waitFor(want);
    expect(s.conn.transcript).toEqual(want);
  });

  it("asks for options with request_option and takes the answer quietly", async () => {
    const s = await setup(async (conn) => {
      await conn.waitFor(bytes(IAC, DO, 3));
      await conn.send(bytes(IAC, WILL, 3, "ok"));
    });
    await s.tn.request_option("remote", tl.SGA);
    expect((await s.tn.read_until(bytes("ok"))).toString()).toBe("ok");
    expect(s.tn.remote_enabled(tl.SGA)).toBe(true);
    await s.tn.request_option("remote", tl.SGA, false);
    await s.conn.waitFor(bytes(IAC, DONT, 3));
    expect([...s.conn.transcript]).toEqual([IAC, DO, 3, IAC, DONT, 3]);
    expect(s.tn.remote_enabled(tl.SGA)).toBe(false);
  });

  it("sends a handler's opening requests at once when added to an open connection", async () => {
    const s = await setup();
    s.tn.add_option_handler(new SuppressGoAheadHandler({ request: { local: true, remote: true } }));
    await s.conn.waitFor(bytes(IAC, WILL, 3, IAC, DO, 3));
    expect([...s.conn.transcript]).toEqual([IAC, WILL, 3, IAC, DO, 3]);
  });

  it("keeps NUL and DC1 only while the server sends BINARY", async () => {
    const s = await setup(
      async (conn) => {
        await conn.send(bytes("a\x00b\x11c|"));
        await conn.send(bytes(IAC, WILL, 0, "a\x00b\x11c|"));
        await conn.send(bytes(IAC, WONT, 0, "a\x00b\x11c|"));
      },
      { handlers: [new BinaryHandler()] },
    );
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await s.tn.read_until(bytes("|"))).toString("latin1"));
    expect(got).toEqual(["abc|", "a\x00b\x11c|", "abc|"]);
    await s.conn.waitFor(bytes(IAC, DONT, 0));
    expect([...s.conn.transcript]).toEqual([IAC, DO, 0, IAC, DONT, 0]);
  });

  it("drops an overlong subnegotiation and goes on", async () => {
    const s = await setup(
      async (conn) => conn.send(bytes(IAC, SB, 24, 1, "x".repeat(100), IAC, SE, "after")),
      {
        handlers: [new TerminalTypeHandler()],
        maxSubnegotiation: 64,
      },
    );
    s.tn.set_debuglevel(1);
    expect((await s.tn.read_until(bytes("after"))).toString()).toBe("after");
    expect(s.lines.join("")).toContain("subnegotiation over 64 bytes dropped");
    expect(s.conn.transcript.length).toBe(0);
  });

  it("traces the negotiation at debug level 2", async () => {
    const s = await setup(async (conn) => conn.send(bytes(IAC, DO, 24, "ok")), {
      handlers: [new TerminalTypeHandler()],
    });
    s.tn.set_debuglevel(2);
    await s.tn.read_until(bytes("ok"));
    const text = s.lines.join("");
    expect(text).toContain(": IAC DO 24\n");
    expect(text).toContain(": send IAC WILL 24\n");
    expect(text).toContain(": option 24 enabled (local)\n");
  });
});

describe("the callback's way", () => {
  it("hands every command to the callback, which answers as it likes; handlers stand aside", async () => {
    const s = await setup(async (conn) => conn.send(bytes(IAC, DO, 24, IAC, WILL, 1, IAC, NOP_, "ok")), {
      handlers: [new TerminalTypeHandler()],
    });
    const seen: number[][] = [];
    s.tn.set_option_negotiation_callback(async (sock, cmd, opt) => {
      seen.push([cmd[0]!, opt[0]!]);
      if (cmd.equals(tl.DO)) await sock.sendall(Buffer.concat([tl.IAC, tl.WILL, opt]));
    });
    await s.tn.read_until(bytes("ok"));
    expect(seen).toEqual([
      [DO, 24],
      [WILL, 1],
      [241, 0],
    ]);
    await s.conn.waitFor(bytes(IAC, WILL, 24));
    expect([...s.conn.transcript]).toEqual([IAC, WILL, 24]);
  });

  it("raises a callback's failure from the read that processed the command", async () => {
    const s = await setup(async (conn) => conn.send(bytes(IAC, DO, 24, "ok")));
    s.tn.set_option_negotiation_callback(async () => {
      throw new Error("callback failed");
    });
    await expect(s.tn.read_until(bytes("ok"))).rejects.toThrow("callback failed");
    expect(s.tn.read_very_lazy().toString()).toBe("ok");
  });
});

describe("no command injection through data", () => {
  it("data bytes that look like IAC DO ECHO reach the server as data", async () => {
    const s = await setup();
    await s.tn.write(bytes(IAC, DO, 1, IAC, SB, 24, 0, "x", IAC, SE, "\r\n"));
    const line = await s.conn.readLine(false);
    expect(Buffer.from(line!, "utf8")).toEqual(
      Buffer.from(bytes(IAC, DO, 1, IAC, SB, 24, 0, "x", IAC, SE).toString("utf8"), "utf8"),
    );
    expect(s.conn.negotiation).toEqual([]);
  });
});

const NOP_ = 241;
