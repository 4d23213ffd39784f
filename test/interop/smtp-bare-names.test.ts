// send_message with nodemailer's options and bare-name recipients ("To: John, Dinsdale"),
// which nodemailer's composer leaves out of the headers: the recording SMTP server (aiosmtpd)
// must still get RCPT TO:<John> and RCPT TO:<Dinsdale>, as from Python's send_message.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SMTP } from "@inetlib/smtp";
import { describe, expect, it } from "vitest";
import { host, paths, ports } from "./env.js";

describe("recorder (aiosmtpd): send_message with bare names", () => {
  it("sends RCPT TO for each bare name", async () => {
    const id = `bare-${randomBytes(8).toString("hex")}@inetlib.test`;
    await using s = await SMTP.open(host, ports.smtpRecorder, {
      timeout: 30,
      local_hostname: "client.inetlib.test",
    });
    expect(
      await s.send_message({
        from: "foo@example.org",
        to: "John, Dinsdale",
        messageId: `<${id}>`,
        text: "hi",
      }),
    ).toEqual({});
    await s.noop();
    const eml = readdirSync(paths.recorderMessages)
      .filter((f) => f.endsWith(".eml"))
      .find((f) => readFileSync(join(paths.recorderMessages, f)).includes(id));
    expect(eml).toBeDefined();
    const meta = JSON.parse(
      readFileSync(join(paths.recorderMessages, eml!.replace(".eml", ".json")), "utf8"),
    );
    expect(meta).toMatchObject({ mail_from: "foo@example.org", rcpt_tos: ["John", "Dinsdale"] });
  });
});
