// The floor for a sequential POP3 client on Node: a bare node:net loop that sends RETR, waits
// for the terminating ".", and sends the next; no parsing beyond finding the end. What is left
// between it and Python's poplib is the event loop's round trip, not a library's.
import { clock, main, params } from "./common.js";
import { expect, RawConn } from "./common-raw.js";
import type { Pop3Params } from "./pop3-params.js";

main(async () => {
  const p = params<Pop3Params>();
  const t0 = clock();
  const c = await RawConn.connect(p.host, p.port);
  expect(await c.line(), "+OK");
  c.sock.write(`USER ${p.user}\r\n`);
  expect(await c.line(), "+OK");
  c.sock.write(`PASS ${p.password}\r\n`);
  expect(await c.line(), "+OK");
  for (let i = 1; i <= p.count; i++) {
    c.sock.write(`RETR ${i}\r\n`);
    await c.until("\r\n.\r\n");
  }
  const seconds = clock() - t0;
  c.sock.destroy();
  return { seconds, ops: p.count };
});
