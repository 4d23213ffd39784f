// Length-prefixed framing: TCP is a byte stream with no message boundaries, so two quick send()s
// may arrive in one recv() (the "sticky packet" problem) and one big reply may need many.
// Every message here is a 4-byte big-endian length, then that many bytes.
import type { socket } from "@inetlib/socket";

export async function sendMessage(s: socket, payload: Buffer): Promise<void> {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  // One write: a header and body sent separately would work too, which is the point of framing.
  await s.sendall(Buffer.concat([header, payload]));
}

/** Reads exactly n bytes; throws if the peer closes first. */
export async function recvExactly(s: socket, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const chunk = await s.recv(Math.min(n - got, 1 << 20));
    if (chunk.length === 0) throw new Error(`connection closed after ${got} of ${n} bytes`);
    parts.push(chunk);
    got += chunk.length;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
}

/** Reads one framed message, or null when the peer closed cleanly between messages. */
export async function recvMessage(s: socket, maxSize = 64 << 20): Promise<Buffer | null> {
  const first = await s.recv(4);
  if (first.length === 0) return null;
  const header = first.length === 4 ? first : Buffer.concat([first, await recvExactly(s, 4 - first.length)]);
  const size = header.readUInt32BE();
  if (size > maxSize) throw new Error(`message of ${size} bytes exceeds the ${maxSize}-byte limit`);
  return recvExactly(s, size);
}
