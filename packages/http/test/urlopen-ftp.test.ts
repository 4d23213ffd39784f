// urlopen for ftp: URLs (FTPHandler, CacheFTPHandler) against the in-process FTP server:
// files, listings, ;type=, users from the URL, Python's headers and errors, the cache.
import { FileTree, FTPServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build_opener, CacheFTPHandler, guess_type, URLError, urlopen } from "../src/index.js";

let server: FTPServer;
let base: string;

beforeAll(async () => {
  server = await FTPServer.open({
    tree: new FileTree({
      "/hello.txt": "Hello, world!\r\n",
      "/pub/a b.txt": "a\nb\r\nc",
      "/pub/data.tar.gz": Buffer.from([0x1f, 0x8b, 0, 1, 2]),
      "/pub/sub/": null,
    }),
    users: { "us@r": "p:ss" },
  });
  base = `ftp://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

describe("FTPHandler", () => {
  it("retrieves a file anonymously, binary, with Python's headers", async () => {
    await using r = await urlopen(`${base}/hello.txt`);
    expect((await r.read()).toString()).toBe("Hello, world!\r\n");
    expect(r.getcode()).toBeNull();
    expect(r.geturl()).toBe(`${base}/hello.txt`);
    expect(r.info().get("Content-type")).toBe("text/plain");
    expect(r.info().get("Content-length")).toBe("15");
    const sent = server.transcript();
    expect(sent).toMatch(
      /^USER anonymous\r\nPASS anonymous@\r\nCWD \.\r\nTYPE I\r\n(PASV|EPSV)\r\nRETR hello.txt\r\n/,
    );
  });

  it("changes to the percent-decoded directories and takes the user and password from the URL", async () => {
    await using r = await urlopen(`ftp://us%40r:p%3Ass@127.0.0.1:${server.port}/pub/a%20b.txt`);
    expect((await r.read()).toString()).toBe("a\nb\r\nc");
    const sent = server.transcript();
    expect(sent).toContain("USER us@r\r\nPASS p:ss\r\nCWD pub\r\n");
    expect(sent).toContain("RETR a b.txt\r\n");
    expect(r.info().get("Content-type")).toBe("text/plain");
  });

  it("lists a directory (a path ending in /, a 550 on RETR, ;type=d) and reads text with ;type=a", async () => {
    {
      await using r = await urlopen(`${base}/pub/`);
      const text = (await r.read()).toString();
      expect(text).toContain("a b.txt");
      expect(text).toContain("sub");
      expect(r.info().get("Content-type")).toBeNull();
      expect(server.transcript()).toMatch(/TYPE A\r\n(PASV|EPSV)\r\nLIST\r\n/);
    }
    {
      await using r = await urlopen(`${base}/pub/sub`);
      await r.read();
      expect(server.transcript()).toMatch(
        /RETR sub\r\nTYPE A\r\nPWD\r\nCWD sub\r\nCWD \/pub\r\n(PASV|EPSV)\r\nLIST sub\r\n/,
      );
    }
    {
      await using r = await urlopen(`${base}/pub/sub;type=d`);
      await r.read();
      expect(server.transcript()).not.toContain("RETR");
    }
    {
      await using r = await urlopen(`${base}/hello.txt;type=a`);
      expect((await r.read()).toString()).toBe("Hello, world!\r\n");
      expect(server.transcript()).toContain("TYPE A\r\n");
      // Python guesses from the whole URL, ";type=a" included: no type.
      expect(r.info().get("Content-type")).toBeNull();
    }
  });

  it("guesses the type as Python's mimetypes does", async () => {
    await using r = await urlopen(`${base}/pub/data.tar.gz`);
    expect(r.info().get("Content-type")).toBe("application/x-tar");
    expect(await r.read()).toEqual(Buffer.from([0x1f, 0x8b, 0, 1, 2]));
    expect(guess_type("x.tgz")).toEqual(["application/x-tar", "gzip"]);
    expect(guess_type("/a/.profile")).toEqual([null, null]);
    expect(guess_type("data:image/png;base64,xx")).toEqual(["image/png", null]);
    expect(guess_type("f.HTML")).toEqual(["text/html", null]);
  });

  it("raises URLError with Python's messages", async () => {
    // Python wraps its own URLError again (URLError is an OSError, one of ftplib.all_errors).
    await expect(urlopen(`${base}/pub/nothere`)).rejects.toThrow(
      /^<urlopen error <urlopen error ftp error: error_perm\('550 .*'\)>>$/,
    );
    await expect(urlopen(`ftp://nobody:x@127.0.0.1:${server.port}/hello.txt`)).rejects.toThrow(
      /^<urlopen error 530 /,
    );
    await expect(urlopen("ftp:///x")).rejects.toThrow("<urlopen error ftp error: no host given>");
    const err = await urlopen(`${base}/nodir/x.txt`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(URLError);
    expect((err as URLError).reason).toBeInstanceOf(Error);
  });

  it("closes the connection when the response is closed", async () => {
    const before = server.connections.length;
    const r = await urlopen(`${base}/hello.txt`);
    await r.read();
    r.close();
    expect(server.connections.length).toBe(before + 1);
    // A second URL opens a connection of its own.
    await using r2 = await urlopen(`${base}/hello.txt`);
    await r2.read();
    expect(server.connections.length).toBe(before + 2);
  });
});

describe("CacheFTPHandler", () => {
  it("reuses one connection per user, host, port and directory", async () => {
    const handler = new CacheFTPHandler();
    const opener = build_opener(handler);
    const before = server.connections.length;
    for (const name of ["hello.txt", "hello.txt"]) {
      await using r = await opener.open(`${base}/${name}`);
      expect((await r.read()).toString()).toBe("Hello, world!\r\n");
    }
    expect(server.connections.length).toBe(before + 1);
    expect(server.transcript().match(/RETR hello.txt/g)).toHaveLength(2);
    // Another directory, another connection.
    await using r = await opener.open(`${base}/pub/a%20b.txt`);
    await r.read();
    expect(server.connections.length).toBe(before + 2);
    expect(handler.cache.size).toBe(2);
    handler.clear_cache();
    expect(handler.cache.size).toBe(0);
  });

  it("keeps at most max_conns and drops the expired", async () => {
    const handler = new CacheFTPHandler();
    handler.setMaxConns(1);
    const opener = build_opener(handler);
    for (const url of [`${base}/hello.txt`, `${base}/pub/a%20b.txt`]) {
      await using r = await opener.open(url);
      await r.read();
    }
    expect(handler.cache.size).toBe(1);
    handler.setTimeout(-1);
    await using r = await opener.open(`${base}/hello.txt`);
    await r.read();
    // Every entry but the one just used had expired.
    expect(handler.cache.size).toBe(1);
    handler.clear_cache();
  });

  it("gives a busy connection's URL a connection of its own, and recovers a closed one", async () => {
    const handler = new CacheFTPHandler();
    const opener = build_opener(handler);
    const before = server.connections.length;
    const first = await opener.open(`${base}/hello.txt`);
    const second = await opener.open(`${base}/hello.txt`);
    expect((await second.read()).toString()).toBe("Hello, world!\r\n");
    expect((await first.read()).toString()).toBe("Hello, world!\r\n");
    first.close();
    second.close();
    expect(server.connections.length).toBe(before + 2);
    // Closed before the end: the connection goes, and the next URL reconnects.
    const cut = await opener.open(`${base}/hello.txt`);
    cut.close();
    await using again = await opener.open(`${base}/hello.txt`);
    expect((await again.read()).toString()).toBe("Hello, world!\r\n");
    handler.clear_cache();
  });
});
