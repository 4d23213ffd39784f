// The email package documentation's first example, line for line: a text message built with
// EmailMessage and sent with send_message() ("Creating and sending a simple text message").
//
//	node_modules/.bin/tsx examples/smtp/email-message.ts              (to an in-process server)
//	node_modules/.bin/tsx examples/smtp/email-message.ts HOST PORT    (to a real one)
import { EmailMessage } from "@inetlib/email";
import { SMTP, type SMTPRefused } from "@inetlib/smtp";
import { type Log, pydict, runIfMain, type Target } from "./common.js";

export async function emailMessage(target: Target, log: Log): Promise<SMTPRefused> {
  const textfile = "report.txt";
  const me = "alice@inetlib.test";
  const you = "bob@inetlib.test";
  // with open(textfile) as fp: msg = EmailMessage(); msg.set_content(fp.read())
  const msg = new EmailMessage();
  msg.set_content("Quarterly figures are in.\nAll up, nothing down.\n");
  msg.set("Subject", `The contents of ${textfile}`); // msg['Subject'] = f'The contents of {textfile}'
  msg.set("From", me); // msg['From'] = me
  msg.set("To", you); // msg['To'] = you
  const s = await SMTP.open(target.host, target.port); // s = smtplib.SMTP('localhost')
  const refused = await s.send_message(msg); // s.send_message(msg)
  await s.quit(); // s.quit()
  log("refused recipients:", pydict(refused));
  return refused;
}

await runIfMain(import.meta.url, emailMessage);
