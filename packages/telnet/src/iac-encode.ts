// The send side of the IAC layer: how user data and option replies become wire bytes. Every
// byte 255 in data or in a subnegotiation's content is doubled, so nothing a caller passes can
// end up read as a telnet command (curl CVE-2023-27533 sent user-supplied bytes unescaped).
import { IAC, SB, SE } from "./codes.js";

/** doubleIAC returns `data` with every IAC (255) doubled; `data` itself when it holds none. */
export function doubleIAC(data: Uint8Array): Buffer {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let count = 0;
  for (let i = buf.indexOf(IAC); i !== -1; i = buf.indexOf(IAC, i + 1)) count++;
  if (count === 0) return buf;
  const out = Buffer.allocUnsafe(buf.length + count);
  let n = 0;
  for (const c of buf) {
    out[n++] = c;
    if (c === IAC) out[n++] = IAC;
  }
  return out;
}

/** iacCommand(command[, option]): IAC <command> [<option>]. */
export function iacCommand(command: number, option?: number): Buffer {
  return option === undefined ? Buffer.from([IAC, command]) : Buffer.from([IAC, command, option]);
}

/** subnegotiation(option, content): IAC SB <option> <content> IAC SE, every 255 between SB and SE doubled. */
export function subnegotiation(option: number, content: Uint8Array): Buffer {
  const body = doubleIAC(Buffer.concat([Buffer.from([option]), content]));
  return Buffer.concat([Buffer.from([IAC, SB]), body, Buffer.from([IAC, SE])]);
}
