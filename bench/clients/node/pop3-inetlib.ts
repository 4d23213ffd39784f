// POP3 with @inetlib/pop3: poplib's retr() in a loop, or retr_many() pipelined.
import { POP3 } from "@inetlib/pop3";
import { clock, main, params, range } from "./common.js";
import type { Pop3Params } from "./pop3-params.js";

main(async () => {
  const p = params<Pop3Params>();
  const t0 = clock();
  const pop = await POP3.open(p.host, p.port, { timeout: 120 });
  await pop.user(p.user);
  await pop.pass_(p.password);
  let bytes = 0;
  let ops = 0;
  if (p.mode === "pipelined") {
    for await (const [, , octets] of pop.iter_retr_many(range(p.count, 1))) {
      bytes += octets;
      ops++;
    }
  } else {
    for (let i = 1; i <= p.count; i++) {
      const [, , octets] = await pop.retr(i);
      bytes += octets;
      ops++;
    }
  }
  const seconds = clock() - t0;
  // No QUIT: the mailbox stays as it was (QUIT would commit \Seen).
  await pop.close();
  return { seconds, bytes, ops };
});
