import { dotLines } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, ports } from "../env.js";
import { LineConn } from "../helpers.js";

async function fetchSelector(port: number, selector: string): Promise<Buffer> {
  const c = await LineConn.dial(port);
  try {
    await c.writeLine(selector);
    return await c.readToEnd();
  } finally {
    await c.close();
  }
}

/**
 * Menu items, read with textproto's dot reader. RFC 1436 ends a menu with "." (pygopherd
 * leaves it out and just closes, so `terminated` = false: the end of stream ends the menu).
 */
async function fetchMenu(port: number, selector: string, terminated = true): Promise<string[][]> {
  const c = await LineConn.dial(port);
  try {
    await c.writeLine(selector);
    const lines = dotLines(c.reader, { eofEnds: true });
    const items: string[][] = [];
    for await (const line of lines) if (line.length > 0) items.push(line.toString("utf8").split("\t"));
    expect(lines.terminated).toBe(terminated);
    // Nothing follows the menu.
    expect((await c.readToEnd()).length).toBe(0);
    return items;
  } finally {
    await c.close();
  }
}

describe("gophernicus", () => {
  it("serves the root menu", async () => {
    const items = await fetchMenu(ports.gopher, "");
    expect(items).toContainEqual(["0Hello text", "/hello.txt", host, String(ports.gopher)]);
    expect(items.map((i) => i[0]?.[0])).toEqual(expect.arrayContaining(["i", "0", "1", "9", "g", "7", "h"]));
  });

  it("serves text and binary items", async () => {
    // gophernicus sends text items with CRLF line ends.
    expect((await fetchSelector(ports.gopher, "/hello.txt")).toString()).toBe("Hello, gopher!\r\n");
    const bin = await fetchSelector(ports.gopher, "/files/binary.bin");
    expect(bin.length).toBe(4096);
    expect([...bin.subarray(250, 260)]).toEqual([250, 251, 252, 253, 254, 255, 0, 1, 2, 3]);
  });

  it("answers a type-7 search", async () => {
    const items = await fetchMenu(ports.gopher, "/cgi-bin/search\tal");
    expect(items).toContainEqual(["0alpha", "/words/alpha.txt", host, String(ports.gopher)]);
    expect(items.some((i) => i[0] === "0bravo")).toBe(false);
  });
});

describe("pygopherd", () => {
  it("serves the root menu and a text file", async () => {
    const items = await fetchMenu(ports.gopherPygopherd, "", false);
    expect(items.some((i) => i[0] === "0hello" && i[1] === "/hello.txt")).toBe(true);
    expect((await fetchSelector(ports.gopherPygopherd, "/hello.txt")).toString()).toBe(
      "Hello from pygopherd!\n",
    );
  });
});
