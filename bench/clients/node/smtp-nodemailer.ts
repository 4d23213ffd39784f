// SMTP with nodemailer (the Node peer): a pooled transport held to one connection, raw messages.
import { readFileSync } from "node:fs";
import { createTransport } from "nodemailer";
import { clock, main, params } from "./common.js";
import type { SmtpParams } from "./smtp-params.js";

main(async () => {
  const p = params<SmtpParams>();
  const raw = readFileSync(p.message);
  const t0 = clock();
  const transport = createTransport({
    host: p.host,
    port: p.port,
    secure: false,
    ignoreTLS: true,
    name: "bench.inetlib.test",
    pool: true,
    maxConnections: 1,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const envelope = { from: p.from, to: [p.to] };
  // One message at a time, as the other clients send them.
  for (let i = 0; i < p.count; i++) await transport.sendMail({ envelope, raw });
  const seconds = clock() - t0;
  transport.close();
  return { seconds, bytes: raw.length * p.count, ops: p.count };
});
