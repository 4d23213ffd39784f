// What an SMTPServer offers and records. Every extension can be turned off, any reply replaced,
// any recipient refused, and every accepted message handed to a delivery callback (the tour
// delivers into the mailboxes its POP3 and IMAP servers read).
import type { SSLContext } from "@inetlib/socket";

/** SessionView is what hooks may read of the session they answer for. */
export interface SMTPSessionView {
  /** The HELO/EHLO/LHLO name, null before one. */
  readonly helo: string | null;
  /** True after EHLO (or LHLO). */
  readonly esmtp: boolean;
  readonly tls: boolean;
  /** The authenticated user, null before AUTH succeeds. */
  readonly user: string | null;
  readonly lmtp: boolean;
  /** The current transaction's sender, null outside one. */
  readonly mailFrom: string | null;
  /** The recipients accepted in the current transaction. */
  readonly rcptTos: readonly string[];
}

/** ReceivedMessage is one message as the server took it. */
export interface ReceivedMessage {
  /** The MAIL FROM address, without angle brackets ("" for the null sender). */
  mail_from: string;
  /** The accepted RCPT TO addresses, in order. */
  rcpt_tos: string[];
  /** The MAIL FROM parameters (SIZE=..., BODY=8BITMIME, SMTPUTF8, ...). */
  mail_options: string[];
  /** The RCPT TO parameters of every accepted recipient, in order. */
  rcpt_options: string[];
  /** The message as received after dot-unstuffing, line endings as sent. */
  data: Buffer;
  helo: string | null;
  auth_user: string | null;
  tls: boolean;
  lmtp: boolean;
  /** The recipients the delivery callback accepted (all of rcpt_tos without one). */
  delivered: string[];
}

/**
 * SMTPDeliver takes a message for one recipient. Return nothing to accept it, or a reply line to
 * refuse it ("452 4.2.2 Mailbox full"): LMTP answers each recipient with its own reply; SMTP
 * answers 250 when any recipient took the message, else the first refusal.
 */
export type SMTPDeliver = (
  recipient: string,
  message: ReceivedMessage,
  session: SMTPSessionView,
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing accepts the message
) => void | string | Promise<string | undefined>;

/**
 * SMTPRespond replaces the server's reply to one command: return the whole reply (CRLF included;
 * a multi-line reply with its "250-" lines), or undefined to let the server answer. `command`
 * is upper-cased, `args` is the rest of the line. A reply with code 421 closes the connection.
 */
export type SMTPRespond = (
  command: string,
  args: string,
  session: SMTPSessionView,
) => string | Buffer | undefined;

/** SMTPServerOptions configure an SMTPServer; everything has a realistic default. */
export interface SMTPServerOptions {
  /** Speak LMTP (RFC 2033): LHLO instead of HELO/EHLO, one reply per recipient after DATA. */
  lmtp?: boolean;
  /** The server's name in the greeting and the EHLO reply (default "mail.inetlib.test"). */
  hostname?: string;
  /** The whole greeting line without CRLF (default "220 <hostname> ESMTP inetlib"). */
  greeting?: string;
  /** Accept EHLO (default true); false answers it 502, as an RFC 821 server. */
  esmtp?: boolean;
  /** Replace the EHLO keyword lines entirely (everything after the first line). */
  features?: string[];
  /** More EHLO keyword lines, after the standard ones. */
  extraFeatures?: string[];
  /** SIZE limit in octets, enforced on MAIL's SIZE= and on the data (default 10 MiB; 0: no limit). */
  size?: number;
  /** Offer PIPELINING (default true; commands are read ahead either way). */
  pipelining?: boolean;
  /** Offer 8BITMIME (default true). */
  eightBitMime?: boolean;
  /** Offer SMTPUTF8 (default true). */
  smtputf8?: boolean;
  /** Offer DSN (default false; its parameters are recorded either way). */
  dsn?: boolean;
  /** A server context: STARTTLS is offered on plain connections (unless `starttls` is false). */
  tls?: SSLContext;
  /** Offer STARTTLS when `tls` is given (default true). */
  starttls?: boolean;
  /** TLS from the first byte (SMTPS, port 465 style); needs `tls`. */
  implicitTLS?: boolean;
  /** user -> password, for AUTH PLAIN, LOGIN and CRAM-MD5. AUTH is offered when there are users. */
  users?: Record<string, string>;
  /** user -> bearer token, for AUTH XOAUTH2. */
  tokens?: Record<string, string>;
  /** The mechanisms AUTH offers (default PLAIN, LOGIN, CRAM-MD5, and XOAUTH2 when there are tokens). */
  mechanisms?: string[];
  /** Offer and accept AUTH only over TLS (default false). */
  authRequiresTLS?: boolean;
  /** Refuse MAIL before AUTH with 530 (default false). */
  requireAuth?: boolean;
  /** recipient address -> the reply refusing it ("550 5.1.1 No such user"). */
  refuse?: Record<string, string>;
  /** VRFY's directory: address -> full name (VRFY answers 252 for anything when unset). */
  mailboxes?: Record<string, string>;
  /** EXPN's lists: list name -> member addresses (EXPN answers 502 when unset). */
  lists?: Record<string, string[]>;
  /** Hand each accepted message to a mailbox (see SMTPDeliver). */
  deliver?: SMTPDeliver;
  /** Called with each accepted message, after delivery. */
  onMessage?: (message: ReceivedMessage) => void;
  /** Replace any reply (scripted errors): see SMTPRespond. */
  respond?: SMTPRespond;
  /** Close the connection once this many bytes of message data have arrived (a server dying mid-DATA). */
  closeDuringData?: number;
  /** Longest line accepted, CRLF included (default 1 MiB; RFC 5321 asks for 1000 at least). */
  maxline?: number;
}
