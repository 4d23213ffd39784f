// send, sendall and sendto take bytes only, as Python's: the declarations refuse a string (each
// expect-error directive below fails the type-check if they accept one) and so does the run time.
import { describe, expect, it } from "vitest";
import { AF_INET, SOCK_DGRAM, socket, socketpair } from "../src/index.js";

const NOT_BYTES = "a bytes-like object is required, not 'str' (encode the string first)";

describe("bytes only", () => {
  it("send and sendall refuse a string with Python's TypeError", async () => {
    const [a, b] = await socketpair();
    try {
      // @ts-expect-error a string is not bytes
      await expect(a.sendall("ping")).rejects.toThrow(new TypeError(NOT_BYTES));
      // @ts-expect-error a string is not bytes
      await expect(a.send("ping")).rejects.toThrow(new TypeError(NOT_BYTES));
      await a.sendall(Buffer.from("ping"));
      expect((await b.recv(4)).toString()).toBe("ping");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("sendto refuses a string", async () => {
    await using s = new socket(AF_INET, SOCK_DGRAM);
    // @ts-expect-error a string is not bytes
    await expect(s.sendto("ping", ["127.0.0.1", 9])).rejects.toThrow(new TypeError(NOT_BYTES));
  });
});
