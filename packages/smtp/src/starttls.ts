// STARTTLS (RFC 3207) as smtplib does it, with the server verified by default and nothing read
// in clear after the go-ahead.
import { _client_context, type SSLContext, starttls as upgrade } from "@inetlib/socket";
import { SMTPNotSupportedError, type SMTPReply, SMTPResponseException } from "./errors.js";
import type { SMTP } from "./smtp.js";

/** StartTLSOptions are starttls()'s keyword arguments. */
export interface StartTLSOptions {
  /** The TLS settings (default: create_default_context(), which verifies the server). */
  context?: SSLContext | null;
  /** A client certificate's key (deprecated in Python: use a context). */
  keyfile?: string | null;
  /** A client certificate chain (deprecated in Python: use a context). */
  certfile?: string | null;
}

/** starttls upgrades the connection (smtplib.SMTP.starttls); see SMTP.starttls. */
export async function starttls(smtp: SMTP, options: StartTLSOptions): Promise<SMTPReply> {
  // Checked before STARTTLS is sent, where Python checks after the server said yes.
  const ctx = _client_context(options);
  await smtp._ehlo_or_helo_if_needed_unlocked();
  if (!smtp.has_extn("starttls"))
    throw new SMTPNotSupportedError("STARTTLS extension not supported by server.");
  const [resp, reply] = await smtp._docmd_unlocked("STARTTLS");
  if (resp !== 220) throw new SMTPResponseException(resp, reply);
  let secure: Awaited<ReturnType<typeof upgrade>>;
  try {
    secure = await upgrade(smtp.sock!, ctx, smtp._host || null);
  } catch (err) {
    await smtp.close();
    throw err;
  }
  const dropped = smtp._attach(secure) + secure.discarded;
  if (dropped > 0 && smtp.debuglevel > 0)
    smtp._print_debug("starttls: discarded", dropped, "bytes received in clear");
  smtp._forget();
  return [resp, reply];
}
