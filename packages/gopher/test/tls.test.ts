// gophers: gopher over TLS, verified by default, against the in-memory hole with the test CA.
import { SSLCertVerificationError } from "@inetlib/socket";
import { demoHole, GOPHER_BYTES, GopherServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientContext, serverContext } from "../../socket/test/fixtures/certs.js";
import { Gopher } from "../src/gopher.js";
import { get_directory, send_selector } from "../src/gopherlib.js";
import { urlopen } from "../src/urlopen.js";

let server: GopherServer;
beforeAll(async () => {
  server = await GopherServer.start(demoHole(), { tls: serverContext(), advertisedHost: "localhost" });
});
afterAll(() => server.close());

describe("gophers", () => {
  it("reads menus, texts, binaries and Gopher+ attributes over TLS", async () => {
    const g = new Gopher("localhost", server.port, { tls: clientContext() });
    const menu = await g.menu();
    expect(menu.items.find((i) => i.selector === "/docs")).toMatchObject({
      host: "localhost",
      port: server.port,
    });
    expect((await g.text("/dots.txt")).lines[3]).toBe(".hidden");
    expect(await g.binary("/bytes.bin")).toEqual(GOPHER_BYTES);
    expect((await g.info("/about.txt")).admin.Admin).toContain("keeper@hole.test");
    expect((await g.search("/words", "ju")).items.map((i) => i.display)).toEqual([
      "Results for: ju",
      "juliet",
    ]);
  });

  it("verifies the certificate by default", async () => {
    const g = new Gopher("localhost", server.port, { tls: true });
    await expect(g.menu()).rejects.toThrow(SSLCertVerificationError);
  });

  it("verifies the host name, IP addresses included", async () => {
    await expect(
      new Gopher("127.0.0.1", server.port, { tls: clientContext() }).menu("/docs"),
    ).resolves.toMatchObject({
      complete: true,
    });
    await expect(
      new Gopher("127.0.0.1", server.port, { tls: clientContext(), server_hostname: "wrong.example" }).menu(),
    ).rejects.toThrow(SSLCertVerificationError);
  });

  it("opens gophers:// URLs", async () => {
    const [g, url] = Gopher.fromUrl(server.url("1", "/docs"), { tls: clientContext() });
    expect(url).toMatchObject({ scheme: "gophers", host: "localhost", selector: "/docs" });
    expect((await g.menu(url.selector)).items).toHaveLength(3);
    await using response = await urlopen(server.url("0", "/about.txt"), { tls: clientContext() });
    expect((await response.read()).toString()).toContain("This gopher hole lives in memory.");
  });

  it("serves gopherlib's functions over TLS too", async () => {
    const f = await send_selector("/docs", "localhost", server.port, { tls: clientContext() });
    expect(await get_directory(f, { log: null })).toHaveLength(3);
    await f.close();
  });
});
