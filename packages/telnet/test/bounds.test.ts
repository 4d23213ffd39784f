// A server that never sends what a read waits for (issue 17: 738 MB collected by one
// read_until before its timeout): every collecting read stops at maxRead with
// ResponseTooLarge, and what it collected stays for read_very_lazy().
import { afterEach, describe, expect, it } from "vitest";
import { MAX_READ, ResponseTooLarge } from "../src/index.js";
import { type Scripted, scripted } from "./helpers.js";

let open: Scripted[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

// A server sending "x" without end (until the client goes).
async function endless(maxRead: number): Promise<Scripted> {
  const s = await scripted(
    async (conn) => {
      const chunk = Buffer.alloc(16384, "x");
      try {
        for (;;) await conn.send(chunk);
      } catch {
        // the client closed
      }
    },
    { maxRead },
  );
  open.push(s);
  return s;
}

describe("what one read may collect is bounded", () => {
  it("read_until (with and without a timeout), expect and read_all raise ResponseTooLarge past maxRead", async () => {
    for (const read of [
      (s: Scripted) => s.tn.read_until(Buffer.from("$ "), 30),
      (s: Scripted) => s.tn.read_until(Buffer.from("$ ")),
      (s: Scripted) => s.tn.expect([/\$ /], 30),
      (s: Scripted) => s.tn.read_all(),
    ]) {
      const s = await endless(100000);
      const err = await read(s).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseTooLarge);
      expect((err as ResponseTooLarge).limit).toBe(100000);
      // What was collected is there to take, within a receive of the bound.
      const held = s.tn.read_very_lazy();
      expect(held.length).toBeGreaterThan(100000);
      expect(held.length).toBeLessThanOrEqual(100000 + 65536);
    }
  });

  it("the default bound is MAX_READ (1 MiB)", () => {
    expect(MAX_READ).toBe(1024 * 1024);
  });
});
