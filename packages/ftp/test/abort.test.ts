// abort() stops an upload whose source is still producing (issue 17): the call rejects with
// AbortError at once, whether the transfer's own signal or the connection's was aborted.
import { AbortError } from "@inetlib/socket";
import { FileTree, type FTPServer } from "@inetlib/testing";
import { afterEach, describe, expect, it } from "vitest";
import { FTP } from "../src/index.js";
import { serve } from "./helpers.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
let server: FTPServer;
let stop = false;

afterEach(async () => {
  stop = true;
  await server.close();
});

async function* slow(): AsyncGenerator<Buffer> {
  stop = false;
  yield Buffer.from("first\r\n");
  while (!stop) {
    await tick(20);
    yield Buffer.from("more\r\n");
  }
}

const never: AsyncIterable<Buffer> = {
  [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }),
};

describe("abort during an upload from a slow source", () => {
  it("the transfer's signal: AbortError, and the connection stays usable", async () => {
    server = await serve({ tree: new FileTree({}) });
    const ftp = await FTP.open("127.0.0.1", "user", "pass", "", { port: server.port, timeout: 30 });
    for (const source of [slow(), never]) {
      const ac = new AbortController();
      const storing = ftp.storbinary("STOR up", source, { signal: ac.signal });
      await tick(100);
      ac.abort();
      await expect(storing).rejects.toThrow(AbortError);
      expect((await ftp.voidcmd("NOOP")).slice(0, 3)).toBe("200");
    }
    await ftp.close();
  });

  it("the connection's signal: AbortError, and the connection is closed", async () => {
    server = await serve({ tree: new FileTree({}) });
    const ac = new AbortController();
    const ftp = await FTP.open("127.0.0.1", "user", "pass", "", {
      port: server.port,
      timeout: 30,
      signal: ac.signal,
    });
    const storing = ftp.storlines("STOR up", never);
    await tick(100);
    ac.abort();
    await expect(storing).rejects.toThrow(AbortError);
    await expect(ftp.voidcmd("NOOP")).rejects.toThrow(AbortError);
  });
});
