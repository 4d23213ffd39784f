// Fetch every message with RETR and read it with the email package, as a Python script does:
// email.message_from_bytes(b"\r\n".join(lines), policy=policy.default), then the decoded
// From and Subject and the text of the body.
//
//   tsx examples/pop3/parse-mail.ts [pop3://user:password@host[:port]]
import { message_from_bytes, policy } from "@inetlib/email";
import { POP3 } from "@inetlib/pop3";
import { type POP3Example, runIfMain } from "./mailbox.js";

export const parseMail: POP3Example<string[]> = async (t, log) => {
  const M = await POP3.open(t.host, t.port, { timeout: 30 });
  await M.user(t.user);
  await M.pass_(t.password);
  const [count] = await M.stat();
  const subjects: string[] = [];
  for (let i = 1; i <= count; i++) {
    const [, lines] = await M.retr(i); // resp, lines, octets = M.retr(i)
    // msg = email.message_from_bytes(b"\r\n".join(lines), policy=policy.default)
    const msg = message_from_bytes(Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\r\n")])), {
      policy: policy.default,
    });
    const body = msg.get_body(["plain"]);
    log(`From: ${msg.get("From")}`);
    log(`Subject: ${msg.get("Subject")}`);
    log(
      `  ${
        String(body?.get_content() ?? "")
          .trimEnd()
          .split("\n")[0]
      }`,
    );
    subjects.push(String(msg.get("Subject")));
  }
  await M.quit();
  return subjects;
};

await runIfMain(import.meta.url, parseMail);
