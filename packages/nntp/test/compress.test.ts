// COMPRESS DEFLATE (RFC 8054): the layer on its own, and a session over it.
import zlib from "node:zlib";
import { ValueError } from "@inetlib/socket";
import { demoSpool } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { DeflateSocket, NNTPDataError, NNTPPermanentError } from "../src/index.js";
import { FakeSocket, splits } from "./fake.js";
import { caught, pair, sent, trusting } from "./helpers.js";

const syncFlushed = (...parts: string[]) => {
  const d = zlib.createDeflateRaw();
  const out: Buffer[] = [];
  for (const part of parts) {
    d.write(part);
    d.flush(zlib.constants.Z_SYNC_FLUSH);
  }
  return new Promise<Buffer>((resolve) => {
    d.on("data", (c: Buffer) => out.push(c));
    d.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(out)));
  });
};

async function readAll(s: DeflateSocket): Promise<string> {
  const parts: Buffer[] = [];
  for (let b = await s.recv(7); b.length > 0; b = await s.recv(7)) {
    expect(b.length).toBeLessThanOrEqual(7);
    parts.push(b);
  }
  return Buffer.concat(parts).toString("latin1");
}

describe("DeflateSocket", () => {
  it("sends each write compressed and flushed, sharing one dictionary", async () => {
    const inner = new FakeSocket([]);
    const s = new DeflateSocket(inner);
    await s.sendall(Buffer.from("ARTICLE <some.long.message.id@example.com>\r\n"));
    const first = inner.sent[0]!;
    expect(zlib.inflateRawSync(first, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString()).toBe(
      "ARTICLE <some.long.message.id@example.com>\r\n",
    );
    await s.sendall(Buffer.from("ARTICLE <some.long.message.id@example.com>\r\n"));
    // The second time the dictionary knows it: far fewer bytes.
    expect(inner.sent[1]!.length).toBeLessThan(first.length / 2);
    const both = zlib.inflateRawSync(Buffer.concat(inner.sent), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    expect(both.toString()).toBe("ARTICLE <some.long.message.id@example.com>\r\n".repeat(2));
    await s.close();
    expect(inner.closed).toBe(true);
  });

  it("inflates what arrives in any pieces, the bytes held before it first", async () => {
    const data = await syncFlushed("211 1 1 1 g\r\n", "224 overview\r\n1\tx\r\n.\r\n");
    const whole = "211 1 1 1 g\r\n224 overview\r\n1\tx\r\n.\r\n";
    expect(await readAll(new DeflateSocket(new FakeSocket([data])))).toBe(whole);
    for (const chunks of splits(data)) {
      expect(await readAll(new DeflateSocket(new FakeSocket(chunks.slice(1)), chunks[0]))).toBe(whole);
      expect(await readAll(new DeflateSocket(new FakeSocket(chunks)))).toBe(whole);
    }
  });

  it("corrupt input is NNTPDataError", async () => {
    const s = new DeflateSocket(new FakeSocket([Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00])]));
    const err = await caught(s.recv(100));
    expect(err).toBeInstanceOf(NNTPDataError);
    expect(err.message).toMatch(/^invalid compressed data/);
  });
});

describe("a compressed session", () => {
  it("open({ compress: true }) turns it on when offered, and everything still works", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 300 }) }, { compress: true });
    expect(p.client.compress_on).toBe(true);
    expect(p.server.connections[0]!.compressed).toBe(true);
    expect(p.client._caps).not.toHaveProperty("COMPRESS");
    await p.client.group("local.big");
    const [, over] = await p.client.over([1, 300]);
    expect(over.length).toBe(300);
    let n = 0;
    for await (const [, a] of p.client.articles(Array.from({ length: 100 }, (_, i) => i + 1)))
      n += a.lines.length;
    expect(n).toBe(1100);
    expect(
      await p.client.post(Buffer.from("From: a@b\r\nNewsgroups: local.test\r\nSubject: z\r\n\r\nzipped\r\n")),
    ).toMatch(/^240 /);
    expect(sent(p.server).slice(0, 4)).toEqual([
      "CAPABILITIES\r\n",
      "COMPRESS DEFLATE\r\n",
      "CAPABILITIES\r\n",
      "GROUP local.big\r\n",
    ]);
    expect(await p.client.quit()).toBe("205 Bye!");
  });

  it("is not asked for when not offered", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), compress: false }, { compress: true });
    expect(p.client.compress_on).toBe(false);
    expect(sent(p.server)).toEqual(["CAPABILITIES\r\n"]);
    expect(await caught(p.client.compress())).toBeInstanceOf(NNTPPermanentError);
  });

  it("after it, no second COMPRESS, no STARTTLS, no login (RFC 8054)", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), tls: true });
    expect(await p.client.compress()).toBe("206 Compression now active; enjoy the speed!");
    const before = sent(p.server).length;
    expect(await caught(p.client.compress())).toBeInstanceOf(ValueError);
    expect((await caught(p.client.starttls(trusting()))).message).toBe(
      "TLS cannot be started after COMPRESS.",
    );
    expect((await caught(p.client.login("newsreader", "news-pass"))).message).toBe(
      "Authentication cannot follow COMPRESS (RFC 8054).",
    );
    expect(sent(p.server).length).toBe(before);
  });

  it("over TLS: login, then compression", async () => {
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }), tls: true });
    await p.client.starttls(trusting());
    await p.client.login("newsreader", "news-pass");
    await p.client.compress();
    expect(p.server.connections[0]).toMatchObject({ tls: true, compressed: true });
    expect((await p.client.group("local.test"))[1]).toBe(20);
  });
});
