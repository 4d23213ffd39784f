// abort() stops a post whose article is still being produced (issue 17): AbortError at once,
// the connection closed, the producer no longer pulled.
import { AbortError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { pair } from "./helpers.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("abort during a streamed post", () => {
  it("rejects with AbortError and closes", async () => {
    const ac = new AbortController();
    await using p = await pair({}, { signal: ac.signal });
    const never: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }),
    };
    const posting = p.client.post(never);
    await tick(100);
    ac.abort();
    await expect(posting).rejects.toThrow(AbortError);
    await expect(p.client.date()).rejects.toThrow(AbortError);
  });
});
