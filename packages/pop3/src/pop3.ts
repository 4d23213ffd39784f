// POP3: poplib.POP3's commands, each a thin line over Wire under the connection's lock, and
// inetlib's additions (SASL, pipelined *_many, retr_iter) delegating to their own files.
import { create_default_context, type SSLContext, type SSLSocket, starttls } from "@inetlib/socket";
import { type AuthOptions, saslExchange } from "./auth.js";
import { error_proto } from "./errors.js";
import { type Exchange, longExchange, pipelined, shortExchange } from "./pipeline.js";
import { apopDigest, apopTimestamp, type Capabilities, parseStat, splitBytes } from "./response.js";
import { type AuthObject, login, plain, xoauth2 } from "./sasl.js";
import { hold, type MessageLines, retrIter } from "./stream.js";
import { POP3_PORT, type POP3Options, POP3Transport } from "./transport.js";
import type { LongResponse, Wire } from "./wire.js";

/** Which is a message number as poplib takes it: retr(1) and retr("1") both work. */
export type Which = number | string;

/**
 * POP3 is a POP3 client (RFC 1939) with poplib's methods and results:
 *
 *	await using pop = await POP3.open("mail.example.com");
 *	await pop.user("alice");
 *	await pop.pass_("secret");
 *	const [resp, lines, octets] = await pop.retr(1);   // Buffer, Buffer[], number
 *	await pop.quit();
 *
 * Responses are the server's line as a Buffer ("+OK ..."); listed lines are Buffers without
 * terminators, unstuffed; octets are counted as poplib counts them. A reply that does not
 * start with "+" throws error_proto carrying it.
 */
export class POP3 extends POP3Transport {
  /** open connects and reads the greeting, as Python's POP3(host, port, timeout) does. */
  static async open(host: string, port: number = POP3_PORT, options: POP3Options = {}): Promise<POP3> {
    const pop = new POP3(options);
    await pop.connect(host, port);
    return pop;
  }

  /** user sends USER name; the reply should ask for the password. */
  user(user: string): Promise<Buffer> {
    return this.#short(`USER ${user}`);
  }

  /** pass_ sends PASS; the server locks the mailbox from here to quit(). */
  pass_(pswd: string): Promise<Buffer> {
    return this.#login((w) => w.shortcmd(`PASS ${pswd}`));
  }

  /** stat returns [message count, mailbox size in octets]. */
  stat(): Promise<[number, number]> {
    return this._exclusive(async (w) => {
      const resp = await w.shortcmd("STAT");
      if (this._debugging) this._debug.print("*stat*", splitBytes(resp));
      return parseStat(resp);
    });
  }

  /**
   * list returns [response, ["mesg_num octets", ...], octets]; given a message number, just
   * the response, which is that message's scan listing ("+OK 1 120").
   */
  list(): Promise<LongResponse>;
  list(which: Which): Promise<Buffer>;
  list(which?: Which | null): Promise<LongResponse | Buffer>;
  list(which?: Which | null): Promise<LongResponse | Buffer> {
    if (which !== undefined && which !== null) return this.#short(`LIST ${which}`);
    return this.#long("LIST");
  }

  /** retr returns a whole message: [response, lines, octets]. For a large one, retr_iter. */
  retr(which: Which): Promise<LongResponse> {
    return this.#long(`RETR ${which}`);
  }

  /** dele marks a message for deletion; the server deletes it at quit(). */
  dele(which: Which): Promise<Buffer> {
    return this.#short(`DELE ${which}`);
  }

  noop(): Promise<Buffer> {
    return this.#short("NOOP");
  }

  /** rset unmarks all messages marked for deletion. */
  rset(): Promise<Buffer> {
    return this.#short("RSET");
  }

  /** quit commits the deletions, unlocks the mailbox and closes the connection. */
  async quit(): Promise<Buffer> {
    const resp = await this.#short("QUIT");
    await this.close();
    return resp;
  }

  /** rpop sends RPOP user (RFC 1081; hardly any server has it). */
  rpop(user: string): Promise<Buffer> {
    return this.#login((w) => w.shortcmd(`RPOP ${user}`));
  }

  /**
   * apop logs in with APOP (RFC 1939 7): the MD5 digest of the greeting's timestamp and the
   * password goes instead of the password. error_proto('-ERR APOP not supported by server')
   * when the greeting has no timestamp.
   */
  apop(user: string, password: string): Promise<Buffer> {
    return this.#login((w) => {
      const stamp = apopTimestamp(this.welcome);
      if (!stamp) throw new error_proto("-ERR APOP not supported by server");
      return w.shortcmd(`APOP ${user} ${apopDigest(stamp, password)}`);
    });
  }

  /** top returns the header and the first `howmuch` body lines: [response, lines, octets]. */
  top(which: Which, howmuch: Which): Promise<LongResponse> {
    return this.#long(`TOP ${which} ${howmuch}`);
  }

  /**
   * uidl returns [response, ["mesgnum uid", ...], octets]; given a message number, just the
   * response "+OK mesgnum uid".
   */
  uidl(): Promise<LongResponse>;
  uidl(which: Which): Promise<Buffer>;
  uidl(which?: Which | null): Promise<LongResponse | Buffer>;
  uidl(which?: Which | null): Promise<LongResponse | Buffer> {
    if (which !== undefined && which !== null) return this.#short(`UIDL ${which}`);
    return this.#long("UIDL");
  }

  /** utf8 asks for UTF-8 mode (RFC 6856) and returns the response. */
  utf8(): Promise<Buffer> {
    return this.#login((w) => w.shortcmd("UTF8"));
  }

  /** capa returns the capabilities (RFC 2449) as poplib's dictionary: { TOP: [], SASL: ["PLAIN"] }. */
  capa(): Promise<Capabilities> {
    return this._exclusive((w) => this._capabilities(w));
  }

  /**
   * stls starts TLS on this connection (RFC 2595) and returns the server's go-ahead. The
   * certificate and host name are verified by default (Python 3.11's poplib does not).
   * Whatever the server sent in clear after its reply is discarded, and a failed handshake
   * closes the connection: it never goes on in clear text.
   */
  stls(context: SSLContext | null = null): Promise<Buffer> {
    return this._exclusive(async (w) => {
      if (this._tls_established) throw new error_proto("-ERR TLS session already established");
      const caps = await this._capabilities(w);
      if (!("STLS" in caps)) throw new error_proto("-ERR STLS not supported by server");
      const resp = await w.shortcmd("STLS");
      let secure: SSLSocket;
      try {
        secure = await starttls(this.sock!, context ?? create_default_context(), this.host);
      } catch (err) {
        await this.close();
        throw err;
      }
      const dropped = this._attach(secure) + secure.discarded;
      if (dropped > 0 && this._debugging)
        this._debug.print("*stls*", `discarded ${dropped} bytes received in clear`);
      this._tls_established = true;
      return resp;
    });
  }

  // ---- beyond poplib: SASL (RFC 5034) -----------------------------------------------------

  /**
   * auth logs in with SASL mechanism `mechanism`; `authobject` answers each challenge, as in
   * smtplib.auth(). Returns the final +OK line.
   */
  auth(mechanism: string, authobject: AuthObject, options: AuthOptions = {}): Promise<Buffer> {
    return this.#login((w) => saslExchange(w, mechanism.toUpperCase(), authobject, options));
  }

  /** auth_plain logs in with SASL PLAIN (RFC 4616), the credentials in the initial response. */
  auth_plain(user: string, password: string, options: { authzid?: string } = {}): Promise<Buffer> {
    return this.auth("PLAIN", plain(user, password, options.authzid));
  }

  /** auth_login logs in with SASL LOGIN: the user name and the password answer two prompts. */
  auth_login(user: string, password: string): Promise<Buffer> {
    return this.auth("LOGIN", login(user, password), { initial_response_ok: false });
  }

  /** auth_xoauth2 logs in with an OAuth 2.0 bearer token (XOAUTH2). */
  auth_xoauth2(user: string, token: string): Promise<Buffer> {
    return this.auth("XOAUTH2", xoauth2(user, token));
  }

  // ---- beyond poplib: many messages at once (pipelined when the server offers it) ----------

  /** list_many returns the scan listing of each message ("+OK 1 120"), in order. */
  list_many(which: Iterable<Which>): Promise<Buffer[]> {
    return this.#many(which, "LIST", shortExchange);
  }

  /** dele_many marks each message for deletion and returns the responses. */
  dele_many(which: Iterable<Which>): Promise<Buffer[]> {
    return this.#many(which, "DELE", shortExchange);
  }

  /** retr_many returns each message as retr() would; each within the reply bounds. */
  retr_many(which: Iterable<Which>): Promise<LongResponse[]> {
    return this.#many(which, "RETR", longExchange);
  }

  /**
   * iter_retr_many yields each message as retr() would, one at a time: memory holds one
   * message. The connection is held until the loop ends; breaking out reads and drops the
   * replies still due.
   */
  async *iter_retr_many(which: Iterable<Which>): AsyncGenerator<LongResponse, void, undefined> {
    const commands = [...which].map((n) => `RETR ${n}`);
    const [w, release] = await hold(this);
    try {
      yield* pipelined(this, w, commands, longExchange);
    } finally {
      release();
    }
  }

  // ---- beyond poplib: streaming -------------------------------------------------------------

  /**
   * retr_iter sends RETR and returns the message as it arrives (MessageLines): its lines
   * through an async iterator, or its bytes through stream(), in constant memory and
   * without the reply bounds.
   */
  retr_iter(which: Which): Promise<MessageLines> {
    return retrIter(this, `RETR ${which}`);
  }

  /** top_iter is retr_iter for TOP. */
  top_iter(which: Which, howmuch: Which): Promise<MessageLines> {
    return retrIter(this, `TOP ${which} ${howmuch}`);
  }

  #short(line: string): Promise<Buffer> {
    return this._exclusive((w) => w.shortcmd(line));
  }

  #long(line: string): Promise<LongResponse> {
    return this._exclusive((w) => w.longcmd(line));
  }

  #login(fn: (w: Wire) => Promise<Buffer>): Promise<Buffer> {
    return this._exclusive(async (w) => {
      const resp = await fn(w);
      this._stateChanged();
      return resp;
    });
  }

  #many<T>(which: Iterable<Which>, verb: string, exchange: Exchange<T>): Promise<T[]> {
    const commands = [...which].map((n) => `${verb} ${n}`);
    return this._exclusive(async (w) => {
      const out: T[] = [];
      for await (const reply of pipelined(this, w, commands, exchange)) out.push(reply);
      return out;
    });
  }
}
