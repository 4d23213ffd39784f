// @inetlib/smtp: Python's smtplib (SMTP, SMTP_SSL, LMTP and the eleven exceptions), with
// messages built by nodemailer, PIPELINING, XOAUTH2, DKIM and streamed bodies.
export { _addr_only, getaddresses, type ParsedAddress, parseaddr, quoteaddr } from "./address.js";
export type { AuthObject, AuthOptions } from "./auth.js";
export type { BatchMessage, BatchResult } from "./batch.js";
export { _fix_eols, _quote_periods, type MessageChunk, type MessageSource, quotedata } from "./data.js";
export { type ESMTPFeatures, parseEhlo } from "./ehlo.js";
export {
  SMTPAuthenticationError,
  SMTPConnectError,
  SMTPDataError,
  SMTPException,
  SMTPHeloError,
  SMTPNotSupportedError,
  SMTPRecipientsRefused,
  type SMTPRefused,
  type SMTPReply,
  SMTPResponseException,
  SMTPSenderRefused,
  SMTPServerDisconnected,
} from "./errors.js";
export {
  _MAXCHALLENGE,
  _MAXLINE,
  MAX_HEADER_BYTES,
  MAX_REPLY_BYTES,
  MAX_REPLY_LINES,
  PIPELINE_WINDOW,
} from "./limits.js";
export { LMTP, LMTP_PORT, type LMTPDataReply } from "./lmtp.js";
export type { EmailMessage, SendMessageOptions } from "./message.js";
export { SMTP } from "./smtp.js";
export { SMTP_SSL, type SMTP_SSLOptions } from "./smtp-ssl.js";
export type { StartTLSOptions } from "./starttls.js";
export { bCRLF, CRLF, SMTP_PORT, SMTP_SSL_PORT, type SMTPOptions } from "./transport.js";
