// A socket stand-in that delivers scripted server bytes in chosen pieces, so that tests can
// split a response at every byte (loopback TCP would merge the pieces at will).
import { type socket, UnexpectedEOF } from "@inetlib/socket";
import { NNTP, type NNTPOptions } from "../src/index.js";

/** FakeSocket hands out `chunks` one recv() at a time and records what is sent. */
export class FakeSocket {
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

  /** transcript is everything sent, as binary text. */
  transcript(): string {
    return Buffer.concat(this.sent).toString("latin1");
  }
}

/** FakeNNTP is an NNTP client over a FakeSocket. */
export class FakeNNTP extends NNTP {
  readonly fake: FakeSocket;
  constructor(fake: FakeSocket, options: NNTPOptions = {}) {
    super(options);
    this.fake = fake;
  }
  protected override async _create_socket(): Promise<socket> {
    return this.fake as unknown as socket;
  }
}

/** splits returns `data` cut at every single position, and once into single bytes. */
export function splits(data: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 1; i < data.length; i++) out.push([data.subarray(0, i), data.subarray(i)]);
  out.push([...data].map((byte) => Buffer.from([byte])));
  return out;
}
