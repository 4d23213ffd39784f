// IMAP with @inetlib/imap: imaplib's select(readonly) and fetch(), counted as Python counts them.
import { IMAP4 } from "@inetlib/imap";
import { clock, main, params } from "./common.js";
import type { ImapParams } from "./imap-params.js";

main(async () => {
  const p = params<ImapParams>();
  const t0 = clock();
  const m = await IMAP4.open(p.host, p.port, { timeout: 120 });
  await m.login(p.user, p.password);
  const [typ] = await m.select(p.mailbox, true);
  if (typ !== "OK") throw new Error("EXAMINE failed");
  const item = p.op === "headers" ? "(BODY.PEEK[HEADER])" : "(BODY.PEEK[])";
  const [ok, data] = await m.fetch(`1:${p.count}`, item);
  if (ok !== "OK") throw new Error("FETCH failed");
  let bytes = 0;
  let ops = 0;
  for (const part of data) {
    if (Array.isArray(part)) {
      bytes += part[1].length;
      ops++;
    }
  }
  const seconds = clock() - t0;
  await m.logout();
  return { seconds, bytes, ops };
});
