// The floor for keep-alive HTTP on Node: GET after GET on one connection, each response's head
// read to its blank line and its body taken by Content-Length; reconnecting when the server
// says it closes (nginx does after keepalive_requests).
import { clock, main, params } from "./common.js";
import { expect, RawConn } from "./common-raw.js";
import type { HttpParams } from "./http-params.js";

main(async () => {
  const p = params<HttpParams>();
  const request = `GET ${p.path} HTTP/1.1\r\nHost: ${p.host}:${p.port}\r\nAccept-Encoding: identity\r\n\r\n`;
  let bytes = 0;
  const t0 = clock();
  let c = await RawConn.connect(p.host, p.port);
  for (let i = 0; i < p.count!; i++) {
    c.sock.write(request);
    const head = (await c.until("\r\n\r\n")).toString("latin1");
    expect(head, "HTTP/1.1 200");
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) throw new Error("no Content-Length");
    bytes += (await c.take(Number(length[1]))).length;
    if (/\r\nconnection: *close/i.test(head)) {
      c.sock.destroy();
      c = await RawConn.connect(p.host, p.port);
    }
  }
  const seconds = clock() - t0;
  c.sock.destroy();
  return { seconds, bytes, ops: p.count! };
});
