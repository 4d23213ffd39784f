// IMAP4: imaplib.IMAP4's commands, each a thin method over the engine (core.ts) with Python's
// arguments and results; the longer ones live in their own files (auth, starttls, idle,
// fetch/). Beyond Python: typed FETCH (fetch_messages), streamed bodies (fetch_iter) and
// search criteria that quote themselves (search_messages).
import { OSError, type SSLContext } from "@inetlib/socket";
import { type AuthObject, authenticate, login, login_cram_md5 } from "./auth.js";
import { Commands, IMAP4_PORT } from "./commands.js";
import { compress } from "./compress.js";
import { abort, error, readonly } from "./errors.js";
import { IMAP4Extensions, type MessageSet, set } from "./extensions.js";
import { type FetchMessage, parseFetch } from "./fetch/fetch.js";
import { type FetchBody, type FetchIterOptions, fetchIter } from "./fetch/stream.js";
import { Idler } from "./idle.js";
import { IDLE_EXIT_TIMEOUT } from "./limits.js";
import { type OAuthBearerOptions, oauthbearer, xoauth2 } from "./oauth.js";
import { type PipelineCommand, pipeline } from "./pipeline.js";
import { isPair, type Response } from "./response.js";
import { type SearchCriteria, searchCriteria } from "./search.js";
import { starttls } from "./starttls.js";
import { type DateTimeArg, Time2Internaldate } from "./time.js";
import type { IMAP4Options } from "./transport.js";
import { type Arg, LiteralArg, mapCRLF } from "./wire.js";

/** Flags is a flag list: "(\\Seen \\Flagged)", "\\Seen", or an array of flags. */
export type Flags = string | readonly string[];

/**
 * IMAP4 is an IMAP4rev1 client (RFC 3501) with imaplib's methods and results:
 *
 *	await using M = await IMAP4.open("mail.example.com");
 *	await M.login("alice", "secret");
 *	await M.select();
 *	const [typ, data] = await M.search(null, "ALL");
 *	for (const num of (data[0] as Buffer).toString().split(" ").filter(Boolean)) {
 *	  const [, msg] = await M.fetch(num, "(RFC822)");   // [[Buffer prefix, Buffer message], Buffer ")"]
 *	  const [, body] = msg[0] as LiteralPair;
 *	}
 *
 * (search_messages() and fetch_messages() give typed results instead.)
 *
 * Every command returns [typ, data]: typ is "OK", "NO" (or "BYE" for logout), data the
 * untagged responses the command asked for, each a Buffer or a [prefix, literal] pair.
 * error, abort and readonly are thrown as imaplib raises them. Arguments are sent as given
 * (mailbox names and user names are quoted when they need it); CR, LF and NUL in any of
 * them are refused before anything is sent.
 */
export class IMAP4 extends IMAP4Extensions {
  /** error: logical errors (imaplib.IMAP4.error). */
  static readonly error = error;
  /** abort: the connection should be dropped (IMAP4.abort). */
  static readonly abort = abort;
  /** readonly: the mailbox became read-only (IMAP4.readonly). */
  static readonly readonly = readonly;
  readonly error = error;
  readonly abort = abort;
  readonly readonly = readonly;

  /** open connects, reads the greeting and the capabilities, as Python's IMAP4(host, port, timeout). */
  static async open(host = "", port: number = IMAP4_PORT, options: IMAP4Options = {}): Promise<IMAP4> {
    const imap = new IMAP4(options);
    await imap.connect(host, port);
    return imap;
  }

  // ---- connection and authentication ------------------------------------------------------

  /** login identifies the client with a plaintext password (always quoted, or a literal when not ASCII). */
  login(user: string, password: string): Promise<Response> {
    return login(this, user, password);
  }

  /**
   * authenticate runs AUTHENTICATE `mechanism`; `authobject` is called with each decoded
   * challenge and returns the response (bytes or text, base64-encoded for it), or null to
   * cancel with "*". A failure raises error with the server's text.
   */
  authenticate(mechanism: string, authobject: AuthObject): Promise<Response> {
    return authenticate(this, mechanism, authobject);
  }

  /** login_cram_md5 authenticates with CRAM-MD5 (RFC 2195). */
  login_cram_md5(user: string, password: string | Uint8Array): Promise<Response> {
    return login_cram_md5(this, user, password);
  }

  /** login_xoauth2 authenticates with XOAUTH2 (Google's and Microsoft's OAuth 2.0 profile) and an access token. */
  async login_xoauth2(user: string, token: string): Promise<Response> {
    return authenticate(this, "XOAUTH2", xoauth2(user, token));
  }

  /**
   * login_oauthbearer authenticates with OAUTHBEARER (RFC 7628) and an access token; `host` and
   * `port` in the message default to the connection's.
   */
  async login_oauthbearer(user: string, token: string, options: OAuthBearerOptions = {}): Promise<Response> {
    const where = {
      host: options.host ?? (this.host || "localhost"),
      port: options.port ?? this.port ?? undefined,
    };
    return authenticate(this, "OAUTHBEARER", oauthbearer(user, token, where));
  }

  /**
   * starttls starts TLS (RFC 2595) and asks the capabilities again. The certificate and the
   * host name are verified by default (create_default_context(); Python 3.11 verifies
   * nothing). Anything received in clear after the server's OK is discarded, and a failed
   * handshake closes the connection.
   */
  starttls(ssl_context: SSLContext | null = null): Promise<Response> {
    return starttls(this, ssl_context);
  }

  /**
   * compress turns on COMPRESS=DEFLATE (RFC 4978) both ways, after login (and after STARTTLS:
   * compression goes inside TLS). Refused before anything is sent when already on or not offered.
   */
  compress(): Promise<Response> {
    return compress(this);
  }

  /** logout says LOGOUT, closes the connection and returns the server's BYE: ["BYE", [text]]. */
  async logout(): Promise<Response> {
    if (this._idler) {
      try {
        await this.#leaveIdle(this._idler);
      } catch (err) {
        this.state = "LOGOUT";
        throw err instanceof error ? err : new abort(`IDLE did not end: ${String(err)}`, { cause: err });
      }
    }
    this.state = "LOGOUT";
    const result = await this._simple_command("LOGOUT");
    await this.shutdown();
    return result;
  }

  /**
   * #leaveIdle ends an IDLE left open before LOGOUT (which a server reads as a bad DONE and
   * never answers: dovecot says "BAD Expected DONE"), waiting at most IDLE_EXIT_TIMEOUT
   * seconds; a server that does not end it is cut off.
   */
  async #leaveIdle(idler: { exit(): Promise<void> }): Promise<void> {
    const saved = this._gettimeout();
    this._settimeout(saved === null ? IDLE_EXIT_TIMEOUT : Math.min(saved, IDLE_EXIT_TIMEOUT));
    try {
      await idler.exit();
    } catch (err) {
      await this._close_transport();
      throw err;
    } finally {
      if (this._connected) this._settimeout(saved);
    }
  }

  /** enable sends ENABLE (RFC 5161); UTF8=ACCEPT switches commands and literals to UTF-8 (RFC 6855). */
  enable(capability: string): Promise<Response> {
    if (!this.capabilities.includes("ENABLE"))
      return Promise.reject(new error("Server does not support ENABLE"));
    return this._run("ENABLE", async () => {
      delete this.untagged_responses.ENABLED;
      const [typ, data] = await this._simple_command_unlocked("ENABLE", capability);
      // Only what the server names in "* ENABLED" is on (RFC 5161): dovecot 2.3 answers OK to
      // ENABLE UTF8=ACCEPT without enabling it, and UTF-8 APPENDs would then be refused.
      if (typ === "OK" && capability.toUpperCase().includes("UTF8=ACCEPT") && this.#enabled("UTF8=ACCEPT"))
        this._mode_utf8();
      return [typ, data];
    });
  }

  // Whether the ENABLED responses held name `capability` (they stay for response("ENABLED")).
  #enabled(capability: string): boolean {
    for (const datum of this.untagged_responses.ENABLED ?? []) {
      const text = (isPair(datum) ? datum[0] : datum).toString("latin1").toUpperCase();
      if (text.split(/\s+/).includes(capability)) return true;
    }
    return false;
  }

  /** noop does nothing; any untagged responses it brings wait in untagged_responses. */
  noop(): Promise<Response> {
    if (this.debug >= 3) this._dump_ur(this.untagged_responses);
    return this._simple_command("NOOP");
  }

  // ---- mailboxes ------------------------------------------------------------------------------

  /**
   * select selects a mailbox (EXAMINE when `readonly`) and returns [typ, [message count]].
   * Untagged responses held before are flushed; FLAGS, UIDVALIDITY and the rest are there for
   * response(). A mailbox the server opens read-only when writing was asked raises readonly.
   */
  select(mailbox = "INBOX", readonly_ = false): Promise<Response> {
    return this._run(readonly_ ? "EXAMINE" : "SELECT", async () => {
      this.untagged_responses = Object.create(null);
      this.is_readonly = readonly_;
      const [typ, dat] = await this._simple_command_unlocked(
        readonly_ ? "EXAMINE" : "SELECT",
        this._astring(mailbox),
      );
      if (typ !== "OK") {
        this.state = "AUTH";
        return [typ, dat];
      }
      this.state = "SELECTED";
      if ("READ-ONLY" in this.untagged_responses && !readonly_) {
        if (this.debug >= 1) this._dump_ur(this.untagged_responses);
        throw new readonly(`${mailbox} is not writable`);
      }
      // A copy: Python hands out the list itself, which later EXISTS responses would extend.
      return [typ, [...(this.untagged_responses.EXISTS ?? [null])]];
    });
  }

  /** close closes the selected mailbox, removing messages flagged \Deleted; the state is AUTH afterwards, whatever happens. */
  async close(): Promise<Response> {
    try {
      return await this._simple_command("CLOSE");
    } finally {
      this.state = "AUTH";
    }
  }

  /** unselect leaves the selected mailbox without expunging (RFC 3691); the state is AUTH afterwards. */
  async unselect(): Promise<Response> {
    try {
      return await this._simple_command("UNSELECT");
    } finally {
      this.state = "AUTH";
    }
  }

  /** check asks for a checkpoint of the selected mailbox. */
  check(): Promise<Response> {
    return this._simple_command("CHECK");
  }

  /** expunge removes messages flagged \Deleted: [typ, [number, ...]] of the EXPUNGE responses. */
  expunge(): Promise<Response> {
    return this._untagged_command("EXPUNGE", "EXPUNGE");
  }

  /** list lists mailboxes in `directory` matching `pattern`: [typ, [LIST response, ...]]. */
  list(directory = '""', pattern = "*"): Promise<Response> {
    return this._untagged_command("LIST", "LIST", this._astring(directory), this._astring(pattern, true));
  }

  /** lsub lists subscribed mailboxes, as list(). */
  lsub(directory = '""', pattern = "*"): Promise<Response> {
    return this._untagged_command("LSUB", "LSUB", this._astring(directory), this._astring(pattern, true));
  }

  /** status asks for a mailbox's status items, e.g. status("INBOX", "(MESSAGES UNSEEN)"). */
  status(mailbox: string, names: string): Promise<Response> {
    return this._untagged_command("STATUS", "STATUS", this._astring(mailbox), names);
  }

  create(mailbox: string): Promise<Response> {
    return this._simple_command("CREATE", this._astring(mailbox));
  }

  delete(mailbox: string): Promise<Response> {
    return this._simple_command("DELETE", this._astring(mailbox));
  }

  rename(oldmailbox: string, newmailbox: string): Promise<Response> {
    return this._simple_command("RENAME", this._astring(oldmailbox), this._astring(newmailbox));
  }

  subscribe(mailbox: string): Promise<Response> {
    return this._simple_command("SUBSCRIBE", this._astring(mailbox));
  }

  unsubscribe(mailbox: string): Promise<Response> {
    return this._simple_command("UNSUBSCRIBE", this._astring(mailbox));
  }

  /**
   * append adds `message` to `mailbox` (INBOX when empty), with `flags` and `date_time`
   * (Time2Internaldate's arguments) when given. Line endings become CRLF. The message goes as
   * a literal, at once when the server offers LITERAL+; after ENABLE UTF8=ACCEPT as RFC 6855's
   * UTF8 (~{n}) form.
   */
  append(
    mailbox: string | null,
    flags: Flags | null,
    date_time: DateTimeArg | null,
    message: Uint8Array | string,
  ): Promise<Response> {
    return this._run("APPEND", async () => {
      const box = mailbox ? mailbox : "INBOX";
      let flagArg: string | null = null;
      if (flags && flags.length > 0) {
        const text = typeof flags === "string" ? flags : flags.join(" ");
        flagArg = text.startsWith("(") && text.endsWith(")") ? text : `(${text})`;
      }
      const date = date_time ? Time2Internaldate(date_time) : null;
      const body = mapCRLF(typeof message === "string" ? Buffer.from(message, "utf8") : Buffer.from(message));
      const lit = this.utf8_enabled
        ? new LiteralArg(body, { binary: true, prefix: "UTF8 (", suffix: ")" })
        : new LiteralArg(body);
      return this._simple_command_unlocked("APPEND", this._astring(box), flagArg, date, lit);
    });
  }

  // ---- messages -------------------------------------------------------------------------------

  /**
   * fetch fetches parts of messages: fetch("1:3", "(UID FLAGS BODY.PEEK[HEADER])"). Each
   * message's data is a line, or a [prefix, literal] pair followed by the rest of its line.
   * fetch_messages() parses them; fetch_iter() streams large bodies.
   */
  fetch(message_set: MessageSet, message_parts: string): Promise<Response> {
    return this._untagged_command("FETCH", "FETCH", set(message_set), message_parts);
  }

  /** store alters flags: store("1:3", "+FLAGS", "\\Seen") -> [typ, [FETCH data]]. */
  store(message_set: MessageSet, command: string, flags: Flags): Promise<Response> {
    const text = typeof flags === "string" ? flags : flags.join(" ");
    const list = text.startsWith("(") && text.endsWith(")") ? text : `(${text})`;
    return this._untagged_command("STORE", "FETCH", set(message_set), command, list);
  }

  /** copy copies messages to the end of `new_mailbox`. */
  copy(message_set: MessageSet, new_mailbox: string): Promise<Response> {
    return this._simple_command("COPY", set(message_set), this._astring(new_mailbox));
  }

  /**
   * search returns [typ, [b"1 2 3"]]: the numbers of the messages matching the criteria, each
   * criterion sent as given (search(null, 'FROM', '"alice"')). `charset` adds CHARSET; it must
   * be null once UTF8=ACCEPT is enabled. search_messages() builds the criteria for you.
   */
  search(charset: string | null, ...criteria: Arg[]): Promise<Response> {
    // imaplib checks the charset before _simple_command checks the state.
    if (charset && this.utf8_enabled)
      return Promise.reject(new error("Non-None charset not valid in UTF8 mode"));
    return this._run("SEARCH", async () => {
      if (charset) {
        const [typ, dat] = await this._simple_command_unlocked("SEARCH", "CHARSET", charset, ...criteria);
        return this._untagged_response(typ, dat, "SEARCH");
      }
      const [typ, dat] = await this._simple_command_unlocked("SEARCH", ...criteria);
      return this._untagged_response(typ, dat, "SEARCH");
    });
  }

  /**
   * uid runs `command` (FETCH, SEARCH, STORE, COPY, MOVE, ...) with UIDs instead of message
   * numbers; returns the SEARCH, SORT or THREAD data for those, the FETCH data for the rest.
   */
  uid(command: string, ...args: Arg[]): Promise<Response> {
    const name = command.toUpperCase();
    if (!Object.hasOwn(Commands, name))
      return Promise.reject(new error(`Unknown IMAP4 UID command: ${name}`));
    return this._run(name, async () => {
      const [typ, dat] = await this._simple_command_unlocked("UID", name, ...args);
      const kind = name === "SEARCH" || name === "SORT" || name === "THREAD" ? name : "FETCH";
      return this._untagged_response(typ, dat, kind);
    });
  }

  // ---- IDLE (Python 3.14) ------------------------------------------------------------------------

  /**
   * idle enters IDLE (RFC 2177) and returns the Idler, an async iterator of the untagged
   * responses that arrive, for `duration` seconds at most (null: until you stop):
   *
   *	await using idler = await M.idle(29 * 60);
   *	for await (const [typ, data] of idler) console.log(typ, data);
   *
   * Disposing of it (or exit()) sends DONE. While it runs, any other command raises error.
   */
  async idle(duration: number | null = null): Promise<Idler> {
    const idler = new Idler(this, duration);
    await idler.enter();
    return idler;
  }

  // ---- beyond imaplib: typed FETCH, streamed bodies, built searches ------------------------------

  /**
   * fetch_messages runs FETCH (UID FETCH with `uid`) and parses every response into a
   * FetchMessage: flags, UID, sizes, dates, ENVELOPE, BODYSTRUCTURE and body sections as
   * Buffers. A NO raises error with the server's text.
   */
  async fetch_messages(
    message_set: MessageSet,
    message_parts: string,
    options: { uid?: boolean } = {},
  ): Promise<FetchMessage[]> {
    const [typ, data] = options.uid
      ? await this.uid("FETCH", set(message_set), message_parts)
      : await this.fetch(message_set, message_parts);
    if (typ !== "OK") throw this._refused(data);
    return parseFetch(data);
  }

  /**
   * fetch_iter streams one body section of each message (BODY.PEEK[] by default) as it
   * arrives, in constant memory and without the literal size bound: each yielded FetchBody is
   * an async iterator of chunks, read before the next message comes. Other commands raise
   * error until the iteration ends.
   */
  fetch_iter(
    message_set: MessageSet,
    section = "BODY.PEEK[]",
    options: FetchIterOptions = {},
  ): AsyncGenerator<FetchBody, void, undefined> {
    return fetchIter(this, set(message_set), section, options);
  }

  /**
   * search_messages builds the SEARCH from `criteria` (strings quoted, or sent as UTF-8
   * literals with CHARSET UTF-8) and returns the matching message numbers, or UIDs with `uid`.
   */
  async search_messages(criteria: SearchCriteria, options: { uid?: boolean } = {}): Promise<number[]> {
    const { charset, args } = searchCriteria(criteria, { utf8: this.utf8_enabled });
    const withCharset: Arg[] = charset ? ["CHARSET", charset, ...args] : args;
    const [typ, data] = options.uid
      ? await this.uid("SEARCH", ...withCharset)
      : await this.search(null, ...withCharset);
    if (typ !== "OK") throw this._refused(data);
    const numbers: number[] = [];
    for (const line of data)
      if (Buffer.isBuffer(line))
        for (const n of line.toString("latin1").split(" ")) if (/^\d+$/.test(n)) numbers.push(Number(n));
    return numbers;
  }

  /**
   * pipeline sends several commands in one write and returns each one's result as the method
   * of the same name would (RFC 3501 5.5): a round trip in all instead of one per command.
   *
   *	const [flags, size] = await M.pipeline([["FETCH", "1", "(FLAGS)"], ["STATUS", "INBOX", "(MESSAGES)"]]);
   *
   * Every command is checked before anything is sent. Commands that change the state (SELECT,
   * LOGIN, ...) and literals that must wait for "+" (no LITERAL+) are refused. A BAD raises
   * error once every answer has been read.
   */
  pipeline(commands: readonly PipelineCommand[]): Promise<Response[]> {
    return pipeline(this, commands);
  }

  // ---- closing ---------------------------------------------------------------------------------------

  /** [Symbol.asyncDispose] logs out unless that happened already (Python's __exit__), and closes. */
  override async [Symbol.asyncDispose](): Promise<void> {
    try {
      if (this.state !== "LOGOUT" && this._connected) await this.logout();
    } catch (err) {
      // Closing never fails for what the server did (nor hangs: an IDLE left open is ended first).
      if (!(err instanceof OSError) && !(err instanceof abort)) throw err;
    } finally {
      await this._close_transport();
    }
  }
}
