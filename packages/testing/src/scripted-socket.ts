// A socket stand-in for client tests: it delivers scripted server bytes in chosen pieces, so a
// test can split a reply at every byte (loopback TCP would merge the pieces at will).
import { UnexpectedEOF } from "@inetlib/socket";

/** ScriptedSocket hands out `chunks` one recv() at a time and records what is sent. */
export class ScriptedSocket {
  readonly sent: Buffer[] = [];
  #chunks: Buffer[];
  closed = false;

  constructor(chunks: Buffer[]) {
    this.#chunks = chunks.filter((c) => c.length > 0);
  }

  async recv(bufsize: number): Promise<Buffer> {
    const head = this.#chunks[0];
    if (!head) return Buffer.alloc(0);
    if (head.length <= bufsize) return this.#chunks.shift()!;
    this.#chunks[0] = head.subarray(bufsize);
    return head.subarray(0, bufsize);
  }

  async sendall(data: Uint8Array): Promise<void> {
    if (this.closed) throw new UnexpectedEOF("closed");
    this.sent.push(Buffer.from(data));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  gettimeout(): number | null {
    return null;
  }

  /** transcript is everything sent, as binary (latin-1) text. */
  transcript(): string {
    return Buffer.concat(this.sent).toString("latin1");
  }
}

/** splits returns `data` cut at every single position, and once into single bytes. */
export function splits(data: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 1; i < data.length; i++) out.push([data.subarray(0, i), data.subarray(i)]);
  out.push([...data].map((byte) => Buffer.from([byte])));
  return out;
}
