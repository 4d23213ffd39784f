// sendmail_many(): many mail transactions on one connection, one round trip each when the
// server offers PIPELINING (RFC 2920). DATA ends a command group, so the best the RFC allows is
// that a message's body and final "." travel in the same write as the next message's MAIL,
// RCPT and DATA:
//
//	C: MAIL FROM:<a> RCPT TO:<b> DATA                      S: 250 250 354
//	C: <body 1> . MAIL FROM:<a> RCPT TO:<c> DATA           S: 250 250 250 354
//	C: <body 2> .                                          S: 250
//
// Each message's result is what a loop over smtplib's sendmail() gives: its refused dict, or
// the SMTPException sendmail() would raise (then RSET goes out with the next group, as smtplib
// sends it after a refusal).
import { encodeText } from "@inetlib/socket";
import { dataBytes, isWhole, type MessageSource, messageBytes } from "./data.js";
import {
  newRefused,
  SMTPDataError,
  SMTPException,
  SMTPRecipientsRefused,
  type SMTPRefused,
  type SMTPReply,
  SMTPSenderRefused,
  SMTPServerDisconnected,
} from "./errors.js";
import { PIPELINE_WINDOW } from "./limits.js";
import type { SMTP } from "./smtp.js";
import { commandLine } from "./wire.js";

/** BatchMessage is one sendmail() call's arguments. */
export interface BatchMessage {
  from_addr: string;
  to_addrs: string | readonly string[];
  msg: MessageSource;
  mail_options?: readonly string[];
  rcpt_options?: readonly string[];
}

/** BatchResult is a message's refused recipients (sendmail's return), or the SMTPException it raised. */
export type BatchResult = SMTPRefused | SMTPException;

interface Plan {
  index: number;
  message: BatchMessage;
  recipients: string[];
  /** MAIL, RCPT..., DATA; null when the message goes through sendmail() itself. */
  lines: string[] | null;
  /** Refused before anything is sent (SIZE). */
  refused: SMTPException | null;
}

/** sendmailMany is SMTP.sendmail_many; see there. */
export async function sendmailMany(smtp: SMTP, messages: readonly BatchMessage[]): Promise<BatchResult[]> {
  await smtp._ehlo_or_helo_if_needed_unlocked();
  // Every command of every message is checked before the first byte goes out.
  const plans = messages.map((message, index) => plan(smtp, message, index));
  const results: BatchResult[] = new Array(messages.length);
  const pipelined = smtp._pipelining_enabled();
  for (let i = 0; i < plans.length; ) {
    const p = plans[i]!;
    if (p.refused) {
      results[i++] = p.refused;
      continue;
    }
    if (!pipelined || p.lines === null) {
      results[i++] = await viaSendmail(smtp, p.message);
      continue;
    }
    let j = i;
    while (j < plans.length && plans[j]!.lines !== null && !plans[j]!.refused) j++;
    await pipelinedRun(smtp, plans.slice(i, j), results);
    i = j;
  }
  return results;
}

function plan(smtp: SMTP, message: BatchMessage, index: number): Plan {
  const { from_addr, msg } = message;
  const mail_options = message.mail_options ?? [];
  const rcpt_options = message.rcpt_options ?? [];
  const recipients = typeof message.to_addrs === "string" ? [message.to_addrs] : [...message.to_addrs];
  const esmtp_opts: string[] = [];
  let refused: SMTPException | null = null;
  if (smtp.does_esmtp) {
    if (smtp.has_extn("size") && isWhole(msg)) {
      const size = messageBytes(msg).length;
      const limit = Number.parseInt(smtp.esmtp_features.size ?? "", 10);
      if (limit > 0 && size > limit)
        refused = new SMTPSenderRefused(
          552,
          Buffer.from(
            `5.3.4 Message size ${size} exceeds the server's SIZE limit of ${limit} octets (not sent)`,
          ),
          from_addr,
        );
      esmtp_opts.push(`size=${size}`);
    }
    esmtp_opts.push(...mail_options);
  }
  const lines = [
    commandLine("mail", smtp._mail_args(from_addr, esmtp_opts)),
    ...recipients.map((r) => commandLine("rcpt", smtp._rcpt_args(r, rcpt_options))),
    "data",
  ];
  // Streamed bodies, SMTPUTF8 (which changes the command encoding) and envelopes larger than
  // a window go through sendmail() itself, in order.
  const simple =
    isWhole(msg) &&
    recipients.length < PIPELINE_WINDOW &&
    !mail_options.some((o) => o.toLowerCase() === "smtputf8");
  return { index, message, recipients, lines: simple ? lines : null, refused };
}

async function viaSendmail(smtp: SMTP, m: BatchMessage): Promise<BatchResult> {
  try {
    return await smtp._sendmail_unlocked(
      m.from_addr,
      m.to_addrs,
      m.msg,
      m.mail_options ?? [],
      m.rcpt_options ?? [],
    );
  } catch (err) {
    if (err instanceof SMTPException) return err;
    throw err;
  }
}

interface Pending {
  plan: Plan;
  /** What follows DATA's 354: the message, dot-stuffed and terminated (or "." alone when nobody took it). */
  data: Buffer;
  senderrs: SMTPRefused;
  /** Set when the message already failed (no recipient took it) and only its "." is owed. */
  failed: SMTPException | null;
}

async function pipelinedRun(smtp: SMTP, plans: Plan[], results: BatchResult[]): Promise<void> {
  const encoding = smtp.command_encoding === "utf-8" ? "utf8" : "ascii";
  let pending: Pending | null = null;
  let rset = false;
  const gone = (from: number) => {
    for (let k = from; k < plans.length; k++)
      results[plans[k]!.index] ??= new SMTPServerDisconnected("please run connect() first");
  };
  for (let x = 0; x <= plans.length; x++) {
    const p = plans[x];
    const parts: Buffer[] = [];
    if (pending) parts.push(pending.data);
    if (p) parts.push(encodeText(`${rset ? "RSET\r\n" : ""}${p.lines!.join("\r\n")}\r\n`, encoding));
    if (parts.length === 0) return;
    try {
      await smtp._send_unlocked(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
      if (pending) {
        const done = await endOfData(smtp, pending);
        results[pending.plan.index] = done;
        pending = null;
        if (done instanceof SMTPException && isClosing(done)) return gone(x);
      }
      if (!p) return;
      if (rset) {
        rset = false;
        if ((await smtp._getreply_unlocked())[0] === 421) {
          await smtp.close();
          return gone(x);
        }
      }
      const outcome = await envelope(smtp, p);
      if ("data" in outcome) {
        pending = outcome;
        // Its "." goes out with an RSET before the next MAIL: the transaction it opened failed.
        rset = outcome.failed !== null;
      } else {
        results[p.index] = outcome.error;
        rset = true;
        if (isClosing(outcome.error)) {
          await smtp.close();
          return gone(x + 1);
        }
      }
    } catch (err) {
      if (!(err instanceof SMTPException)) throw err;
      // The connection failed: this exchange's messages get the error, later ones what sendmail() would.
      if (pending) results[pending.plan.index] = err;
      if (p) results[p.index] = err;
      return gone(x + 1);
    }
  }
}

/** envelope reads the replies to one message's MAIL, RCPTs and DATA. */
async function envelope(smtp: SMTP, p: Plan): Promise<Pending | { error: SMTPException }> {
  const [code, resp] = await smtp._getreply_unlocked();
  const rcptReplies: SMTPReply[] = [];
  for (let i = 0; i < p.recipients.length; i++) rcptReplies.push(await smtp._getreply_unlocked());
  const [dcode, dresp] = await smtp._getreply_unlocked();
  const from = p.message.from_addr;
  const senderrs = newRefused();
  smtp._accepted_rcpts = [];
  rcptReplies.forEach(([rcode, rresp], i) => {
    const r = p.recipients[i]!;
    if (rcode === 250 || rcode === 251) smtp._accepted_rcpts.push(r);
    else senderrs[r] = [rcode, rresp];
  });
  let error: SMTPException | null = null;
  if (code !== 250) error = new SMTPSenderRefused(code, resp, from);
  else {
    const closing = rcptReplies.findIndex(([rcode]) => rcode === 421);
    if (closing !== -1) {
      // smtplib stops at a 421: later recipients are not in the refused dict.
      const cut = newRefused();
      for (const r of p.recipients.slice(0, closing + 1)) if (r in senderrs) cut[r] = senderrs[r]!;
      error = new SMTPRecipientsRefused(cut);
    } else if (Object.keys(senderrs).length === p.recipients.length)
      error = new SMTPRecipientsRefused(senderrs);
    else if (dcode !== 354) error = new SMTPDataError(dcode, dresp);
  }
  if (error === null)
    return { plan: p, data: dataBytes(p.message.msg as string | Uint8Array), senderrs, failed: null };
  // A server that said 354 all the same waits for a message: end it at once, empty.
  if (dcode === 354 && !isClosing(error))
    return { plan: p, data: Buffer.from(".\r\n"), senderrs, failed: error };
  return { error };
}

/** endOfData reads the reply (LMTP: replies) to a message's final "." and makes its result. */
async function endOfData(smtp: SMTP, pending: Pending): Promise<BatchResult> {
  const [code, resp] = await (smtp as unknown as { _end_of_data(): Promise<SMTPReply> })._end_of_data();
  if (pending.failed) return pending.failed;
  const perRecipient = smtp._data_refused();
  if (code !== 250) {
    if (code === 421) await smtp.close();
    return new SMTPDataError(code, resp, perRecipient ? { recipients: perRecipient } : {});
  }
  if (perRecipient) Object.assign(pending.senderrs, perRecipient);
  return pending.senderrs;
}

/** isClosing: the server said 421 (closing): smtplib closes the connection then. */
function isClosing(err: SMTPException): boolean {
  if (err instanceof SMTPSenderRefused || err instanceof SMTPDataError) return err.smtp_code === 421;
  if (err instanceof SMTPRecipientsRefused) return Object.values(err.recipients).some(([c]) => c === 421);
  return false;
}
