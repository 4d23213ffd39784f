// NNTP with @inetlib/nntp: nntplib's over() and article(), or articles() pipelined.
import { NNTP } from "@inetlib/nntp";
import { clock, main, params, range } from "./common.js";
import type { NntpParams } from "./nntp-params.js";

main(async () => {
  const p = params<NntpParams>();
  const t0 = clock();
  const s = await NNTP.open(p.host, p.port, { timeout: 120, usenetrc: false });
  const [, , first, last] = await s.group(p.group);
  let bytes = 0;
  let ops = 0;
  const count = (lines: readonly Buffer[]): void => {
    for (const line of lines) bytes += line.length + 2;
    ops++;
  };
  if (p.op === "over") {
    const [, entries] = await s.over([first, last]);
    ops = entries.length;
  } else if (p.mode === "pipelined") {
    for await (const [, info] of s.articles(range(p.count!, first))) count(info.lines);
  } else {
    for (let n = first; n < first + p.count!; n++) count((await s.article(n))[1].lines);
  }
  const seconds = clock() - t0;
  await s.quit();
  return { seconds, bytes, ops };
});
