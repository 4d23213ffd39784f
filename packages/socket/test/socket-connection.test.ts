import { readdir } from "node:fs/promises";
import os from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  ConnectionRefusedError,
  create_connection,
  create_server,
  ExceptionGroup,
  has_dualstack_ipv6,
  has_ipv6,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  OSError,
  SO_REUSEADDR,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  setdefaulttimeout,
  socket,
  socketpair,
  ValueError,
} from "../src/index.js";

const open: socket[] = [];
function track<T extends socket>(s: T): T {
  open.push(s);
  return s;
}
afterEach(async () => {
  setdefaulttimeout(null);
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function freePort(): Promise<number> {
  const s = new socket();
  await s.bind(["127.0.0.1", 0]);
  const port = (s.getsockname() as [string, number])[1];
  await s.close();
  return port;
}

describe("create_server", () => {
  it("binds and listens, with SO_REUSEADDR set", async () => {
    const srv = track(await create_server(["127.0.0.1", 0]));
    expect(srv.family).toBe(AF_INET);
    expect(srv.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(1);
    const [, port] = srv.getsockname() as [string, number];
    const cli = track(await create_connection(["127.0.0.1", port]));
    const [conn] = await srv.accept();
    track(conn);
    await cli.sendall(Buffer.from("hi"));
    expect(await conn.recv(2)).toEqual(Buffer.from("hi"));
  });

  it("makes AF_INET6 sockets IPv6-only unless dualstack_ipv6", async () => {
    const v6 = track(await create_server(["::1", 0], { family: AF_INET6 }));
    expect(v6.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY)).toBe(1);
    expect(has_ipv6).toBe(true);
    expect(has_dualstack_ipv6()).toBe(true);
    const dual = track(await create_server(["", 0], { family: AF_INET6, dualstack_ipv6: true }));
    expect(dual.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY)).toBe(0);
    const port = (dual.getsockname() as [string, number])[1];
    const v4 = track(await create_connection(["127.0.0.1", port]));
    const v6c = track(await create_connection(["::1", port]));
    const peers = await Promise.all([dual.accept(), dual.accept()]);
    for (const [c] of peers) track(c);
    expect(peers.map(([, a]) => a[0]).sort()).toEqual(["::1", "::ffff:127.0.0.1"]);
    expect(v4.family).toBe(AF_INET);
    expect(v6c.family).toBe(AF_INET6);
    await expect(create_server(["", 0], { dualstack_ipv6: true })).rejects.toThrow(
      new ValueError("dualstack_ipv6 requires AF_INET6 family"),
    );
  });

  it("says which address could not be bound", async () => {
    const srv = track(await create_server(["127.0.0.1", 0]));
    const [, port] = srv.getsockname() as [string, number];
    const err = await create_server(["127.0.0.1", port]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OSError);
    expect(err).toMatchObject({
      errno: 98,
      message: `[Errno 98] Address already in use (while attempting to bind on address ('127.0.0.1', ${port}))`,
    });
  });
});

describe("create_connection", () => {
  it("resolves localhost and applies timeout and source_address", async () => {
    const srv = track(await create_server(["127.0.0.1", 0]));
    const [, port] = srv.getsockname() as [string, number];
    const probe = track(await create_server(["127.0.0.2", 0]));
    const [, source] = probe.getsockname() as [string, number];
    await probe.close();
    const cli = track(await create_connection(["localhost", port], 3, ["127.0.0.2", source]));
    expect(cli.gettimeout()).toBe(3);
    expect(cli.getpeername()).toEqual(["127.0.0.1", port]);
    const [conn, addr] = await srv.accept();
    track(conn);
    // The server sees the address and port given, not ones the system picked.
    expect(addr).toEqual(["127.0.0.2", source]);
  });

  it("uses the default timeout unless given one; null means blocking", async () => {
    const srv = track(await create_server(["127.0.0.1", 0]));
    const addr = srv.getsockname() as [string, number];
    setdefaulttimeout(4);
    expect(track(await create_connection(addr)).gettimeout()).toBe(4);
    expect(track(await create_connection(addr, null)).gettimeout()).toBeNull();
  });

  it("raises the last error, or all of them as an ExceptionGroup", async () => {
    const port = await freePort();
    await expect(create_connection(["127.0.0.1", port])).rejects.toBeInstanceOf(ConnectionRefusedError);
    const err = await create_connection(["127.0.0.1", port], undefined, null, { all_errors: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExceptionGroup);
    expect(err).toBeInstanceOf(AggregateError);
    const group = err as ExceptionGroup;
    expect(group.message).toBe("create_connection failed (1 sub-exception)");
    expect(group.exceptions).toHaveLength(1);
    expect(group.exceptions[0]).toBeInstanceOf(ConnectionRefusedError);
    await expect(create_connection(["no-such-host.invalid", port])).rejects.toMatchObject({ errno: -2 });
  });

  it("tries each address in getaddrinfo() order: ::1 first, then 127.0.0.1", async () => {
    // A null host resolves to the loopback addresses, IPv6 first (as glibc orders them).
    const srv = track(await create_server(["127.0.0.1", 0]));
    const [, port] = srv.getsockname() as [string, number];
    const cli = track(await create_connection([null, port]));
    expect(cli.family).toBe(AF_INET);
    expect(cli.getpeername()).toEqual(["127.0.0.1", port]);
    await srv.close();
    const free = await freePort();
    const group = (await create_connection([null, free], undefined, null, { all_errors: true }).catch(
      (e: unknown) => e,
    )) as ExceptionGroup;
    expect(group.message).toBe("create_connection failed (2 sub-exceptions)");
    expect(group.exceptions.map((e) => (e as OSError).errno)).toEqual([111, 111]);
  });

  it("stops at once when its signal is already aborted", async () => {
    const srv = track(await create_server(["127.0.0.1", 0]));
    const ac = new AbortController();
    ac.abort();
    await expect(
      create_connection(srv.getsockname() as [string, number], undefined, null, { signal: ac.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("socketpair", () => {
  it("defaults to a connected AF_UNIX pair with empty names", async () => {
    const [a, b] = (await socketpair()).map(track) as [socket, socket];
    expect([a.family, a.type, b.family]).toEqual([AF_UNIX, SOCK_STREAM, AF_UNIX]);
    expect(a.getsockname()).toBe("");
    expect(b.getpeername()).toBe("");
    await a.sendall(Buffer.from("ping"));
    expect(await b.recv(10)).toEqual(Buffer.from("ping"));
    await b.sendall(Buffer.from("pong"));
    expect(await a.recv(10)).toEqual(Buffer.from("pong"));
    await a.close();
    expect(await b.recv(10)).toEqual(Buffer.alloc(0));
  });

  it.each([
    [AF_INET, "127.0.0.1"],
    [AF_INET6, "::1"],
  ])("gives a loopback TCP pair for family %i", async (family, host) => {
    const [a, b] = (await socketpair(family)).map(track) as [socket, socket];
    expect(a.getpeername()).toEqual(b.getsockname());
    expect((a.getsockname() as string[])[0]).toBe(host);
    await a.sendall(Buffer.from("x"));
    expect(await b.recv(1)).toEqual(Buffer.from("x"));
  });

  it("leaves no listening path behind and rejects other types", async () => {
    const before = new Set(await readdir(os.tmpdir()));
    const pair = (await socketpair()).map(track);
    expect(pair).toHaveLength(2);
    const after = await readdir(os.tmpdir());
    expect(after.filter((f) => f.startsWith("inetlib-pair-") && !before.has(f))).toEqual([]);
    await expect(socketpair(AF_INET, SOCK_DGRAM)).rejects.toThrow(
      "Only SOCK_STREAM socket type is supported",
    );
    await expect(socketpair(AF_UNIX, SOCK_DGRAM)).rejects.toMatchObject({ errno: 97 });
    await expect(socketpair(AF_INET, SOCK_STREAM, 6)).rejects.toThrow("Only protocol zero is supported");
  });
});
