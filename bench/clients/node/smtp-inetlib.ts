// SMTP with @inetlib/smtp: smtplib's sendmail() in a loop on one connection, or sendmail_many()
// pipelined (RFC 2920; the recorder does not offer PIPELINING but reads pipelined commands).
import { readFileSync } from "node:fs";
import { SMTP } from "@inetlib/smtp";
import { clock, main, params } from "./common.js";
import type { SmtpParams } from "./smtp-params.js";

main(async () => {
  const p = params<SmtpParams>();
  const msg = readFileSync(p.message);
  const t0 = clock();
  const pipelined = p.mode === "pipelined";
  const smtp = await SMTP.open(p.host, p.port, {
    timeout: 120,
    local_hostname: "bench.inetlib.test",
    ...(pipelined ? { pipelining: true } : {}),
  });
  await smtp.ehlo();
  if (pipelined) {
    const results = await smtp.sendmail_many(
      Array.from({ length: p.count }, () => ({ from_addr: p.from, to_addrs: [p.to], msg })),
    );
    const failed = results.find((r) => r instanceof Error);
    if (failed) throw failed;
  } else for (let i = 0; i < p.count; i++) await smtp.sendmail(p.from, [p.to], msg);
  const seconds = clock() - t0;
  await smtp.quit();
  return { seconds, bytes: msg.length * p.count, ops: p.count };
});
