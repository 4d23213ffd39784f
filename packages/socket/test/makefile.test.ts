import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import {
  AF_INET,
  LookupError,
  OSError,
  SocketIO,
  type socket,
  socketpair,
  TimeoutError,
  UnicodeDecodeError,
  UnsupportedOperation,
  ValueError,
} from "../src/index.js";

const open: socket[] = [];
async function pair(): Promise<[socket, socket]> {
  const p = await socketpair(AF_INET);
  open.push(...p);
  return p;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Sends each piece separately, pausing between them so the reader sees them as separate chunks. */
async function sendPieces(s: socket, pieces: Array<string | Buffer>, close = true): Promise<void> {
  for (const p of pieces) {
    await s.sendall(typeof p === "string" ? Buffer.from(p, "utf8") : p);
    await sleep(5);
  }
  if (close) await s.shutdown(1);
}

describe("makefile binary reading", () => {
  it("readline joins lines split across receives and returns the tail at EOF", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rb");
    expect(f).toBeInstanceOf(SocketIO);
    expect(f.mode).toBe("rb");
    const sending = sendPieces(b, ["hel", "lo\nwor", "ld\n\nla", "st"]);
    expect(await f.readline()).toEqual(Buffer.from("hello\n"));
    expect(await f.readline()).toEqual(Buffer.from("world\n"));
    expect(await f.readline()).toEqual(Buffer.from("\n"));
    expect(await f.readline()).toEqual(Buffer.from("last"));
    expect(await f.readline()).toEqual(Buffer.alloc(0));
    await sending;
    await f.close();
  });

  it("readline(limit) stops at limit bytes", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rb");
    const sending = sendPieces(b, ["abcdef", "gh\nij\n"]);
    expect(await f.readline(4)).toEqual(Buffer.from("abcd"));
    expect(await f.readline(10)).toEqual(Buffer.from("efgh\n"));
    expect(await f.readline(0)).toEqual(Buffer.alloc(0));
    expect(await f.readline(3)).toEqual(Buffer.from("ij\n"));
    await sending;
  });

  it("read(n) waits for n bytes across receives; read() reads to EOF", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rb");
    const sending = sendPieces(b, ["ab", "cd", "efgh", "ij"]);
    expect(await f.read(5)).toEqual(Buffer.from("abcde"));
    expect(await f.read()).toEqual(Buffer.from("fghij"));
    expect(await f.read(3)).toEqual(Buffer.alloc(0));
    expect(await f.read()).toEqual(Buffer.alloc(0));
    await sending;
  });

  it("read(n) returns short only at EOF", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rb");
    await sendPieces(b, ["xyz"]);
    expect(await f.read(10)).toEqual(Buffer.from("xyz"));
  });

  it("read1 returns what is there; peek does not consume; readinto fills", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rb");
    await b.sendall(Buffer.from("0123456789"));
    const peeked = await f.peek(1);
    expect(peeked.length).toBeGreaterThanOrEqual(1);
    expect(peeked[0]).toBe(0x30);
    const first = await f.read1(4);
    expect(first).toEqual(Buffer.from("0123"));
    const buf = Buffer.alloc(6);
    expect(await f.readinto(buf)).toBe(6);
    expect(buf).toEqual(Buffer.from("456789"));
    expect(await f.read1(0)).toEqual(Buffer.alloc(0));
  });

  it("iterates lines with for await and readlines(hint)", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rb");
    const sending = sendPieces(b, ["one\ntw", "o\nthree\n", "four"]);
    const lines: string[] = [];
    for await (const line of f) lines.push(line.toString());
    expect(lines).toEqual(["one\n", "two\n", "three\n", "four"]);
    await sending;

    const [c, d] = await pair();
    const g = c.makefile("rb");
    await sendPieces(d, ["a\nbb\nccc\ndddd\n"]);
    expect((await g.readlines(4)).map(String)).toEqual(["a\n", "bb\n"]);
    expect((await g.readlines()).map(String)).toEqual(["ccc\n", "dddd\n"]);
  });

  it("unbuffered read(n) is one receive", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rb", { buffering: 0 });
    await b.sendall(Buffer.from("abc"));
    expect(await f.read(100)).toEqual(Buffer.from("abc"));
  });

  it("reads a large body intact", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rb");
    const body = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 9)) & 0xff;
    const sending = b.sendall(body).then(() => b.shutdown(1));
    const got = await f.read();
    await sending;
    expect(got.length).toBe(body.length);
    expect(got.equals(body)).toBe(true);
  });
});

describe("makefile writing", () => {
  it("buffers writes until flush", async () => {
    const [a, b] = await pair();
    const w = a.makefile("wb");
    expect(w.mode).toBe("wb");
    expect(await w.write(Buffer.from("abc"))).toBe(3);
    expect(await w.write(Buffer.from("def\n"))).toBe(4);
    b.settimeout(0);
    await expect(b.recv(10)).rejects.toMatchObject({ name: "BlockingIOError" });
    await w.flush();
    b.settimeout(null);
    const r = b.makefile("rb");
    expect(await r.readline()).toEqual(Buffer.from("abcdef\n"));
  });

  it("sends on its own once the buffer fills, and copies what it is given", async () => {
    const [a, b] = await pair();
    const w = a.makefile("wb", { buffering: 16 });
    const scratch = Buffer.from("0123456789");
    await w.write(scratch);
    scratch.fill(0x78);
    await w.write(Buffer.from("abcdefghij"));
    expect(await b.recv(100)).toEqual(Buffer.from("0123456789abcdefghij"));
    await w.writelines([Buffer.from("x"), Buffer.from("y")]);
    await w.close();
    expect(w.closed).toBe(true);
    expect(await b.recv(100)).toEqual(Buffer.from("xy"));
  });

  it("rwb reads and writes on one object", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rwb");
    expect(f.mode).toBe("rwb");
    expect(f.readable() && f.writable()).toBe(true);
    await f.write(Buffer.from("ping\n"));
    await f.flush();
    const peer = b.makefile("rwb");
    expect(await peer.readline()).toEqual(Buffer.from("ping\n"));
    await peer.write(Buffer.from("pong\n"));
    await peer.flush();
    expect(await f.readline()).toEqual(Buffer.from("pong\n"));
  });
});

describe("makefile text modes", () => {
  it("decodes UTF-8 split across receives and counts characters", async () => {
    const [a, b] = await pair();
    const f = a.makefile("r");
    expect(f.mode).toBe("r");
    expect(f.encoding).toBe("utf-8");
    const e = Buffer.from("é€😀x\n", "utf8");
    const sending = sendPieces(b, [e.subarray(0, 1), e.subarray(1, 4), e.subarray(4, 7), e.subarray(7)]);
    expect(await f.read(2)).toBe("é€");
    expect(await f.read(1)).toBe("😀");
    expect(await f.readline()).toBe("x\n");
    expect(await f.read()).toBe("");
    await sending;
  });

  it.each([
    [null, ["a\n", "b\n", "c\n", "d"]],
    ["", ["a\r\n", "b\r", "c\n", "d"]],
    ["\n", ["a\r\n", "b\rc\n", "d"]],
    ["\r", ["a\r", "\nb\r", "c\nd"]],
    ["\r\n", ["a\r\n", "b\rc\nd"]],
  ] as const)("newline=%j splits lines as TextIOWrapper does", async (newline, want) => {
    const [a, b] = await pair();
    const f = a.makefile("r", { newline });
    const sending = sendPieces(b, ["a\r", "\nb\r", "c\n", "d"]);
    const lines: string[] = [];
    for await (const line of f) lines.push(line);
    expect(lines).toEqual(want);
    await sending;
  });

  it("readline(limit) counts characters", async () => {
    const [a, b] = await pair();
    const f = a.makefile("r");
    await sendPieces(b, ["ééé\nz"]);
    expect(await f.readline(2)).toBe("éé");
    expect(await f.readline(5)).toBe("é\n");
    expect(await f.readlines()).toEqual(["z"]);
  });

  it("writes text with the stream's newline and encoding", async () => {
    const [a, b] = await pair();
    const w = a.makefile("w", { newline: "\r\n", encoding: "latin-1" });
    expect(await w.write("café\nok\n")).toBe(8);
    await w.close();
    expect(await b.recv(100)).toEqual(Buffer.from("caf\xe9\r\nok\r\n", "latin1"));
  });

  it("rejects what the encoding cannot carry", async () => {
    const [a, b] = await pair();
    const w = a.makefile("w", { encoding: "ascii" });
    await expect(w.write("é")).rejects.toMatchObject({ name: "UnicodeEncodeError" });
    const r = a.makefile("r");
    await sendPieces(b, [Buffer.from([0xff, 0x0a])]);
    await expect(r.readline()).rejects.toBeInstanceOf(UnicodeDecodeError);
    const [c, d] = await pair();
    const lenient = c.makefile("r", { errors: "replace" });
    await sendPieces(d, [Buffer.from([0x61, 0xff, 0x0a])]);
    expect(await lenient.readline()).toBe("a\uFFFD\n");
  });
});

describe("makefile and the socket's life", () => {
  it("keeps the connection open after socket.close() until the file closes", async () => {
    const [a, b] = await pair();
    const f = a.makefile("rb");
    await a.close();
    expect(a._closed).toBe(true);
    expect(a.fileno()).toBeGreaterThanOrEqual(0);
    await b.sendall(Buffer.from("still here\n"));
    expect(await f.readline()).toEqual(Buffer.from("still here\n"));
    await f.close();
    expect(a.fileno()).toBe(-1);
    expect(await b.recv(10)).toEqual(Buffer.alloc(0));
  });

  it("refuses reads after a timeout, as Python's SocketIO does", async () => {
    const [a, b] = await pair();
    a.settimeout(0.05);
    const f = a.makefile("rb");
    await b.sendall(Buffer.from("partial"));
    await expect(f.readline()).rejects.toBeInstanceOf(TimeoutError);
    await expect(f.read(1)).rejects.toThrow("cannot read from timed out object");
  });

  it("raises BlockingIOError on a non-blocking socket with nothing to read", async () => {
    const [a] = await pair();
    a.setblocking(false);
    const f = a.makefile("rb");
    await expect(f.read(1)).rejects.toMatchObject({ name: "BlockingIOError", errno: 11 });
  });

  it("checks mode, direction and closed state with Python's errors", async () => {
    const [a] = await pair();
    expect(() => a.makefile("rq" as "r")).toThrow(new ValueError("invalid mode 'rq' (only r, w, b allowed)"));
    expect(() => a.makefile("r", { buffering: 0 })).toThrow("unbuffered streams must be binary");
    expect(() => a.makefile("r", { newline: "x" as "\n" })).toThrow("illegal newline value: x");
    expect(() => a.makefile("r", { encoding: "klingon" })).toThrow(LookupError);
    const w = a.makefile("wb");
    await expect(w.read()).rejects.toBeInstanceOf(UnsupportedOperation);
    const r = a.makefile("rb");
    await expect(r.write(Buffer.from("x"))).rejects.toBeInstanceOf(OSError);
    await r.close();
    await r.close();
    await expect(r.readline()).rejects.toThrow("I/O operation on closed file.");
    await expect(r.flush()).rejects.toThrow("flush of closed file");
    await w.close();
  });
});
