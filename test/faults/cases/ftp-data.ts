// A passive data port for the FTP fault cases, on loopback (the project's socket).
import { AF_INET, SO_LINGER, SOCK_STREAM, SOL_SOCKET, socket } from "@inetlib/socket";

export class LoopbackData {
  readonly port: number;
  readonly #listener: socket;

  private constructor(listener: socket) {
    this.#listener = listener;
    this.port = (listener.getsockname() as [string, number])[1];
  }

  static async open(): Promise<LoopbackData> {
    const listener = new socket(AF_INET, SOCK_STREAM);
    await listener.bind(["127.0.0.1", 0]);
    await listener.listen(1);
    listener.settimeout(5);
    return new LoopbackData(listener);
  }

  async #accept(): Promise<socket> {
    try {
      const [conn] = await this.#listener.accept();
      return conn;
    } finally {
      await this.#listener.close();
    }
  }

  async sendThenClose(data: Buffer): Promise<void> {
    const conn = await this.#accept();
    await conn.sendall(data);
    await conn.close();
  }

  async sendThenReset(data: Buffer): Promise<void> {
    const conn = await this.#accept();
    await conn.sendall(data);
    const linger = Buffer.alloc(8);
    linger.writeInt32LE(1, 0);
    conn.setsockopt(SOL_SOCKET, SO_LINGER, linger);
    await conn.close();
  }

  async sendSlowly(data: Buffer, ms: number): Promise<void> {
    const conn = await this.#accept();
    try {
      for (;;) {
        await conn.sendall(data);
        await new Promise((r) => setTimeout(r, ms));
      }
    } finally {
      await conn.close();
    }
  }
}
