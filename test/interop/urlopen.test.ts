// urllib.request's urlopen for ftp:// (vsftpd) and gopher:// (gophernicus), compared with what
// Python 3.11's urlopen gives for the same URLs: the bytes, info()'s headers, the errors.
import { execFileSync } from "node:child_process";
import { build_opener, CacheFTPHandler, type URLResponse, urlopen } from "@inetlib/http";
import { AbortError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, ports, users } from "./env.js";

interface PythonResult {
  headers?: string;
  body?: string;
  error?: string;
}

/** What Python's urlopen(url) gives: str(info()) and the body (base64), or str(the error). */
function python(url: string): PythonResult {
  const script = `
import base64, json, sys, urllib.request
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=10)
    body = r.read()
    print(json.dumps({"headers": str(r.info()), "body": base64.b64encode(body).decode()}))
except Exception as e:
    print(json.dumps({"error": str(e)}))
`;
  return JSON.parse(execFileSync("python3", ["-c", script, url], { encoding: "utf8" })) as PythonResult;
}

async function ours(url: string): Promise<PythonResult> {
  let r: URLResponse;
  try {
    r = await urlopen(url, null, 10);
  } catch (err) {
    return { error: (err as Error).message };
  }
  try {
    const body = await r.read();
    // Python's str(email.message.Message): each header, then a blank line.
    const headers = `${r
      .info()
      .items()
      .map(([k, v]) => `${k}: ${v}\n`)
      .join("")}\n`;
    return { headers, body: body.toString("base64") };
  } finally {
    r.close();
  }
}

const FTP = `ftp://${host}:${ports.ftpVsftpd}`;
const { user, password } = users.system;

describe("urlopen ftp:// against vsftpd, as Python's", () => {
  for (const path of [
    "/hello.txt",
    "/hello.txt;type=a",
    "/pub/",
    "/pub",
    "/pub;type=d",
    "/pub/unicode-%C3%A9t%C3%A9.txt",
    "/pub/with%20space.txt",
    "/nothere",
    "/nodir/x.txt",
  ])
    it(`anonymous ${path}`, async () => {
      const url = FTP + path;
      expect(await ours(url)).toEqual(python(url));
    });

  it("logs in with the URL's user and password", async () => {
    const url = `ftp://${user}:${encodeURIComponent(password)}@${host}:${ports.ftpVsftpd}/hello.txt`;
    const result = await ours(url);
    expect(result.error).toBeUndefined();
    expect(result).toEqual(python(url));
    const wrong = `ftp://${user}:wrong@${host}:${ports.ftpVsftpd}/hello.txt`;
    expect(await ours(wrong)).toEqual(python(wrong));
  });

  it("CacheFTPHandler reuses the connection, and a signal stops a 100 MB transfer", async () => {
    const handler = new CacheFTPHandler();
    const opener = build_opener(handler);
    for (let i = 0; i < 3; i++) {
      await using r = await opener.open(`${FTP}/pub/lorem.txt`, null, 10);
      expect((await r.read()).length).toBeGreaterThan(0);
    }
    expect(handler.cache.size).toBe(1);
    const controller = new AbortController();
    const r = await opener.open(`${FTP}/big/100mb.bin`, null, 10, { signal: controller.signal });
    expect(r.info().get("Content-length")).toBe("104857600");
    expect((await r.read(1 << 16)).length).toBe(1 << 16);
    controller.abort();
    await expect(r.read()).rejects.toBeInstanceOf(AbortError);
    // The aborted connection is replaced on the next use.
    await using again = await opener.open(`${FTP}/hello.txt`, null, 10);
    expect((await again.read()).toString()).toBe("Hello, world!\r\n");
    handler.clear_cache();
  });
});

describe("urlopen gopher:// against gophernicus", () => {
  const G = `gopher://${host}:${ports.gopher}`;

  it("the root menu as its text, and a text item", async () => {
    await using menu = await urlopen(`${G}/`, null, 10);
    const text = (await menu.read()).toString();
    expect(text).toContain("0Hello text\t/hello.txt\t");
    expect(text).toContain("7Search the word list\t/cgi-bin/search\t");
    await using hello = await urlopen(`${G}/0/hello.txt`, null, 10);
    expect((await hello.read()).toString()).toBe("Hello, gopher!\r\n");
  });

  it("a type-7 search with its query after %09", async () => {
    await using r = await urlopen(`${G}/7/cgi-bin/search%09alpha`, null, 10);
    expect((await r.read()).toString()).toMatch(/alpha/);
  });
});
