// urlopen for gopher: and gophers: URLs (GopherHandler, a default handler) against the
// in-process gopher server: menus as their text, items, searches, TLS, errors.
import { create_default_context } from "@inetlib/socket";
import { demoHole, GOPHER_BYTES, GopherServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CA_CERT, serverContext } from "../../socket/test/fixtures/certs.js";
import { build_opener, GopherHandler, URLError, urlopen } from "../src/index.js";

let server: GopherServer;
let tlsServer: GopherServer;
beforeAll(async () => {
  server = await GopherServer.start(demoHole());
  tlsServer = await GopherServer.start(demoHole(), { tls: serverContext(), advertisedHost: "localhost" });
});
afterAll(async () => {
  await server.close();
  await tlsServer.close();
});

describe("GopherHandler", () => {
  it("opens the root menu as its text lines, with no headers", async () => {
    await using r = await urlopen(`gopher://127.0.0.1:${server.port}/`);
    const text = (await r.read()).toString();
    expect(text).toMatch(/^iWelcome to the inetlib gopher hole\.\t/);
    expect(text).toContain("0About this hole\t/about.txt\t");
    expect(r.info().items()).toEqual([]);
    expect(r.getcode()).toBeNull();
    expect(r.geturl()).toBe(`gopher://127.0.0.1:${server.port}/`);
    expect(server.requests.at(-1)!.toString()).toBe("\r\n");
  });

  it("sends a text item's selector percent-decoded, and a search after %09", async () => {
    {
      await using r = await urlopen(server.url("0", "/dots.txt"));
      expect((await r.readline()).toString()).toBe("Lines that start with a dot travel dot-stuffed:\r\n");
      expect(server.requests.at(-1)!.toString()).toBe("/dots.txt\r\n");
    }
    {
      await using r = await urlopen(`gopher://127.0.0.1:${server.port}/7/words%09ec`);
      const lines: string[] = [];
      for await (const line of r) lines.push(line.toString());
      expect(server.requests.at(-1)!.toString()).toBe("/words\tec\r\n");
      expect(lines.some((l) => l.startsWith("0echo\t/words/echo.txt"))).toBe(true);
    }
    {
      await using r = await urlopen(server.url("9", "/bytes.bin"));
      expect(await r.read()).toEqual(GOPHER_BYTES);
    }
  });

  it("opens gophers:// verified against the handler's context", async () => {
    const opener = build_opener(new GopherHandler(create_default_context({ cafile: CA_CERT })));
    await using r = await opener.open(tlsServer.url("0", "/about.txt"));
    expect((await r.read()).length).toBeGreaterThan(0);
    // The default context does not trust the test CA.
    await expect(urlopen(tlsServer.url("0", "/about.txt"))).rejects.toBeInstanceOf(URLError);
  });

  it("raises URLError for no host and a refused connection", async () => {
    await expect(urlopen("gopher:///1/")).rejects.toThrow("<urlopen error gopher error: no host given>");
    const closed = await GopherServer.start(demoHole());
    const port = closed.port;
    await closed.close();
    await expect(urlopen(`gopher://127.0.0.1:${port}/`)).rejects.toThrow(/^<urlopen error .*refused/);
  });
});
