// Send a plain-text mail with sendmail(), as smtplib's documentation does:
//
//	node_modules/.bin/tsx examples/smtp/plain.ts              (to an in-process server)
//	node_modules/.bin/tsx examples/smtp/plain.ts HOST PORT    (to a real one)
import { SMTP, type SMTPRefused } from "@inetlib/smtp";
import { type Log, pydict, runIfMain, type Target } from "./common.js";

export async function plain(target: Target, log: Log): Promise<SMTPRefused> {
  await using server = await SMTP.open(target.host, target.port, { local_hostname: "client.inetlib.test" });
  const msg = [
    "From: alice@inetlib.test",
    "To: bob@inetlib.test",
    "Subject: Hello",
    "",
    "Hi Bob,",
    ".",
    "The line above is a lone dot: smtplib doubles it, the server takes one away.",
  ].join("\n");
  const refused = await server.sendmail("alice@inetlib.test", ["bob@inetlib.test"], msg);
  log("refused recipients:", pydict(refused));
  return refused;
}

await runIfMain(import.meta.url, plain);
