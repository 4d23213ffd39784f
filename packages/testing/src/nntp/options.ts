// What an NNTPServer offers: every capability can be turned off, and any reply replaced.
import type { NewsSpool } from "./spool.js";

/** TLSCredentials are the server's certificate chain and key, as PEM file paths. */
export interface NNTPTLSCredentials {
  certfile: string;
  keyfile?: string;
}

/** NNTPSessionView is what a `respond` hook may read of the session it answers for. */
export interface NNTPSessionView {
  /** The selected group, or null. */
  readonly group: string | null;
  /** The current article number, or null. */
  readonly article: number | null;
  /** The user logged in, or null. */
  readonly user: string | null;
  readonly tls: boolean;
  readonly compressed: boolean;
  /** False while a "switch" server is still in transit mode (before MODE READER). */
  readonly reader: boolean;
}

/**
 * NNTPScripted is a reply that asks for an article next (as "340" to POST does): `body` gets
 * the article, unstuffed, and returns the final reply.
 */
export interface NNTPScripted {
  reply: string | Buffer;
  body: (article: Buffer, lines: Buffer[]) => string | Buffer;
}

/**
 * NNTPRespond replaces the server's answer to one command: return the whole reply (CRLF
 * included; multi-line replies with their "." line), an NNTPScripted to read an article
 * next, or undefined to let the server answer. `command` is upper-cased; `args` is the rest
 * of the line after one space, as sent (binary string: one character per byte).
 */
export type NNTPRespond = (
  command: string,
  args: string,
  session: NNTPSessionView,
) => string | Buffer | NNTPScripted | undefined;

/** NNTPServerOptions configure an NNTPServer (all optional). */
export interface NNTPServerOptions {
  /** The news (default: an empty NewsSpool). */
  spool?: NewsSpool;
  /** The whole greeting without CRLF (default "200 <hostname> inetlib NNTP server ready (posting ok)"). */
  greeting?: string;
  /** Allow POST (default true; the greeting then says 200, else 201). */
  posting?: boolean;
  /**
   * 2 (default): RFC 3977, with CAPABILITIES, OVER and HDR. 1: an RFC 977 server with the
   * RFC 2980 extensions: CAPABILITIES, OVER and HDR are unknown (500); XOVER and XHDR work.
   */
  version?: 1 | 2;
  /**
   * "reader" (default): in reader mode from the start (READER advertised). "switch": starts in
   * transit mode (MODE-READER advertised; reading commands 502) until MODE READER.
   */
  mode?: "reader" | "switch";
  /** Reading and posting need a login first (480), as many commercial servers do. */
  authRequired?: boolean;
  /** MODE READER needs a login first (480): Python's readermode_afterauth path. */
  modeReaderNeedsAuth?: boolean;
  /** CAPABILITIES needs a login first (480), as some servers do. */
  capabilitiesNeedAuth?: boolean;
  /** Refuse AUTHINFO before STARTTLS (483), as INN with "require ssl". */
  loginRequiresTLS?: boolean;
  /**
   * A certificate: STARTTLS is offered on plain connections (unless `starttls` is false) and
   * `implicitTLS` works. `true` uses the test certificate for localhost, 127.0.0.1 and ::1
   * (the certs/ folder shipped with this package, signed by the `testCA` there).
   */
  tls?: NNTPTLSCredentials | true;
  /** Offer STARTTLS when `tls` is given (default true). */
  starttls?: boolean;
  /** Offer COMPRESS DEFLATE (RFC 8054; default true). */
  compress?: boolean;
  /** SASL mechanisms AUTHINFO SASL offers (RFC 4643; PLAIN and CRAM-MD5 are known; default none). */
  sasl?: string[];
  /** Offer STREAMING: MODE STREAM, CHECK and TAKETHIS (RFC 4644; default false). */
  streaming?: boolean;
  /** IMPLEMENTATION in CAPABILITIES (default "inetlib-testing"). */
  implementation?: string;
  /** Text of LIST MOTD (default: none, 503). */
  motd?: string;
  /** The server's clock, for DATE and the arrival of posted articles (default: now). */
  now?: () => Date;
  /** Replace any reply (scripted errors): see NNTPRespond. */
  respond?: NNTPRespond;
  /** Bytes sent in clear right after the STARTTLS go-ahead, before the handshake (an injection). */
  starttlsInjection?: string | Buffer;
  /** Send every reply in pieces of this many bytes, one write each. */
  splitReplies?: number;
}
