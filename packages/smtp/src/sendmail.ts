// sendmail(): one mail transaction, with smtplib's results and exceptions at the same points
// (RSET after a refusal, close after a 421). When the server offers PIPELINING (RFC 2920) the
// MAIL and RCPT commands go out together; the replies are judged exactly as one by one.
import { pyint } from "@inetlib/socket";
import { isWhole, type MessageSource, messageBytes } from "./data.js";
import {
  newRefused,
  SMTPDataError,
  SMTPRecipientsRefused,
  type SMTPRefused,
  type SMTPReply,
  SMTPSenderRefused,
} from "./errors.js";
import { PIPELINE_WINDOW } from "./limits.js";
import type { SMTP } from "./smtp.js";
import { commandLine } from "./wire.js";

/** sendmail performs a whole mail transaction (smtplib.SMTP.sendmail); see SMTP.sendmail. */
export async function sendmail(
  smtp: SMTP,
  from_addr: string,
  to_addrs: string | readonly string[],
  msg: MessageSource,
  mail_options: readonly string[] = [],
  rcpt_options: readonly string[] = [],
): Promise<SMTPRefused> {
  await smtp._ehlo_or_helo_if_needed_unlocked();
  const esmtp_opts: string[] = [];
  const body = isWhole(msg) ? messageBytes(msg) : msg;
  if (smtp.does_esmtp) {
    if (smtp.has_extn("size") && body instanceof Buffer) {
      checkSize(smtp, body.length, from_addr);
      esmtp_opts.push(`size=${body.length}`);
    }
    esmtp_opts.push(...mail_options);
  }
  const recipients = typeof to_addrs === "string" ? [to_addrs] : [...to_addrs];
  // Every command of the envelope is checked before the first is sent: a bad third recipient
  // must not leave a transaction open on the server.
  const envelope: [string, string][] = [
    ["mail", smtp._mail_args(from_addr, esmtp_opts)],
    ...recipients.map((r): [string, string] => ["rcpt", smtp._rcpt_args(r, rcpt_options)]),
  ];
  for (const [cmd, args] of envelope) commandLine(cmd, args);
  const replies = smtp._pipelining_enabled() ? await pipelinedEnvelope(smtp, envelope, recipients) : null;

  const [code, resp] = replies ? replies[0]! : await smtp._mail_unlocked(from_addr, esmtp_opts);
  if (code !== 250) {
    if (code === 421) await smtp.close();
    else await smtp._rset();
    throw new SMTPSenderRefused(code, resp, from_addr);
  }
  const senderrs = newRefused();
  for (const [i, each] of recipients.entries()) {
    const reply = replies ? replies[i + 1] : await smtp._rcpt_unlocked(each, rcpt_options);
    if (!reply) break;
    const [rcode, rresp] = reply;
    if (rcode !== 250 && rcode !== 251) senderrs[each] = [rcode, rresp];
    if (rcode === 421) {
      await smtp.close();
      throw new SMTPRecipientsRefused(senderrs);
    }
  }
  if (Object.keys(senderrs).length === recipients.length) {
    await smtp._rset();
    throw new SMTPRecipientsRefused(senderrs);
  }
  const [dcode, dresp] = await smtp._data_unlocked(body);
  const perRecipient = smtp._data_refused();
  if (dcode !== 250) {
    if (dcode === 421) await smtp.close();
    else await smtp._rset();
    throw new SMTPDataError(dcode, dresp, perRecipient ? { recipients: perRecipient } : {});
  }
  if (perRecipient) Object.assign(senderrs, perRecipient);
  return senderrs;
}

/**
 * pipelinedEnvelope sends MAIL and the RCPTs in writes of PIPELINE_WINDOW commands and returns
 * the replies in order. After a 421 the server is gone: later replies are not read (null).
 */
async function pipelinedEnvelope(
  smtp: SMTP,
  commands: [string, string][],
  recipients: readonly string[],
): Promise<(SMTPReply | null)[]> {
  smtp._accepted_rcpts = [];
  let closed = false;
  const read = async (): Promise<SMTPReply | null> => {
    if (closed) return null;
    const reply = await smtp._getreply_unlocked();
    if (reply[0] === 421) closed = true;
    return reply;
  };
  const replies: (SMTPReply | null)[] = [];
  for (let i = 0; i < commands.length && !closed; i += PIPELINE_WINDOW) {
    replies.push(...(await smtp._pipeline(commands.slice(i, i + PIPELINE_WINDOW), read)));
    // A refused sender fails the transaction: the recipients not yet sent need not be.
    if (replies[0]?.[0] !== 250) break;
  }
  replies.slice(1).forEach((reply, i) => {
    if (reply && (reply[0] === 250 || reply[0] === 251)) smtp._accepted_rcpts.push(recipients[i]!);
  });
  return replies;
}

/**
 * checkSize refuses, before anything is sent, a message larger than the server's SIZE
 * (RFC 1870), with the reply a server gives: SMTPSenderRefused(552, ...).
 */
function checkSize(smtp: SMTP, size: number, from_addr: string): void {
  const limit = pyint(Buffer.from(smtp.esmtp_features.size ?? "", "latin1"));
  if (limit !== null && limit > 0 && size > limit)
    throw new SMTPSenderRefused(
      552,
      Buffer.from(`5.3.4 Message size ${size} exceeds the server's SIZE limit of ${limit} octets (not sent)`),
      from_addr,
    );
}
