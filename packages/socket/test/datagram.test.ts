import { afterEach, describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  BlockingIOError,
  ConnectionRefusedError,
  MSG_PEEK,
  SHUT_RD,
  SHUT_WR,
  SOCK_DGRAM,
  socket,
  TimeoutError,
} from "../src/index.js";

const open: socket[] = [];
function udp(family: number): socket {
  const s = new socket(family, SOCK_DGRAM);
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe.each([
  ["IPv4", AF_INET, "127.0.0.1"],
  ["IPv6", AF_INET6, "::1"],
])("UDP over %s", (_name, family, host) => {
  const any = family === AF_INET6 ? ["::", 0, 0, 0] : ["0.0.0.0", 0];

  async function bound(): Promise<[socket, number]> {
    const s = udp(family);
    await s.bind([host, 0]);
    return [s, (s.getsockname() as [string, number])[1]];
  }

  it("bind assigns a port; sendto/recvfrom carry one datagram each with the sender's address", async () => {
    const [a, port] = await bound();
    expect(port).toBeGreaterThan(0);
    const b = udp(family);
    expect(b.getsockname()).toEqual(any);
    expect(await b.sendto(Buffer.from("first"), [host, port])).toBe(5);
    const bName = b.getsockname() as [string, number];
    expect(bName[1]).toBeGreaterThan(0);
    await b.sendto(Buffer.from("second"), 0, [host, port]);
    const [d1, from] = await a.recvfrom(100);
    expect(d1).toEqual(Buffer.from("first"));
    expect(from).toEqual(family === AF_INET6 ? [host, bName[1], 0, 0] : [host, bName[1]]);
    expect(await a.recv(100)).toEqual(Buffer.from("second"));
  });

  it("truncates to bufsize and drops the rest of that datagram; MSG_PEEK keeps it", async () => {
    const [a, port] = await bound();
    const b = udp(family);
    await b.sendto(Buffer.from("0123456789"), [host, port]);
    await b.sendto(Buffer.from("next"), [host, port]);
    expect(await a.recv(100, MSG_PEEK)).toEqual(Buffer.from("0123456789"));
    expect(await a.recv(4)).toEqual(Buffer.from("0123"));
    const buf = Buffer.alloc(16);
    const [n, from] = await a.recvfrom_into(buf);
    expect(n).toBe(4);
    expect(buf.subarray(0, n)).toEqual(Buffer.from("next"));
    expect(from![0]).toBe(host);
    expect(from![1]).toBe((b.getsockname() as [string, number])[1]);
    await b.sendto(Buffer.from("into"), [host, port]);
    expect(await a.recv_into(buf, 2)).toBe(2);
    expect(buf.subarray(0, 2)).toEqual(Buffer.from("in"));
  });

  it("connect fixes the peer for send/recv and getpeername", async () => {
    const [a, aport] = await bound();
    const b = udp(family);
    await expect(b.send(Buffer.from("x"))).rejects.toMatchObject({ errno: 89 });
    expect(() => b.getpeername()).toThrow(expect.objectContaining({ errno: 107 }));
    await b.connect([host, aport]);
    expect(b.getpeername()).toEqual(a.getsockname());
    expect(await b.send(Buffer.from("hi"))).toBe(2);
    const [data, from] = await a.recvfrom(10);
    expect(data).toEqual(Buffer.from("hi"));
    await a.sendto(Buffer.from("back"), from!);
    expect(await b.recv(10)).toEqual(Buffer.from("back"));
    await expect(b.sendto(Buffer.from("x"), [host, aport])).rejects.toMatchObject({ errno: 106 });
  });

  it("a connected socket learns of an unreachable port on its next call", async () => {
    const [gone, port] = await bound();
    await gone.close();
    const b = udp(family);
    await b.connect([host, port]);
    await b.send(Buffer.from("anyone?"));
    await expect(b.recv(10)).rejects.toBeInstanceOf(ConnectionRefusedError);
  });

  it("timeouts: 0 raises BlockingIOError, a number timeout, null waits", async () => {
    const [a, port] = await bound();
    a.settimeout(0);
    await expect(a.recv(10)).rejects.toBeInstanceOf(BlockingIOError);
    a.settimeout(0.05);
    await expect(a.recvfrom(10)).rejects.toBeInstanceOf(TimeoutError);
    a.settimeout(null);
    const pending = a.recv(10);
    await udp(family).sendto(Buffer.from("late"), [host, port]);
    expect(await pending).toEqual(Buffer.from("late"));
  });

  it("shutdown needs a peer; close fails pending and later calls with EBADF", async () => {
    const [a, port] = await bound();
    await expect(a.shutdown(SHUT_RD)).rejects.toMatchObject({ errno: 107 });
    const b = udp(family);
    await b.connect([host, port]);
    await b.shutdown(SHUT_WR);
    await expect(b.send(Buffer.from("x"))).rejects.toMatchObject({ errno: 32 });
    await b.shutdown(SHUT_RD);
    expect(await b.recv(10)).toEqual(Buffer.alloc(0));
    const pending = a.recv(10);
    await a.close();
    await expect(pending).rejects.toMatchObject({ errno: 9 });
    await expect(a.sendto(Buffer.from("x"), [host, port])).rejects.toMatchObject({ errno: 9 });
    expect(a.fileno()).toBe(-1);
  });

  it("refuses oversized datagrams, listen and a port in use", async () => {
    const [a, port] = await bound();
    await expect(a.sendto(Buffer.alloc(70_000), [host, port])).rejects.toMatchObject({ errno: 90 });
    await expect(a.listen()).rejects.toMatchObject({ errno: 95 });
    await expect(udp(family).bind([host, port])).rejects.toMatchObject({ errno: 98 });
    await expect(a.bind([host, 0])).rejects.toMatchObject({ errno: 22 });
  });
});
