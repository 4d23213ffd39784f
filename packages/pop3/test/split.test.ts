// Replies cut at every byte, including inside CRLF, inside the "." terminator and inside ".."
// lines: every cut gives the same results as the whole.
import { describe, expect, it } from "vitest";
import type { error_proto } from "../src/index.js";
import { FakePOP3, FakeSocket, splits } from "./fake.js";

const b = (s: string) => Buffer.from(s, "latin1");

const SERVER = b(
  [
    "+OK ready <1.2@x>\r\n",
    "+OK 3 octets\r\n..\r\n...dots\r\nplain\r\n.x\r\n\r\n.\r\n", // RETR 1
    "+OK\r\n1 10\r\n2 20\r\n.\r\n", // LIST
    "+OK 2 30\r\n", // STAT
    "+OK\n..lf only\n.\n", // RETR 2, LF endings
    "-ERR no such message\r\n", // RETR 3
    "+OK\r\nTOP\r\nSASL PLAIN\r\n.\r\n", // CAPA
  ].join(""),
);

async function session(chunks: Buffer[]): Promise<unknown[]> {
  const fake = new FakeSocket(chunks);
  const pop = new FakePOP3(fake);
  const out: unknown[] = [await pop.connect("localhost")];
  out.push(await pop.retr(1));
  out.push(await pop.list());
  out.push(await pop.stat());
  out.push(await pop.retr(2));
  out.push(await pop.retr(3).catch((e: error_proto) => e.args));
  out.push({ ...(await pop.capa()) });
  out.push(fake.transcript());
  await pop.close();
  return out;
}

describe("replies split at every byte", () => {
  it("give the whole's results", async () => {
    const whole = await session([SERVER]);
    expect(whole).toEqual([
      b("+OK ready <1.2@x>"),
      [b("+OK 3 octets"), [b("."), b("..dots"), b("plain"), b(".x"), b("")], 24],
      [b("+OK"), [b("1 10"), b("2 20")], 12],
      [2, 30],
      [b("+OK"), [b(".lf only")], 9],
      [b("-ERR no such message")],
      { TOP: [], SASL: ["PLAIN"] },
      "RETR 1\r\nLIST\r\nSTAT\r\nRETR 2\r\nRETR 3\r\nCAPA\r\n",
    ]);
    const cuts = splits(SERVER);
    expect(cuts.length).toBe(SERVER.length);
    for (const chunks of cuts) expect(await session(chunks)).toEqual(whole);
  });

  it("a terminator cut off by end of stream is error_proto('-ERR EOF') at every cut", async () => {
    const data = b("+OK hi\r\n+OK\r\nline\r\n.\r");
    for (let end = 8 + 5; end <= data.length; end++) {
      const pop = new FakePOP3(new FakeSocket([data.subarray(0, end)]));
      await pop.connect("localhost");
      await expect(pop.retr(1)).rejects.toThrow(expect.objectContaining({ args: ["-ERR EOF"] }));
      await pop.close();
    }
  });

  it("a status line split across reads, with an empty read of the greeting, byte by byte", async () => {
    const fake = new FakeSocket([..."+OK a\r\n+OK b\r\n"].map((c) => b(c)));
    const pop = new FakePOP3(fake);
    expect(await pop.connect("h")).toEqual(b("+OK a"));
    expect(await pop.noop()).toEqual(b("+OK b"));
    await expect(pop.noop()).rejects.toThrow(expect.objectContaining({ args: ["-ERR EOF"] }));
    expect(fake.transcript()).toBe("NOOP\r\nNOOP\r\n");
  });
});
