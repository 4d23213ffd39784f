// send_message() for a message built with @inetlib/email (Python's email.message.Message),
// exactly as smtplib does it: the envelope from the (Resent-) headers with email.utils'
// getaddresses, a copy without Bcc and Resent-Bcc flattened by a BytesGenerator with CRLF line
// endings, and SMTPUTF8 with BODY=8BITMIME (and a utf8 policy) when an address needs it.
import { BytesGenerator, Message, utils } from "@inetlib/email";
import { ValueError } from "@inetlib/socket";
import { SMTPNotSupportedError } from "./errors.js";

export { Message as PyMessage };

/** What preparing a message needs to know of the server. */
export interface EmailServerView {
  has_extn(opt: string): boolean;
}

const SMTPUTF8_REQUIRED =
  "One or more source or delivery addresses require internationalized email support, but the server does not advertise the required SMTPUTF8 capability";

const field = (v: unknown): string => (v === null || v === undefined ? "None" : String(v));

/** prepareEmailMessage is smtplib.SMTP.send_message up to its sendmail() call. */
export function prepareEmailMessage(
  msg: Message,
  from_addr0: string | null,
  to_addrs0: string | readonly string[] | null,
  mail_options0: readonly string[],
  server: EmailServerView,
): { from_addr: string; to_addrs: string[]; body: Buffer; mail_options: string[] } {
  const resent = msg.get_all("Resent-Date");
  let prefix = "";
  if (resent !== null) {
    if (resent.length === 1) prefix = "Resent-";
    else throw new ValueError("message has more than one 'Resent-' header block");
  }
  let from_addr = from_addr0;
  if (from_addr === null) {
    const v = msg.__contains__(`${prefix}Sender`) ? msg.get(`${prefix}Sender`) : msg.get(`${prefix}From`);
    from_addr = utils.getaddresses([field(v)])[0]![1];
  }
  let to_addrs: string[];
  if (to_addrs0 === null) {
    const fields = [msg.get(`${prefix}To`), msg.get(`${prefix}Bcc`), msg.get(`${prefix}Cc`)].filter(
      (f) => f !== null,
    );
    to_addrs = utils.getaddresses(fields).map((a) => a[1]);
  } else to_addrs = typeof to_addrs0 === "string" ? [to_addrs0] : [...to_addrs0];

  const copy = msg.__copy__();
  copy.__delitem__("Bcc");
  copy.__delitem__("Resent-Bcc");
  let mail_options = [...mail_options0];
  let international = false;
  if ([from_addr, ...to_addrs].some((a) => [...a].some((c) => c > "\u007f"))) {
    if (!server.has_extn("smtputf8")) throw new SMTPNotSupportedError(SMTPUTF8_REQUIRED);
    international = true;
  }
  const chunks: Buffer[] = [];
  const out = {
    write: (b: string | Buffer) => chunks.push(typeof b === "string" ? Buffer.from(b, "latin1") : b),
  };
  if (international) {
    new BytesGenerator(out, null, null, { policy: msg.policy.clone({ utf8: true }) }).flatten(
      copy,
      false,
      "\r\n",
    );
    mail_options = [...mail_options, "SMTPUTF8", "BODY=8BITMIME"];
  } else new BytesGenerator(out).flatten(copy, false, "\r\n");
  return { from_addr, to_addrs, body: Buffer.concat(chunks), mail_options };
}
