// The floor for Gopher on Node: a connection per request, the selector sent, the menu read to
// the close and its item lines counted.
import { clock, main, params } from "./common.js";
import { RawConn } from "./common-raw.js";
import type { GopherParams } from "./gopher-params.js";

main(async () => {
  const p = params<GopherParams>();
  let items = 0;
  const t0 = clock();
  for (let i = 0; i < p.count; i++) {
    const c = await RawConn.connect(p.host, p.port);
    c.sock.write(`${p.selector}\r\n`);
    const menu = await c.until("\r\n.\r\n");
    items += menu.toString("latin1").split("\r\n").length;
    c.sock.destroy();
  }
  const seconds = clock() - t0;
  return { seconds, bytes: items, ops: p.count };
});
