// setsockopt()/getsockopt() for the options Node.js can honour. Node gives no raw setsockopt(2),
// so each option maps to the Node call that sets it, or is recorded where Node applies it when
// the descriptor is made (bind, connect, the first datagram). Every other option raises OSError
// ENOPROTOOPT, as Linux does for an option it does not know.
//
// Stream sockets (TCP, Unix):
//   SO_KEEPALIVE, TCP_KEEPIDLE  net.Socket.setKeepAlive(enable, idle seconds)
//   TCP_NODELAY                 net.Socket.setNoDelay()
//   SO_LINGER                   {on, 0}: close() resets the connection (resetAndDestroy); a
//                               positive linger time is recorded only, as Node's close never blocks
//   SO_REUSEADDR                recorded only: Node always sets SO_REUSEADDR on listening TCP sockets
//   SO_SNDBUF, SO_RCVBUF        recorded only: Node cannot size a TCP socket's buffers, so the
//                               kernel keeps autotuning; getsockopt() returns the recorded value
//   SO_BROADCAST                recorded only (the kernel ignores it for TCP too)
//   IPV6_V6ONLY                 AF_INET6, before bind(): the listening socket's ipv6Only
// Datagram sockets (UDP):
//   SO_REUSEADDR, IPV6_V6ONLY   before bind(): dgram.createSocket({reuseAddr, ipv6Only})
//   SO_SNDBUF, SO_RCVBUF        dgram setSendBufferSize()/setRecvBufferSize() (the kernel doubles them)
//   SO_BROADCAST                dgram setBroadcast()
//   IP_TTL                      dgram setTTL()
//   IP_MULTICAST_TTL            dgram setMulticastTTL()
//   IP_MULTICAST_LOOP           dgram setMulticastLoopback()
// Both: SO_TYPE and SO_ERROR read-only; SO_REUSEPORT where Node has reusePort (22.12 and later).

import type dgram from "node:dgram";
import { readFileSync } from "node:fs";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
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
  SO_REUSEPORT,
  SO_SNDBUF,
  SO_TYPE,
  SOCK_DGRAM,
  SOL_SOCKET,
  TCP_KEEPIDLE,
  TCP_NODELAY,
} from "./constants.js";
import { fromNodeError, OSError, oserror } from "./errors.js";
import type { NodeStream, socket } from "./socket.js";

type Kind = "stream" | "dgram";

interface Spec {
  name: string;
  /** Socket kinds Node can honour it on. */
  kinds: readonly Kind[];
  /** Default reported before anything is set. */
  initial: (sock: socket) => number;
  readOnly?: boolean;
  /** Only while the socket has no address yet. */
  beforeBind?: boolean;
  /** Families it applies to (all when absent). */
  families?: readonly number[];
  /** Size in bytes of the C value (4 unless a struct). */
  size?: number;
}

const [majorText, minorText] = process.versions.node.split(".");
const major = Number(majorText);
const minor = Number(minorText);
/** reusePortSupported: Node 22.12+ and 23.1+ let listen() and dgram sockets set SO_REUSEPORT. */
export const reusePortSupported = major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);

const kernelDefaults = new Map<string, number>();
function kernelDefault(file: string, field: number, fallback: number): number {
  const key = `${file}#${field}`;
  let value = kernelDefaults.get(key);
  if (value === undefined) {
    try {
      value = Number(readFileSync(file, "latin1").trim().split(/\s+/)[field]);
    } catch {
      value = Number.NaN;
    }
    if (!Number.isInteger(value) || value <= 0) value = fallback;
    kernelDefaults.set(key, value);
  }
  return value;
}

function bufferDefault(sock: socket, dir: "w" | "r"): number {
  if (sock.type === SOCK_DGRAM || sock.family === AF_UNIX)
    return kernelDefault(`/proc/sys/net/core/${dir}mem_default`, 0, 212992);
  return kernelDefault(`/proc/sys/net/ipv4/tcp_${dir}mem`, 1, dir === "w" ? 16384 : 131072);
}

const zero = () => 0;
const specs = new Map<string, Spec>([
  [`${SOL_SOCKET}:${SO_REUSEADDR}`, { name: "SO_REUSEADDR", kinds: ["stream", "dgram"], initial: zero }],
  [`${SOL_SOCKET}:${SO_REUSEPORT}`, { name: "SO_REUSEPORT", kinds: ["stream", "dgram"], initial: zero }],
  [`${SOL_SOCKET}:${SO_KEEPALIVE}`, { name: "SO_KEEPALIVE", kinds: ["stream"], initial: zero }],
  [`${SOL_SOCKET}:${SO_BROADCAST}`, { name: "SO_BROADCAST", kinds: ["stream", "dgram"], initial: zero }],
  [`${SOL_SOCKET}:${SO_LINGER}`, { name: "SO_LINGER", kinds: ["stream"], initial: zero, size: 8 }],
  [
    `${SOL_SOCKET}:${SO_SNDBUF}`,
    { name: "SO_SNDBUF", kinds: ["stream", "dgram"], initial: (s) => bufferDefault(s, "w") },
  ],
  [
    `${SOL_SOCKET}:${SO_RCVBUF}`,
    { name: "SO_RCVBUF", kinds: ["stream", "dgram"], initial: (s) => bufferDefault(s, "r") },
  ],
  [
    `${SOL_SOCKET}:${SO_TYPE}`,
    { name: "SO_TYPE", kinds: ["stream", "dgram"], initial: (s) => s.type, readOnly: true },
  ],
  [
    `${SOL_SOCKET}:${SO_ERROR}`,
    { name: "SO_ERROR", kinds: ["stream", "dgram"], initial: zero, readOnly: true },
  ],
  [
    `${IPPROTO_TCP}:${TCP_NODELAY}`,
    { name: "TCP_NODELAY", kinds: ["stream"], initial: zero, families: [AF_INET, AF_INET6] },
  ],
  [
    `${IPPROTO_TCP}:${TCP_KEEPIDLE}`,
    { name: "TCP_KEEPIDLE", kinds: ["stream"], initial: () => 7200, families: [AF_INET, AF_INET6] },
  ],
  [
    `${IPPROTO_IPV6}:${IPV6_V6ONLY}`,
    {
      name: "IPV6_V6ONLY",
      kinds: ["stream", "dgram"],
      initial: zero,
      beforeBind: true,
      families: [AF_INET6],
    },
  ],
  [
    `${IPPROTO_IP}:${IP_TTL}`,
    { name: "IP_TTL", kinds: ["dgram"], initial: () => 64, families: [AF_INET, AF_INET6] },
  ],
  [
    `${IPPROTO_IP}:${IP_MULTICAST_TTL}`,
    { name: "IP_MULTICAST_TTL", kinds: ["dgram"], initial: () => 1, families: [AF_INET, AF_INET6] },
  ],
  [
    `${IPPROTO_IP}:${IP_MULTICAST_LOOP}`,
    { name: "IP_MULTICAST_LOOP", kinds: ["dgram"], initial: () => 1, families: [AF_INET, AF_INET6] },
  ],
]);

function lookup(sock: socket, level: number, optname: number): Spec {
  const spec = specs.get(`${level}:${optname}`);
  if (!spec) throw oserror("ENOPROTOOPT");
  const kind: Kind = sock.type === SOCK_DGRAM ? "dgram" : "stream";
  if (!spec.kinds.includes(kind) || (spec.families && !spec.families.includes(sock.family)))
    throw oserror(
      "ENOPROTOOPT",
      `Protocol not available (Node.js cannot apply ${spec.name} to this kind of socket)`,
    );
  if (spec.name === "SO_REUSEPORT" && !reusePortSupported)
    throw oserror("ENOPROTOOPT", "Protocol not available (SO_REUSEPORT needs Node.js 22.12 or later)");
  return spec;
}

function decode(value: number | boolean | Uint8Array, size: number): number[] {
  if (typeof value === "boolean") return [value ? 1 : 0];
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new TypeError("'float' object cannot be interpreted as an integer");
    if (size !== 4) throw oserror("EINVAL");
    return [value | 0];
  }
  if (value instanceof Uint8Array) {
    if (value.length < size) throw oserror("EINVAL");
    const view = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const out: number[] = [];
    for (let k = 0; k < size; k += 4) out.push(view.readInt32LE(k));
    return out;
  }
  throw new TypeError(`a bytes-like object is required, not '${value === null ? "NoneType" : typeof value}'`);
}

/** setsockopt(sock, level, optname, value): see the table at the top of this file. */
export function setsockopt(
  sock: socket,
  level: number,
  optname: number,
  value: number | boolean | Uint8Array,
): void {
  const spec = lookup(sock, level, optname);
  if (spec.readOnly) throw oserror("ENOPROTOOPT");
  const ints = decode(value, spec.size ?? 4);
  const v = ints[0]!;
  if (spec.beforeBind && isBound(sock)) throw oserror("EINVAL");
  if (spec.name === "TCP_KEEPIDLE" && v < 1) throw oserror("EINVAL");
  if (spec.name === "SO_LINGER") {
    if (v !== 0) sock._options.set("SO_LINGER", Math.max(0, ints[1]!));
    else sock._options.delete("SO_LINGER");
  } else if (spec.name === "SO_SNDBUF" || spec.name === "SO_RCVBUF" || spec.name === "TCP_KEEPIDLE") {
    sock._options.set(spec.name, v);
  } else if (spec.name === "IP_TTL" || spec.name === "IP_MULTICAST_TTL") {
    if (v < -1 || v > 255) throw oserror("EINVAL");
    sock._options.set(spec.name, v === -1 ? spec.initial(sock) : v);
  } else sock._options.set(spec.name, v ? 1 : 0);
  const node = sock._dgram?.bound;
  if (node) applyDatagram(sock, node, spec.name);
  sock._setOptionApplier((stream) => applyStream(sock, stream));
  if (sock._stream) applyStream(sock, sock._stream);
}

/** getsockopt(sock, level, optname, buflen): an int, or its bytes when buflen is given. */
export function getsockopt(sock: socket, level: number, optname: number, buflen?: number): number | Buffer {
  const spec = lookup(sock, level, optname);
  if (buflen !== undefined && (!Number.isInteger(buflen) || buflen < 0 || buflen > 1024))
    throw new OSError(null, "getsockopt buflen out of range");
  const ints = read(sock, spec);
  if (buflen === undefined || buflen === 0) return ints[0]!;
  const out = Buffer.alloc(4 * ints.length);
  for (const [k, n] of ints.entries()) out.writeInt32LE(n, 4 * k);
  return out.subarray(0, Math.min(buflen, out.length));
}

function read(sock: socket, spec: Spec): number[] {
  const recorded = sock._options.get(spec.name);
  switch (spec.name) {
    case "SO_ERROR":
      return [sock._dgram?.takeError() ?? 0];
    case "SO_LINGER":
      return recorded === undefined ? [0, 0] : [1, recorded];
    case "SO_SNDBUF":
    case "SO_RCVBUF": {
      const node = sock._dgram?.bound;
      if (node) return [spec.name === "SO_SNDBUF" ? node.getSendBufferSize() : node.getRecvBufferSize()];
      // A datagram socket gets the value at creation, and Linux reports it doubled.
      if (recorded !== undefined) return [sock.type === SOCK_DGRAM ? recorded * 2 : recorded];
      return [spec.initial(sock)];
    }
    default:
      return [recorded ?? spec.initial(sock)];
  }
}

function isBound(sock: socket): boolean {
  return sock._server !== null || sock._stream !== null || sock._dgram?.bound != null;
}

/** Applies recorded options to a datagram socket once it exists; `only` limits it to one. */
export function applyDatagram(sock: socket, node: dgram.Socket, only?: string): void {
  const opts = sock._options;
  const want = (name: string) => (only === undefined || only === name) && opts.has(name);
  try {
    if (want("SO_BROADCAST")) node.setBroadcast(opts.get("SO_BROADCAST") === 1);
    if (want("IP_TTL")) node.setTTL(opts.get("IP_TTL")!);
    if (want("IP_MULTICAST_TTL")) node.setMulticastTTL(opts.get("IP_MULTICAST_TTL")!);
    if (want("IP_MULTICAST_LOOP")) node.setMulticastLoopback(opts.get("IP_MULTICAST_LOOP") === 1);
    if (want("SO_SNDBUF") && only !== undefined) node.setSendBufferSize(Math.max(1, opts.get("SO_SNDBUF")!));
    if (want("SO_RCVBUF") && only !== undefined) node.setRecvBufferSize(Math.max(1, opts.get("SO_RCVBUF")!));
  } catch (err) {
    throw fromNodeError(err);
  }
}

/** The dgram.createSocket() options recorded before the socket exists. */
export function datagramCreateOptions(sock: socket): Partial<dgram.SocketOptions> {
  const opts = sock._options;
  const out: Partial<dgram.SocketOptions> & { reusePort?: boolean } = {};
  if (opts.get("SO_REUSEADDR") === 1) out.reuseAddr = true;
  if (opts.get("SO_REUSEPORT") === 1) out.reusePort = true;
  if (sock.family === AF_INET6) out.ipv6Only = opts.get("IPV6_V6ONLY") === 1;
  if (opts.has("SO_SNDBUF")) out.sendBufferSize = Math.max(1, opts.get("SO_SNDBUF")!);
  if (opts.has("SO_RCVBUF")) out.recvBufferSize = Math.max(1, opts.get("SO_RCVBUF")!);
  return out;
}

/** The net.Server listen() options recorded before bind(). */
export function listenOptions(sock: socket): { ipv6Only?: boolean; reusePort?: boolean } {
  const out: { ipv6Only?: boolean; reusePort?: boolean } = {};
  if (sock.family === AF_INET6) out.ipv6Only = sock._options.get("IPV6_V6ONLY") === 1;
  if (sock._options.get("SO_REUSEPORT") === 1) out.reusePort = true;
  return out;
}

function applyStream(sock: socket, stream: NodeStream): void {
  const opts = sock._options;
  if (sock.family !== AF_UNIX && opts.has("TCP_NODELAY")) stream.setNoDelay(opts.get("TCP_NODELAY") === 1);
  if (opts.has("SO_KEEPALIVE") || opts.has("TCP_KEEPIDLE")) {
    const on = opts.get("SO_KEEPALIVE") === 1;
    stream.setKeepAlive(on, on ? (opts.get("TCP_KEEPIDLE") ?? 0) * 1000 : 0);
  }
}

const inherited = ["SO_KEEPALIVE", "TCP_NODELAY", "TCP_KEEPIDLE", "SO_SNDBUF", "SO_RCVBUF", "SO_LINGER"];

/** A socket from accept() starts with the listening socket's options, as on Linux. */
export function inheritOptions(listener: socket, peer: socket): void {
  let any = false;
  for (const name of inherited) {
    const v = listener._options.get(name);
    if (v !== undefined) {
      peer._options.set(name, v);
      any = true;
    }
  }
  if (any) peer._setOptionApplier((stream) => applyStream(peer, stream));
}
