import { describe, expect, it } from "vitest";
import { host, ports } from "../env.js";
import { LineConn } from "../helpers.js";

async function fetchSelector(port: number, selector: string): Promise<Buffer> {
  const c = await LineConn.dial(port);
  try {
    await c.write(`${selector}\r\n`);
    return await c.readToEnd();
  } finally {
    c.close();
  }
}

/** Menu items; RFC 1436 ends a menu with "." (pygopherd leaves it out, so `terminated` = false). */
function menu(raw: Buffer, terminated = true): string[][] {
  const lines = raw.toString("utf8").split("\r\n");
  if (terminated) expect(lines).toContain(".");
  const end = lines.indexOf(".");
  return lines
    .slice(0, end < 0 ? undefined : end)
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
}

describe("gophernicus", () => {
  it("serves the root menu", async () => {
    const items = menu(await fetchSelector(ports.gopher, ""));
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
    const items = menu(await fetchSelector(ports.gopher, "/cgi-bin/search\tal"));
    expect(items).toContainEqual(["0alpha", "/words/alpha.txt", host, String(ports.gopher)]);
    expect(items.some((i) => i[0] === "0bravo")).toBe(false);
  });
});

describe("pygopherd", () => {
  it("serves the root menu and a text file", async () => {
    const items = menu(await fetchSelector(ports.gopherPygopherd, ""), false);
    expect(items.some((i) => i[0] === "0hello" && i[1] === "/hello.txt")).toBe(true);
    expect((await fetchSelector(ports.gopherPygopherd, "/hello.txt")).toString()).toBe(
      "Hello from pygopherd!\n",
    );
  });
});
