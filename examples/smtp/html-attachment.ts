// Send an HTML mail with a text alternative and an attachment, composed by nodemailer and sent
// with send_message(): the envelope comes from the headers, Bcc is not sent.
//
//	node_modules/.bin/tsx examples/smtp/html-attachment.ts [HOST PORT]
import { SMTP, type SMTPRefused } from "@inetlib/smtp";
import { type Log, pydict, runIfMain, type Target } from "./common.js";

export async function htmlAttachment(target: Target, log: Log): Promise<SMTPRefused> {
  await using server = await SMTP.open(target.host, target.port, { local_hostname: "client.inetlib.test" });
  const refused = await server.send_message({
    from: "Alice <alice@inetlib.test>",
    to: "Bob <bob@inetlib.test>",
    bcc: "archive@inetlib.test",
    subject: "Quarterly report",
    text: "The report is attached.",
    html: "<p>The report is <b>attached</b>.</p>",
    attachments: [{ filename: "report.csv", content: "quarter,total\nQ1,42\n" }],
    date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    messageId: "<report-q1@inetlib.test>",
    baseBoundary: "example",
  });
  log("refused recipients:", pydict(refused));
  return refused;
}

await runIfMain(import.meta.url, htmlAttachment);
