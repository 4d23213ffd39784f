// The Gopher client against the in-memory gopher hole on loopback.
import {
  AbortError,
  AF_INET,
  DebugTrace,
  OSError,
  ResponseTooLarge,
  SOCK_STREAM,
  socket,
  TimeoutError,
  ValueError,
} from "@inetlib/socket";
import {
  demoHole,
  GOPHER_BIG_SIZE,
  GOPHER_BYTES,
  GOPHER_GIF,
  GopherServer,
  holeByte,
} from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Gopher } from "../src/gopher.js";
import { GopherError, itemKind, type MenuItem } from "../src/index.js";

let server: GopherServer;
let g: Gopher;

beforeAll(async () => {
  server = await GopherServer.start(demoHole());
  g = new Gopher("127.0.0.1", server.port, { timeout: 5 });
});
afterAll(async () => {
  await g.close();
  await server.close();
});

/** The requests the server received during `fn`, as text. */
async function sent(fn: () => Promise<unknown>): Promise<string[]> {
  const before = server.requests.length;
  await fn();
  return server.requests.slice(before).map((b) => b.toString("latin1"));
}

describe("menus", () => {
  it("reads the root menu as typed items and sends only CRLF", async () => {
    let menu!: Awaited<ReturnType<Gopher["menu"]>>;
    expect(await sent(async () => (menu = await g.menu()))).toEqual(["\r\n"]);
    expect(menu.complete).toBe(true);
    expect(menu.errors).toEqual([]);
    const docs = menu.items.find((i) => i.display === "Documents")!;
    expect(docs).toMatchObject({
      type: "1",
      selector: "/docs",
      host: "127.0.0.1",
      port: server.port,
      plus: false,
    });
    expect(menu.items.filter((i) => i.type === "i").map((i) => i.display)).toEqual([
      "Welcome to the inetlib gopher hole.",
      "Everything here is served from memory.",
      "",
    ]);
    expect(menu.items.find((i) => i.type === "h")!.url).toBe("http://localhost/inetlib/");
  });

  it("follows an item to its own host and port and sends its selector", async () => {
    const root = await g.menu();
    const docs = root.items.find((i) => i.selector === "/docs")!;
    let sub!: Awaited<ReturnType<Gopher["menu"]>>;
    expect(await sent(async () => (sub = await g.menu(docs)))).toEqual(["/docs\r\n"]);
    expect(sub.items.map((i) => i.display)).toEqual(["Document 1", "Document 2", "Document 3"]);
  });

  it("lists every item type with its kind", async () => {
    const menu = await g.menu("/types");
    expect(menu.items.map((i) => i.type).join("")).toBe("0123456789+TgIsechMwq:;<dpPxi");
    expect(menu.items.map((i) => itemKind(i.type, i.selector))).toContain("url");
    expect(menu.errors).toEqual([]);
  });

  it("keeps malformed lines as errors beside the good items", async () => {
    const menu = await g.menu("/broken");
    expect(menu.items.map((i) => i.display)).toEqual([
      "This menu has broken lines between good ones.",
      "A good line",
      "\x1b[31mAn escape sequence in the display\x1b[0m",
      "Another good line",
    ]);
    expect(menu.errors.map((e) => [e.line, e.text])).toEqual([
      [3, "a line without any TAB"],
      [4, "0Two fields only\t/about.txt"],
      [5, "0A bad port\t/about.txt\tlocalhost\tseventy"],
      [6, ""],
    ]);
  });

  it("streams entries one at a time", async () => {
    const types: string[] = [];
    for await (const entry of g.menuEntries("/broken")) types.push("reason" in entry ? "!" : entry.type);
    expect(types.join("")).toBe("i0!!!!01");
  });

  it("reads a server's reply written one byte at a time", async () => {
    await using slow = await GopherServer.start(demoHole(), { chunkSize: 1 });
    const client = new Gopher("127.0.0.1", slow.port);
    expect((await client.menu("/broken")).errors).toHaveLength(4);
    expect((await client.text("/dots.txt")).lines.slice(1, 5)).toEqual([
      ".",
      "..",
      ".hidden",
      "...three dots",
    ]);
  });
});

describe("texts, searches and binaries", () => {
  it("reads a text item dot-unstuffed", async () => {
    const text = await g.text("/dots.txt");
    expect(text.complete).toBe(true);
    expect(text.lines).toEqual([
      "Lines that start with a dot travel dot-stuffed:",
      ".",
      "..",
      ".hidden",
      "...three dots",
      "a line after them",
      "",
      "and the last line.",
    ]);
  });

  it("reads a text the server ended by closing, and streams lines", async () => {
    expect(await g.text("/plain.txt")).toEqual({
      lines: ["sent as it is,", "without a final dot line", "and without a final newline"],
      complete: false,
    });
    const lines: string[] = [];
    for await (const line of g.textLines("/about.txt")) lines.push(line);
    expect(lines).toEqual(["This gopher hole lives in memory.", "It is part of the inetlib tests and tour."]);
  });

  it("sends a search with the TAB itself", async () => {
    let menu!: Awaited<ReturnType<Gopher["search"]>>;
    expect(await sent(async () => (menu = await g.search("/words", "ha")))).toEqual(["/words\tha\r\n"]);
    expect(menu.items.map((i) => i.display)).toEqual(["Results for: ha", "alpha", "charlie"]);
  });

  it("reads binaries exactly and streams a big one", async () => {
    expect(await g.binary("/bytes.bin")).toEqual(GOPHER_BYTES);
    expect(await g.binary("/pixel.gif")).toEqual(GOPHER_GIF);
    let total = 0;
    let mismatches = 0;
    for await (const chunk of g.stream("/big.bin", 8192)) {
      expect(chunk.length).toBeLessThanOrEqual(8192);
      for (let i = 0; i < chunk.length; i += 4093) if (chunk[i] !== holeByte(total + i)) mismatches++;
      total += chunk.length;
    }
    expect(total).toBe(GOPHER_BIG_SIZE);
    expect(mismatches).toBe(0);
  });

  it("fetches an item as its type says, and a URL", async () => {
    const root = await g.menu();
    const byDisplay = (d: string) => root.items.find((i) => i.display === d)!;
    expect((await g.fetch(byDisplay("Documents"))).kind).toBe("menu");
    expect(await g.fetch(byDisplay("About this hole"))).toMatchObject({
      kind: "text",
      text: { complete: true },
    });
    expect(await g.fetch(byDisplay("Bytes 0-255"))).toEqual({ kind: "binary", data: GOPHER_BYTES });
    const search = await g.fetch(byDisplay("Search the word list"), { query: "golf" });
    expect(search.kind === "menu" && search.menu.items.map((i) => i.display)).toEqual([
      "Results for: golf",
      "golf",
    ]);
    await expect(g.fetch(byDisplay("Search the word list"))).rejects.toThrow(GopherError);
    await expect(g.fetch(byDisplay("A telnet BBS"))).rejects.toThrow(/cannot fetch a telnet item/);
    await expect(g.fetch(byDisplay("The inetlib web page"))).rejects.toThrow(/url item/);
    await expect(g.menu(root.items[0]!)).rejects.toThrow(/names no server/);
    const viaUrl = await g.fetch(`${server.url("7", "/words")}%09echo`);
    expect(viaUrl.kind === "menu" && viaUrl.menu.items.at(-1)?.display).toBe("echo");
  });
});

describe("Gopher+", () => {
  it("asks for an item's attributes with '!'", async () => {
    let attrs!: Awaited<ReturnType<Gopher["info"]>>;
    expect(await sent(async () => (attrs = await g.info("/about.txt")))).toEqual(["/about.txt\t!\r\n"]);
    expect(attrs.info).toMatchObject({
      type: "0",
      display: "About this hole",
      selector: "/about.txt",
      plus: true,
    });
    expect(attrs.admin.Admin).toBe("Hole Keeper <keeper@hole.test>");
    expect(attrs.views.map((v) => v.label)).toEqual([
      "text/plain",
      "text/plain De_DE",
      "application/postscript",
    ]);
    expect(attrs.abstract).toEqual(["What this hole is,", "in two lines."]);
  });

  it("asks for some attributes only, and for a search item after an empty search", async () => {
    const root = await g.menu();
    const search = root.items.find((i) => i.type === "7")!;
    const requests = await sent(async () => {
      const admin = await g.info("/about.txt", ["ADMIN"]);
      expect(admin.blocks.map((b) => b.name)).toEqual(["INFO", "ADMIN"]);
      expect((await g.info(search)).info?.type).toBe("7");
    });
    expect(requests).toEqual(["/about.txt\t!+ADMIN\r\n", "/words\t\t!\r\n"]);
  });

  it("asks for a whole directory's attributes with '$'", async () => {
    let all!: Awaited<ReturnType<Gopher["directoryInfo"]>>;
    expect(await sent(async () => (all = await g.directoryInfo("/docs", ["+VIEWS"])))).toEqual([
      "/docs\t$+VIEWS\r\n",
    ]);
    expect(all.map((a) => a.info?.selector)).toEqual(["/docs/doc1.txt", "/docs/doc2.txt", "/docs/doc3.txt"]);
    expect(all[0]!.views.map((v) => v.type)).toEqual(["text/plain"]);
  });

  it("fetches a view and reads every kind of data head", async () => {
    expect(
      await sent(async () =>
        expect((await g.plus("/about.txt", { view: "text/plain De_DE" })).toString()).toBe(
          "Dieses Gopher-Loch lebt im Speicher.\r\n",
        ),
      ),
    ).toEqual(["/about.txt\t+text/plain De_DE\r\n"]);
    expect((await g.plus("/dots.txt")).toString()).toContain("\r\n.\r\n..\r\n.hidden\r\n");
    expect(await g.plus("/bytes.bin")).toEqual(GOPHER_BYTES);
    expect((await g.plus("/plain.txt")).toString()).toBe(
      "sent as it is,\nwithout a final dot line\nand without a final newline",
    );
    expect((await g.plus("/words", { query: "hotel" })).toString()).toContain("0hotel\t/words/hotel.txt");
  });

  it("raises GopherPlusError for an error reply and ProtocolError for a server without Gopher+", async () => {
    await expect(g.info("/missing")).rejects.toMatchObject({
      name: "GopherPlusError",
      code: 1,
      admin: "keeper@hole.test",
    });
    await using old = await GopherServer.start(demoHole(), { gopherPlus: false });
    await expect(new Gopher("127.0.0.1", old.port).info("/about.txt")).rejects.toThrow(
      /not a Gopher\+ reply/,
    );
  });
});

describe("defences", () => {
  it("refuses CR, LF and TAB in selectors and CR, LF in searches before connecting", async () => {
    const before = server.requests.length;
    await expect(g.menu("/docs\r\n/secret")).rejects.toThrow(ValueError);
    await expect(g.text("/a\tb")).rejects.toThrow(/TAB/);
    await expect(g.search("/words", "x\r\ny")).rejects.toThrow(/newline/);
    await expect(g.search("/words", "x\ty")).rejects.toThrow(/TAB/);
    await expect(g.info("/about.txt", ["ADMIN\tX"])).rejects.toThrow(ValueError);
    const evil: MenuItem = { ...(await g.menu()).items[3]!, rawSelector: Buffer.from("/x\r\nQUIT") };
    await expect(g.text(evil)).rejects.toThrow(ValueError);
    expect(server.requests.length).toBe(before + 1);
  });

  it("bounds menus, texts and binaries read whole", async () => {
    const tight = new Gopher("127.0.0.1", server.port, {
      limits: { maxMenuLines: 5, maxTextBytes: 100, maxBinaryBytes: 1000 },
    });
    await expect(tight.menu()).rejects.toThrow(ResponseTooLarge);
    await expect(tight.text("/dots.txt")).rejects.toThrow(/more than 100 bytes/);
    await expect(tight.binary("/bytes.bin")).rejects.toThrow(/more than 1000 bytes/);
    const short = new Gopher("127.0.0.1", server.port, { limits: { maxline: 40 } });
    await expect(short.menu("/broken")).rejects.toThrow(/got more than 40 bytes/);
    const loose = new Gopher("127.0.0.1", server.port, { limits: { maxBinaryBytes: null } });
    expect((await loose.binary("/bytes.bin")).length).toBe(4096);
  });

  it("times out a server that never answers, and obeys an AbortSignal", async () => {
    const silent = new socket(AF_INET, SOCK_STREAM);
    await silent.bind(["127.0.0.1", 0]);
    await silent.listen();
    const port = (silent.getsockname() as [string, number])[1];
    const held: socket[] = [];
    const accepting = (async () => {
      for (;;) held.push((await silent.accept())[0]);
    })().catch(() => {});
    try {
      await expect(new Gopher("127.0.0.1", port, { timeout: 0.2 }).menu()).rejects.toThrow(TimeoutError);
      const controller = new AbortController();
      const pending = new Gopher("127.0.0.1", port, { signal: controller.signal, timeout: null }).text("/x");
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toThrow(AbortError);
    } finally {
      await silent.close();
      await Promise.all(held.map((s) => s.close()));
      await accepting;
    }
  });

  it("prints the requests at debug level 1 and the lines at 2", async () => {
    const out: string[] = [];
    const client = new Gopher("127.0.0.1", server.port, {
      debug: new DebugTrace({ sink: (t) => out.push(t) }),
    });
    client.set_debuglevel(1);
    await client.search("/words", "golf");
    expect(out).toEqual(["*cmd* '/words\\tgolf'\n"]);
    client.set_debuglevel(2);
    out.length = 0;
    await client.text("/docs/doc1.txt");
    expect(out).toEqual(["*cmd* '/docs/doc1.txt'\n", "*get* b'Document 1\\r\\n'\n", "*get* b'.\\r\\n'\n"]);
  });

  it("closes streams left open", async () => {
    const client = new Gopher("127.0.0.1", server.port);
    const it = client.stream("/big.bin", 1024);
    expect((await it.next()).value).toHaveLength(1024);
    await client.close();
    await expect(it.next()).rejects.toThrow(OSError);
  });
});

describe("IPv6", () => {
  it("talks to a server on ::1", async () => {
    await using v6 = await GopherServer.start(demoHole(), { host: "::1" });
    const client = new Gopher("::1", v6.port);
    const menu = await client.menu("/docs");
    expect(menu.items[0]).toMatchObject({ host: "::1", port: v6.port });
    expect((await client.text(menu.items[0]!)).lines).toEqual(["Document 1"]);
  });
});
