// urlopen() for gopher:// URLs, as urllib2's GopherHandler.
import { demoHole, GOPHER_BYTES, GopherServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GopherError } from "../src/errors.js";
import { urlopen } from "../src/urlopen.js";

let server: GopherServer;
beforeAll(async () => {
  server = await GopherServer.start(demoHole());
});
afterAll(() => server.close());

describe("urlopen", () => {
  it("sends the percent-decoded selector and returns the raw reply", async () => {
    await using r = await urlopen(server.url("0", "/dots.txt"));
    expect(r.type).toBe("0");
    expect(r.geturl()).toBe(`gopher://127.0.0.1:${server.port}/0/dots.txt`);
    expect(r.info()).toEqual({});
    expect((await r.readline()).toString()).toBe("Lines that start with a dot travel dot-stuffed:\r\n");
    expect((await r.read()).toString()).toMatch(/^\.\.\r\n\.\.\.\r\n\.\.hidden\r\n/);
    expect(server.requests.at(-1)!.toString()).toBe("/dots.txt\r\n");
  });

  it("sends the search and the Gopher+ string after TABs", async () => {
    await using r = await urlopen(`gopher://127.0.0.1:${server.port}/7/words%09ec%09+`);
    const lines: string[] = [];
    for await (const line of r) lines.push(line.toString());
    expect(server.requests.at(-1)!.toString()).toBe("/words\tec\t+\r\n");
    expect(lines[0]).toBe("+-1\r\n");
    expect(lines.some((l) => l.startsWith("0echo\t/words/echo.txt"))).toBe(true);
  });

  it("reads binaries and refuses URLs without a host or with a newline", async () => {
    await using r = await urlopen(server.url("9", "/bytes.bin"));
    expect(await r.read()).toEqual(GOPHER_BYTES);
    await expect(urlopen("gopher:///1/")).rejects.toThrow(GopherError);
    await expect(urlopen("gopher:///1/")).rejects.toThrow("no host given");
    await expect(urlopen(`gopher://127.0.0.1:${server.port}/0a%0D%0Ab`)).rejects.toThrow(/newline/);
  });
});
