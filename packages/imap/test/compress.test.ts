// COMPRESS=DEFLATE (RFC 4978) against the in-process server's own (independent) DEFLATE: the
// session goes on compressed both ways, a literal included; what is refused before sending;
// corrupt compressed data is abort.
import zlib from "node:zlib";
import { DeflateSocket } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { abort, error } from "../src/index.js";
import { b, demo, FakeSocket, since, TAG } from "./helpers.js";

describe("compress", () => {
  it("turns on DEFLATE; commands, literals and replies go on through it", async () => {
    await using p = await demo({ compress: true });
    expect(p.client.capabilities).toContain("COMPRESS=DEFLATE");
    const mark = p.server.transcript().length;
    const [typ, dat] = await p.client.compress();
    expect([typ, dat.map(String)]).toEqual(["OK", ["DEFLATE active"]]);
    expect(p.client._compressed).toBe(true);
    const [, count] = await p.client.select("INBOX", true);
    expect(Number(String(count[0]))).toBeGreaterThan(0);
    const [, fetched] = await p.client.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
    expect(String((fetched[0] as [Buffer, Buffer])[1])).toMatch(/^Subject: /);
    const msg = b("Subject: compressed\r\n\r\nhello\r\n");
    expect((await p.client.append("INBOX", null, null, msg))[0]).toBe("OK");
    // The server decompresses before recording: it saw plain commands.
    expect(since(p, mark)).toMatch(
      new RegExp(`^${TAG}\\d+ COMPRESS DEFLATE\\r\\n${TAG}\\d+ EXAMINE INBOX\\r\\n`),
    );
    expect(since(p, mark)).toContain("Subject: compressed");
    expect(p.server.connections[0]!.session!.compressed).toBe(true);
  });

  it("asks the capabilities again when they lack it (offered after login), then refuses", async () => {
    await using p = await demo();
    const mark = p.server.transcript().length;
    await expect(p.client.compress()).rejects.toThrow(new error("COMPRESS=DEFLATE not supported by server"));
    expect(since(p, mark)).toBe(`${TAG}2 CAPABILITY\r\n`);
  });

  it("uses COMPRESS=DEFLATE when only the fresh capabilities list it", async () => {
    await using p = await demo({ compress: true });
    p.client.capabilities = p.client.capabilities.filter((c) => c !== "COMPRESS=DEFLATE");
    expect((await p.client.compress())[0]).toBe("OK");
    expect(p.client.capabilities).toContain("COMPRESS=DEFLATE");
  });

  it("is refused before anything is sent when already on", async () => {
    await using q = await demo({ compress: true });
    await q.client.compress();
    const mark2 = q.server.transcript().length;
    await expect(q.client.compress()).rejects.toThrow(new error("compression already active"));
    expect(since(q, mark2)).toBe("");
  });

  it("is refused in NONAUTH (state table), before anything is sent", async () => {
    await using p = await demo({ compress: true }, {}, false);
    await expect(p.client.compress()).rejects.toThrow(/COMPRESS illegal in state NONAUTH/);
  });
});

describe("the core's DeflateSocket with IMAP's error", () => {
  it("corrupt compressed input raises the error the protocol chose", async () => {
    const s = new DeflateSocket(new FakeSocket([Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00])]), undefined, {
      error: (m) => new abort(m),
    });
    await expect(s.recv(100)).rejects.toBeInstanceOf(abort);
  });

  it("inflates what the server sent after its OK (the leftover) first", async () => {
    const deflate = zlib.createDeflateRaw();
    const packed = await new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      deflate.on("data", (c: Buffer) => parts.push(c));
      deflate.write(Buffer.from("* OK one\r\n* OK two\r\n"));
      deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(parts)));
    });
    const s = new DeflateSocket(new FakeSocket([packed.subarray(5)]), packed.subarray(0, 5));
    let got = "";
    for (let chunk = await s.recv(100); chunk.length > 0; chunk = await s.recv(100)) got += chunk;
    expect(got).toBe("* OK one\r\n* OK two\r\n");
  });
});
