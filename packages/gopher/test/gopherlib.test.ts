// gopherlib's functions against the in-memory gopher hole, with gopherlib's own messages.
import { ResponseTooLarge, ValueError } from "@inetlib/socket";
import { demoHole, GOPHER_BYTES, GopherServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  get_alt_binary,
  get_alt_textfile,
  get_binary,
  get_directory,
  get_textfile,
  path_to_datatype_name,
  path_to_selector,
  send_query,
  send_selector,
} from "../src/gopherlib.js";

let server: GopherServer;
beforeAll(async () => {
  const hole = demoHole();
  hole["/extra"] = {
    kind: "menu",
    items: [
      { type: "0", display: "Plus", selector: "/p", extra: ["+"] },
      { type: "0", display: "Ask", selector: "/a", extra: ["?"] },
      { type: "0", display: "Two", selector: "/t", extra: ["x", "y"] },
    ],
  };
  hole["/cut"] = { kind: "raw", data: "0A\t/a\th\t70\r\n" };
  server = await GopherServer.start(hole);
});
afterAll(() => server.close());

async function fetchDirectory(selector: string) {
  const log: string[] = [];
  const f = await send_selector(selector, "127.0.0.1", server.port);
  try {
    return { entries: await get_directory(f, { log: (m) => log.push(m) }), log };
  } finally {
    await f.close();
  }
}

describe("send_selector and get_directory", () => {
  it("returns gopherlib's lists, a sixth empty member when only four fields came", async () => {
    const { entries, log } = await fetchDirectory("/docs");
    expect(entries).toEqual(
      [1, 2, 3].map((i) => ["0", `Document ${i}`, `/docs/doc${i}.txt`, "127.0.0.1", String(server.port), ""]),
    );
    expect(log).toEqual([]);
    expect(server.requests.at(-1)!.toString()).toBe("/docs\r\n");
  });

  it("reports and skips bad lines as gopherlib printed them (a bad port is not its concern)", async () => {
    const { entries, log } = await fetchDirectory("/broken");
    expect(entries.map((e) => e[1])).toEqual([
      "This menu has broken lines between good ones.",
      "A good line",
      "A bad port",
      "\x1b[31mAn escape sequence in the display\x1b[0m",
      "Another good line",
    ]);
    expect(log).toEqual([
      "(Bad line from server: 'a line without any TAB')",
      "(Bad line from server: '0Two fields only\\t/about.txt')",
      "(Empty line from server)",
    ]);
  });

  it("keeps extra fields, reporting all but a lone '+'", async () => {
    const { entries, log } = await fetchDirectory("/extra");
    expect(entries.map((e) => e.slice(5))).toEqual([["+"], ["?"], ["x", "y"]]);
    expect(log).toEqual(["(Extra info from server: ['?'] )", "(Extra info from server: ['x', 'y'] )"]);
  });

  it("reports end of stream before the '.' line", async () => {
    const { entries, log } = await fetchDirectory("/cut");
    expect(entries).toEqual([["0", "A", "/a", "h", "70", ""]]);
    expect(log).toEqual(["(Unexpected EOF from server)"]);
  });

  it("takes the port from host:port and from a string, as gopherlib did", async () => {
    for (const [host, port] of [
      [`127.0.0.1:${server.port}`, 0],
      ["127.0.0.1", String(server.port)],
      [`[127.0.0.1]:${server.port}`, undefined],
    ] as const) {
      const f = await send_selector("/docs", host, port);
      expect((await get_directory(f, { log: null })).length).toBe(3);
      await f.close();
    }
    await expect(send_selector("/", "127.0.0.1", "seventy")).rejects.toThrow(
      "invalid literal for int() with base 10: 'seventy'",
    );
    await expect(send_selector("/a\r\nb", "127.0.0.1", server.port)).rejects.toThrow(ValueError);
  });

  it("sends a query after a TAB with send_query", async () => {
    const f = await send_query("/words", "ol", "127.0.0.1", server.port);
    const entries = await get_directory(f, { log: null });
    await f.close();
    expect(entries.map((e) => e[1])).toEqual(["Results for: ol", "golf"]);
    expect(server.requests.at(-1)!.toString()).toBe("/words\tol\r\n");
    await expect(send_query("/words", "a\tb", "127.0.0.1", server.port)).rejects.toThrow(/TAB/);
  });
});

describe("get_textfile and get_alt_textfile", () => {
  it("undoes dot-stuffing and stops at '.'", async () => {
    const f = await send_selector("/dots.txt", "127.0.0.1", server.port);
    expect(await get_textfile(f)).toEqual([
      "Lines that start with a dot travel dot-stuffed:",
      ".",
      "..",
      ".hidden",
      "...three dots",
      "a line after them",
      "",
      "and the last line.",
    ]);
    await f.close();
  });

  it("calls func per line and reports end of stream", async () => {
    const f = await send_selector("/plain.txt", "127.0.0.1", server.port);
    const lines: string[] = [];
    const log: string[] = [];
    await get_alt_textfile(f, (l) => void lines.push(l), { log: (m) => log.push(m) });
    await f.close();
    expect(lines).toEqual(["sent as it is,", "without a final dot line", "and without a final newline"]);
    expect(log).toEqual(["(Unexpected EOF from server)"]);
  });

  it("bounds what get_textfile collects", async () => {
    const f = await send_selector("/dots.txt", "127.0.0.1", server.port);
    await expect(get_textfile(f, { maxBytes: 50 })).rejects.toThrow(ResponseTooLarge);
    await f.close();
  });
});

describe("get_binary and get_alt_binary", () => {
  it("reads to the end of the connection", async () => {
    const f = await send_selector("/bytes.bin", "127.0.0.1", server.port);
    expect(await get_binary(f)).toEqual(GOPHER_BYTES);
    await f.close();
    const g = await send_selector("/bytes.bin", "127.0.0.1", server.port);
    await expect(get_binary(g, { maxBytes: 4095 })).rejects.toThrow(ResponseTooLarge);
    await g.close();
  });

  it("passes blocks of blocksize to func", async () => {
    const f = await send_selector("/bytes.bin", "127.0.0.1", server.port);
    const sizes: number[] = [];
    const parts: Buffer[] = [];
    await get_alt_binary(
      f,
      (data) => {
        sizes.push(data.length);
        parts.push(data);
      },
      1000,
    );
    await f.close();
    expect(sizes).toEqual([1000, 1000, 1000, 1000, 96]);
    expect(Buffer.concat(parts)).toEqual(GOPHER_BYTES);
  });
});

describe("path_to_selector and path_to_datatype_name", () => {
  it("split a URL path as gopherlib did", () => {
    expect(path_to_selector("/")).toBe("/");
    expect(path_to_selector("/0/docs/a.txt")).toBe("/docs/a.txt");
    expect(path_to_selector("/1")).toBe("");
    expect(path_to_datatype_name("/")).toBe("TYPE='unknown'");
    expect(path_to_datatype_name("/0/docs/a.txt")).toBe("TEXT");
    expect(path_to_datatype_name("/7/find")).toBe("INDEX");
    expect(path_to_datatype_name("/Zfoo")).toBe("TYPE='Z'");
  });
});
