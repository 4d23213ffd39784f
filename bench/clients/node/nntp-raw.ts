// The floor for NNTP on Node: GROUP, then OVER of the whole group or ARTICLE one at a time,
// each multi-line answer read up to its "." line; lines are counted, not parsed.
import { clock, main, params } from "./common.js";
import { expect, RawConn } from "./common-raw.js";
import type { NntpParams } from "./nntp-params.js";

main(async () => {
  const p = params<NntpParams>();
  const t0 = clock();
  const c = await RawConn.connect(p.host, p.port);
  expect(await c.line(), "200", "201");
  c.sock.write(`GROUP ${p.group}\r\n`);
  const [, , first, last] = expect(await c.line(), "211")
    .split(" ")
    .map(Number);
  let ops = 0;
  if (p.op === "over") {
    c.sock.write(`OVER ${first}-${last}\r\n`);
    expect(await c.line(), "224");
    const body = await c.until("\r\n.\r\n");
    // The lines before the "." line: one LF each, the last one's taken by the marker.
    for (let at = body.indexOf(10); at !== -1; at = body.indexOf(10, at + 1)) ops++;
    if (body.length > 0) ops++;
  } else {
    for (let n = first!; n < first! + p.count!; n++) {
      c.sock.write(`ARTICLE ${n}\r\n`);
      expect(await c.line(), "220");
      await c.until("\r\n.\r\n");
      ops++;
    }
  }
  const seconds = clock() - t0;
  c.sock.destroy();
  return { seconds, ops };
});
