// SMTP: smtplib.SMTP's commands, each a thin method over putcmd()/getreply() (transport.ts),
// calling one another as in Python. Mail transactions are in sendmail.ts, AUTH in auth.ts,
// messages built with nodemailer in message.ts.
import { abortable, pytuple } from "@inetlib/socket";
import type XOAuth2 from "nodemailer/lib/xoauth2";
import type { XOAuth2Options } from "nodemailer/lib/xoauth2";
import { _addr_only, checkAddress, quoteaddr } from "./address.js";
import { type AuthObject, type AuthOptions, auth, cramMd5, login, xoauth2Object } from "./auth.js";
import { type BatchMessage, type BatchResult, sendmailMany } from "./batch.js";
import { coalesce, dataBytes, dataChunks, isWhole, type MessageSource } from "./data.js";
import { type ESMTPFeatures, parseEhlo } from "./ehlo.js";
import {
  SMTPConnectError,
  SMTPDataError,
  SMTPHeloError,
  SMTPNotSupportedError,
  type SMTPRefused,
  type SMTPReply,
  SMTPResponseException,
  SMTPServerDisconnected,
} from "./errors.js";
import { type EmailMessage, prepareMessage, type SendMessageOptions } from "./message.js";
import { sendmail } from "./sendmail.js";
import { type StartTLSOptions, starttls } from "./starttls.js";
import { type SMTPOptions, SMTPTransport } from "./transport.js";
import { commandLine } from "./wire.js";

/**
 * SMTP is an SMTP/ESMTP client (RFC 5321) with smtplib's methods and results:
 *
 *	await using s = await SMTP.open("mail.example.com", 587);
 *	await s.starttls();
 *	await s.login("user", "secret");
 *	const refused = await s.sendmail("me@example.com", ["you@example.com"], "Subject: hi\r\n\r\nhello\r\n");
 *
 * Replies are [code, message] arrays with the message as bytes; the server's refusals throw
 * the SMTPResponseException family where smtplib raises them.
 */
export class SMTP extends SMTPTransport {
  /** The message of the last HELO reply. */
  helo_resp: Buffer | null = null;
  /** The command ehlo() sends ("lhlo" for LMTP). */
  ehlo_msg = "ehlo";
  /** The message of the last EHLO reply, usually multi-line. */
  ehlo_resp: Buffer | null = null;
  /** True after an EHLO the server accepted. */
  does_esmtp = false;
  /** The extensions the last EHLO reply offered, lower-cased, with their parameters. */
  esmtp_features: ESMTPFeatures = Object.create(null) as ESMTPFeatures;
  /** Set by login() for the auth_* methods. */
  user: string | undefined;
  password: string | undefined;
  _auth_challenge_count = 0;
  /** The recipients accepted since the last MAIL (LMTP reads one DATA reply for each). */
  _accepted_rcpts: string[] = [];

  /** open does what Python's constructor does: connects when `host` is given, refusing a greeting other than 220. */
  static async open(host = "", port: number | string = 0, options: SMTPOptions = {}): Promise<SMTP> {
    const smtp = new SMTP(options);
    await smtp._open(host, port);
    return smtp;
  }

  /** _open connects as Python's __init__ does (SMTPConnectError unless the greeting is 220). */
  protected async _open(host: string, port: number | string): Promise<void> {
    try {
      if (host) {
        const [code, msg] = await this.connect(host, port);
        if (code !== 220) throw new SMTPConnectError(code, msg);
      }
      await this._local_hostname();
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** helo sends HELO with `name` (default local_hostname) and returns the reply. */
  helo(name = ""): Promise<SMTPReply> {
    return this._exclusive(() => this._helo_unlocked(name));
  }

  /** _helo_unlocked is helo() for a caller that holds the lock. */
  async _helo_unlocked(name = ""): Promise<SMTPReply> {
    await this._putcmd_unlocked("helo", name || (await this._local_hostname()), false);
    const [code, msg] = await this._getreply_unlocked();
    this.helo_resp = msg;
    return [code, msg];
  }

  /** ehlo sends EHLO (LHLO for LMTP) and, on 250, fills esmtp_features from the reply. */
  ehlo(name = ""): Promise<SMTPReply> {
    return this._exclusive(() => this._ehlo_unlocked(name));
  }

  /** _ehlo_unlocked is ehlo() for a caller that holds the lock. */
  async _ehlo_unlocked(name = ""): Promise<SMTPReply> {
    const host = name || (await this._local_hostname());
    commandLine(this.ehlo_msg, host); // refused before anything changes
    this.esmtp_features = Object.create(null) as ESMTPFeatures;
    await this._putcmd_unlocked(this.ehlo_msg, host, false);
    const [code, msg] = await this._getreply_unlocked();
    // RFC 1869: some servers hang up on EHLO.
    if (code === -1 && msg.length === 0) {
      await this.close();
      throw new SMTPServerDisconnected("Server not connected");
    }
    this.ehlo_resp = msg;
    if (code !== 250) return [code, msg];
    this.does_esmtp = true;
    this.esmtp_features = parseEhlo(msg);
    return [code, msg];
  }

  /** has_extn tells whether the server offered the extension (any case). */
  has_extn(opt: string): boolean {
    return Object.hasOwn(this.esmtp_features, opt.toLowerCase());
  }

  /** help sends HELP and returns the reply's message only. */
  help(args = ""): Promise<Buffer> {
    return this._exclusive(async () => (await this._docmd_unlocked("help", args))[1]);
  }

  /** rset ends the mail transaction and returns to ASCII commands. */
  rset(): Promise<SMTPReply> {
    return this._exclusive(() => this._rset_unlocked());
  }

  /** _rset_unlocked is rset() for a caller that holds the lock. */
  _rset_unlocked(): Promise<SMTPReply> {
    this.command_encoding = "ascii";
    this._accepted_rcpts = [];
    return this._docmd_unlocked("rset");
  }

  /**
   * _rset is rset() that ignores a disconnection: the next command reports it (smtplib's
   * _rset). For a caller that holds the lock (sendmail()).
   */
  async _rset(): Promise<void> {
    try {
      await this._rset_unlocked();
    } catch (err) {
      if (!(err instanceof SMTPServerDisconnected)) throw err;
    }
  }

  noop(): Promise<SMTPReply> {
    return this.docmd("noop");
  }

  /**
   * mail sends MAIL FROM with `options` (ESMTP only, as smtplib). SMTPUTF8 among them switches
   * commands to UTF-8, or throws SMTPNotSupportedError when the server does not offer it.
   */
  mail(sender: string, options: readonly string[] = []): Promise<SMTPReply> {
    return this._exclusive(() => this._mail_unlocked(sender, options));
  }

  /** _mail_unlocked is mail() for a caller that holds the lock. */
  async _mail_unlocked(sender: string, options: readonly string[] = []): Promise<SMTPReply> {
    const args = this._mail_args(sender, options);
    this._accepted_rcpts = [];
    return this._docmd_unlocked("mail", args);
  }

  /** _mail_args is MAIL's argument "FROM:<sender> options". */
  _mail_args(sender: string, options: readonly string[]): string {
    let optionlist = "";
    if (options.length > 0 && this.does_esmtp) {
      if (options.some((x) => x.toLowerCase() === "smtputf8")) {
        if (this.has_extn("smtputf8")) this.command_encoding = "utf-8";
        else throw new SMTPNotSupportedError("SMTPUTF8 not supported by server");
      }
      optionlist = ` ${options.join(" ")}`;
    }
    return `FROM:${quoteaddr(checkAddress(sender))}${optionlist}`;
  }

  /** rcpt sends RCPT TO for one recipient, with `options` (ESMTP only). */
  rcpt(recip: string, options: readonly string[] = []): Promise<SMTPReply> {
    return this._exclusive(() => this._rcpt_unlocked(recip, options));
  }

  /** _rcpt_unlocked is rcpt() for a caller that holds the lock. */
  async _rcpt_unlocked(recip: string, options: readonly string[] = []): Promise<SMTPReply> {
    const reply = await this._docmd_unlocked("rcpt", this._rcpt_args(recip, options));
    if (reply[0] === 250 || reply[0] === 251) this._accepted_rcpts.push(recip);
    return reply;
  }

  /** _rcpt_args is RCPT's argument "TO:<recip> options". */
  _rcpt_args(recip: string, options: readonly string[]): string {
    const optionlist = options.length > 0 && this.does_esmtp ? ` ${options.join(" ")}` : "";
    return `TO:${quoteaddr(checkAddress(recip))}${optionlist}`;
  }

  /**
   * data sends DATA, then the message dot-stuffed and terminated, and returns the final reply.
   * A reply other than 354 to DATA throws SMTPDataError. Text has its line endings fixed and
   * must be ASCII; bytes go as they are; a stream is sent chunk by chunk in constant memory.
   */
  data(msg: MessageSource): Promise<SMTPReply> {
    return this._exclusive(() => this._data_unlocked(msg));
  }

  /** _data_unlocked is data() for a caller that holds the lock. */
  async _data_unlocked(msg: MessageSource): Promise<SMTPReply> {
    const [code, repl] = await this._docmd_unlocked("data");
    if (this.debuglevel > 0) this._print_debug("data:", pytuple(code, repl));
    if (code !== 354) throw new SMTPDataError(code, repl);
    await this._send_body(msg);
    const reply = await this._end_of_data();
    if (this.debuglevel > 0) this._print_debug("data:", pytuple(...reply));
    return reply;
  }

  /** _send_body sends the message after DATA's 354; a failing stream closes the connection. */
  protected async _send_body(msg: MessageSource): Promise<void> {
    if (isWhole(msg)) return this._send_unlocked(dataBytes(msg));
    try {
      // The source is raced against the signal: a slow producer must not outlive abort().
      for await (const chunk of coalesce(dataChunks(abortable(msg, this.signal))))
        await this._send_unlocked(chunk);
    } catch (err) {
      // Half a message was sent: the server waits for the rest, so the session cannot go on.
      await this.close();
      throw err;
    }
  }

  /** _end_of_data reads the reply to the message (LMTP: one per recipient). */
  protected _end_of_data(): Promise<SMTPReply> {
    return this._getreply_unlocked();
  }

  /** _data_refused: the recipients the server refused after the data (LMTP), else null. */
  _data_refused(): SMTPRefused | null {
    return null;
  }

  /** verify sends VRFY with the bare address. */
  verify(address: string): Promise<SMTPReply> {
    return this._exclusive(() => this._docmd_unlocked("vrfy", _addr_only(checkAddress(address))));
  }

  /** vrfy is verify. */
  vrfy(address: string): Promise<SMTPReply> {
    return this.verify(address);
  }

  /** expn sends EXPN (expand a mailing list). */
  expn(address: string): Promise<SMTPReply> {
    return this._exclusive(() => this._docmd_unlocked("expn", _addr_only(checkAddress(address))));
  }

  /** ehlo_or_helo_if_needed sends EHLO, then HELO if that fails, unless one was sent; SMTPHeloError if both fail. */
  ehlo_or_helo_if_needed(): Promise<void> {
    return this._exclusive(() => this._ehlo_or_helo_if_needed_unlocked());
  }

  /** _ehlo_or_helo_if_needed_unlocked is ehlo_or_helo_if_needed() for a caller that holds the lock. */
  async _ehlo_or_helo_if_needed_unlocked(): Promise<void> {
    if (this.helo_resp !== null || this.ehlo_resp !== null) return;
    const [code] = await this._ehlo_unlocked();
    if (code >= 200 && code <= 299) return;
    const [hcode, resp] = await this._helo_unlocked();
    if (!(hcode >= 200 && hcode <= 299)) throw new SMTPHeloError(hcode, resp);
  }

  // ---- AUTH (auth.ts) ---------------------------------------------------------------------

  /**
   * auth runs one SASL exchange: `authobject` gives the initial response (unless
   * initial_response_ok is false) and answers each 334 challenge. Returns the 235 (or 503,
   * already authenticated) reply; any other throws SMTPAuthenticationError. Over a connection
   * without TLS it refuses before sending, unless allowPlaintextAuth allows it.
   */
  auth(mechanism: string, authobject: AuthObject, options: AuthOptions = {}): Promise<SMTPReply> {
    return this._exclusive(() => auth(this, mechanism, authobject, options));
  }

  /** auth_cram_md5 is the authobject of CRAM-MD5 (no initial response), from user and password. */
  auth_cram_md5 = (challenge?: Buffer | null): string | null =>
    challenge === undefined || challenge === null
      ? null
      : cramMd5(this.user ?? "", this.password ?? "", challenge);

  /** auth_plain is the authobject of PLAIN: "\0user\0password". */
  auth_plain = (_challenge?: Buffer | null): string => `\0${this.user ?? ""}\0${this.password ?? ""}`;

  /** auth_login is the authobject of LOGIN: the user name first, the password at the second challenge. */
  auth_login = (challenge?: Buffer | null): string =>
    (challenge === undefined || challenge === null || this._auth_challenge_count < 2
      ? this.user
      : this.password) ?? "";

  /**
   * login logs in with the first of CRAM-MD5, PLAIN and LOGIN the server offers that works.
   * SMTPNotSupportedError without AUTH; SMTPException when no mechanism is common; the last
   * SMTPAuthenticationError when all fail.
   */
  login(user: string, password: string, options: AuthOptions = {}): Promise<SMTPReply> {
    return this._exclusive(() => login(this, user, password, options));
  }

  /**
   * login_xoauth2 logs in with XOAUTH2 (Google's and Microsoft's OAuth 2.0 profile): `token`
   * is an access token, or nodemailer's XOAuth2 (or its options) to fetch or refresh one.
   */
  login_xoauth2(user: string, token: string | XOAuth2 | XOAuth2Options): Promise<SMTPReply> {
    return this._exclusive(async () => {
      await this._ehlo_or_helo_if_needed_unlocked();
      return auth(this, "XOAUTH2", await xoauth2Object(user, token), {});
    });
  }

  // ---- STARTTLS (starttls.ts) -------------------------------------------------------------

  /**
   * starttls upgrades the connection to TLS (RFC 3207) and returns the server's 220 reply.
   * The server is verified by default (Python 3.11 does not). Anything received in clear
   * after the reply is discarded; a failed handshake closes the connection. Everything learnt
   * from the server is forgotten, so the next command sends EHLO again.
   */
  starttls(options: StartTLSOptions = {}): Promise<SMTPReply> {
    return this._exclusive(() => starttls(this, options));
  }

  // ---- transactions -----------------------------------------------------------------------

  /**
   * sendmail sends one message and returns the refused recipients, { address: [code, message] }.
   * Throws SMTPSenderRefused, SMTPRecipientsRefused (all refused) or SMTPDataError as smtplib,
   * with RSET after a refusal and the connection closed after a 421. A message larger than
   * the server's SIZE is refused before anything is sent.
   */
  sendmail(
    from_addr: string,
    to_addrs: string | readonly string[],
    msg: MessageSource,
    mail_options: readonly string[] = [],
    rcpt_options: readonly string[] = [],
  ): Promise<SMTPRefused> {
    return this._exclusive(() =>
      this._sendmail_unlocked(from_addr, to_addrs, msg, mail_options, rcpt_options),
    );
  }

  /** _sendmail_unlocked is sendmail() for a caller that holds the lock. */
  _sendmail_unlocked(
    from_addr: string,
    to_addrs: string | readonly string[],
    msg: MessageSource,
    mail_options: readonly string[] = [],
    rcpt_options: readonly string[] = [],
  ): Promise<SMTPRefused> {
    return sendmail(this, from_addr, to_addrs, msg, mail_options, rcpt_options);
  }

  /**
   * sendmail_many sends many messages on this connection (beyond Python) and returns, for each,
   * what a loop over sendmail() would: its refused recipients, or the SMTPException sendmail()
   * would raise. When the server offers PIPELINING (or `pipelining: true`), whole messages take
   * one round trip each: a message's body and "." go out in the same write as the next
   * message's MAIL, RCPT and DATA (RFC 2920). Streamed bodies, SMTPUTF8 and large envelopes go
   * through sendmail() in turn. Every command is checked before anything is sent.
   *
   *	const results = await smtp.sendmail_many(msgs.map((msg) => ({ from_addr, to_addrs, msg })));
   */
  sendmail_many(messages: readonly BatchMessage[]): Promise<BatchResult[]> {
    return this._exclusive(() => sendmailMany(this, messages));
  }

  /**
   * send_message sends a message built with nodemailer (or RFC 5322 bytes): the envelope comes
   * from the headers by Python's rules unless given, Bcc and Resent-Bcc are not sent, and
   * SMTPUTF8 and BODY=8BITMIME are asked for when the message needs them.
   */
  send_message(msg: EmailMessage, options?: SendMessageOptions): Promise<SMTPRefused>;
  send_message(
    msg: EmailMessage,
    from_addr?: string | null,
    to_addrs?: string | readonly string[] | null,
    mail_options?: readonly string[],
    rcpt_options?: readonly string[],
  ): Promise<SMTPRefused>;
  send_message(
    msg: EmailMessage,
    from_addr?: string | null | SendMessageOptions,
    to_addrs?: string | readonly string[] | null,
    mail_options: readonly string[] = [],
    rcpt_options: readonly string[] = [],
  ): Promise<SMTPRefused> {
    const options: SendMessageOptions =
      typeof from_addr === "object" && from_addr !== null
        ? from_addr
        : { from_addr: from_addr ?? null, to_addrs: to_addrs ?? null, mail_options, rcpt_options };
    return this._exclusive(async () => {
      await this._ehlo_or_helo_if_needed_unlocked();
      const m = await prepareMessage(msg, options, this);
      return sendmail(this, m.from_addr, m.to_addrs, m.body, m.mail_options, options.rcpt_options ?? []);
    });
  }

  /** quit sends QUIT, forgets the EHLO state and closes; returns the reply. */
  quit(): Promise<SMTPReply> {
    return this._exclusive(async () => {
      const res = await this._docmd_unlocked("quit");
      this._forget();
      await this.close();
      return res;
    });
  }

  /** Leaving `await using`: QUIT (a reply other than 221 throws SMTPResponseException), then close. */
  override async [Symbol.asyncDispose](): Promise<void> {
    try {
      const [code, message] = await this.docmd("QUIT");
      if (code !== 221) throw new SMTPResponseException(code, message);
    } catch (err) {
      if (!(err instanceof SMTPServerDisconnected)) throw err;
    } finally {
      await this.close();
    }
  }

  /** _pipelining_enabled: the envelope is pipelined when the option says so or the server offers it. */
  _pipelining_enabled(): boolean {
    if (!this.does_esmtp) return false;
    return this.options.pipelining ?? this.has_extn("pipelining");
  }

  /** _forget drops what the server said about itself (after QUIT, and STARTTLS as RFC 3207 asks). */
  _forget(): void {
    this.helo_resp = null;
    this.ehlo_resp = null;
    this.esmtp_features = Object.create(null) as ESMTPFeatures;
    this.does_esmtp = false;
  }
}
