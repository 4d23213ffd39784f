// Submit a mail the way a mail client does: STARTTLS (the server's certificate verified),
// then AUTH, then the message.
//
//	node_modules/.bin/tsx examples/smtp/starttls-login.ts [HOST PORT USER PASSWORD]

import { SMTP, type SMTPRefused } from "@inetlib/smtp";
import { create_default_context } from "@inetlib/socket";
import { type Log, pydict, runIfMain, type Target } from "./common.js";

export async function starttlsLogin(target: Target, log: Log): Promise<SMTPRefused> {
  await using server = await SMTP.open(target.host, target.port, { local_hostname: "client.inetlib.test" });
  const [, features] = await server.ehlo();
  log("before TLS the server offers:", features.toString().split("\n").slice(1).join(", "));
  const context = create_default_context(target.cafile ? { cafile: target.cafile } : {});
  const [code, message] = await server.starttls({ context });
  log("STARTTLS:", code, message.toString());
  await server.ehlo();
  log("over TLS the server offers AUTH", server.esmtp_features.auth?.trim() ?? "(none)");
  const [authCode] = await server.login(target.user ?? "", target.password ?? "");
  log("login:", authCode);
  const refused = await server.send_message({
    from: `${target.user ?? "alice"}@inetlib.test`,
    to: "bob@inetlib.test",
    subject: "Sent over TLS",
    text: "Nobody read this on the way.",
  });
  log("refused recipients:", pydict(refused));
  return refused;
}

await runIfMain(import.meta.url, starttlsLogin);
