// LMTP (RFC 2033): SMTP's commands with LHLO, over TCP or a Unix socket, and one reply per
// accepted recipient after the message. Python 3.11 reads only the first of those replies
// and leaves the rest to confuse the next command; here each is read and reported.
import { type Address, AF_UNIX, SOCK_STREAM, socket } from "@inetlib/socket";
import { newRefused, type SMTPRefused, type SMTPReply } from "./errors.js";
import { SMTP } from "./smtp.js";
import type { SMTPOptions } from "./transport.js";
import { checkTimeout } from "./wire.js";

/** LMTP_PORT is the port LMTP.open() uses by default (Python's LMTP constructor's). */
export const LMTP_PORT = 2003;

/** LMTPDataReply is one recipient's reply to the message: [recipient, code, message]. */
export type LMTPDataReply = [recipient: string | null, code: number, message: Buffer];

/**
 * LMTP is an LMTP client, e.g. for dovecot's or Cyrus's delivery socket:
 *
 *	await using l = await LMTP.open("/var/run/dovecot/lmtp");
 *	const refused = await l.sendmail("me@example.com", ["alice", "bob"], message);
 *
 * sendmail() counts a recipient the server refused after the message as refused (in the
 * returned map) and throws SMTPDataError only when no recipient took it.
 */
export class LMTP extends SMTP {
  override ehlo_msg = "lhlo";
  /** Each accepted recipient's reply to the last message, in RCPT order. */
  data_replies: LMTPDataReply[] = [];

  /** open connects when `host` is given: a path starting with "/" is a Unix socket. */
  static override async open(
    host = "",
    port: number | string = LMTP_PORT,
    options: SMTPOptions = {},
  ): Promise<LMTP> {
    const lmtp = new LMTP(options);
    await lmtp._open(host, port);
    return lmtp;
  }

  /** connect connects to an LMTP server over TCP, or over the Unix socket `host` when it starts with "/". */
  override connect(
    host = "localhost",
    port: number | string = 0,
    source_address: Address | null = null,
  ): Promise<SMTPReply> {
    if (host[0] !== "/") return super.connect(host, port, source_address);
    return this._exclusive(async () => {
      checkTimeout(this.timeout);
      await this.close();
      const sock = new socket(AF_UNIX, SOCK_STREAM, 0, this.signal ? { signal: this.signal } : {});
      try {
        if (this.timeout !== undefined) sock.settimeout(this.timeout);
        await sock.connect(host);
      } catch (err) {
        if (this.debuglevel > 0) this._print_debug("connect fail:", host);
        await sock.close();
        throw err;
      }
      this._host = "";
      this._attach(sock);
      const [code, msg] = await this._getreply_unlocked();
      if (this.debuglevel > 0) this._print_debug("connect:", msg);
      return [code, msg];
    });
  }

  /**
   * _end_of_data reads one reply per recipient accepted since MAIL (one when none is known)
   * and returns the first that accepted the message, else the first. After a 421 the server
   * is gone: the recipients not answered yet get that reply.
   */
  protected override async _end_of_data(): Promise<SMTPReply> {
    const recipients: (string | null)[] =
      this._accepted_rcpts.length > 0 ? [...this._accepted_rcpts] : [null];
    this.data_replies = [];
    let closing: SMTPReply | null = null;
    for (const rcpt of recipients) {
      const reply: SMTPReply = closing ?? (await this._getreply_unlocked());
      const [code, msg] = reply;
      if (code === 421) closing = reply;
      this.data_replies.push([rcpt, code, msg]);
    }
    const first = this.data_replies.find(([, code]) => code === 250) ?? this.data_replies[0]!;
    return [first[1], first[2]];
  }

  /** _data_refused maps each recipient that did not take the last message to its reply. */
  override _data_refused(): SMTPRefused {
    const refused = newRefused();
    for (const [rcpt, code, msg] of this.data_replies)
      if (code !== 250 && rcpt !== null) refused[rcpt] = [code, msg];
    return refused;
  }
}
