// Name resolution as Python's socket module does it on Linux/glibc: getaddrinfo() 5-tuples,
// the gethostby* family and getnameinfo(), over node:dns lookup()/lookupService() (which call the
// system's getaddrinfo/getnameinfo, so /etc/hosts and nsswitch apply). Numeric hosts never touch
// the resolver. Failures are gaierror/herror with glibc's EAI_* numbers and messages.
import { ADDRCONFIG, ALL, V4MAPPED } from "node:dns";
import dns from "node:dns/promises";
import { readFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  AI_ADDRCONFIG,
  AI_ALL,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  AI_PASSIVE,
  AI_V4MAPPED,
  NI_DGRAM,
  NI_NAMEREQD,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
} from "./constants.js";
import { fromNodeError, gaierror, herror, OSError } from "./errors.js";
import { OverflowError } from "./inet.js";
import { getservbyname, getservbyport } from "./services.js";

/** SockAddr is a socket address as getaddrinfo() gives it: [host, port] or [host, port, flowinfo, scope_id]. */
export type SockAddr = [string, number] | [string, number, number, number];
/** AddrInfo is one getaddrinfo() entry: [family, type, proto, canonname, sockaddr]. */
export type AddrInfo = [family: number, type: number, proto: number, canonname: string, sockaddr: SockAddr];

const EAI = {
  NONAME: [-2, "Name or service not known"],
  FAMILY: [-6, "ai_family not supported"],
  SOCKTYPE: [-7, "ai_socktype not supported"],
  SERVICE: [-8, "Servname not supported for ai_socktype"],
  ADDRFAMILY: [-9, "Address family for hostname not supported"],
} as const;

function gai(which: keyof typeof EAI): gaierror {
  const [n, text] = EAI[which];
  return new gaierror(n, text);
}

/** The (type, proto) pairs glibc answers with when the caller leaves them open. */
const KINDS: ReadonlyArray<readonly [number, number]> = [
  [SOCK_STREAM, 6],
  [SOCK_DGRAM, 17],
  [SOCK_RAW, 0],
];

function kindsFor(type: number, proto: number): Array<[number, number]> {
  if (type !== 0 && type !== SOCK_STREAM && type !== SOCK_DGRAM && type !== SOCK_RAW) throw gai("SOCKTYPE");
  const out: Array<[number, number]> = [];
  for (const [t, p] of KINDS) {
    if (type !== 0 && t !== type) continue;
    if (t === SOCK_RAW && type === SOCK_RAW) out.push([t, proto]);
    else if (proto === 0 || p === proto) out.push([t, p]);
  }
  if (out.length === 0) throw gai("SOCKTYPE");
  return out;
}

/** Resolves the port per (type, proto) pair: service names differ between tcp and udp. */
function portsFor(port: number | string | null | undefined, kinds: Array<[number, number]>, flags: number) {
  const text = typeof port === "number" ? String(port) : (port ?? "");
  if (text === "" || /^\d+$/.test(text)) {
    // glibc stores the number in 16 bits, so 70000 becomes 4464, as Python shows.
    const n = text === "" ? 0 : Number(text) & 0xffff;
    if (n !== 0 && kinds.length === 1 && kinds[0]![0] === SOCK_RAW) throw gai("SERVICE");
    return kinds.map(([t, p]) => [t, p, n] as const);
  }
  if (flags & AI_NUMERICSERV) throw gai("NONAME");
  const out: Array<readonly [number, number, number]> = [];
  for (const [t, p] of kinds) {
    if (t === SOCK_RAW) continue;
    try {
      out.push([t, p, getservbyname(text, t === SOCK_STREAM ? "tcp" : "udp")]);
    } catch {
      // Not offered over this protocol.
    }
  }
  if (out.length === 0) throw gai("SERVICE");
  return out;
}

interface Resolved {
  family: number;
  address: string;
  scope: number;
}

function scopeId(zone: string): number {
  if (/^\d+$/.test(zone)) return Number(zone);
  for (const a of os.networkInterfaces()[zone] ?? []) {
    if (a.family === "IPv6" && a.scopeid) return a.scopeid;
  }
  return 0;
}

function numeric(host: string, family: number, flags: number): Resolved | null {
  const [bare, zone] = host.split("%", 2) as [string, string | undefined];
  const kind = net.isIP(bare);
  if (kind === 4) {
    if (family === AF_INET6) {
      if (flags & AI_V4MAPPED) return { family: AF_INET6, address: `::ffff:${bare}`, scope: 0 };
      throw gai("ADDRFAMILY");
    }
    return { family: AF_INET, address: bare, scope: 0 };
  }
  if (kind === 6) {
    if (family === AF_INET) throw gai("ADDRFAMILY");
    return { family: AF_INET6, address: bare, scope: zone === undefined ? 0 : scopeId(zone) };
  }
  return null;
}

async function addresses(host: string | null, family: number, flags: number): Promise<Resolved[]> {
  if (host === null) {
    const passive = flags & AI_PASSIVE;
    const all: Resolved[] = passive
      ? [
          { family: AF_INET, address: "0.0.0.0", scope: 0 },
          { family: AF_INET6, address: "::", scope: 0 },
        ]
      : [
          { family: AF_INET6, address: "::1", scope: 0 },
          { family: AF_INET, address: "127.0.0.1", scope: 0 },
        ];
    return all.filter((r) => family === AF_UNSPEC || r.family === family);
  }
  if (host === "") throw gai("NONAME");
  const lit = numeric(host, family, flags);
  if (lit) return [lit];
  if (flags & AI_NUMERICHOST) throw gai("NONAME");
  let hints = 0;
  if (flags & AI_ADDRCONFIG) hints |= ADDRCONFIG;
  if (family === AF_INET6 && flags & AI_V4MAPPED) hints |= V4MAPPED | (flags & AI_ALL ? ALL : 0);
  try {
    const found = await dns.lookup(host, {
      all: true,
      family: family === AF_INET ? 4 : family === AF_INET6 ? 6 : 0,
      hints,
      order: "verbatim",
    });
    return found.map((a) => ({ family: a.family === 6 ? AF_INET6 : AF_INET, address: a.address, scope: 0 }));
  } catch (err) {
    throw fromNodeError(err);
  }
}

/**
 * getaddrinfo(host, port, family=0, type=0, proto=0, flags=0) -> list of
 * [family, type, proto, canonname, sockaddr]. host null with AI_PASSIVE gives the wildcard
 * addresses, without it the loopback ones; port may be a number, a numeric string or a service
 * name. Entries come address by address, each in SOCK_STREAM, SOCK_DGRAM, SOCK_RAW order.
 */
export async function getaddrinfo(
  host: string | null,
  port: number | string | null,
  family = 0,
  type = 0,
  proto = 0,
  flags = 0,
): Promise<AddrInfo[]> {
  if (family !== AF_UNSPEC && family !== AF_INET && family !== AF_INET6) throw gai("FAMILY");
  if (typeof port === "number" && port < 0) throw gai("SERVICE");
  if (host === null && (port === null || port === undefined)) throw gai("NONAME");
  const kinds = portsFor(port, kindsFor(type, proto), flags);
  const found = await addresses(host, family, flags);
  let canon = "";
  if (flags & AI_CANONNAME && host !== null)
    canon = net.isIP(host.split("%")[0]!) ? host : ((await hostsLine(host))?.[0] ?? host);
  const out: AddrInfo[] = [];
  for (const r of found) {
    for (const [t, p, n] of kinds) {
      const sockaddr: SockAddr = r.family === AF_INET6 ? [r.address, n, 0, r.scope] : [r.address, n];
      out.push([r.family, t, p, out.length === 0 ? canon : "", sockaddr]);
    }
  }
  return out;
}

/** The /etc/hosts line naming `name` (its names, canonical first), or the first for an address. */
async function hostsLine(name: string, byAddress = false): Promise<string[] | null> {
  let text: string;
  try {
    text = await readFile("/etc/hosts", "utf8");
  } catch {
    return null;
  }
  const want = name.toLowerCase();
  for (const raw of text.split("\n")) {
    const [addr, ...names] = raw.replace(/#.*/, "").trim().split(/\s+/);
    if (!addr || names.length === 0) continue;
    if (byAddress ? addr === name : names.some((n) => n.toLowerCase() === want)) return names;
  }
  return null;
}

/** gethostname() -> this machine's host name. */
export function gethostname(): string {
  return os.hostname();
}

/** gethostbyname(hostname) -> an IPv4 address: "" is 0.0.0.0 and "<broadcast>" 255.255.255.255, as in Python. */
export async function gethostbyname(hostname: string): Promise<string> {
  if (hostname === "") return "0.0.0.0";
  if (hostname === "<broadcast>") return "255.255.255.255";
  const [first] = await addresses(hostname, AF_INET, 0);
  if (!first) throw gai("NONAME");
  return first.address;
}

/** gethostbyname_ex(hostname) -> [canonical name, aliases, IPv4 addresses]; names from /etc/hosts where listed. */
export async function gethostbyname_ex(hostname: string): Promise<[string, string[], string[]]> {
  const addrs = (await addresses(hostname === "" ? "0.0.0.0" : hostname, AF_INET, 0)).map((r) => r.address);
  if (net.isIP(hostname)) return [hostname, [], addrs];
  const names = await hostsLine(hostname);
  if (!names) return [hostname, [], addrs];
  return [names[0]!, names.slice(1), addrs];
}

/** gethostbyaddr(ip_address) -> [host name, aliases, [address]]; herror "Unknown host" when no name. */
export async function gethostbyaddr(ip_address: string): Promise<[string, string[], string[]]> {
  if (ip_address === "") throw new OSError(null, "wildcard resolved to multiple address");
  const [first] = await addresses(ip_address, AF_UNSPEC, 0);
  if (!first) throw gai("NONAME");
  let hostname: string;
  try {
    hostname = (await dns.lookupService(first.address, 0)).hostname;
  } catch {
    throw new herror(1, "Unknown host");
  }
  if (hostname === first.address) throw new herror(1, "Unknown host");
  const names = await hostsLine(first.address, true);
  const aliases = names && names[0] === hostname ? names.slice(1) : [];
  return [hostname, aliases, [first.address]];
}

/** getfqdn(name="") -> the first name with a dot among name's reverse lookup and aliases, else that host name. */
export async function getfqdn(name = ""): Promise<string> {
  let target = name.trim();
  if (target === "" || target === "0.0.0.0" || target === "::") target = gethostname();
  try {
    const [hostname, aliases] = await gethostbyaddr(target);
    return [hostname, ...aliases].find((n) => n.includes(".")) ?? hostname;
  } catch (err) {
    if (err instanceof OSError) return target;
    throw err;
  }
}

/** getnameinfo(sockaddr, flags) -> [host, port]; sockaddr's host must be numeric, as in Python. */
export async function getnameinfo(
  sockaddr: readonly [string, number, number?, number?],
  flags: number,
): Promise<[string, string]> {
  if (
    !Array.isArray(sockaddr) ||
    (sockaddr.length !== 2 && sockaddr.length !== 4) ||
    typeof sockaddr[0] !== "string"
  )
    throw new TypeError("getnameinfo(): illegal sockaddr argument");
  const [host, port] = sockaddr;
  if (!Number.isInteger(port)) throw new TypeError("'float' object cannot be interpreted as an integer");
  if (port < 0 || port > 65535) throw new OverflowError("getnameinfo(): port must be 0-65535.");
  const lit = numeric(host, AF_UNSPEC, 0);
  if (!lit) throw gai("NONAME");
  if (lit.family === AF_INET && sockaddr.length !== 2)
    throw new OSError(null, "IPv4 sockaddr must be 2 tuple");
  let name = lit.address;
  if (!(flags & NI_NUMERICHOST)) {
    try {
      name = (await dns.lookupService(lit.address, 0)).hostname;
    } catch {
      if (flags & NI_NAMEREQD) throw gai("NONAME");
    }
  }
  let service = String(port);
  if (!(flags & NI_NUMERICSERV)) {
    try {
      service = getservbyport(port, flags & NI_DGRAM ? "udp" : "tcp");
    } catch {
      // No name: the number stands.
    }
  }
  return [name, service];
}
