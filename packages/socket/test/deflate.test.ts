// DeflateSocket (NNTP's COMPRESS, IMAP's COMPRESS=DEFLATE) under a hostile peer: the line
// layer's bounds must hold through the inflating layer as they do on the socket itself.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { DeflateSocket, socketpair, TimeoutError } from "../src/index.js";
import { Conn, LineTooLong } from "../src/textproto/index.js";

/** compressed is `text` raw-deflated and sync-flushed, with no final block (as a server sends it). */
function compressed(text: string | Buffer): Buffer {
  return zlib.deflateRawSync(text, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** rejection is what `p` rejects with; it must settle within 5 s (a timeout of 0.3 s is given). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("still waiting after 5 s")), 5000);
  });
  try {
    await Promise.race([p, late]);
  } catch (err) {
    if ((err as Error).message === "still waiting after 5 s") throw err;
    return err as Error;
  } finally {
    clearTimeout(timer);
  }
  throw new Error("resolved");
}

/** A client (timeout `timeout`) reading through a DeflateSocket, and the peer's end. */
async function pair(timeout: number | null) {
  const [client, server] = await socketpair();
  client.settimeout(timeout);
  const deflate = new DeflateSocket(client);
  const conn = new Conn(deflate);
  let stop = false;
  return {
    deflate,
    conn,
    server,
    /** trickle sends `data` one byte every `ms`, round and round, until close(). */
    async trickle(data: Buffer, ms: number): Promise<void> {
      try {
        for (let i = 0; !stop; i++) {
          await server.sendall(data.subarray(i % data.length, (i % data.length) + 1));
          await sleep(ms);
        }
      } catch (err) {
        // The client hanging up (EPIPE) is how a send ends once close() has begun.
        if (!stop) throw err;
      }
    },
    /** flood sends `data` again and again until close(). */
    async flood(data: Buffer): Promise<void> {
      try {
        while (!stop) await server.sendall(data);
      } catch (err) {
        if (!stop) throw err;
      }
    },
    async close(): Promise<void> {
      stop = true;
      await deflate.close();
      await server.close();
    },
  };
}

describe("DeflateSocket bounds", () => {
  it("a line trickled a compressed byte at a time raises the timeout within about the timeout", async () => {
    const p = await pair(0.3);
    // Each piece inflates to one more byte of a line that never ends.
    const piece = compressed("x");
    const started = performance.now();
    const sending = p.trickle(Buffer.concat([compressed("200 hello"), ...Array(1000).fill(piece)]), 20);
    const err = await rejection(p.conn.readline());
    const took = performance.now() - started;
    await p.close();
    await sending.catch(() => {});
    expect(err).toBeInstanceOf(TimeoutError);
    expect(took).toBeLessThan(5000);
  });

  it("one recv() is bounded as a whole: empty blocks trickled (they inflate to nothing) time out", async () => {
    const p = await pair(0.3);
    const empty = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]); // an empty stored block
    const started = performance.now();
    const sending = p.trickle(empty, 20);
    const err = await rejection(p.deflate.recv(100));
    const took = performance.now() - started;
    await p.close();
    await sending.catch(() => {});
    expect(err).toBeInstanceOf(TimeoutError);
    expect(took).toBeLessThan(5000);
  });

  it("a line that inflates without end raises LineTooLong, holding no more than the limit", async () => {
    const p = await pair(10);
    // 1 MiB of "a" in about 1 KiB; the stream repeats it for ever (each copy is self-contained).
    const bomb = compressed(Buffer.alloc(1024 * 1024, "a"));
    expect(bomb.length).toBeLessThan(8192);
    const before = process.memoryUsage().rss;
    const sending = p.flood(Buffer.concat(Array(16).fill(bomb)));
    const err = await rejection(p.conn.readline(2048));
    const grew = process.memoryUsage().rss - before;
    await p.close();
    await sending.catch(() => {});
    expect(err).toBeInstanceOf(LineTooLong);
    expect(p.conn.reader.buffered).toBeLessThan(256 * 1024);
    expect(grew).toBeLessThan(128 * 1024 * 1024);
  });

  it("the line deadline and the limits leave a normal session alone; gettimeout() is the socket's", async () => {
    const p = await pair(1);
    expect(p.deflate.gettimeout()).toBe(1);
    await p.server.sendall(compressed("200 hello\r\n"));
    expect((await p.conn.readline()).toString()).toBe("200 hello\r\n");
    // A reply that comes in parts, each well inside the timeout, but longer than it in all.
    const parts = ["211", " 1", " 2", " 3", " gr", "oup", "\r", "\n"];
    const sending = (async () => {
      for (const part of parts) {
        await sleep(150);
        await p.server.sendall(compressed(part));
      }
    })();
    const started = performance.now();
    const err = await rejection(p.conn.readline());
    await sending;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(5000);
    // The timed-out line is not lost: the next readline gets it whole.
    expect((await p.conn.readline()).toString()).toBe("211 1 2 3 group\r\n");
    await p.close();
  });

  it("answers synchronously from what it already inflated (_recvBuffered)", async () => {
    const p = await pair(5);
    expect(p.deflate._recvBuffered(100).length).toBe(0);
    await p.server.sendall(compressed("100 a\r\nline one\r\nline two\r\n"));
    expect((await p.deflate.recv(7)).toString()).toBe("100 a\r\n");
    expect(p.deflate._recvBuffered(10).toString()).toBe("line one\r\n");
    expect(p.deflate._recvBuffered(100).toString()).toBe("line two\r\n");
    expect(p.deflate._recvBuffered(100).length).toBe(0);
    await p.close();
  });
});
