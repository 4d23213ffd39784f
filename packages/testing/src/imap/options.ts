// What an IMAPServer offers: every extension can be turned off, and any command's answer
// replaced by a script (as CPython's SimpleIMAPHandler subclasses do).
import type { TLSCredentials } from "../pop3/options.js";
import type { Mailstore } from "./store.js";
import type { Arg } from "./syntax.js";

export type { TLSCredentials };

/** ImapState is a session's state (RFC 3501 3). */
export type ImapState = "NONAUTH" | "AUTH" | "SELECTED" | "LOGOUT";

/** CommandView is a command as received: tag, upper-cased name, parsed arguments and its raw bytes. */
export interface CommandView {
  readonly tag: string;
  readonly name: string;
  readonly args: Arg[];
  /** The command's bytes as sent, literals and CRLFs included. */
  readonly raw: Buffer;
}

/** SessionView is what a `respond` hook may read of the session it answers for. */
export interface SessionView {
  readonly state: ImapState;
  readonly user: string | null;
  readonly tls: boolean;
  /** The selected mailbox's name, or null. */
  readonly mailbox: string | null;
}

/**
 * Reply is a scripted answer: the bytes to send (CRLFs included), or a continuation step:
 * `send` goes out, the client's next line (without CRLF) is given to `next`, whose Reply
 * follows (undefined ends the script), as SimpleIMAPHandler's generator continuations.
 */
export type Reply = string | Buffer | { send: string | Buffer; next: (line: Buffer) => Reply | undefined };

/** Respond replaces the server's answer to a command: return a Reply, or undefined to let the server answer. */
export type Respond = (command: CommandView, session: SessionView) => Reply | undefined;

export interface IMAPServerOptions {
  /** The accounts and their mail (default: an empty Mailstore). */
  store?: Mailstore;
  /** The whole greeting line without CRLF (default "* OK [CAPABILITY ...] inetlib IMAP server ready"). */
  greeting?: string;
  /** Greet with PREAUTH, logged in as this user (as a local imap binary on a pipe does). */
  preauth?: string;
  /**
   * A certificate: STARTTLS is offered on plain connections (unless `starttls` is false) and
   * `implicitTLS` works. `true` uses the test certificate for localhost, 127.0.0.1 and ::1.
   */
  tls?: TLSCredentials | true;
  /** Offer STARTTLS when `tls` is given (default true). */
  starttls?: boolean;
  /** Refuse LOGIN and AUTHENTICATE before TLS (LOGINDISABLED, as dovecot's disable_plaintext_auth). */
  loginRequiresTLS?: boolean;
  /** Non-synchronizing literals: "LITERAL+" (default), "LITERAL-", or false for neither. */
  literalPlus?: "LITERAL+" | "LITERAL-" | false;
  /** Offer ENABLE UTF8=ACCEPT (RFC 6855; default false). */
  utf8Accept?: boolean;
  /** SASL mechanisms for AUTHENTICATE (default PLAIN, LOGIN and CRAM-MD5; XOAUTH2 and OAUTHBEARER too with `tokens`). */
  sasl?: string[];
  /** user -> OAuth 2.0 bearer token that XOAUTH2 and OAUTHBEARER accept. */
  tokens?: Record<string, string>;
  /** Offer SASL-IR, the initial response on the AUTHENTICATE line (default true). */
  saslIR?: boolean;
  /** Offer COMPRESS=DEFLATE (RFC 4978; default false). */
  compress?: boolean;
  /** Offer IDLE (default true). */
  idle?: boolean;
  /** More capabilities, after the standard ones. */
  capabilities?: string[];
  /** Replace any command's answer (scripted errors, extensions): see Respond. */
  respond?: Respond;
  /** Bytes sent in clear right after the STARTTLS OK, before the handshake (an injection). */
  starttlsInjection?: string | Buffer;
  /** Send every reply in pieces of this many bytes, one write each (exercises reassembly). */
  splitReplies?: number;
  /** The largest literal a client may send (default 64 MiB); a larger one is refused and the connection closed. */
  maxLiteral?: number;
}

/** saslMechanisms are the mechanisms AUTHENTICATE offers with these options. */
export function saslMechanisms(o: IMAPServerOptions): string[] {
  const oauth = Object.keys(o.tokens ?? {}).length > 0 ? ["XOAUTH2", "OAUTHBEARER"] : [];
  return (o.sasl ?? ["PLAIN", "LOGIN", "CRAM-MD5", ...oauth]).map((m) => m.toUpperCase());
}
