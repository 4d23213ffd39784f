// The small pieces: Python's sanitize(), codecs, the line-length rule, upload sources, ftpcp.
import { UnicodeDecodeError } from "@inetlib/socket";
import { FileTree } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { checkLength, codec, sanitize } from "../src/control.js";
import { B_CRLF, CRLF, FTP_PORT, Error as FTPError, ftpcp, MAXLINE, print_line } from "../src/index.js";
import { BlockReader } from "../src/sources.js";
import { client, serve } from "./helpers.js";

describe("sanitize", () => {
  it("stars a PASS command's argument, keeping the line ending; bytes are repr()'d", () => {
    expect(sanitize("PASS hunter2\r\n")).toBe("'PASS *******\\r\\n'");
    expect(sanitize("pass ")).toBe("'pass '");
    expect(sanitize("USER it's")).toBe('"USER it\'s"');
    expect(sanitize(Buffer.from("ABOR\r\n"))).toBe("b'ABOR\\r\\n'");
  });
});

describe("codec", () => {
  it("Python's names, strict decoding", () => {
    expect(codec("UTF8").name).toBe("utf-8");
    expect(codec("latin_1").name).toBe("latin-1");
    expect(codec("ascii").decode(Buffer.from("ok"))).toBe("ok");
    expect(() => codec("ascii").decode(Buffer.from([0x61, 0xe9]))).toThrow(
      new UnicodeDecodeError("'ascii' codec can't decode byte 0xe9 in position 1: ordinal not in range(128)"),
    );
    expect(() => codec("utf-8").decode(Buffer.from([0xff]))).toThrow(UnicodeDecodeError);
    expect(codec("latin-1").decode(Buffer.from([0xe9]))).toBe("\u00e9");
  });

  it("checkLength counts code points and the line ending as one", () => {
    expect(() => checkLength("x".repeat(8191), true, 8192)).not.toThrow();
    expect(() => checkLength("x".repeat(8192), true, 8192)).toThrow(new FTPError("got more than 8192 bytes"));
    expect(() => checkLength("x".repeat(8192), false, 8192)).not.toThrow();
    expect(() => checkLength("\u{1F600}".repeat(8191), true, 8192)).not.toThrow();
  });
});

describe("constants and print_line", () => {
  it("as ftplib's", () => {
    expect([FTP_PORT, MAXLINE, CRLF, B_CRLF.toString()]).toEqual([21, 8192, "\r\n", "\r\n"]);
    const writes: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => writes.push(s) > 0) as typeof process.stdout.write;
    try {
      print_line("hello");
    } finally {
      process.stdout.write = write;
    }
    expect(writes).toEqual(["hello\n"]);
  });
});

describe("BlockReader", () => {
  it("read(n) never gives more than n, views not copies, empty at the end", async () => {
    const data = Buffer.from("abcdefghij");
    const r = new BlockReader(data);
    const a = await r.read(4);
    expect(a.toString()).toBe("abcd");
    expect(a.buffer).toBe(data.buffer);
    expect((await r.read(100)).toString()).toBe("efghij");
    expect((await r.read(4)).length).toBe(0);
  });

  it("takes Python-style files, iterables and async iterables; refuses text", async () => {
    let pos = 0;
    const file = {
      read(n: number) {
        const out = Buffer.from("xyz").subarray(pos, pos + n);
        pos += n;
        return out;
      },
    };
    const r = new BlockReader(file);
    expect((await r.read(2)).toString()).toBe("xy");
    expect((await r.read(2)).toString()).toBe("z");
    const it = new BlockReader([Buffer.from("ab"), Buffer.from("cde")]);
    expect([
      (await it.read(1)).toString(),
      (await it.read(9)).toString(),
      (await it.read(9)).toString(),
    ]).toEqual(["a", "b", "cde"]);
    await expect(new BlockReader(["text"] as unknown as Buffer[]).read(1)).rejects.toThrow(
      new TypeError("a bytes-like object is required, not 'str'"),
    );
  });
});

describe("ftpcp", () => {
  it("copies between two servers without passing through the client", async () => {
    await using source = await serve({ tree: new FileTree({ "/data.bin": "copied bytes" }) });
    await using target = await serve({ tree: new FileTree() });
    const { ftp: a } = await client(source);
    const { ftp: b } = await client(target);
    await a.login("user", "pass");
    await b.login("user", "pass");
    await ftpcp(a, "data.bin", b, "copy.bin");
    expect(target.tree.get("/copy.bin")).toMatchObject({ content: Buffer.from("copied bytes") });
    expect(source.transcript()).toBe("USER user\r\nPASS pass\r\nTYPE I\r\nPASV\r\nRETR data.bin\r\n");
    expect(target.transcript()).toMatch(
      /^USER user\r\nPASS pass\r\nTYPE I\r\nPORT 127,0,0,1,\d+,\d+\r\nSTOR copy.bin\r\n$/,
    );
    await a.close();
    await b.close();
  });
});
