// The floor for a sequential POP3 client on Node: a bare node:net loop that sends RETR, waits
// for the terminating ".", and sends the next; no parsing beyond finding the end. What is left
// between it and Python's poplib is the event loop's round trip, not a library's.
import net from "node:net";
import { clock, main, params } from "./common.js";
import type { Pop3Params } from "./pop3-params.js";

main(async () => {
  const p = params<Pop3Params>();
  const t0 = clock();
  const sock = net.connect(p.port, p.host);
  sock.setNoDelay(true);
  let buf: Buffer = Buffer.alloc(0);
  let wake: (() => void) | null = null;
  sock.on("data", (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    wake?.();
  });
  const until = async (marker: string): Promise<void> => {
    for (;;) {
      const at = buf.indexOf(marker);
      if (at >= 0) {
        buf = buf.subarray(at + marker.length);
        return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  };
  await until("\r\n");
  sock.write(`USER ${p.user}\r\n`);
  await until("\r\n");
  sock.write(`PASS ${p.password}\r\n`);
  await until("\r\n");
  for (let i = 1; i <= p.count; i++) {
    sock.write(`RETR ${i}\r\n`);
    await until("\r\n.\r\n");
  }
  const seconds = clock() - t0;
  sock.destroy();
  return { seconds, ops: p.count };
});
