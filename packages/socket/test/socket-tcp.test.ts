import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  BlockingIOError,
  BrokenPipeError,
  ConnectionRefusedError,
  getdefaulttimeout,
  MSG_DONTWAIT,
  MSG_PEEK,
  OSError,
  OverflowError,
  SHUT_RD,
  SHUT_WR,
  SOCK_DGRAM,
  SOCK_STREAM,
  setdefaulttimeout,
  socket,
  TimeoutError,
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

async function listener(family: number, host: string): Promise<[socket, number]> {
  const srv = track(new socket(family, SOCK_STREAM));
  await srv.bind([host, 0]);
  await srv.listen();
  return [srv, (srv.getsockname() as [string, number])[1]];
}

/** A free port: bound, then released. */
async function closedPort(family: number, host: string): Promise<number> {
  const s = new socket(family, SOCK_STREAM);
  await s.bind([host, 0]);
  const port = (s.getsockname() as [string, number])[1];
  await s.close();
  return port;
}

async function connected(family: number, host: string): Promise<[socket, socket, socket]> {
  const [srv, port] = await listener(family, host);
  const cli = track(new socket(family, SOCK_STREAM));
  await cli.connect([host, port]);
  const [conn] = await srv.accept();
  track(conn);
  return [srv, cli, conn];
}

describe.each([
  ["IPv4", AF_INET, "127.0.0.1"],
  ["IPv6", AF_INET6, "::1"],
])("TCP over %s", (_name, family, host) => {
  it("binds port 0, listens, connects and accepts with matching names", async () => {
    const [srv, port] = await listener(family, host);
    expect(port).toBeGreaterThan(0);
    expect(srv.family).toBe(family);
    expect(srv.type).toBe(SOCK_STREAM);
    const cli = track(new socket(family, SOCK_STREAM));
    await cli.connect([host, port]);
    const [conn, addr] = await srv.accept();
    track(conn);
    expect(addr).toEqual(cli.getsockname());
    expect(conn.getpeername()).toEqual(cli.getsockname());
    expect(cli.getpeername()).toEqual(conn.getsockname());
    const want = family === AF_INET6 ? [host, port, 0, 0] : [host, port];
    expect(cli.getpeername()).toEqual(want);
    expect(conn.fileno()).toBeGreaterThanOrEqual(0);
  });

  it("connect_ex returns 0, or the errno of a refused connection", async () => {
    const [, port] = await listener(family, host);
    const ok = track(new socket(family, SOCK_STREAM));
    expect(await ok.connect_ex([host, port])).toBe(0);
    const free = await closedPort(family, host);
    const bad = track(new socket(family, SOCK_STREAM));
    expect(await bad.connect_ex([host, free])).toBe(111);
    const bad2 = track(new socket(family, SOCK_STREAM));
    await expect(bad2.connect([host, free])).rejects.toBeInstanceOf(ConnectionRefusedError);
  });

  it("sends and receives with send, sendall, recv, recv_into, recvfrom, recvfrom_into", async () => {
    const [, cli, conn] = await connected(family, host);
    expect(await cli.send(Buffer.from("hello"))).toBe(5);
    expect(await conn.recv(1024)).toEqual(Buffer.from("hello"));
    await conn.sendall(new Uint8Array([1, 2, 3, 4]));
    const buf = Buffer.alloc(8);
    expect(await cli.recv_into(buf, 2)).toBe(2);
    expect(buf.subarray(0, 2)).toEqual(Buffer.from([1, 2]));
    const [n, from] = await cli.recvfrom_into(buf);
    expect(n).toBe(2);
    expect(from).toBeNull();
    expect(buf.subarray(0, 2)).toEqual(Buffer.from([3, 4]));
    await cli.sendall(Buffer.from("xyz"));
    expect(await conn.recvfrom(10)).toEqual([Buffer.from("xyz"), null]);
    await expect(cli.send("text" as unknown as Buffer)).rejects.toThrow(TypeError);
  });

  it("MSG_PEEK leaves data queued; MSG_DONTWAIT does not wait", async () => {
    const [, cli, conn] = await connected(family, host);
    await expect(conn.recv(10, MSG_DONTWAIT)).rejects.toBeInstanceOf(BlockingIOError);
    await cli.sendall(Buffer.from("peekaboo"));
    expect(await conn.recv(4, MSG_PEEK)).toEqual(Buffer.from("peek"));
    expect(await conn.recv(100, MSG_PEEK | MSG_DONTWAIT)).toEqual(Buffer.from("peekaboo"));
    expect(await conn.recv(100)).toEqual(Buffer.from("peekaboo"));
  });

  it("returns empty bytes at EOF", async () => {
    const [, cli, conn] = await connected(family, host);
    await cli.sendall(Buffer.from("last"));
    await cli.close();
    expect(await conn.recv(100)).toEqual(Buffer.from("last"));
    expect(await conn.recv(100)).toEqual(Buffer.alloc(0));
    expect(await conn.recv(100)).toEqual(Buffer.alloc(0));
  });

  it("half-closes: the peer still sends after our SHUT_WR", async () => {
    const [, cli, conn] = await connected(family, host);
    await cli.sendall(Buffer.from("request"));
    await cli.shutdown(SHUT_WR);
    await expect(cli.send(Buffer.from("more"))).rejects.toBeInstanceOf(BrokenPipeError);
    expect(await conn.recv(100)).toEqual(Buffer.from("request"));
    expect(await conn.recv(100)).toEqual(Buffer.alloc(0));
    await conn.sendall(Buffer.from("response"));
    await conn.shutdown(SHUT_WR);
    expect(await cli.recv(100)).toEqual(Buffer.from("response"));
    expect(await cli.recv(100)).toEqual(Buffer.alloc(0));
  });

  it("SHUT_RD makes recv return EOF at once", async () => {
    const [, cli] = await connected(family, host);
    await cli.shutdown(SHUT_RD);
    expect(await cli.recv(10)).toEqual(Buffer.alloc(0));
  });

  it("raises EBADF after close", async () => {
    const [srv, cli] = await connected(family, host);
    await cli.close();
    await cli.close();
    expect(cli.fileno()).toBe(-1);
    await expect(cli.recv(1)).rejects.toMatchObject({ errno: 9, message: "[Errno 9] Bad file descriptor" });
    await expect(cli.send(Buffer.from("x"))).rejects.toMatchObject({ errno: 9 });
    expect(() => cli.getsockname()).toThrow(OSError);
    await srv.close();
    await expect(srv.accept()).rejects.toMatchObject({ errno: 9 });
  });

  it("moves 20 MB intact in both directions", async () => {
    const [, cli, conn] = await connected(family, host);
    const size = 20 * 1024 * 1024;
    const data = Buffer.allocUnsafe(size);
    for (let i = 0; i < size; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    const digest = createHash("sha256").update(data).digest("hex");
    const receive = async (s: socket) => {
      const h = createHash("sha256");
      let total = 0;
      for (;;) {
        const chunk = await s.recv(256 * 1024);
        if (chunk.length === 0) break;
        h.update(chunk);
        total += chunk.length;
      }
      return [total, h.digest("hex")];
    };
    const [r1] = await Promise.all([receive(conn), cli.sendall(data).then(() => cli.shutdown(SHUT_WR))]);
    expect(r1).toEqual([size, digest]);
    const [r2] = await Promise.all([receive(cli), conn.sendall(data).then(() => conn.shutdown(SHUT_WR))]);
    expect(r2).toEqual([size, digest]);
  });
});

describe("timeouts", () => {
  it("recv: null waits, 0 raises BlockingIOError, a number raises timeout", async () => {
    const [, cli, conn] = await connected(AF_INET, "127.0.0.1");
    expect(conn.gettimeout()).toBeNull();
    expect(conn.getblocking()).toBe(true);
    conn.setblocking(false);
    expect(conn.gettimeout()).toBe(0);
    await expect(conn.recv(1)).rejects.toMatchObject({ name: "BlockingIOError", errno: 11 });
    conn.settimeout(0.05);
    expect(conn.getblocking()).toBe(true);
    await expect(conn.recv(1)).rejects.toBeInstanceOf(TimeoutError);
    await expect(conn.recv(1)).rejects.toThrow("timed out");
    conn.settimeout(null);
    const pending = conn.recv(10);
    await cli.sendall(Buffer.from("late"));
    expect(await pending).toEqual(Buffer.from("late"));
    expect(() => conn.settimeout(-1)).toThrow("Timeout value out of range");
  });

  it("sendall: a write the peer never reads raises timeout; one the kernel takes at once does not wait", async () => {
    const [, cli, conn] = await connected(AF_INET, "127.0.0.1");
    cli.settimeout(0.2);
    await cli.sendall(Buffer.from("small"));
    expect(await conn.recv(10)).toEqual(Buffer.from("small"));
    // conn never reads: the kernel's buffers fill and the rest stays queued in Node.
    await expect(cli.sendall(Buffer.alloc(64 << 20))).rejects.toBeInstanceOf(TimeoutError);
  });

  it("accept: 0 raises BlockingIOError, a number raises timeout", async () => {
    const [srv, port] = await listener(AF_INET, "127.0.0.1");
    srv.settimeout(0);
    await expect(srv.accept()).rejects.toBeInstanceOf(BlockingIOError);
    srv.settimeout(0.05);
    await expect(srv.accept()).rejects.toBeInstanceOf(TimeoutError);
    srv.settimeout(5);
    const cli = track(new socket(AF_INET, SOCK_STREAM));
    await cli.connect(["127.0.0.1", port]);
    const [conn] = await srv.accept();
    track(conn);
    expect(conn.gettimeout()).toBeNull();
  });

  it("connect with a timeout set succeeds against a listener", async () => {
    // A connect that times out needs a peer that never answers, which loopback cannot give:
    // a loopback SYN is answered at once, by an accept or a refusal. Only success is checked.
    const [, port] = await listener(AF_INET, "127.0.0.1");
    const cli = track(new socket(AF_INET, SOCK_STREAM));
    cli.settimeout(2);
    await cli.connect(["127.0.0.1", port]);
    expect(cli.getpeername()).toEqual(["127.0.0.1", port]);
  });

  it("new sockets take the default timeout", async () => {
    setdefaulttimeout(1.5);
    expect(getdefaulttimeout()).toBe(1.5);
    const s = track(new socket());
    expect(s.gettimeout()).toBe(1.5);
    setdefaulttimeout(null);
    expect(track(new socket()).gettimeout()).toBeNull();
  });
});

describe("unconnected and odd uses", () => {
  it("raises what Linux raises", async () => {
    const s = track(new socket());
    await expect(s.recv(1)).rejects.toMatchObject({ errno: 107 });
    await expect(s.send(Buffer.from("x"))).rejects.toMatchObject({ errno: 32 });
    await expect(s.accept()).rejects.toMatchObject({ errno: 22 });
    expect(() => s.getpeername()).toThrow(OSError);
    expect(s.getsockname()).toEqual(["0.0.0.0", 0]);
    await expect(s.sendto(Buffer.from("x"), ["127.0.0.1", 9])).rejects.toMatchObject({ errno: 32 });
    await expect(s.connect(["127.0.0.1", 70000])).rejects.toBeInstanceOf(OverflowError);
    expect(() => new socket(AF_UNIX, SOCK_DGRAM)).toThrow(/Node.js has no Unix datagram sockets/);
    expect(() => new socket(AF_UNIX, SOCK_DGRAM)).toThrow(expect.objectContaining({ errno: 97 }));
    expect(() => new socket(99)).toThrow(expect.objectContaining({ errno: 97 }));
    expect(() => s.detach()).toThrow(expect.objectContaining({ errno: 95 }));
  });

  it("binding to an address in use raises EADDRINUSE", async () => {
    const [, port] = await listener(AF_INET, "127.0.0.1");
    const s = track(new socket());
    await expect(s.bind(["127.0.0.1", port])).rejects.toMatchObject({ errno: 98 });
  });

  it("bind then connect uses the bound port", async () => {
    const [srv, port] = await listener(AF_INET, "127.0.0.1");
    const cli = track(new socket());
    await cli.bind(["127.0.0.1", 0]);
    const local = cli.getsockname();
    await cli.connect(["127.0.0.1", port]);
    const [, addr] = await srv.accept().then(([c, a]) => [track(c), a] as const);
    expect(addr).toEqual(local);
  });

  it("dup() shares the connection until both are closed", async () => {
    const [, cli, conn] = await connected(AF_INET, "127.0.0.1");
    const twin = track(conn.dup());
    expect(twin.getpeername()).toEqual(conn.getpeername());
    await cli.sendall(Buffer.from("ab"));
    expect(await twin.recv(1)).toEqual(Buffer.from("a"));
    expect(await conn.recv(1)).toEqual(Buffer.from("b"));
    await conn.close();
    await expect(conn.recv(1)).rejects.toMatchObject({ errno: 9 });
    await twin.sendall(Buffer.from("still"));
    expect(await cli.recv(10)).toEqual(Buffer.from("still"));
    await twin.close();
    expect(await cli.recv(10)).toEqual(Buffer.alloc(0));
    expect(() => track(new socket()).dup()).toThrow(expect.objectContaining({ errno: 95 }));
  });

  it("await using closes the socket", async () => {
    const [, port] = await listener(AF_INET, "127.0.0.1");
    let leaked: socket;
    {
      await using s = new socket();
      await s.connect(["127.0.0.1", port]);
      leaked = s;
    }
    expect(leaked.fileno()).toBe(-1);
  });

  it("an AbortSignal closes the socket and fails a pending recv", async () => {
    const [, port] = await listener(AF_INET, "127.0.0.1");
    const ac = new AbortController();
    const s = track(new socket(AF_INET, SOCK_STREAM, 0, { signal: ac.signal }));
    await s.connect(["127.0.0.1", port]);
    const pending = s.recv(10);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await expect(s.recv(1)).rejects.toMatchObject({ name: "AbortError" });
  });
});
