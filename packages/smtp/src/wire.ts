// The pieces of smtplib's wire layer that need no connection: the reply message, the command
// line check, the debug trace format, the default HELO name.
import {
  type Address,
  type ConnTrace,
  type DebugTrace,
  getfqdn,
  gethostbyname,
  gethostname,
  maskAll,
  maskSecrets,
  OSError,
  pyrepr,
  pytuple,
  ValueError,
} from "@inetlib/socket";

/** joinReply is smtplib's reply message: each line's text after the code, stripped, joined with "\n". */
export function joinReply(lines: readonly Buffer[]): Buffer {
  // Most replies are one line: its text, copied as Buffer.concat would.
  if (lines.length === 1) return Buffer.from(stripReply(lines[0]!.subarray(4)));
  const parts: Buffer[] = [];
  lines.forEach((line, i) => {
    if (i > 0) parts.push(LF);
    parts.push(stripReply(line.subarray(4)));
  });
  return Buffer.concat(parts);
}

const LF = Buffer.from("\n");

function stripReply(b: Buffer): Buffer {
  const ws = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
  let start = 0;
  let end = b.length;
  while (start < end && ws(b[start])) start++;
  while (end > start && ws(b[end - 1])) end--;
  return b.subarray(start, end);
}

/**
 * commandLine is putcmd's line, "cmd args" without CRLF. A CR or LF throws ValueError with
 * smtplib's message (CVE-2021-3737's fix, bpo-43124); a NUL is refused the same way.
 */
export function commandLine(cmd: string, args: string): string {
  const s = args === "" ? cmd : `${cmd} ${args}`;
  if (s.includes("\r") || s.includes("\n"))
    throw new ValueError(
      `command and arguments contain prohibited newline characters: ${s.replaceAll("\n", "\\n").replaceAll("\r", "\\r")}`,
    );
  if (s.includes("\0"))
    throw new ValueError(
      `command and arguments contain prohibited NUL characters: ${s.replaceAll("\0", "\\x00")}`,
    );
  return s;
}

/** pyaddress is an address as Python prints it: a tuple, or a path. */
export function pyaddress(address: Address | null): unknown {
  if (address === null || typeof address === "string") return address;
  return pytuple(...address);
}

/** checkTimeout refuses timeout=0 as smtplib does: the client does not do non-blocking I/O. */
export function checkTimeout(timeout: number | null | undefined): void {
  if (timeout !== null && timeout !== undefined && !timeout)
    throw new ValueError("Non-blocking socket (timeout=0) is not supported");
}

/**
 * smtplibTrace prints what smtplib prints: `send: 'LINE\r\n'` for each command (credentials
 * masked, where Python prints them) and `reply: b'250-...\r\n'` for each line of a reply.
 */
export function smtplibTrace(debug: DebugTrace): ConnTrace {
  return {
    command: (line, secret) => {
      if (debug.level < 1) return;
      const text = `${line.toString("utf8")}\r\n`;
      debug.print("send:", pyrepr(secret ? maskAll(text) : maskSecrets(text)));
    },
    line: (line) => {
      if (debug.level > 0) debug.print("reply:", pyrepr(line));
    },
  };
}

/** defaultLocalHostname is smtplib's default HELO name: the FQDN, else "[IP address]". */
export async function defaultLocalHostname(): Promise<string> {
  const fqdn = await getfqdn();
  if (fqdn.includes(".")) return fqdn;
  let addr = "127.0.0.1";
  try {
    addr = await gethostbyname(gethostname());
  } catch (err) {
    if (!(err instanceof OSError)) throw err;
  }
  return `[${addr}]`;
}
