// The socket module's convenience constructors: create_connection(), create_server(),
// socketpair(), and the platform checks has_ipv6 / has_dualstack_ipv6().
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SOCK_STREAM,
  SOL_SOCKET,
} from "./constants.js";
import { AbortError, fromNodeError, OSError, ValueError } from "./errors.js";
import { getaddrinfo } from "./resolve.js";
import { _socketFromStream, type Address, socket } from "./socket.js";
import { reusePortSupported } from "./sockopt.js";

/**
 * ExceptionGroup is Python's ExceptionGroup as far as create_connection(all_errors) needs it:
 * an AggregateError whose `exceptions` are the failures in order. Its message reads as Python's
 * str() does: "create_connection failed (2 sub-exceptions)".
 */
export class ExceptionGroup extends AggregateError {
  override name = "ExceptionGroup";
  readonly exceptions: readonly Error[];
  constructor(message: string, exceptions: readonly Error[]) {
    const n = exceptions.length;
    super(exceptions, `${message} (${n} sub-exception${n === 1 ? "" : "s"})`);
    this.exceptions = [...exceptions];
  }
}

/** has_ipv6 is true: Node.js is always built with IPv6. */
export const has_ipv6 = true;

/** has_dualstack_ipv6() -> true when an AF_INET6 listener can take IPv4 connections too (IPv6 is up). */
export function has_dualstack_ipv6(): boolean {
  return Object.values(os.networkInterfaces()).some((list) => list?.some((a) => a.family === "IPv6"));
}

export interface CreateConnectionOptions {
  /** Raise an ExceptionGroup of every attempt's error instead of the last one. */
  all_errors?: boolean;
  /** Aborting cancels the attempt in progress and closes the socket once connected. */
  signal?: AbortSignal;
}

/**
 * create_connection(address, timeout?, source_address?, {all_errors, signal}) -> a connected
 * socket. Tries each getaddrinfo() address of [host, port] in order, as CPython does. timeout
 * left out means the default timeout (getdefaulttimeout()); null means blocking.
 */
export async function create_connection(
  address: readonly [host: string | null, port: number | string],
  timeout?: number | null,
  source_address?: Address | null,
  options: CreateConnectionOptions = {},
): Promise<socket> {
  const { all_errors = false, signal } = options;
  const [host, port] = address;
  const errors: Error[] = [];
  for (const [af, type, proto, , sa] of await getaddrinfo(host, port, 0, SOCK_STREAM)) {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    const sock = new socket(af, type, proto, signal ? { signal } : {});
    try {
      if (timeout !== undefined) sock.settimeout(timeout);
      if (source_address) await sock.bind(source_address);
      await sock.connect(sa);
      return sock;
    } catch (err) {
      await sock.close();
      if (!(err instanceof OSError)) throw err;
      if (!all_errors) errors.length = 0;
      errors.push(err);
    }
  }
  if (errors.length === 0) throw new OSError(null, "getaddrinfo returns an empty list");
  if (!all_errors) throw errors[0]!;
  throw new ExceptionGroup("create_connection failed", errors);
}

export interface CreateServerOptions {
  /** AF_INET (default) or AF_INET6. */
  family?: number;
  /** Accepted for Python's signature; Node sets the backlog when the socket starts listening. */
  backlog?: number | null;
  /** SO_REUSEPORT: needs Node 22.12 or later, else ValueError as on a platform without it. */
  reuse_port?: boolean;
  /** An AF_INET6 socket that takes IPv4 connections too (IPV6_V6ONLY off). */
  dualstack_ipv6?: boolean;
}

/**
 * create_server(address, {family, backlog, reuse_port, dualstack_ipv6}) -> a listening
 * SOCK_STREAM socket bound to address. AF_INET6 sockets are IPv6-only unless dualstack_ipv6.
 */
export async function create_server(address: Address, options: CreateServerOptions = {}): Promise<socket> {
  const { family = AF_INET, backlog = null, reuse_port = false, dualstack_ipv6 = false } = options;
  if (reuse_port && !reusePortSupported) throw new ValueError("SO_REUSEPORT not supported on this platform");
  if (dualstack_ipv6) {
    if (!has_dualstack_ipv6()) throw new ValueError("dualstack_ipv6 not supported on this platform");
    if (family !== AF_INET6) throw new ValueError("dualstack_ipv6 requires AF_INET6 family");
  }
  const sock = new socket(family, SOCK_STREAM);
  try {
    if (family !== AF_UNIX) sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    if (reuse_port) sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
    if (family === AF_INET6) sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, dualstack_ipv6 ? 0 : 1);
    try {
      await sock.bind(address);
    } catch (err) {
      if (!(err instanceof OSError)) throw err;
      const msg = `${err.strerror} (while attempting to bind on address ${pyrepr(address)})`;
      throw new OSError(err.errno, msg, { cause: err, ...(err.code ? { code: err.code } : {}) });
    }
    await sock.listen(backlog ?? undefined);
    return sock;
  } catch (err) {
    await sock.close();
    throw err;
  }
}

function pyrepr(address: Address): string {
  const str = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof address === "string") return str(address);
  return `(${address.map((v) => (typeof v === "string" ? str(v) : String(v))).join(", ")})`;
}

/**
 * socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0) -> two connected stream sockets.
 * Node cannot call socketpair(2), so an AF_UNIX pair meets through a listener on a private path
 * under os.tmpdir() that is removed at once; AF_INET and AF_INET6 give a loopback TCP pair
 * (Linux refuses those families; this is Python's fallback for platforms without socketpair).
 */
export async function socketpair(family = AF_UNIX, type = SOCK_STREAM, proto = 0): Promise<[socket, socket]> {
  if (family !== AF_UNIX && family !== AF_INET && family !== AF_INET6) void new socket(family, type);
  if (type !== SOCK_STREAM) {
    if (family === AF_UNIX) void new socket(family, type);
    throw new ValueError("Only SOCK_STREAM socket type is supported");
  }
  if (proto !== 0) throw new ValueError("Only protocol zero is supported");
  const where: net.ListenOptions =
    family === AF_UNIX
      ? { path: path.join(os.tmpdir(), `inetlib-pair-${process.pid}-${randomBytes(6).toString("hex")}.sock`) }
      : { host: family === AF_INET6 ? "::1" : "127.0.0.1", port: 0 };
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(where, () => resolve());
    });
    const accepted = new Promise<net.Socket>((resolve) => server.once("connection", resolve));
    const target = server.address();
    const client = net.connect(
      typeof target === "string" || target === null
        ? { path: where.path!, allowHalfOpen: true }
        : { host: target.address, port: target.port, allowHalfOpen: true },
    );
    await new Promise<void>((resolve, reject) => {
      client.once("error", reject);
      client.once("connect", () => {
        client.off("error", reject);
        resolve();
      });
    });
    const peer = await accepted;
    const pair: [socket, socket] = [_socketFromStream(client, family), _socketFromStream(peer, family)];
    // pauseOnConnect held the accepted side until its socket listens for data.
    peer.resume();
    return pair;
  } catch (err) {
    throw fromNodeError(err);
  } finally {
    // Not awaited: close()'s callback would wait for the pair itself to disconnect.
    server.close();
    if (where.path) await rm(where.path, { force: true });
  }
}
