import { describe, expect, it } from "vitest";
import { DebugTrace } from "../src/debug.js";
import { ValueError } from "../src/errors.js";
import { socket } from "../src/socket.js";
import { Conn, expectCode, Reader, type SocketLike, UnexpectedEOF } from "../src/textproto/index.js";
import { FakeSource, latin1, text } from "./textproto-fake.js";

class FakeSocket implements SocketLike {
  readonly sent: string[] = [];
  closed = false;
  readonly #source: FakeSource;
  constructor(chunks: string[]) {
    this.#source = new FakeSource(chunks);
  }
  recv(bufsize: number): Promise<Buffer> {
    return this.#source.recv(bufsize);
  }
  async sendall(data: Uint8Array): Promise<void> {
    this.sent.push(text(data));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function traced(sock: SocketLike, level: number) {
  const out: string[] = [];
  const debug = new DebugTrace({ level, sink: (t) => out.push(t) });
  return { conn: new Conn(sock, { debug }), out, debug };
}

describe("Conn", () => {
  it("sends a command in one write and reads its reply", async () => {
    const sock = new FakeSocket(["250-a\r\n250 b\r\n"]);
    const conn = new Conn(sock);
    await conn.cmd("EHLO", "client.example");
    const reply = await conn.readCodeReply({ style: "smtp" });
    expect(sock.sent).toEqual(["EHLO client.example\r\n"]);
    expect(reply.code).toBe(250);
    expect(expectCode(reply, 2)).toBe(true);
  });

  it("sends nothing when a command is refused", async () => {
    const sock = new FakeSocket([]);
    const conn = new Conn(sock);
    await expect(conn.cmd("RETR", "x\r\nDELE 1")).rejects.toBeInstanceOf(ValueError);
    await expect(conn.pipeline([["NOOP"], ["USER", "a\0"]], async () => 0)).rejects.toBeInstanceOf(
      ValueError,
    );
    expect(sock.sent).toEqual([]);
  });

  it("traces as ftplib by default: *cmd* masked at level 1, *get* at level 2", async () => {
    const one = traced(new FakeSocket(["230 ok\r\n"]), 1);
    await one.conn.cmd("PASS", "hunter2");
    await one.conn.readline();
    expect(one.out).toEqual(["*cmd* 'PASS *******'\n"]);

    const two = traced(new FakeSocket(["230 ok\r\n"]), 2);
    await two.conn.cmd("USER", "joe");
    await two.conn.readline();
    expect(two.out).toEqual(["*cmd* 'USER joe'\n", "*get* b'230 ok\\r\\n'\n"]);

    const zero = traced(new FakeSocket(["230 ok\r\n"]), 0);
    await zero.conn.cmd("USER", "joe");
    await zero.conn.readline();
    expect(zero.out).toEqual([]);
  });

  it("masks a line marked secret whole, and only that line", async () => {
    const { conn, out, debug } = traced(new FakeSocket([]), 1);
    debug.markSecret();
    await conn.cmd("dXNlcm5hbWU=");
    await conn.cmd("NOOP");
    expect(out).toEqual(["*cmd* '************'\n", "*cmd* 'NOOP'\n"]);
  });

  it("uses up a secret mark even when nothing is traced", async () => {
    const debug = new DebugTrace({ sink: () => {} });
    const conn = new Conn(new FakeSocket([]), { debug, trace: {} });
    debug.markSecret();
    await conn.cmd("c2VjcmV0");
    expect(debug.takeSecret()).toBe(false);
  });

  it("lets a protocol format its own trace", async () => {
    const seen: string[] = [];
    const conn = new Conn(new FakeSocket(["220 hi\r\n"]), {
      trace: {
        command: (line, secret) => seen.push(`send ${text(line)} ${secret}`),
        line: (line) => seen.push(`reply ${text(line)}`),
      },
    });
    await conn.cmd("HELO", "x");
    await conn.readCodeReply({ style: "smtp" });
    expect(seen).toEqual(["send HELO x false", "reply 220 hi\r\n"]);
  });

  it("encodes text commands with its encoding", async () => {
    const sock = new FakeSocket([]);
    await new Conn(sock, { encoding: "latin1" }).cmd("CWD", "é");
    expect(sock.sent).toEqual(["CWD \xe9\r\n"]);
  });

  it("runs exclusive() exchanges one after another", async () => {
    const sock = new FakeSocket(["+OK one\r\n+OK two\r\n"]);
    const conn = new Conn(sock);
    const order: string[] = [];
    const exchange = (name: string) =>
      conn.exclusive(async () => {
        order.push(`send ${name}`);
        await conn.cmd(name);
        await new Promise((r) => setImmediate(r));
        const reply = await conn.readStatusLine();
        order.push(`got ${text(reply.line)}`);
        return text(reply.line);
      });
    const failing = conn.exclusive(async () => {
      throw new Error("first fails");
    });
    const [a, b] = await Promise.all([exchange("STAT"), exchange("NOOP"), failing.catch(() => "")]);
    expect([a, b]).toEqual(["+OK one", "+OK two"]);
    expect(order).toEqual(["send STAT", "got +OK one", "send NOOP", "got +OK two"]);
  });

  it("pipelines commands in one write and reads the replies in order", async () => {
    const sock = new FakeSocket(["250 a\r\n250 b\r\n354 c\r\n"]);
    const conn = new Conn(sock);
    const replies = await conn.pipeline([["MAIL", "FROM:<a@b>"], ["RCPT", "TO:<c@d>"], ["DATA"]], () =>
      conn.readCodeReply({ style: "smtp" }),
    );
    expect(sock.sent).toEqual(["MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"]);
    expect(replies.map((r) => r.code)).toEqual([250, 250, 354]);
  });

  it("sendBatch sends commands in one write, traced in order, and nothing if one is refused", async () => {
    const sock = new FakeSocket([]);
    const { conn, out, debug } = traced(sock, 1);
    await expect(
      conn.sendBatch([
        ["STAT", "1"],
        ["STAT", "2\r\nDELE 1"],
      ]),
    ).rejects.toBeInstanceOf(ValueError);
    expect(sock.sent).toEqual([]);
    debug.markSecret();
    await conn.sendBatch([
      ["PASS", "pw"],
      ["STAT", Buffer.from("7")],
    ]);
    expect(sock.sent).toEqual(["PASS pw\r\nSTAT 7\r\n"]);
    expect(out).toEqual(["*cmd* '*******'\n", "*cmd* 'STAT 7'\n"]);
  });

  it("sends dot-stuffed bodies and reads them back", async () => {
    const sock = new FakeSocket(["a\r\n..b\r\n.\r\n"]);
    const conn = new Conn(sock);
    await conn.sendDotBody(latin1(".b\n"));
    expect(sock.sent).toEqual(["..b\r\n.\r\n"]);
    const body = await conn.readDotBody();
    expect(body.lines.map(text)).toEqual(["a", ".b"]);
    await expect(conn.readDotBody()).rejects.toBeInstanceOf(UnexpectedEOF);
  });

  it("replaceSocket drops the bytes received in clear and reads and writes the new socket", async () => {
    const plain = new FakeSocket(["220 Ready to start TLS\r\n250 injected\r\n"]);
    const conn = new Conn(plain);
    await conn.cmd("STARTTLS");
    expect((await conn.readCodeReply({ style: "smtp" })).code).toBe(220);
    const tls = new FakeSocket(["250 over tls\r\n"]);
    expect(conn.replaceSocket(tls)).toBe("250 injected\r\n".length);
    expect(conn.sock).toBe(tls);
    await conn.cmd("EHLO", "x");
    expect(text((await conn.readCodeReply({ style: "smtp" })).lines[0]!)).toBe("250 over tls");
    expect(tls.sent).toEqual(["EHLO x\r\n"]);
    expect(plain.sent).toEqual(["STARTTLS\r\n"]);
    await conn.close();
    expect(tls.closed).toBe(true);
  });

  it("gives readline, read and readSome of the reader", async () => {
    const conn = new Conn(new FakeSocket(["* OK {3}\r\nabc", "rest"]), { maxline: 20 });
    expect(text(await conn.readlineStripped())).toBe("* OK {3}");
    expect(text(await conn.read(3))).toBe("abc");
    expect(text(await conn.readSome())).toBe("rest");
    expect((await conn.readline()).length).toBe(0);
    expect(conn.reader.maxline).toBe(20);
  });
});

describe("Conn over a real loopback socket", () => {
  it("reads replies and bodies sent in pieces by a real peer", async () => {
    const server = new socket();
    await server.bind(["127.0.0.1", 0]);
    await server.listen();
    const address = server.getsockname() as [string, number];
    const client = new socket();
    client.settimeout(5);
    const [, accepted] = await Promise.all([client.connect(address), server.accept()]);
    const [peer] = accepted;
    try {
      const conn = new Conn(client, { maxline: 8192 });
      const pieces = ["220-welc", "ome\r\n220 ready\r", "\n+OK\r\nline\r\n..dot", "\r\n.\r\n250 bye\r\n"];
      for (const piece of pieces) await peer.sendall(latin1(piece));
      const greeting = await conn.readCodeReply({ style: "ftp" });
      expect(greeting.lines.map(text)).toEqual(["220-welcome", "220 ready"]);
      expect((await conn.readStatusLine()).ok).toBe(true);
      expect((await conn.readDotBody()).lines.map(text)).toEqual(["line", ".dot"]);
      await conn.cmd("QUIT");
      expect(text(await new Reader(peer).readline())).toBe("QUIT\r\n");
      expect((await conn.readCodeReply({ style: "smtp" })).code).toBe(250);
      await peer.close();
      expect((await conn.readline()).length).toBe(0);
      await expect(conn.readCodeReply({ style: "smtp" })).rejects.toBeInstanceOf(UnexpectedEOF);
    } finally {
      await Promise.all([client.close(), peer.close(), server.close()]);
    }
  });
});
