// list/retr/dele of many messages: pipelined when CAPA offers PIPELINING (RFC 2449 6.6),
// one by one when not, with the same results and the same bytes either way.
import { Maildrop } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { error_proto } from "../src/index.js";
import { caught, pair } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");

function bigDrop(n: number): Maildrop {
  const drop = new Maildrop({ bulk: "bulk-pass" });
  for (let i = 1; i <= n; i++)
    drop.add("bulk", `Subject: message ${i}\r\n\r\n.body ${i}\r\n`, { uid: `u${i}` });
  return drop;
}

async function login(n: number, pipelining: boolean | undefined, offered = true) {
  const p = await pair(
    { maildrop: bigDrop(n), pipelining: offered },
    pipelining === undefined ? {} : { pipelining },
  );
  await p.client.user("bulk");
  await p.client.pass_("bulk-pass");
  return p;
}

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("*_many", () => {
  it("pipelines when CAPA offers PIPELINING, with the results of one-by-one calls", async () => {
    await using p = await login(200, undefined);
    const lists = await p.client.list_many(numbers(200));
    expect(lists[0]).toEqual(b("+OK 1 31"));
    expect(lists[199]).toEqual(b("+OK 200 35"));
    const msgs = await p.client.retr_many(numbers(200));
    expect(msgs).toHaveLength(200);
    expect(msgs[41]).toEqual(await p.client.retr(42));
    expect(msgs[41]![1]).toEqual([b("Subject: message 42"), b(""), b(".body 42")]);
    const record = p.server.connections[0]!;
    expect(record.pipelined).toBeGreaterThan(100); // commands arrived before the previous reply went out
    const sent = p.server.transcript();
    expect(sent.startsWith("USER bulk\r\nPASS bulk-pass\r\nCAPA\r\nLIST 1\r\nLIST 2\r\n")).toBe(true);
    expect(sent.match(/^RETR \d+\r\n/gm)).toHaveLength(201);
    expect(sent.match(/^CAPA\r\n/gm)).toHaveLength(1); // asked once, then cached
  });

  it("goes one by one when PIPELINING is not offered: same results, nothing pipelined", async () => {
    await using p = await login(30, undefined, false);
    const msgs = await p.client.retr_many(numbers(30));
    expect(msgs[29]![1]).toEqual([b("Subject: message 30"), b(""), b(".body 30")]);
    expect(p.server.connections[0]!.pipelined).toBe(0);
  });

  it("pipelining: false is obeyed without asking CAPA; true without asking either", async () => {
    {
      await using p = await login(5, false);
      await p.client.dele_many([1, 2]);
      expect(p.server.transcript()).toBe("USER bulk\r\nPASS bulk-pass\r\nDELE 1\r\nDELE 2\r\n");
    }
    await using p = await login(5, true, false);
    expect(await p.client.dele_many(numbers(5))).toEqual(Array(5).fill(b("+OK Marked to be deleted.")));
    expect(p.server.transcript()).toBe(
      "USER bulk\r\nPASS bulk-pass\r\nDELE 1\r\nDELE 2\r\nDELE 3\r\nDELE 4\r\nDELE 5\r\n",
    );
    expect(await p.client.stat()).toEqual([0, 0]);
  });

  it("a -ERR in the middle: the replies in flight are read, nothing more is sent, the error is thrown", async () => {
    await using p = await login(10, undefined);
    const err = await caught(p.client.dele_many([1, 2, 99, 3, 4]));
    expect(err).toBeInstanceOf(error_proto);
    expect((err as error_proto).resp).toEqual(b("-ERR There's no message 99."));
    // the connection is in step: the next reply is the NOOP's
    expect(await p.client.noop()).toEqual(b("+OK"));
    expect(await p.client.stat()).toEqual([6, expect.any(Number)]);
  });

  it("a -ERR in a window of RETRs keeps the connection in step", async () => {
    await using p = await login(10, undefined);
    await expect(p.client.retr_many([1, 2, 50, 3])).rejects.toThrow("-ERR There's no message 50.");
    expect(await p.client.noop()).toEqual(b("+OK"));
  });

  it("iter_retr_many yields one message at a time; breaking out leaves the connection usable", async () => {
    await using p = await login(100, undefined);
    const seen: number[] = [];
    for await (const [, lines, octets] of p.client.iter_retr_many(numbers(100))) {
      seen.push(octets);
      expect(lines[0]!.toString()).toBe(`Subject: message ${seen.length}`);
      if (seen.length === 10) break;
    }
    expect(seen).toHaveLength(10);
    expect(await p.client.noop()).toEqual(b("+OK"));
    expect(await p.client.list(100)).toEqual(b("+OK 100 35"));
  });

  it("a small window still pipelines, a window of 1 does not", async () => {
    {
      await using p = await pair({ maildrop: bigDrop(20) }, { pipelineWindow: 4 });
      await p.client.user("bulk");
      await p.client.pass_("bulk-pass");
      expect(await p.client.list_many(numbers(20))).toHaveLength(20);
      expect(p.server.connections[0]!.pipelined).toBeGreaterThan(0);
    }
    await using p = await pair({ maildrop: bigDrop(20) }, { pipelineWindow: 1 });
    await p.client.user("bulk");
    await p.client.pass_("bulk-pass");
    expect(await p.client.list_many(numbers(20))).toHaveLength(20);
    expect(p.server.connections[0]!.pipelined).toBe(0);
  });

  it("calls made without awaiting run one after another", async () => {
    await using p = await login(3, undefined);
    const [a, c, d] = await Promise.all([p.client.retr(1), p.client.list_many([1, 2, 3]), p.client.stat()]);
    expect(a[1][0]).toEqual(b("Subject: message 1"));
    expect(c).toHaveLength(3);
    expect(d[0]).toBe(3);
  });
});
