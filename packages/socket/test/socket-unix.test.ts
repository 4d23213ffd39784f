import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AF_UNIX, FileNotFoundError, SHUT_WR, SOCK_STREAM, socket, socketpair } from "../src/index.js";

const open: socket[] = [];
const paths: string[] = [];
function track<T extends socket>(s: T): T {
  open.push(s);
  return s;
}
function tmpPath(): string {
  const p = path.join(os.tmpdir(), `inetlib-unix-${process.pid}-${Math.random().toString(36).slice(2)}.sock`);
  paths.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(paths.splice(0).map((p) => rm(p, { force: true })));
});

describe("AF_UNIX stream sockets", () => {
  it("bind, listen, accept, connect, and Python's names for each end", async () => {
    const where = tmpPath();
    const srv = track(new socket(AF_UNIX, SOCK_STREAM));
    await srv.bind(where);
    await srv.listen();
    expect(srv.getsockname()).toBe(where);
    expect(existsSync(where)).toBe(true);
    const cli = track(new socket(AF_UNIX));
    await cli.connect(where);
    const [conn, addr] = await srv.accept();
    track(conn);
    expect(addr).toBe("");
    expect(cli.getpeername()).toBe(where);
    expect(cli.getsockname()).toBe("");
    expect(conn.getsockname()).toBe(where);
    expect(conn.getpeername()).toBe("");

    await cli.sendall(Buffer.from("over unix"));
    expect(await conn.recv(100)).toEqual(Buffer.from("over unix"));
    await cli.shutdown(SHUT_WR);
    expect(await conn.recv(100)).toEqual(Buffer.alloc(0));
    await conn.sendall(Buffer.from("reply after half-close"));
    expect(await cli.recv(100)).toEqual(Buffer.from("reply after half-close"));
    await conn.close();
    expect(await cli.recv(100)).toEqual(Buffer.alloc(0));
  });

  it("a path in use raises EADDRINUSE; a missing one FileNotFoundError", async () => {
    const where = tmpPath();
    const srv = track(new socket(AF_UNIX));
    await srv.bind(where);
    await srv.listen();
    const again = track(new socket(AF_UNIX));
    await expect(again.bind(where)).rejects.toMatchObject({ errno: 98 });
    const cli = track(new socket(AF_UNIX));
    await expect(cli.connect(tmpPath())).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(track(new socket(AF_UNIX)).bind(["127.0.0.1", 0])).rejects.toThrow(TypeError);
  });

  it("makefile works over a Unix connection", async () => {
    const [a, b] = await socketpair();
    track(a);
    track(b);
    const w = a.makefile("w");
    await w.write("line one\nline two\n");
    await w.close();
    await a.shutdown(SHUT_WR);
    const lines: string[] = [];
    for await (const line of b.makefile("r")) lines.push(line);
    expect(lines).toEqual(["line one\n", "line two\n"]);
  });
});
