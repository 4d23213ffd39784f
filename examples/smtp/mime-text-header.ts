// The SMTP example every tutorial shows, line for line: MIMEText(..., 'plain', 'utf-8') with
// Header(..., 'utf-8') for From, To and Subject, sent once with sendmail(msg.as_string()) and
// once with send_message(msg).
//
//	node_modules/.bin/tsx examples/smtp/mime-text-header.ts              (to an in-process server)
//	node_modules/.bin/tsx examples/smtp/mime-text-header.ts HOST PORT    (to a real one)
import { Header, MIMEText } from "@inetlib/email";
import { SMTP, SMTPException, type SMTPRefused } from "@inetlib/smtp";
import { type Log, runIfMain, type Target } from "./common.js";

export async function mimeTextHeader(target: Target, log: Log): Promise<SMTPRefused> {
  const sender = "from@inetlib.test";
  const receivers = ["bob@inetlib.test"]; // receivers = ['bob@inetlib.test']

  const message = new MIMEText("Python 邮件发送测试...", "plain", "utf-8");
  message.set("From", new Header("菜鸟教程", "utf-8")); // message['From'] = Header("菜鸟教程", 'utf-8')
  message.set("To", new Header("测试", "utf-8")); // message['To'] = Header("测试", 'utf-8')
  const subject = "Python SMTP 邮件测试";
  message.set("Subject", new Header(subject, "utf-8")); // message['Subject'] = Header(subject, 'utf-8')

  let refused: SMTPRefused = {};
  try {
    const smtpObj = await SMTP.open(target.host, target.port); // smtpObj = smtplib.SMTP('localhost')
    await smtpObj.sendmail(sender, receivers, message.as_string()); // smtpObj.sendmail(sender, receivers, message.as_string())
    log("邮件发送成功");
    // The same message again, the way smtplib's send_message() flattens it (the envelope
    // given, since the encoded From and To name no address).
    refused = await smtpObj.send_message(message, sender, receivers);
    await smtpObj.quit();
  } catch (e) {
    if (!(e instanceof SMTPException)) throw e;
    log("Error: 无法发送邮件"); // except smtplib.SMTPException: print("Error: 无法发送邮件")
  }
  return refused;
}

await runIfMain(import.meta.url, mimeTextHeader);
