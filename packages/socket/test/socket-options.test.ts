import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  ConnectionResetError,
  IP_MULTICAST_LOOP,
  IP_MULTICAST_TTL,
  IP_TTL,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPPROTO_TCP,
  IPV6_V6ONLY,
  SO_BROADCAST,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_LINGER,
  SO_RCVBUF,
  SO_REUSEADDR,
  SO_SNDBUF,
  SO_TYPE,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  socket,
  TCP_KEEPIDLE,
  TCP_NODELAY,
} from "../src/index.js";

const open: socket[] = [];
function track<T extends socket>(s: T): T {
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function connectedPair(family = AF_INET, host = "127.0.0.1"): Promise<[socket, socket, socket]> {
  const srv = track(new socket(family, SOCK_STREAM));
  await srv.bind([host, 0]);
  await srv.listen();
  const cli = track(new socket(family, SOCK_STREAM));
  await cli.connect(srv.getsockname() as [string, number]);
  const [conn] = await srv.accept();
  return [srv, cli, track(conn)];
}

describe("stream socket options", () => {
  it("SO_TYPE reads the type; SO_ERROR is 0; both are read-only", () => {
    const s = track(new socket());
    expect(s.getsockopt(SOL_SOCKET, SO_TYPE)).toBe(SOCK_STREAM);
    expect(track(new socket(AF_INET, SOCK_DGRAM)).getsockopt(SOL_SOCKET, SO_TYPE)).toBe(SOCK_DGRAM);
    expect(s.getsockopt(SOL_SOCKET, SO_ERROR)).toBe(0);
    expect(() => s.setsockopt(SOL_SOCKET, SO_TYPE, 2)).toThrow(expect.objectContaining({ errno: 92 }));
  });

  it("records and reports SO_REUSEADDR, SO_KEEPALIVE, TCP_NODELAY, TCP_KEEPIDLE, buffer sizes", async () => {
    const [, cli] = await connectedPair();
    expect(cli.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(0);
    cli.setsockopt(IPPROTO_TCP, TCP_NODELAY, 7);
    expect(cli.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(1);
    cli.setsockopt(SOL_SOCKET, SO_KEEPALIVE, true);
    cli.setsockopt(IPPROTO_TCP, TCP_KEEPIDLE, 30);
    expect(cli.getsockopt(SOL_SOCKET, SO_KEEPALIVE)).toBe(1);
    expect(cli.getsockopt(IPPROTO_TCP, TCP_KEEPIDLE)).toBe(30);
    expect(cli.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(0);
    cli.setsockopt(SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]));
    expect(cli.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(1);
    expect(cli.getsockopt(SOL_SOCKET, SO_REUSEADDR, 4)).toEqual(Buffer.from([1, 0, 0, 0]));
    expect(cli.getsockopt(SOL_SOCKET, SO_SNDBUF)).toBeGreaterThan(0);
    cli.setsockopt(SOL_SOCKET, SO_SNDBUF, 65536);
    expect(cli.getsockopt(SOL_SOCKET, SO_SNDBUF)).toBe(65536);
    expect(() => cli.getsockopt(SOL_SOCKET, SO_SNDBUF, 2000)).toThrow("getsockopt buflen out of range");
    // The connection still works with the options applied.
    await cli.sendall(Buffer.from("ok"));
  });

  it("an accepted socket inherits the listener's options", async () => {
    const srv = track(new socket());
    srv.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    srv.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1);
    await srv.bind(["127.0.0.1", 0]);
    await srv.listen();
    const cli = track(new socket());
    await cli.connect(srv.getsockname() as [string, number]);
    const [conn] = await srv.accept();
    track(conn);
    expect(conn.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(1);
    expect(conn.getsockopt(SOL_SOCKET, SO_KEEPALIVE)).toBe(1);
    expect(cli.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(0);
  });

  it("SO_LINGER {1, 0} makes close() reset the connection", async () => {
    const [, cli, conn] = await connectedPair();
    expect(cli.getsockopt(SOL_SOCKET, SO_LINGER, 8)).toEqual(Buffer.alloc(8));
    const linger = Buffer.alloc(8);
    linger.writeInt32LE(1, 0);
    cli.setsockopt(SOL_SOCKET, SO_LINGER, linger);
    expect(cli.getsockopt(SOL_SOCKET, SO_LINGER, 8)).toEqual(linger);
    expect(() => cli.setsockopt(SOL_SOCKET, SO_LINGER, 1)).toThrow(expect.objectContaining({ errno: 22 }));
    await cli.close();
    await expect(conn.recv(10)).rejects.toBeInstanceOf(ConnectionResetError);
  });

  it("IPV6_V6ONLY applies before bind and decides whether IPv4 clients get in", async () => {
    const only = track(new socket(AF_INET6));
    expect(only.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY)).toBe(0);
    only.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    await only.bind(["::", 0]);
    await only.listen();
    expect(() => only.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)).toThrow(
      expect.objectContaining({ errno: 22 }),
    );
    const port = (only.getsockname() as [string, number])[1];
    const v4 = track(new socket(AF_INET));
    await expect(v4.connect(["127.0.0.1", port])).rejects.toMatchObject({ errno: 111 });

    const dual = track(new socket(AF_INET6));
    dual.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0);
    await dual.bind(["::", 0]);
    await dual.listen();
    const v4b = track(new socket(AF_INET));
    await v4b.connect(["127.0.0.1", (dual.getsockname() as [string, number])[1]]);
    const [conn, addr] = await dual.accept();
    track(conn);
    expect(addr[0]).toBe("::ffff:127.0.0.1");
  });

  it("raises ENOPROTOOPT for what Node cannot do", () => {
    const s = track(new socket());
    expect(() => s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1)).toThrow(expect.objectContaining({ errno: 92 }));
    expect(() => s.setsockopt(IPPROTO_IP, IP_TTL, 10)).toThrow(expect.objectContaining({ errno: 92 }));
    expect(() => s.setsockopt(SOL_SOCKET, 999, 1)).toThrow(expect.objectContaining({ errno: 92 }));
    expect(() => s.getsockopt(99, 1)).toThrow(
      expect.objectContaining({ errno: 92, strerror: "Protocol not available" }),
    );
    expect(() => track(new socket(AF_INET, SOCK_DGRAM)).setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)).toThrow(
      expect.objectContaining({ errno: 92 }),
    );
    expect(() => track(new socket(AF_UNIX)).setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)).toThrow(
      expect.objectContaining({ errno: 92 }),
    );
    expect(() => s.setsockopt(SOL_SOCKET, SO_KEEPALIVE, "1" as unknown as number)).toThrow(TypeError);
  });

  it("raises EBADF once closed", async () => {
    const s = new socket();
    await s.close();
    expect(() => s.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1)).toThrow(expect.objectContaining({ errno: 9 }));
    expect(() => s.getsockopt(SOL_SOCKET, SO_KEEPALIVE)).toThrow(expect.objectContaining({ errno: 9 }));
  });
});

describe("datagram socket options", () => {
  it.each([
    ["IPv4", AF_INET, "127.0.0.1"],
    ["IPv6", AF_INET6, "::1"],
  ])(
    "sets SO_BROADCAST, IP_TTL, IP_MULTICAST_TTL/LOOP and buffer sizes over %s",
    async (_n, family, host) => {
      const u = track(new socket(family, SOCK_DGRAM));
      expect(u.getsockopt(IPPROTO_IP, IP_TTL)).toBe(64);
      expect(u.getsockopt(IPPROTO_IP, IP_MULTICAST_TTL)).toBe(1);
      expect(u.getsockopt(SOL_SOCKET, SO_BROADCAST)).toBe(0);
      u.setsockopt(SOL_SOCKET, SO_RCVBUF, 65536);
      expect(u.getsockopt(SOL_SOCKET, SO_RCVBUF)).toBe(131072);
      u.setsockopt(SOL_SOCKET, SO_BROADCAST, 1);
      u.setsockopt(IPPROTO_IP, IP_TTL, 7);
      await u.bind([host, 0]);
      // Applied to the Node socket at bind; the kernel doubles buffer sizes.
      expect(u.getsockopt(SOL_SOCKET, SO_RCVBUF)).toBeGreaterThanOrEqual(65536);
      u.setsockopt(SOL_SOCKET, SO_SNDBUF, 32768);
      expect(u.getsockopt(SOL_SOCKET, SO_SNDBUF)).toBeGreaterThanOrEqual(32768);
      u.setsockopt(IPPROTO_IP, IP_MULTICAST_TTL, 3);
      u.setsockopt(IPPROTO_IP, IP_MULTICAST_LOOP, 0);
      expect(u.getsockopt(SOL_SOCKET, SO_BROADCAST)).toBe(1);
      expect(u.getsockopt(IPPROTO_IP, IP_TTL)).toBe(7);
      expect(u.getsockopt(IPPROTO_IP, IP_MULTICAST_TTL)).toBe(3);
      expect(u.getsockopt(IPPROTO_IP, IP_MULTICAST_LOOP)).toBe(0);
      expect(() => u.setsockopt(IPPROTO_IP, IP_TTL, 300)).toThrow(expect.objectContaining({ errno: 22 }));
      const port = (u.getsockname() as [string, number])[1];
      const peer = track(new socket(family, SOCK_DGRAM));
      await peer.sendto(Buffer.from("ttl"), [host, port]);
      expect(await u.recv(10)).toEqual(Buffer.from("ttl"));
    },
  );

  it("SO_REUSEADDR before bind lets two UDP sockets share a port", async () => {
    const a = track(new socket(AF_INET, SOCK_DGRAM));
    a.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    await a.bind(["127.0.0.1", 0]);
    const b = track(new socket(AF_INET, SOCK_DGRAM));
    b.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    await b.bind(a.getsockname() as [string, number]);
    expect(b.getsockname()).toEqual(a.getsockname());
  });

  it("SO_ERROR reports and clears a pending error", async () => {
    const gone = new socket(AF_INET, SOCK_DGRAM);
    await gone.bind(["127.0.0.1", 0]);
    const addr = gone.getsockname() as [string, number];
    await gone.close();
    const u = track(new socket(AF_INET, SOCK_DGRAM));
    await u.connect(addr);
    await u.send(Buffer.from("x"));
    // The ICMP error arrives asynchronously: poll for it, a bounded number of times.
    let pending = 0;
    for (let i = 0; i < 200 && pending === 0; i++) {
      await sleep(10);
      pending = u.getsockopt(SOL_SOCKET, SO_ERROR) as number;
    }
    expect(pending).toBe(111);
    expect(u.getsockopt(SOL_SOCKET, SO_ERROR)).toBe(0);
    u.settimeout(0);
    await expect(u.recv(1)).rejects.toMatchObject({ errno: 11 });
  });
});
