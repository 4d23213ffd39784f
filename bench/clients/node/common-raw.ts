// What the bare node:net floor clients share: a socket whose received bytes are searched in
// place, with no parsing beyond finding a marker. They measure the event loop's round trip,
// the cost any Node client pays, so that a library's own cost shows as the gap above them.
import net from "node:net";

/** RawConn is a connected node:net socket with a find-the-marker reader. */
export class RawConn {
  readonly sock: net.Socket;
  #buf: Buffer = Buffer.alloc(0);
  #wake: (() => void) | null = null;
  #ended = false;

  private constructor(sock: net.Socket) {
    this.sock = sock;
    sock.setNoDelay(true);
    sock.on("data", (chunk: Buffer) => {
      this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
      this.#wake?.();
    });
    sock.on("end", () => {
      this.#ended = true;
      this.#wake?.();
    });
  }

  /** connect opens a connection and resolves once it is up. */
  static connect(host: string, port: number): Promise<RawConn> {
    return new Promise((resolve, reject) => {
      const sock = net.connect(port, host, () => resolve(new RawConn(sock)));
      sock.once("error", reject);
    });
  }

  /** until consumes everything up to and including `marker`, and returns it (marker left off). */
  async until(marker: string | Buffer): Promise<Buffer> {
    for (let from = 0; ; ) {
      const at = this.#buf.indexOf(marker, from);
      if (at >= 0) {
        const out = this.#buf.subarray(0, at);
        this.#buf = this.#buf.subarray(at + marker.length);
        return out;
      }
      from = Math.max(0, this.#buf.length - marker.length + 1);
      await this.#more();
    }
  }

  /** line returns the next line without its CRLF, as text. */
  async line(): Promise<string> {
    return (await this.until("\r\n")).toString("latin1");
  }

  /** reply returns the final line of an FTP/SMTP reply ("NNN text"), skipping "NNN-" lines. */
  async reply(): Promise<string> {
    for (;;) {
      const line = await this.line();
      if (/^\d{3}(?: |$)/.test(line)) return line;
    }
  }

  /** take consumes exactly n bytes. */
  async take(n: number): Promise<Buffer> {
    while (this.#buf.length < n) await this.#more();
    const out = this.#buf.subarray(0, n);
    this.#buf = this.#buf.subarray(n);
    return out;
  }

  /** rest reads until the peer closes and returns how many bytes came. */
  async rest(): Promise<number> {
    while (!this.#ended) await this.#more();
    const n = this.#buf.length;
    this.#buf = Buffer.alloc(0);
    return n;
  }

  /** command writes one line and returns the final reply line. */
  async command(line: string): Promise<string> {
    this.sock.write(`${line}\r\n`);
    return this.reply();
  }

  #more(): Promise<void> {
    if (this.#ended) return Promise.reject(new Error("connection closed"));
    return new Promise<void>((resolve) => {
      this.#wake = () => {
        this.#wake = null;
        resolve();
      };
    });
  }
}

/** expect throws unless `line` starts with one of `codes`. */
export function expect(line: string, ...codes: string[]): string {
  if (!codes.some((c) => line.startsWith(c))) throw new Error(`unexpected reply: ${line}`);
  return line;
}
