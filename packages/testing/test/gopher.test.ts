// GopherServer over a GopherHole, checked on the wire: what a user's own gopher client test
// would read from it, byte for byte.
import { create_connection } from "@inetlib/socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GopherHole, GopherServer } from "../src/index.js";

const hole: GopherHole = {
  "": {
    kind: "menu",
    items: [
      { type: "i", display: "hello", selector: "", host: "null.host", port: 0 },
      { type: "0", display: "About", selector: "/about.txt" },
      { type: "1", display: "Elsewhere", selector: "/", host: "other.example", port: 7070 },
      "3a raw line, sent as given",
    ],
  },
  "/about.txt": { kind: "text", text: "line one\r\n.starts with a dot\r\n" },
  "/words": { kind: "search", search: (q) => [{ type: "0", display: `found ${q}`, selector: `/w/${q}` }] },
  "/bin": { kind: "binary", size: 600 },
  "/cut": { kind: "text", text: "no terminator", terminator: false },
};

let server: GopherServer;
beforeAll(async () => {
  server = await GopherServer.start(hole, { chunkSize: 7 });
});
afterAll(async () => {
  await server.close();
});

async function ask(request: string): Promise<Buffer> {
  await using s = await create_connection(["127.0.0.1", server.port], 10);
  await s.sendall(Buffer.from(request));
  const parts: Buffer[] = [];
  for (;;) {
    const data = await s.recv(65536);
    if (data.length === 0) return Buffer.concat(parts);
    parts.push(data);
  }
}

describe("GopherServer", () => {
  it("serves a menu: its items on this server, others as given, raw lines as they are, then '.'", async () => {
    const reply = (await ask("\r\n")).toString();
    expect(reply).toBe(
      [
        "ihello\t\tnull.host\t0",
        `0About\t/about.txt\t127.0.0.1\t${server.port}`,
        "1Elsewhere\t/\tother.example\t7070",
        "3a raw line, sent as given",
        ".",
        "",
      ].join("\r\n"),
    );
  });

  it("dot-stuffs a text item and ends it with '.'; without terminator sends it as it is", async () => {
    expect((await ask("/about.txt\r\n")).toString()).toBe("line one\r\n..starts with a dot\r\n.\r\n");
    expect((await ask("/cut\r\n")).toString()).toBe("no terminator");
  });

  it("answers a type-7 search with a menu made from the query", async () => {
    expect((await ask("/words\tcats\r\n")).toString()).toBe(
      `0found cats\t/w/cats\t127.0.0.1\t${server.port}\r\n.\r\n`,
    );
  });

  it("streams generated binaries (offset % 251), and Gopher+ gives their size first", async () => {
    const bin = await ask("/bin\r\n");
    expect(bin.length).toBe(600);
    expect(bin[300]).toBe(300 % 251);
    const plus = await ask("/bin\t+\r\n");
    expect(plus.subarray(0, 6).toString()).toBe("+600\r\n");
    expect(plus.length).toBe(606);
  });

  it("an unknown selector gets an error item; Gopher+ gets its error block", async () => {
    expect((await ask("/nope\r\n")).toString()).toMatch(/^3'\/nope' does not exist\t.*\r\n\.\r\n$/);
    expect((await ask("/nope\t+\r\n")).toString()).toMatch(
      /^--1\r\n1 .*\r\n'\/nope' is not available\.\r\n\.\r\n$/,
    );
  });

  it("records each request's exact bytes, and names its items by URL", async () => {
    await ask("/about.txt\r\n");
    expect(server.requests.at(-1)).toEqual(Buffer.from("/about.txt\r\n"));
    expect(server.url("0", "/about.txt")).toBe(`gopher://127.0.0.1:${server.port}/0/about.txt`);
  });
});
