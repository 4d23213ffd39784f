// IMAP with imapflow (the Node peer): a read-only mailboxOpen, then fetch() of headers or sources.
import { ImapFlow } from "imapflow";
import { clock, main, params } from "./common.js";
import type { ImapParams } from "./imap-params.js";

main(async () => {
  const p = params<ImapParams>();
  const t0 = clock();
  const client = new ImapFlow({
    host: p.host,
    port: p.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: p.user, pass: p.password },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
  await client.mailboxOpen(p.mailbox, { readOnly: true });
  let bytes = 0;
  let ops = 0;
  // imapflow asks BODY.PEEK[HEADER] for headers and BODY.PEEK[] for source: nothing gets \Seen.
  const query = p.op === "headers" ? { headers: true } : { source: true };
  for await (const msg of client.fetch(`1:${p.count}`, query)) {
    bytes += (p.op === "headers" ? msg.headers : msg.source)?.length ?? 0;
    ops++;
  }
  const seconds = clock() - t0;
  await client.logout();
  return { seconds, bytes, ops };
});
