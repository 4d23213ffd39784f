import { describe, expect, it } from "vitest";
import { AF_INET, SOCK_DGRAM } from "../src/constants.js";
import { socket } from "../src/socket.js";
import {
  BaseRequestHandler,
  BytesIO,
  type DatagramRequest,
  DatagramRequestHandler,
  ThreadingUDPServer,
  UDPServer,
} from "../src/socketserver/index.js";

async function ask(port: number, data: string): Promise<[string, unknown]> {
  const s = new socket(AF_INET, SOCK_DGRAM);
  try {
    s.settimeout(5);
    await s.sendto(Buffer.from(data), ["127.0.0.1", port]);
    const [reply, from] = await s.recvfrom(1024);
    return [reply.toString(), from];
  } finally {
    await s.close();
  }
}

describe("UDPServer", () => {
  it("serves the Python docs' upper-case example (BaseRequestHandler, request = [data, socket])", async () => {
    class MyUDPHandler extends BaseRequestHandler<DatagramRequest> {
      override async handle(): Promise<void> {
        const [data, sock] = this.request;
        await sock.sendto(
          Buffer.from(data.toString().trim().toUpperCase()),
          this.client_address as [string, number],
        );
      }
    }
    await using server = await UDPServer.open(["127.0.0.1", 0], MyUDPHandler);
    const port = (server.server_address as [string, number])[1];
    const serving = server.serve_forever(0.05);
    expect(await ask(port, "hello world\n")).toEqual(["HELLO WORLD", ["127.0.0.1", port]]);
    await server.shutdown();
    await serving;
  });

  it("DatagramRequestHandler: rfile reads the datagram, wfile goes back as one reply", async () => {
    class Upper extends DatagramRequestHandler {
      override async handle(): Promise<void> {
        for (const line of this.rfile) this.wfile.write(Buffer.from(line.toString().toUpperCase()));
      }
    }
    await using server = await ThreadingUDPServer.open(["127.0.0.1", 0], Upper);
    const port = (server.server_address as [string, number])[1];
    const replies = Promise.all([ask(port, "one\ntwo\n"), ask(port, "three")]);
    await server.handle_request();
    await server.handle_request();
    const got = (await replies).map(([text]) => text);
    expect(got).toEqual(["ONE\nTWO\n", "THREE"]);
  });

  it("cuts datagrams to max_packet_size", async () => {
    class Echo extends DatagramRequestHandler {
      override handle(): void {
        this.wfile.write(this.rfile.read());
      }
    }
    await using server = await UDPServer.open(["127.0.0.1", 0], Echo);
    server.max_packet_size = 4;
    const reply = ask((server.server_address as [string, number])[1], "abcdefgh");
    await server.handle_request();
    expect((await reply)[0]).toBe("abcd");
  });
});

describe("BytesIO", () => {
  it("reads, writes and seeks as Python's", () => {
    const f = new BytesIO(Buffer.from("a\nbc\nd"));
    expect(f.readline().toString()).toBe("a\n");
    expect(f.read(1).toString()).toBe("b");
    expect(f.readlines().map(String)).toEqual(["c\n", "d"]);
    expect(f.read().length).toBe(0);
    const w = new BytesIO();
    expect(w.write(Buffer.from("hello"))).toBe(5);
    w.seek(1);
    w.write(Buffer.from("E"));
    expect(w.getvalue().toString()).toBe("hEllo");
    expect(w.tell()).toBe(2);
    w.close();
    expect(() => w.getvalue()).toThrow("I/O operation on closed file.");
  });
});
