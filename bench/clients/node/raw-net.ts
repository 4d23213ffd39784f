// The raw loopback TCP limit for Node: a bare node:net sender (a second process, as a server is)
// writing 1 MiB buffers, and a bare node:net reader that counts; no protocol, no parsing. The
// reader takes the bytes as 'data' events (a new Buffer for every read, what streams do) or
// with `onread` into one reused buffer (what a recv_into() loop does).
import { fork } from "node:child_process";
import net from "node:net";
import { clock, main, params } from "./common.js";

interface RawParams {
  bytes: number;
  blocksize: number;
  reader: "data" | "onread";
}

function sender(p: RawParams): void {
  const server = net.createServer((sock) => {
    const block = Buffer.alloc(p.blocksize, 0x5a);
    let left = p.bytes;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, block.length);
        left -= n;
        if (!sock.write(n === block.length ? block : block.subarray(0, n))) {
          sock.once("drain", pump);
          return;
        }
      }
      sock.end();
      server.close();
    };
    pump();
  });
  server.listen(0, "127.0.0.1", () => {
    process.send?.((server.address() as net.AddressInfo).port);
  });
}

if (process.argv[3] === "sender") sender(params<RawParams>());
else
  main(async () => {
    const child = fork(process.argv[1]!, [process.argv[2]!, "sender"], { stdio: "inherit" });
    const port = await new Promise<number>((resolve) => child.once("message", (m) => resolve(m as number)));
    const p = params<RawParams>();
    let bytes = 0;
    const t0 = clock();
    await new Promise<void>((resolve, reject) => {
      const count = (n: number): boolean => {
        bytes += n;
        return true;
      };
      const sock =
        p.reader === "onread"
          ? net.connect({
              port,
              host: "127.0.0.1",
              onread: { buffer: Buffer.allocUnsafe(64 * 1024), callback: count },
            })
          : net.connect(port, "127.0.0.1").on("data", (chunk: Buffer) => count(chunk.length));
      sock.on("end", resolve);
      sock.on("error", reject);
    });
    const seconds = clock() - t0;
    child.kill();
    return { seconds, bytes, ops: 1 };
  });
