import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { OSError, ValueError } from "../src/errors.js";
import {
  type Conn,
  LineClient,
  type LineClientOptions,
  type LineSession,
  LineTooLong,
} from "../src/textproto/index.js";

/** Session reads one-line replies over a Conn. */
class Session implements LineSession {
  onBroken: (() => void) | undefined;
  constructor(readonly conn: Conn) {}
  async line(): Promise<string> {
    return (await this.conn.readlineStripped()).toString("latin1");
  }
}

class Client extends LineClient<Session> {
  port = 0;
  greeting = "";
  maxlineSeen = 0;
  constructor(options: LineClientOptions = {}) {
    super(options, 64);
  }
  async connect(host: string, port: number): Promise<string> {
    await this._connect(host, port, async (s) => {
      this.greeting = await s.line();
    });
    return this.greeting;
  }
  protected _session(conn: Conn, maxline: number): Session {
    this.maxlineSeen = maxline;
    return new Session(conn);
  }
  ask(command: string): Promise<string> {
    return this._exclusive(async (s) => {
      await s.conn.cmd(command);
      return s.line();
    });
  }
}

const servers: net.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
});

/** echoServer greets with `greeting`, then answers each line with "+OK <line>". */
async function echoServer(greeting: string): Promise<number> {
  const server = net.createServer((c) => {
    c.write(greeting);
    let buf = "";
    c.on("data", (d) => {
      buf += d.toString("latin1");
      for (let i = buf.indexOf("\r\n"); i >= 0; i = buf.indexOf("\r\n")) {
        c.write(`+OK ${buf.slice(0, i)}\r\n`);
        buf = buf.slice(i + 2);
      }
    });
    c.on("error", () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as net.AddressInfo).port;
}

describe("LineClient", () => {
  it("connects, runs init, serializes exchanges and closes", async () => {
    const port = await echoServer("+OK hello\r\n");
    const client = new Client({ timeout: 5 });
    expect(await client.connect("127.0.0.1", port)).toBe("+OK hello");
    expect(client.host).toBe("127.0.0.1");
    expect(client.port).toBe(port);
    expect(client.maxlineSeen).toBe(64);
    expect(client.file).not.toBeNull();
    const replies = await Promise.all([client.ask("A"), client.ask("B"), client.ask("C")]);
    expect(replies).toEqual(["+OK A", "+OK B", "+OK C"]);
    await expect(client.connect("127.0.0.1", port)).rejects.toThrow("already connected");
    await client[Symbol.asyncDispose]();
    expect(client.sock).toBeNull();
    expect(client.file).toBeNull();
    await expect(client.ask("D")).rejects.toMatchObject({ errno: 107 });
  });

  it("refuses a timeout of 0 before connecting", async () => {
    const client = new Client({ timeout: 0 });
    await expect(client.connect("127.0.0.1", 1)).rejects.toThrow(
      new ValueError("Non-blocking socket (timeout=0) is not supported"),
    );
    expect(client.sock).toBeNull();
  });

  it("closes when init fails, and uses the maxline option", async () => {
    const port = await echoServer(`${"x".repeat(100)}\r\n`);
    const client = new Client({ timeout: 5, maxline: 200 });
    expect(await client.connect("127.0.0.1", port)).toBe("x".repeat(100));
    expect(client.maxlineSeen).toBe(200);
    await client.close();

    const short = new Client({ timeout: 5 });
    await expect(short.connect("127.0.0.1", port)).rejects.toBeInstanceOf(LineTooLong);
    expect(short.sock).toBeNull();
  });

  it("a call waiting its turn when the connection closes fails with EBADF", async () => {
    const port = await echoServer("+OK\r\n");
    const client = new Client({ timeout: 5 });
    await client.connect("127.0.0.1", port);
    let release!: () => void;
    const started = new Promise<void>((running) => {
      void client._exclusive(() => {
        running();
        return new Promise<void>((r) => (release = r));
      });
    });
    const second = client.ask("X");
    await started;
    await client.close();
    release();
    const err = await second.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OSError);
    expect((err as OSError).errno).toBe(9);
  });
});
