// Python's transfer callbacks are bound methods (fp.write, lines.append); in JavaScript the same
// spelling hands over an unbound method that crashes mid-transfer, so the transfers refuse it
// before a byte is sent.
import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { FileTree, type FTPServer } from "@inetlib/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FTP } from "../src/index.js";
import { unboundCallback } from "../src/unbound.js";
import { client, serve, transcript } from "./helpers.js";

let server: FTPServer;
let ftp: FTP;

beforeEach(async () => {
  server = await serve({ tree: new FileTree({ "/a.txt": "a\r\nb\r\n" }) });
  ({ ftp } = await client(server));
  await ftp.login("user", "pass");
});

afterEach(async () => {
  await ftp.close();
  await server.close();
});

describe("unbound method callbacks", () => {
  it("knows fp.write, list.push and hash.update taken from their objects, and nothing bound", () => {
    const out = new PassThrough();
    const lines: string[] = [];
    const hash = createHash("sha256");
    expect(unboundCallback("retrbinary", out.write)?.message).toBe(
      "retrbinary(): the callback is fp.write taken from its object, which JavaScript does not bind as Python does: pass (b) => fp.write(b), or fp.write.bind(fp)",
    );
    expect(unboundCallback("retrlines", lines.push)).toBeInstanceOf(TypeError);
    expect(unboundCallback("retrbinary", hash.update)).toBeInstanceOf(TypeError);
    expect(unboundCallback("retrbinary", out.write.bind(out))).toBeNull();
    expect(unboundCallback("retrlines", (l: string) => lines.push(l))).toBeNull();
    expect(unboundCallback("retrlines", null)).toBeNull();
  });

  it("retrbinary, retrlines, storbinary and storlines refuse one before sending a command", async () => {
    const before = transcript(server).length;
    const blocks: Buffer[] = [];
    await expect(ftp.retrbinary("RETR a.txt", blocks.push)).rejects.toThrow(TypeError);
    const lines: string[] = [];
    await expect(ftp.retrlines("RETR a.txt", lines.push)).rejects.toThrow(TypeError);
    await expect(ftp.storbinary("STOR b.txt", Buffer.from("x"), 8192, blocks.push)).rejects.toThrow(
      TypeError,
    );
    await expect(ftp.storlines("STOR b.txt", Buffer.from("x\n"), blocks.push)).rejects.toThrow(TypeError);
    expect(transcript(server).slice(before)).toBe("");
    // The connection is still usable, and the bound spelling works.
    await ftp.retrbinary("RETR a.txt", (b) => void blocks.push(b));
    expect(Buffer.concat(blocks).toString()).toBe("a\r\nb\r\n");
  });
});
