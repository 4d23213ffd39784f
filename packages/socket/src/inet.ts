// Address text <-> packed bytes and byte order, with glibc's parsing rules and Python's messages:
// inet_aton is lenient ("127.1", "0x7f.1", octal parts, junk after whitespace), inet_pton strict.
import { AF_INET, AF_INET6 } from "./constants.js";
import { OSError, oserror, ValueError } from "./errors.js";

/** OverflowError: an integer out of the range the C call takes (Python's builtin; a RangeError here). */
export class OverflowError extends RangeError {
  override name = "OverflowError";
}

function checkInt(x: number): void {
  if (typeof x !== "number" || !Number.isInteger(x))
    throw new TypeError(
      `'${typeof x === "number" ? "float" : typeof x}' object cannot be interpreted as an integer`,
    );
}

function swap16(name: string, x: number): number {
  checkInt(x);
  if (x < 0)
    throw new OverflowError(`${name}: can't convert negative Python int to C 16-bit unsigned integer`);
  if (x > 0xffff)
    throw new OverflowError(`${name}: Python int too large to convert to C 16-bit unsigned integer`);
  return ((x & 0xff) << 8) | (x >>> 8);
}

function swap32(x: number): number {
  checkInt(x);
  if (x < 0) throw new OverflowError("can't convert negative value to unsigned int");
  if (x > 0xffffffff) throw new OverflowError("int larger than 32 bits");
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** htons(x): a 16-bit integer from host to network byte order (Linux hosts are little-endian). */
export function htons(x: number): number {
  return swap16("htons", x);
}
/** ntohs(x): a 16-bit integer from network to host byte order. */
export function ntohs(x: number): number {
  return swap16("ntohs", x);
}
/** htonl(x): a 32-bit integer from host to network byte order. */
export function htonl(x: number): number {
  return swap32(x);
}
/** ntohl(x): a 32-bit integer from network to host byte order. */
export function ntohl(x: number): number {
  return swap32(x);
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isSpace = (c: string | undefined) => c !== undefined && " \t\n\v\f\r".includes(c);

/** Parses with inet_aton(3)'s rules; null where glibc returns 0. */
function parseAton(text: string): number | null {
  const parts: number[] = [];
  let i = 0;
  let c = text[i];
  for (;;) {
    if (!isDigit(c)) return null;
    let base = 10;
    let val = 0;
    if (c === "0") {
      base = 8;
      c = text[++i];
      if (c === "x" || c === "X") {
        base = 16;
        c = text[++i];
      }
    }
    for (;;) {
      const d = c === undefined ? Number.NaN : Number.parseInt(c, 16);
      if (isDigit(c)) {
        if (base === 8 && d > 7) return null;
        val = val * base + d;
      } else if (base === 16 && !Number.isNaN(d)) val = val * 16 + d;
      else break;
      if (val > 0xffffffff) return null;
      c = text[++i];
    }
    parts.push(val);
    if (c !== ".") break;
    if (parts.length > 3) return null;
    c = text[++i];
  }
  if (c !== undefined && !isSpace(c)) return null;
  const last = parts[parts.length - 1]!;
  const lead = parts.slice(0, -1);
  if (lead.some((p) => p > 0xff)) return null;
  const width = [0xffffffff, 0xffffff, 0xffff, 0xff][lead.length]!;
  if (last > width) return null;
  let addr = 0;
  lead.forEach((p, k) => {
    addr += p * 2 ** (24 - 8 * k);
  });
  return addr + last;
}

/** inet_aton(ip_string) -> 4 packed bytes. Accepts every form inet_aton(3) does, e.g. "127.1". */
export function inet_aton(ip: string): Buffer {
  const addr = parseAton(ip);
  if (addr === null) throw new OSError(null, "illegal IP address string passed to inet_aton");
  const out = Buffer.alloc(4);
  out.writeUInt32BE(addr);
  return out;
}

/** inet_ntoa(packed_ip) -> dotted-quad string. */
export function inet_ntoa(packed: Uint8Array): string {
  if (packed.length !== 4) throw new OSError(null, "packed IP wrong length for inet_ntoa");
  return Array.from(packed).join(".");
}

function parseV4Strict(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseV6(text: string): Buffer | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    const fields = s.split(":");
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      if (k === fields.length - 1 && f.includes(".")) {
        const v4 = parseV4Strict(f);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(f)) out.push(Number.parseInt(f, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  // An IPv4 tail belongs at the end only.
  if (halves.length === 2 && halves[0]!.includes(".")) return null;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return null;
  const words = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  const out = Buffer.alloc(16);
  for (const [k, w] of words.entries()) out.writeUInt16BE(w, 2 * k);
  return out;
}

/** inet_pton(address_family, ip_string) -> packed bytes (4 for AF_INET, 16 for AF_INET6). */
export function inet_pton(family: number, ip: string): Buffer {
  let out: Buffer | null = null;
  if (family === AF_INET) {
    const v4 = parseV4Strict(ip);
    out = v4 ? Buffer.from(v4) : null;
  } else if (family === AF_INET6) out = parseV6(ip);
  else throw oserror("EAFNOSUPPORT");
  if (!out) throw new OSError(null, "illegal IP address string passed to inet_pton");
  return out;
}

/** inet_ntop(address_family, packed_ip) -> text, IPv6 compressed as glibc writes it ("::ffff:1.2.3.4"). */
export function inet_ntop(family: number, packed: Uint8Array): string {
  if (family === AF_INET) {
    if (packed.length !== 4) throw new ValueError("invalid length of packed IP address string");
    return inet_ntoa(packed);
  }
  if (family !== AF_INET6) throw new ValueError(`unknown address family ${family}`);
  if (packed.length !== 16) throw new ValueError("invalid length of packed IP address string");
  const words: number[] = [];
  for (let k = 0; k < 16; k += 2) words.push((packed[k]! << 8) | packed[k + 1]!);
  // The longest run of zero words (the first on a tie), if at least two long, becomes "::".
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let k = 0; k < 8; k++) {
    if (words[k] === 0) {
      cur = cur.base === -1 ? { base: k, len: 1 } : { base: cur.base, len: cur.len + 1 };
      if (cur.len > best.len) best = cur;
    } else cur = { base: -1, len: 0 };
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = "";
  for (let k = 0; k < 8; k++) {
    if (best.base !== -1 && k >= best.base && k < best.base + best.len) {
      if (k === best.base) out += ":";
      continue;
    }
    if (k !== 0) out += ":";
    if (k === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += inet_ntoa(packed.subarray(12));
      return out;
    }
    out += words[k]!.toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ":";
  return out;
}
