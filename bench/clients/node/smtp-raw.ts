// The floor for a sequential SMTP client on Node: MAIL, RCPT, DATA and the body, one reply
// awaited after each as smtplib's sendmail() does, with the body stuffed once beforehand.
import { readFileSync } from "node:fs";
import { clock, main, params } from "./common.js";
import { expect, RawConn } from "./common-raw.js";
import type { SmtpParams } from "./smtp-params.js";

main(async () => {
  const p = params<SmtpParams>();
  let body = readFileSync(p.message, "latin1").replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..");
  if (!body.endsWith("\r\n")) body += "\r\n";
  const data = Buffer.from(`${body}.\r\n`, "latin1");
  const t0 = clock();
  const c = await RawConn.connect(p.host, p.port);
  expect(await c.reply(), "220");
  expect(await c.command("EHLO bench.inetlib.test"), "250");
  for (let i = 0; i < p.count; i++) {
    expect(await c.command(`MAIL FROM:<${p.from}>`), "250");
    expect(await c.command(`RCPT TO:<${p.to}>`), "250");
    expect(await c.command("DATA"), "354");
    c.sock.write(data);
    expect(await c.reply(), "250");
  }
  const seconds = clock() - t0;
  c.sock.destroy();
  return { seconds, bytes: data.length * p.count, ops: p.count };
});
