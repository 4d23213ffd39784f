// What each read_* method means over Node's event loop: which ones wait, which ones take only
// what has arrived, which ones do no I/O at all; timeouts, end of stream, cancellation.
import { AbortError, MSG_PEEK, TimeoutError } from "@inetlib/socket";
import { afterEach, describe, expect, it } from "vitest";
import { EOFError, type Telnet } from "../src/index.js";
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
});

// Waits until the client's socket holds `n` bytes, without reading them.
async function arrived(tn: Telnet, n: number): Promise<void> {
  while ((await tn.sock!.recv(n, MSG_PEEK)).length < n) await new Promise((r) => setImmediate(r));
}

describe("eager and very eager", () => {
  it("read_eager stops at the first data (one 50-byte recv); read_very_eager takes all that arrived", async () => {
    const s = await setup(async (conn) => conn.send("a".repeat(1000)));
    await arrived(s.tn, 1000);
    expect((await s.tn.read_eager()).toString()).toBe("a".repeat(50));
    expect((await s.tn.read_very_eager()).toString()).toBe("a".repeat(950));
    expect((await s.tn.read_very_eager()).length).toBe(0);
  });

  it("read_eager reads on past telnet commands until there is data", async () => {
    // 120 bytes of IAC NOP, then data: the third 50-byte recv brings the first 30 data bytes.
    const nops = Buffer.concat(Array.from({ length: 60 }, () => bytes(255, 241)));
    const s = await setup(async (conn) => conn.send(Buffer.concat([nops, bytes("d".repeat(100))])));
    await arrived(s.tn, 220);
    expect((await s.tn.read_eager()).toString()).toBe("d".repeat(30));
    expect(s.tn.read_very_lazy().length).toBe(0);
    expect((await s.tn.read_very_eager()).toString()).toBe("d".repeat(70));
  });

  it("neither waits for data that has not come", async () => {
    const go = gate();
    const s = await setup(async (conn) => {
      await go.promise;
      await conn.send("late");
    });
    expect((await s.tn.read_eager()).length).toBe(0);
    expect((await s.tn.read_very_eager()).length).toBe(0);
    go.open();
    expect((await s.tn.read_until(bytes("late"))).toString()).toBe("late");
  });
});

describe("lazy and very lazy: no socket I/O", () => {
  it("read_lazy processes only the raw queue; read_very_lazy only takes cooked data", async () => {
    const s = await setup(async (conn) => conn.send("abc"));
    await arrived(s.tn, 3);
    expect(s.tn.read_lazy().length).toBe(0); // on the socket, not in the raw queue
    await s.tn.fill_rawq();
    expect(s.tn.rawq.toString()).toBe("abc");
    expect(s.tn.read_very_lazy().length).toBe(0);
    expect(s.tn.read_lazy().toString()).toBe("abc");
    expect(s.tn.rawq.length).toBe(0);
  });

  it("expose Python's queues and IAC state", async () => {
    const s = await setup(async (conn) => conn.send(bytes("xy", 255, 250, 24)));
    await arrived(s.tn, 5);
    await s.tn.fill_rawq();
    s.tn.process_rawq();
    expect(s.tn.cookedq.toString()).toBe("xy");
    expect(s.tn.sb).toBe(1);
    s.tn.cookedq = bytes("replaced");
    expect(s.tn.read_very_lazy().toString()).toBe("replaced");
    s.tn.rawq = bytes(255);
    s.tn.process_rawq();
    expect([...s.tn.iacseq]).toEqual([255]);
  });
});

describe("waiting reads", () => {
  it("read_until finds a match split across arrivals", async () => {
    const s = await setup(sendsThenCloses(["lo", "gi", "n", ": ", "rest"]));
    expect((await s.tn.read_until(bytes("login: "))).toString()).toBe("login: ");
    expect((await s.tn.read_all()).toString()).toBe("rest");
  });

  it("read_until with a timeout returns what came, even past a shorter connection timeout", async () => {
    const s = await setup(async (conn) => conn.send("partial"), { timeout: 0.05 });
    expect((await s.tn.read_until(bytes("never"), 0.3)).toString()).toBe("partial");
    expect((await s.tn.read_until(bytes("never"), 0)).length).toBe(0);
  });

  it("without one, the connection's timeout bounds every wait", async () => {
    const s = await setup(async (conn) => conn.send("partial"), { timeout: 0.05 });
    await expect(s.tn.read_until(bytes("never"))).rejects.toBeInstanceOf(TimeoutError);
    await expect(s.tn.read_all()).rejects.toBeInstanceOf(TimeoutError);
    await expect(s.tn.expect([/never/])).rejects.toBeInstanceOf(TimeoutError);
    // Nothing was lost to the timeouts.
    expect(s.tn.read_very_lazy().toString()).toBe("partial");
    await expect(s.tn.read_some()).rejects.toBeInstanceOf(TimeoutError);
  });

  it("expect with a timeout returns [-1, null, text]", async () => {
    const s = await setup(async (conn) => conn.send("no prompt here"));
    const [i, m, text] = await s.tn.expect([/\$ $/, bytes("# $")], 0.1);
    expect([i, m, text.toString()]).toEqual([-1, null, "no prompt here"]);
  });

  it("expect tries the patterns in list order, each over all the data, and leaves the rest", async () => {
    const s = await setup(async (conn) => conn.send("Password: ... login: more"));
    await arrived(s.tn, 25);
    const [i, m, text] = await s.tn.expect(["login: ", /Pass\w+: /]);
    expect(i).toBe(0);
    expect(m?.index).toBe(14);
    expect(text.toString()).toBe("Password: ... login: ");
    expect(s.tn.read_very_lazy().toString()).toBe("more");
  });
});

describe("end of stream", () => {
  it("read_until returns the rest at EOF, then raises EOFError", async () => {
    const s = await setup(sendsThenCloses(["tail"]));
    expect((await s.tn.read_until(bytes("never"))).toString()).toBe("tail");
    await expect(s.tn.read_until(bytes("never"))).rejects.toBeInstanceOf(EOFError);
    await expect(s.tn.read_eager()).rejects.toThrow("telnet connection closed");
    expect((await s.tn.read_all()).length).toBe(0);
    expect((await s.tn.read_some()).length).toBe(0);
  });

  it("expect raises EOFError with nothing read, and gives what was read otherwise", async () => {
    let s = await setup(sendsThenCloses([]));
    await expect(s.tn.expect([/x/])).rejects.toBeInstanceOf(EOFError);
    s = await setup(sendsThenCloses(["abc"]));
    const [i, , text] = await s.tn.expect([/x/]);
    expect([i, text.toString()]).toEqual([-1, "abc"]);
  });

  it("rawq_getchar gives one raw byte at a time, then EOFError", async () => {
    const s = await setup(sendsThenCloses([bytes("a", 255, 241)]));
    const got: number[] = [];
    for (;;) {
      try {
        got.push(...(await s.tn.rawq_getchar()));
      } catch (err) {
        expect(err).toBeInstanceOf(EOFError);
        break;
      }
    }
    expect(got).toEqual([97, 255, 241]);
  });
});

describe("sock_avail", () => {
  it("is false before data arrives and true once it has, without consuming it", async () => {
    const go = gate();
    const s = await setup(async (conn) => {
      await go.promise;
      await conn.send("x");
    });
    expect(await s.tn.sock_avail()).toBe(false);
    go.open();
    let polls = 0;
    while (!(await s.tn.sock_avail())) expect(++polls).toBeLessThan(100_000);
    expect(await s.tn.sock_avail()).toBe(true);
    expect((await s.tn.read_very_eager()).toString()).toBe("x");
  });
});

describe("the async iterator", () => {
  it("yields the data as it comes, answers options on the way, and ends at EOF", async () => {
    const s = await setup(sendsThenCloses(["one ", bytes(255, 253, 24), "two ", bytes(255, 255), "three"]));
    const parts: Buffer[] = [];
    for await (const chunk of s.tn) parts.push(chunk);
    expect(Buffer.concat(parts).toString("latin1")).toBe("one two \xffthree");
    await s.conn.closed;
    expect([...s.conn.transcript]).toEqual([255, 252, 24]);
  });

  it("streams a large transfer", async () => {
    const size = 4 << 20;
    const s = await setup(async (conn) => {
      const block = Buffer.alloc(65536, 0x61);
      for (let sent = 0; sent < size; sent += block.length) await conn.send(block);
      await conn.close();
    });
    let total = 0;
    let largest = 0;
    for await (const chunk of s.tn) {
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
    }
    expect(total).toBe(size);
    expect(largest).toBeLessThanOrEqual(1 << 20);
  });
});

describe("cancellation and closing", () => {
  it("an AbortSignal ends a pending read with AbortError", async () => {
    const controller = new AbortController();
    const s = await setup(async () => {}, { signal: controller.signal });
    const pending = expect(s.tn.read_until(bytes("never"), 30)).rejects.toBeInstanceOf(AbortError);
    const pendingSome = expect(s.tn.read_some()).rejects.toBeInstanceOf(AbortError);
    controller.abort();
    await pendingSome;
    await pending;
    await expect(s.tn.read_some()).rejects.toBeInstanceOf(AbortError);
  });

  it("close() ends a pending read instead of leaving it hanging", async () => {
    const s = await setup();
    const pending = expect(s.tn.read_until(bytes("never"), 30)).rejects.toThrow(/Bad file descriptor/);
    await new Promise((r) => setImmediate(r));
    await s.tn.close();
    await pending;
    expect(s.tn.eof).toBe(true);
    await expect(s.tn.write(bytes("x"))).rejects.toThrow(/Bad file descriptor/);
  });
});

describe("IPv6", () => {
  it("works on ::1", async () => {
    const s = await setup(sendsThenCloses(["over v6"]), {}, { host: "::1" });
    expect(s.tn.sock!.family).toBe(10);
    expect((await s.tn.read_all()).toString()).toBe("over v6");
  });
});
