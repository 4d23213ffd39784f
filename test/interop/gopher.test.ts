// @inetlib/gopher against real gopher servers: gophernicus (RFC 1436, CGI search) and pygopherd
// (Gopher+), as test/daemons/up.sh starts and seeds them (see test/daemons/seed.py). Where the
// servers leave the RFC, the client copes and these tests expect it: gophernicus sends files
// without the "." line (texts in CRLF), and neither its CGI output nor pygopherd's menus end
// with "." (Menu.complete is then false).

import {
  Gopher,
  GopherPlusError,
  get_binary,
  get_directory,
  get_textfile,
  send_query,
  send_selector,
  urlopen,
} from "@inetlib/gopher";
import { describe, expect, it } from "vitest";
import { host as HOST, ports } from "./env.js";

const GOPHERNICUS = ports.gopher;
const PYGOPHERD = ports.gopherPygopherd;
const BINARY = Buffer.concat(
  Array.from({ length: 16 }, () => Buffer.from(Array.from({ length: 256 }, (_, i) => i))),
);
const GIF = Buffer.from(
  "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b",
  "hex",
);

describe("gophernicus", () => {
  const g = new Gopher(HOST, GOPHERNICUS, { timeout: 10 });

  it("root menu: typed items, info lines and a URL: item", async () => {
    const menu = await g.menu();
    expect(menu.errors).toEqual([]);
    expect(menu.complete).toBe(true);
    const bySelector = (s: string) => menu.items.find((i) => i.selector === s);
    expect(menu.items[0]).toMatchObject({ type: "i", display: "inetlib gophernicus test server" });
    expect(bySelector("/hello.txt")).toMatchObject({
      type: "0",
      display: "Hello text",
      host: HOST,
      port: GOPHERNICUS,
    });
    expect(bySelector("/docs")).toMatchObject({ type: "1", display: "Documents" });
    expect(bySelector("/files/binary.bin")?.type).toBe("9");
    expect(bySelector("/files/pixel.gif")?.type).toBe("g");
    expect(bySelector("/cgi-bin/search")?.type).toBe("7");
    expect(menu.items.find((i) => i.type === "h")?.url).toBe(`http://127.0.0.1:${ports.http}/`);
  });

  it("sub-menu: the directory listing of /docs", async () => {
    const root = await g.menu();
    const docs = await g.menu(root.items.find((i) => i.selector === "/docs")!);
    const texts = docs.items.filter((i) => i.type === "0").map((i) => i.selector);
    expect(texts).toEqual(["/docs/doc1.txt", "/docs/doc2.txt", "/docs/doc3.txt"]);
    expect((await g.text("/docs/doc2.txt")).lines).toEqual(["Document 2"]);
  });

  it("text and binary items", async () => {
    expect(await g.text("/hello.txt")).toEqual({ lines: ["Hello, gopher!"], complete: false });
    expect(await g.binary("/files/binary.bin")).toEqual(BINARY);
    expect(await g.binary("/files/pixel.gif")).toEqual(GIF);
    let total = 0;
    for await (const chunk of g.stream("/files/binary.bin", 1000)) total += chunk.length;
    expect(total).toBe(4096);
  });

  it("type-7 search, and the hit fetched", async () => {
    const results = await g.search("/cgi-bin/search", "alpha");
    const hits = results.items.filter((i) => i.type === "0");
    expect(hits.map((i) => [i.display, i.selector])).toEqual([["alpha", "/words/alpha.txt"]]);
    expect((await g.text(hits[0]!)).lines).toEqual(["The word is alpha."]);
    const two = await g.search("/cgi-bin/search", "ot");
    expect(two.items.filter((i) => i.type === "0").map((i) => i.display)).toEqual(["foxtrot", "hotel"]);
  });

  it("gopherlib's functions and urlopen", async () => {
    const f = await send_selector("/", HOST, GOPHERNICUS, { timeout: 10 });
    const entries = await get_directory(f, { log: null });
    await f.close();
    expect(entries.find((e) => e[2] === "/hello.txt")).toEqual([
      "0",
      "Hello text",
      "/hello.txt",
      HOST,
      String(GOPHERNICUS),
      "",
    ]);
    const t = await send_selector("/about.txt", `${HOST}:${GOPHERNICUS}`, 0, { timeout: 10 });
    expect(await get_textfile(t, { log: null })).toEqual([
      "This gopher server is part of the inetlib interop tests.",
    ]);
    await t.close();
    const b = await send_selector("/files/binary.bin", HOST, GOPHERNICUS, { timeout: 10 });
    expect(await get_binary(b)).toEqual(BINARY);
    await b.close();
    const q = await send_query("/cgi-bin/search", "delta", HOST, GOPHERNICUS, { timeout: 10 });
    expect((await get_directory(q, { log: null })).map((e) => e[1])).toEqual(["Results for: delta", "delta"]);
    await q.close();
    await using r = await urlopen(`gopher://${HOST}:${GOPHERNICUS}/0/hello.txt`, { timeout: 10 });
    expect((await r.read()).toString()).toBe("Hello, gopher!\r\n");
  });
});

describe("pygopherd", () => {
  const g = new Gopher(HOST, PYGOPHERD, { timeout: 10 });

  it("root menu: Gopher+ items", async () => {
    const menu = await g.menu();
    expect(menu.errors).toEqual([]);
    expect(menu.items.map((i) => [i.type, i.selector])).toEqual([
      ["0", "/about.txt"],
      ["1", "/files"],
      ["0", "/hello.txt"],
      ["1", "/menu"],
    ]);
    expect(menu.items.every((i) => i.plus && i.host === HOST && i.port === PYGOPHERD)).toBe(true);
  });

  it("sub-menus: a directory and a hand-written gophermap", async () => {
    const files = await g.menu("/files");
    expect(files.items.map((i) => [i.type, i.selector])).toEqual([
      ["9", "/files/binary.bin"],
      ["g", "/files/pixel.gif"],
    ]);
    const map = await g.menu("/menu");
    expect(map.items.map((i) => [i.type, i.display])).toEqual([
      ["i", "A hand-written menu"],
      ["0", "Hello"],
      ["1", "Back to root"],
    ]);
  });

  it("text and binary items", async () => {
    expect((await g.text("/hello.txt")).lines).toEqual(["Hello from pygopherd!"]);
    expect((await g.text("/about.txt")).lines).toEqual(["pygopherd test server for inetlib."]);
    expect(await g.binary("/files/binary.bin")).toEqual(BINARY);
    expect(await g.binary("/files/pixel.gif")).toEqual(GIF);
  });

  it("Gopher+: attributes with '!' and '$', data with '+', errors", async () => {
    const info = await g.info("/hello.txt");
    expect(info.info).toMatchObject({ type: "0", selector: "/hello.txt", plus: true });
    expect(info.admin.Admin).toMatch(/<.+@.+>/);
    expect(info.admin["Mod-Date"]).toMatch(/<\d{14}>/);
    expect(info.views.map((v) => v.type)).toEqual(["text/plain"]);
    const all = await g.directoryInfo("");
    expect(all.map((a) => a.info?.selector)).toEqual(["/about.txt", "/files", "/hello.txt", "/menu"]);
    expect(all[1]!.views.map((v) => v.type)).toEqual(["application/gopher+-menu"]);
    expect(await g.plus("/files/binary.bin")).toEqual(BINARY);
    expect((await g.plus("/hello.txt")).toString()).toBe("Hello from pygopherd!\n");
    await expect(g.info("/no/such/item")).rejects.toThrow(GopherPlusError);
    await expect(g.plus("/no/such/item")).rejects.toMatchObject({ code: 1 });
  });
});
