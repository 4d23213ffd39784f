// SMTP with @inetlib/smtp: smtplib's sendmail() in a loop on one connection.
import { readFileSync } from "node:fs";
import { SMTP } from "@inetlib/smtp";
import { clock, main, params } from "./common.js";
import type { SmtpParams } from "./smtp-params.js";

main(async () => {
  const p = params<SmtpParams>();
  const msg = readFileSync(p.message);
  const t0 = clock();
  const smtp = await SMTP.open(p.host, p.port, { timeout: 120, local_hostname: "bench.inetlib.test" });
  await smtp.ehlo();
  for (let i = 0; i < p.count; i++) await smtp.sendmail(p.from, [p.to], msg);
  const seconds = clock() - t0;
  await smtp.quit();
  return { seconds, bytes: msg.length * p.count, ops: p.count };
});
