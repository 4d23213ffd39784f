// Pure functions over reply text, each doing what ftplib's function of the same name does.
import { pyrepr, ValueError } from "@inetlib/socket";
import { error_proto, error_reply } from "./errors.js";

/**
 * parse150 returns the size a `150` reply announces, or null when it names none:
 *
 *	150 Opening BINARY mode data connection for a.bin (1024 bytes)  ->  1024
 *
 * A reply that is not a 150 throws error_reply.
 */
export function parse150(resp: string): number | null {
  if (resp.slice(0, 3) !== "150") throw new error_reply(resp);
  // Python's re.match with "." not crossing "\n" (and nothing else), digits ASCII only.
  const m = /^150 [^\n]* \(([0-9]+) bytes\)/i.exec(resp);
  return m ? Number(m[1]) : null;
}

/**
 * parse227 returns the host and port a PASV reply names:
 *
 *	227 Entering Passive Mode (192,168,1,2,19,137)  ->  ["192.168.1.2", 5001]
 *
 * The host is the four numbers as written ("010" stays "010"), as in Python. A reply that is
 * not a 227 throws error_reply; one without six comma-separated numbers, error_proto.
 */
export function parse227(resp: string): [string, number] {
  if (resp.slice(0, 3) !== "227") throw new error_reply(resp);
  const m = /([0-9]+),([0-9]+),([0-9]+),([0-9]+),([0-9]+),([0-9]+)/.exec(resp);
  if (!m) throw new error_proto(resp);
  const host = m.slice(1, 5).join(".");
  const port = Number(m[5]) * 256 + Number(m[6]);
  return [host, port];
}

/**
 * parse229 returns the control connection's peer host and the port an EPSV reply names
 * (RFC 2428: the delimiter is whatever character follows the parenthesis):
 *
 *	229 Entering Extended Passive Mode (|||6446|)  ->  [peer[0], 6446]
 *
 * A reply that is not a 229 throws error_reply; one without `(<d><d><d>port<d>)`,
 * error_proto; a port that is not a number, ValueError (int()'s message).
 */
export function parse229(resp: string, peer: readonly [string, ...unknown[]]): [string, number] {
  if (resp.slice(0, 3) !== "229") throw new error_reply(resp);
  const left = resp.indexOf("(");
  if (left < 0) throw new error_proto(resp);
  const right = resp.indexOf(")", left + 1);
  if (right < 0) throw new error_proto(resp);
  if (resp[left + 1] !== resp[right - 1]) throw new error_proto(resp);
  const parts = resp.slice(left + 1, right).split(resp[left + 1]!);
  if (parts.length !== 5) throw new error_proto(resp);
  return [peer[0], pyInt(parts[3]!)];
}

/**
 * parse257 returns the directory name of a MKD or PWD reply, with doubled quotes undone
 * (RFC 959 appendix II):
 *
 *	257 "/foo/b""ar" created  ->  /foo/b"ar
 *
 * A 257 whose text does not start with ` "` gives "" (some UNIX servers); any other reply
 * throws error_reply.
 */
export function parse257(resp: string): string {
  if (resp.slice(0, 3) !== "257") throw new error_reply(resp);
  if (resp.slice(3, 5) !== ' "') return "";
  let dirname = "";
  let i = 5;
  const n = resp.length;
  while (i < n) {
    const c = resp[i]!;
    i++;
    if (c === '"') {
      if (i >= n || resp[i] !== '"') break;
      i++;
    }
    dirname += c;
  }
  return dirname;
}

/**
 * pyInt is Python's int(text) for the decimal strings FTP replies carry: surrounding
 * whitespace, a sign and single underscores between digits are accepted; anything else throws
 * ValueError with Python's message.
 */
export function pyInt(text: string): number {
  const m = /^\s*([+-]?)([0-9]+(?:_[0-9]+)*)\s*$/u.exec(text);
  if (!m) throw new ValueError(`invalid literal for int() with base 10: ${pyrepr(text)}`);
  const n = Number(m[2]!.replaceAll("_", ""));
  return m[1] === "-" ? -n : n;
}

/**
 * portCommand builds the PORT command of sendport(): the host's dotted parts and the port's
 * two bytes, comma-separated (RFC 959 4.1.2):
 *
 *	portCommand("127.0.0.1", 5001)  ->  "PORT 127,0,0,1,19,137"
 */
export function portCommand(host: string, port: number): string {
  return `PORT ${[...host.split("."), String(Math.floor(port / 256)), String(port % 256)].join(",")}`;
}

/**
 * eprtCommand builds the EPRT command of sendeprt() (RFC 2428): 1 for IPv4, 2 for IPv6.
 *
 *	eprtCommand(2, "::1", 5001)  ->  "EPRT |2|::1|5001|"
 */
export function eprtCommand(af: 1 | 2, host: string, port: number): string {
  return `EPRT |${af}|${host}|${port}|`;
}
