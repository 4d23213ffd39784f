// The parameters every SMTP client program takes.

/** SmtpParams: send the message in `message` (a file, RFC 5322 bytes) `count` times on one connection. */
export interface SmtpParams {
  host: string;
  port: number;
  from: string;
  to: string;
  message: string;
  count: number;
  /** "pipelined": inetlib's sendmail_many() (RFC 2920 batch) instead of sendmail() in a loop. */
  mode?: "pipelined";
}
