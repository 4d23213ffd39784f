// CPython's Lib/test/test_telnetlib.py, test by test, against a scripted server on loopback
// instead of SocketStub.
import { getdefaulttimeout, setdefaulttimeout } from "@inetlib/socket";
import { TelnetServer } from "@inetlib/testing";
import { afterEach, describe, expect, it } from "vitest";
import * as tl from "../src/index.js";
import { EOFError, Telnet } from "../src/index.js";
import { bytes, gate, type Scripted, scripted, sendsThenCloses } from "./helpers.js";

let open: Scripted[] = [];
async function setup(...args: Parameters<typeof scripted>): Promise<Scripted> {
  const s = await scripted(...args);
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
  setdefaulttimeout(null);
});

describe("GeneralTests", () => {
  let server: TelnetServer;
  const listen = async () => {
    server = await TelnetServer.open({ script: async (conn) => void (await conn.close()) });
    return server.port;
  };
  afterEach(async () => server?.close());

  it("testBasic: connects", async () => {
    const tn = await Telnet.open("127.0.0.1", await listen());
    expect(tn.sock).not.toBeNull();
    await tn.sock!.close();
  });

  it("testContextManager: get_socket() is null after the block", async () => {
    const port = await listen();
    let outer: Telnet;
    {
      await using tn = await Telnet.open("127.0.0.1", port);
      outer = tn;
      expect(tn.get_socket()).not.toBeNull();
    }
    expect(outer.get_socket()).toBeNull();
  });

  it("testTimeoutDefault: the default timeout applies", async () => {
    const port = await listen();
    expect(getdefaulttimeout()).toBeNull();
    setdefaulttimeout(30);
    let tn: Telnet;
    try {
      tn = await Telnet.open("127.0.0.1", port);
    } finally {
      setdefaulttimeout(null);
    }
    expect(tn.sock!.gettimeout()).toBe(30);
    await tn.close();
  });

  it("testTimeoutNone: null overrides the default", async () => {
    const port = await listen();
    setdefaulttimeout(30);
    let tn: Telnet;
    try {
      tn = await Telnet.open("127.0.0.1", port, { timeout: null });
    } finally {
      setdefaulttimeout(null);
    }
    expect(tn.sock!.gettimeout()).toBeNull();
    await tn.close();
  });

  it("testTimeoutValue and testTimeoutOpen", async () => {
    const port = await listen();
    const a = await Telnet.open("127.0.0.1", port, { timeout: 30 });
    expect(a.sock!.gettimeout()).toBe(30);
    await a.close();
    const b = new Telnet();
    expect(b.sock).toBeNull();
    await b.open("127.0.0.1", port, 30);
    expect(b.sock!.gettimeout()).toBe(30);
    expect(b.host).toBe("127.0.0.1");
    expect(b.port).toBe(port);
    await b.close();
  });

  it("takes the default timeout as it is when open() connects, as _GLOBAL_DEFAULT_TIMEOUT does", async () => {
    const port = await listen();
    const tn = new Telnet();
    setdefaulttimeout(12);
    try {
      await tn.open("127.0.0.1", port);
    } finally {
      setdefaulttimeout(null);
    }
    expect(tn.timeout).toBe(12);
    expect(tn.sock!.gettimeout()).toBe(12);
    await tn.close();
  });

  it("testGetters", async () => {
    const tn = await Telnet.open("127.0.0.1", await listen(), { timeout: 30 });
    const sock = tn.sock!;
    expect(tn.get_socket()).toBe(sock);
    expect(tn.fileno()).toBe(sock.fileno());
    await tn.close();
    expect(() => tn.fileno()).toThrow(/Bad file descriptor/);
  });
});

describe("ReadTests", () => {
  it("test_read_until", async () => {
    let s = await setup(sendsThenCloses(["xxxmatchyyy"]));
    expect((await s.tn.read_until(bytes("match"))).toString()).toBe("xxxmatch");
    expect((await s.tn.read_all()).toString()).toBe("yyy");

    s = await setup(sendsThenCloses(["x".repeat(50), "match", "y".repeat(50)]));
    expect((await s.tn.read_until(bytes("match"))).toString()).toBe(`${"x".repeat(50)}match`);
  });

  it("test_read_all", async () => {
    const reads = ["x".repeat(500), "y".repeat(500), "z".repeat(500)];
    const s = await setup(sendsThenCloses(reads));
    expect((await s.tn.read_all()).toString()).toBe(reads.join(""));
  });

  it("test_read_some: at least one byte, then b'' at EOF", async () => {
    let s = await setup(sendsThenCloses(["x".repeat(500)]));
    expect((await s.tn.read_some()).length).toBeGreaterThanOrEqual(1);
    s = await setup(sendsThenCloses([]));
    expect((await s.tn.read_some()).length).toBe(0);
  });

  it.each(["read_eager", "read_very_eager"] as const)("test_read_eager: %s", async (name) => {
    const want = "x".repeat(100);
    const go = gate();
    const s = await setup(async (conn) => {
      await go.promise;
      await sendsThenCloses([want])(conn);
    });
    // Nothing sent yet ("sock.block = True"): no data, no wait.
    expect((await s.tn[name]()).length).toBe(0);
    go.open();
    let data = "";
    for (;;) {
      try {
        data += (await s.tn[name]()).toString();
      } catch (err) {
        expect(err).toBeInstanceOf(EOFError);
        break;
      }
    }
    expect(data).toBe(want);
  });

  it("read_very_lazy", async () => {
    const want = "x".repeat(100);
    const s = await setup(sendsThenCloses([want]));
    expect(s.tn.read_very_lazy().length).toBe(0);
    while (!s.tn.eof) await s.tn.fill_rawq();
    // Still raw: read_very_lazy does not process.
    expect(s.tn.read_very_lazy().length).toBe(0);
    s.tn.process_rawq();
    expect(s.tn.read_very_lazy().toString()).toBe(want);
    expect(() => s.tn.read_very_lazy()).toThrow(EOFError);
  });

  it("test_read_lazy", async () => {
    const want = "x".repeat(100);
    const s = await setup(sendsThenCloses([want]));
    expect(s.tn.read_lazy().length).toBe(0);
    let data = "";
    for (;;) {
      try {
        const read = s.tn.read_lazy();
        data += read.toString();
        if (read.length === 0) await s.tn.fill_rawq();
      } catch (err) {
        expect(err).toBeInstanceOf(EOFError);
        break;
      }
      expect(want.startsWith(data)).toBe(true);
    }
    expect(data).toBe(want);
  });
});

describe("WriteTests", () => {
  it("test_write: doubles every IAC", async () => {
    const IAC = "\xff";
    const samples = [
      "data sample without IAC",
      `data sample with${IAC} one IAC`,
      `a few${IAC}${IAC} iacs${IAC}`,
      IAC,
      "",
    ];
    const s = await setup();
    for (const sample of samples) await s.tn.write(Buffer.from(sample, "latin1"));
    const expected = samples.map((x) => x.replaceAll(IAC, IAC + IAC)).join("");
    await s.conn.waitFor(Buffer.from(expected.slice(-10), "latin1"));
    expect(s.conn.transcript.toString("latin1")).toBe(expected);
  });

  it("refuses a str, as Python's write does", async () => {
    const s = await setup();
    await expect(s.tn.write("text" as unknown as Buffer)).rejects.toThrow(TypeError);
  });
});

// nego_collector: records cmd + opt for each callback, and the SB data at SE.
function collector(tn: Telnet, withSB = false) {
  const c = { seen: [] as number[], sbSeen: [] as number[] };
  tn.set_option_negotiation_callback((_sock, cmd, opt) => {
    c.seen.push(cmd[0]!, opt[0]!);
    if (withSB && cmd.equals(tl.SE)) c.sbSeen.push(...tn.read_sb_data());
  });
  return c;
}

describe("OptionTests", () => {
  const cmds = [tl.AO, tl.AYT, tl.BRK, tl.EC, tl.EL, tl.GA, tl.IP, tl.NOP];

  async function testCommand(reads: Buffer[]) {
    const s = await setup(sendsThenCloses(reads));
    const nego = collector(s.tn);
    const txt = await s.tn.read_all();
    expect(nego.seen.length).toBeGreaterThan(0);
    expect(cmds.some((c) => c[0] === nego.seen[0])).toBe(true);
    expect(nego.seen[1]).toBe(tl.NOOPT[0]);
    expect(Buffer.concat(reads).length).toBe(txt.length + nego.seen.length);
  }

  it("test_IAC_commands", async () => {
    for (const cmd of cmds) {
      await testCommand([tl.IAC, cmd]);
      await testCommand([Buffer.from("x".repeat(100)), tl.IAC, cmd, Buffer.from("y".repeat(100))]);
      await testCommand([Buffer.from("x".repeat(10)), tl.IAC, cmd, Buffer.from("y".repeat(10))]);
    }
    await testCommand(cmds.map((cmd) => Buffer.concat([tl.IAC, cmd])));
  });

  it("test_SB_commands", async () => {
    const { IAC, SB, SE } = tl;
    const send = [
      Buffer.concat([IAC, SB, IAC, SE]),
      Buffer.concat([IAC, SB, IAC, IAC, IAC, SE]),
      Buffer.concat([IAC, SB, IAC, IAC, bytes("aa"), IAC, SE]),
      Buffer.concat([IAC, SB, bytes("bb"), IAC, IAC, IAC, SE]),
      Buffer.concat([IAC, SB, bytes("cc"), IAC, IAC, bytes("dd"), IAC, SE]),
    ];
    const s = await setup(sendsThenCloses(send));
    const nego = collector(s.tn, true);
    expect((await s.tn.read_all()).length).toBe(0);
    expect(Buffer.from(nego.sbSeen)).toEqual(
      Buffer.concat([IAC, IAC, bytes("aabb"), IAC, bytes("cc"), IAC, bytes("dd")]),
    );
    expect(s.tn.read_sb_data().length).toBe(0);
  });

  it("test_debuglevel_reads", async () => {
    const cases: [Buffer, string][] = [
      [bytes("a"), ": recv b''\n"],
      [Buffer.concat([tl.IAC, Buffer.from([88])]), ": IAC 88 not recognized\n"],
      [Buffer.concat([tl.IAC, tl.DO, Buffer.from([1])]), ": IAC DO 1\n"],
      [Buffer.concat([tl.IAC, tl.DONT, Buffer.from([1])]), ": IAC DONT 1\n"],
      [Buffer.concat([tl.IAC, tl.WILL, Buffer.from([1])]), ": IAC WILL 1\n"],
      [Buffer.concat([tl.IAC, tl.WONT, Buffer.from([1])]), ": IAC WONT 1\n"],
    ];
    for (const [a, b] of cases) {
      const s = await setup(sendsThenCloses([a]));
      s.tn.set_debuglevel(1);
      await s.tn.read_all();
      expect(s.lines.join("")).toContain(b);
    }
  });

  it("test_debuglevel_write", async () => {
    const s = await setup();
    s.tn.set_debuglevel(1);
    await s.tn.write(bytes("xxx"));
    expect(s.lines).toEqual([`Telnet(127.0.0.1,${s.server.port}): send b'xxx'\n`]);
  });

  it("test_debug_accepts_str_port: msg() prints host and port, and nothing at level 0", async () => {
    const s = await setup();
    s.tn.msg("test");
    expect(s.lines).toEqual([]);
    s.tn.set_debuglevel(1);
    s.tn.msg("test");
    s.tn.msg("%s=%d", "n", 5);
    expect(s.lines).toEqual([
      `Telnet(127.0.0.1,${s.server.port}): test\n`,
      `Telnet(127.0.0.1,${s.server.port}): n=5\n`,
    ]);
  });
});

describe("ExpectTests", () => {
  it("test_expect", async () => {
    const want = ["x".repeat(10), "match", "y".repeat(10)];
    const s = await setup(sendsThenCloses(want));
    const [i, m, data] = await s.tn.expect([bytes("match")]);
    expect(i).toBe(0);
    expect(m?.[0]).toBe("match");
    expect(data.toString()).toBe(want.slice(0, -1).join(""));
  });
});
