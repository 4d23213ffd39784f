// What a POP3Server offers: every capability can be turned off, and any reply replaced.
import type { Maildrop } from "./maildrop.js";

/** TLSCredentials are the server's certificate chain and key, as PEM file paths. */
export interface TLSCredentials {
  certfile: string;
  keyfile?: string;
}

/** SessionView is what a `respond` hook may read of the session it answers for. */
export interface SessionView {
  readonly state: "AUTHORIZATION" | "TRANSACTION" | "UPDATE";
  readonly user: string | null;
  readonly tls: boolean;
}

/**
 * Respond replaces the server's answer to one command: return the whole reply (CRLF
 * included, multi-line replies with their "." line), or undefined to let the server answer.
 * `command` is upper-cased; `args` is the rest of the line after one space.
 */
export type Respond = (command: string, args: string, session: SessionView) => string | Buffer | undefined;

export interface POP3ServerOptions {
  /** The mailboxes (default: an empty Maildrop). */
  maildrop?: Maildrop;
  /** The host name in the greeting's APOP timestamp (default "inetlib.test"). */
  hostname?: string;
  /** The whole greeting line without CRLF (default "+OK inetlib POP3 server ready" and the timestamp). */
  greeting?: string;
  /** Put an APOP timestamp in the greeting and accept APOP (default true). */
  apop?: boolean;
  /** Accept USER/PASS (default true). */
  user?: boolean;
  /** SASL mechanisms offered by AUTH (default PLAIN, LOGIN, XOAUTH2; [] for none). */
  sasl?: string[];
  /** Offer PIPELINING (default true; the server reads ahead either way, as RFC 2449 asks). */
  pipelining?: boolean;
  /** Offer and accept TOP (default true). */
  top?: boolean;
  /** Offer and accept UIDL (default true). */
  uidl?: boolean;
  /** Offer and accept UTF8 (RFC 6856; default false). */
  utf8?: boolean;
  /** Offer RESP-CODES and AUTH-RESP-CODE and put codes in replies (default true). */
  respCodes?: boolean;
  /** IMPLEMENTATION in CAPA (default "inetlib-testing"). */
  implementation?: string;
  /**
   * A certificate: STLS is offered on plain connections (unless `stls` is false) and
   * `implicitTLS` works. `true` uses the test certificate for localhost, 127.0.0.1 and ::1
   * (the certs/ folder shipped with this package, signed by the `testCA` there).
   */
  tls?: TLSCredentials | true;
  /** Offer STLS when `tls` is given (default true). */
  stls?: boolean;
  /** Refuse USER, PASS, APOP and AUTH before STLS, as dovecot's disable_plaintext_auth (default false). */
  loginRequiresTLS?: boolean;
  /** More CAPA lines, sent after the standard ones. */
  capabilities?: string[];
  /** Replace any reply (scripted errors): see Respond. */
  respond?: Respond;
  /** Bytes sent in clear right after the STLS go-ahead, before the handshake (an injection). */
  stlsInjection?: string | Buffer;
  /** Send every reply in pieces of this many bytes, one write each (exercises reassembly). */
  splitReplies?: number;
}
