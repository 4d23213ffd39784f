// Gopher with @inetlib/gopher: the client's menu(), parsed into typed items.
import { Gopher } from "@inetlib/gopher";
import { clock, main, params } from "./common.js";
import type { GopherParams } from "./gopher-params.js";

main(async () => {
  const p = params<GopherParams>();
  const g = new Gopher(p.host, p.port, { timeout: 60 });
  let items = 0;
  const t0 = clock();
  for (let i = 0; i < p.count; i++) {
    const menu = await g.menu(p.selector);
    if (!menu.complete) throw new Error("menu cut short");
    items += menu.items.length;
  }
  const seconds = clock() - t0;
  await g.close();
  return { seconds, bytes: items, ops: p.count };
});
