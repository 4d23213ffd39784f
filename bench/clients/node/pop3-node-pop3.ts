// POP3 with node-pop3 (the Node peer): RETR in a loop on one connection.
import Pop3Command from "node-pop3";
import { clock, main, params } from "./common.js";
import type { Pop3Params } from "./pop3-params.js";

main(async () => {
  const p = params<Pop3Params>();
  const t0 = clock();
  const pop = new Pop3Command({ host: p.host, port: p.port, user: p.user, password: p.password });
  let bytes = 0;
  let ops = 0;
  for (let i = 1; i <= p.count; i++) {
    bytes += (await pop.RETR(i)).length;
    ops++;
  }
  const seconds = clock() - t0;
  // No QUIT: the mailbox stays as it was (QUIT would commit \Seen).
  (pop as unknown as { _socket: { destroy(): void } | null })._socket?.destroy();
  return { seconds, bytes, ops };
});
