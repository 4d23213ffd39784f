// _waitReadable: select([sock], [], [], timeout) for a connected stream socket.
import { describe, expect, it } from "vitest";
import { socketpair } from "../src/index.js";

describe("socket._waitReadable", () => {
  it("polls with 0, waits for data, and ignores the socket's own timeout", async () => {
    const [a, b] = await socketpair();
    try {
      expect(await a._waitReadable(0)).toBe(false);
      a.settimeout(0.01);
      // Longer than the socket's timeout: select() is not cut short by it.
      const waiting = a._waitReadable(5);
      setTimeout(() => void b.sendall(Buffer.from("x")), 50);
      expect(await waiting).toBe(true);
      // Readiness consumes nothing.
      expect((await a.recv(10)).toString()).toBe("x");
      expect(await a._waitReadable(0.02)).toBe(false);
      await b.shutdown(1);
      expect(await a._waitReadable(null)).toBe(true);
      expect((await a.recv(10)).length).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
