import { createHash } from "node:crypto";
import { mkdtemp, open as openFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AF_INET, SHUT_WR, SOCK_DGRAM, socket as Socket, type socket, socketpair } from "../src/index.js";

let dir = "";
let file = "";
const data = Buffer.alloc(5 * 1024 * 1024 + 123);
for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 11)) & 0xff;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inetlib-sendfile-"));
  file = path.join(dir, "payload.bin");
  await writeFile(file, data);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open: socket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function drain(s: socket): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const chunk = await s.recv(1 << 20);
    if (chunk.length === 0) return Buffer.concat(parts);
    parts.push(chunk);
  }
}

async function pair(): Promise<[socket, socket]> {
  const p = await socketpair(AF_INET);
  open.push(...p);
  return p;
}

/** sendfile(), then SHUT_WR so the reader sees EOF; resolves to what sendfile() returned. */
async function sendAndClose(s: socket, ...args: Parameters<socket["sendfile"]>): Promise<number> {
  const n = await s.sendfile(...args);
  await s.shutdown(SHUT_WR);
  return n;
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("sendfile", () => {
  it("sends a whole file given by path", async () => {
    const [a, b] = await pair();
    const [sent, got] = await Promise.all([sendAndClose(a, file), drain(b)]);
    expect(sent).toBe(data.length);
    expect(got.length).toBe(data.length);
    expect(sha(got)).toBe(sha(data));
  });

  it("honours offset and count with a FileHandle and with a descriptor", async () => {
    const [a, b] = await pair();
    const fh = await openFile(file, "r");
    try {
      const offset = 100_000;
      const count = 2 * 1024 * 1024 + 5;
      const [sent, got] = await Promise.all([sendAndClose(a, fh, offset, count), drain(b)]);
      expect(sent).toBe(count);
      expect(got.equals(data.subarray(offset, offset + count))).toBe(true);

      const [c, d] = await pair();
      const tail = data.length - 50;
      const [sent2, got2] = await Promise.all([sendAndClose(c, fh.fd, tail, 1000), drain(d)]);
      expect(sent2).toBe(50);
      expect(got2.equals(data.subarray(tail))).toBe(true);
    } finally {
      await fh.close();
    }
  });

  it("rejects what Python rejects", async () => {
    const [a] = await pair();
    await expect(a.sendfile(file, 0, 0)).rejects.toThrow("count must be a positive integer (got 0)");
    a.settimeout(0);
    await expect(a.sendfile(file)).rejects.toThrow("non-blocking sockets are not supported");
    const u = new Socket(AF_INET, SOCK_DGRAM);
    open.push(u);
    await expect(u.sendfile(file)).rejects.toThrow("only SOCK_STREAM type sockets are supported");
    a.settimeout(null);
    await expect(a.sendfile(path.join(dir, "missing"))).rejects.toMatchObject({ errno: 2 });
  });
});
