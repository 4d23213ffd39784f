// abort() stops a message whose body is still being produced (issue 17: a slowly produced
// streamed body went on being sent 18 s after abort(), and data() never rejected).
import { AbortError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { SMTP } from "../src/index.js";
import { serve } from "./helpers.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("abort during a streamed body", () => {
  it("rejects with AbortError at once, closes the connection and pulls no more from the source", async () => {
    const server = await serve();
    const ac = new AbortController();
    const s = await SMTP.open("127.0.0.1", server.port, {
      local_hostname: "x",
      signal: ac.signal,
      timeout: 30,
    });
    let produced = 0;
    let stop = false;
    async function* slow(): AsyncGenerator<string> {
      yield "Subject: slow\r\n\r\n";
      while (!stop) {
        await tick(20);
        produced++;
        yield "line\r\n";
      }
    }
    try {
      await s.ehlo();
      expect((await s.mail("a@example.org"))[0]).toBe(250);
      await s.rcpt("b@example.org");
      const sending = s.data(slow());
      await tick(100);
      ac.abort();
      const at = produced;
      const err = await sending.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AbortError);
      expect(s.sock).toBeNull();
      await tick(100);
      expect(produced - at).toBeLessThanOrEqual(1);
    } finally {
      stop = true;
      await server.close();
    }
  });

  it("a source that never yields at all", async () => {
    const server = await serve();
    const ac = new AbortController();
    const s = await SMTP.open("127.0.0.1", server.port, {
      local_hostname: "x",
      signal: ac.signal,
      timeout: 30,
    });
    const never: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }),
    };
    try {
      await s.ehlo();
      expect((await s.mail("a@example.org"))[0]).toBe(250);
      await s.rcpt("b@example.org");
      const sending = s.data(never);
      await tick(50);
      ac.abort();
      await expect(sending).rejects.toThrow(AbortError);
      expect(s.sock).toBeNull();
    } finally {
      await server.close();
    }
  });
});
