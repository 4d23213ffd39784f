// The bulk read path of a dialed connection (Node's onread into one shared buffer): exact bytes,
// recv's size contract, flow control that stops reading for a slow reader, and recv_into.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { create_connection } from "../src/index.js";

const MiB = 1 << 20;
/** A piece whose length is a multiple of 251, so every piece of the pattern is the same bytes. */
const PIECE = Buffer.alloc(251 * 4096, 0).map((_, i) => i % 251);
const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server that writes `total` bytes (byte i is i % 251) in pieces of about 1 MiB and counts what the kernel took. */
async function sender(total: number): Promise<{ port: number; flushed: () => number }> {
  let flushed = 0;
  const server = net.createServer((c) => {
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        const n = Math.min(PIECE.length, total - sent);
        const piece = PIECE.subarray(0, n);
        sent += n;
        const ok = c.write(piece, () => {
          flushed += n;
        });
        if (!ok) return void c.once("drain", pump);
      }
      c.end();
    };
    pump();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as net.AddressInfo).port, flushed: () => flushed };
}

function checkPattern(data: Buffer, offset: number): void {
  for (let i = 0; i < data.length; i++)
    if (data[i] !== (offset + i) % 251) throw new Error(`byte ${offset + i} is ${data[i]}`);
}

async function settled(read: () => number): Promise<number> {
  // Waits until the sender makes no more progress: the reader's flow control has stopped it.
  let last = -1;
  while (read() !== last) {
    last = read();
    await new Promise((r) => setTimeout(r, 400));
  }
  return last;
}

describe("bulk reads on a dialed connection", () => {
  it("delivers every byte in order, each recv at most bufsize", async () => {
    const total = 24 * MiB + 12345;
    const { port } = await sender(total);
    const s = await create_connection(["127.0.0.1", port]);
    let got = 0;
    for (;;) {
      const want = got % 3 === 0 ? 777 : MiB;
      const data = await s.recv(want);
      if (data.length === 0) break;
      expect(data.length).toBeLessThanOrEqual(want);
      checkPattern(data, got);
      got += data.length;
    }
    expect(got).toBe(total);
    await s.close();
  });

  it("recv_into of varying sizes gets every byte in order (reads straight into the caller's buffer)", async () => {
    const total = 24 * MiB + 777;
    const { port } = await sender(total);
    const s = await create_connection(["127.0.0.1", port]);
    const buf = Buffer.alloc(MiB);
    const sizes = [MiB, 1000, 300 * 1024, 1, MiB - 5];
    let got = 0;
    for (let i = 0; ; i++) {
      const want = sizes[i % sizes.length]!;
      const n = await s.recv_into(buf, want);
      if (n === 0) break;
      expect(n).toBeLessThanOrEqual(want);
      checkPattern(buf.subarray(0, n), got);
      got += n;
    }
    expect(got).toBe(total);
    await s.close();
  });

  it("makefile('rb').readinto fills the buffer straight from the connection, to the end", async () => {
    const total = 24 * MiB + 4321;
    const { port } = await sender(total);
    const s = await create_connection(["127.0.0.1", port]);
    const f = s.makefile("rb");
    const first = await f.read(10);
    checkPattern(first, 0);
    const buf = Buffer.alloc(MiB);
    let got = first.length;
    for (;;) {
      const n = await f.readinto(buf);
      if (n === 0) break;
      // Buffered readinto fills the buffer unless the stream ends.
      if (got + n < total) expect(n).toBe(MiB);
      checkPattern(buf.subarray(0, n), got);
      got += n;
    }
    expect(got).toBe(total);
    await f.close();
    await s.close();
  });

  it("stops reading while the caller does not read, then resumes with nothing lost", async () => {
    const total = 96 * MiB;
    const { port, flushed } = await sender(total);
    const s = await create_connection(["127.0.0.1", port]);
    const stalled = await settled(flushed);
    // The socket holds at most its high-water mark and one read; the rest waits in the kernel
    // and in the sender. Without flow control the sender would flush everything.
    expect(stalled).toBeLessThan(total / 2);
    const buf = Buffer.allocUnsafe(MiB);
    let got = 0;
    for (let n = await s.recv_into(buf); n > 0; n = await s.recv_into(buf)) {
      checkPattern(buf.subarray(0, n), got);
      got += n;
    }
    expect(got).toBe(total);
    await s.close();
  });
});
