// IMAP4Reading: imaplib's session state and the reading half of its engine. _get_response
// reads one response into untagged_responses (literals within maxLiteralSize) or
// tagged_commands; _get_tagged_response waits for a tag; _untagged_response hands a command
// its data. Sending is core.ts's.
import { PyTuple, pyrepr, TimeoutError } from "@inetlib/socket";
import type { State } from "./commands.js";
import { abort } from "./errors.js";
import {
  Continuation,
  type Data,
  type Datum,
  isPair,
  Literal,
  match,
  type Response,
  Response_code,
  type TaggedResult,
  tagPattern,
  Untagged_response,
  Untagged_status,
} from "./response.js";
import { type IMAP4Options, IMAP4Transport, type TraceDirection, traceLine } from "./transport.js";
import { decode } from "./wire.js";

/** AuthLiterator answers a continuation during a command (imaplib's literator: AUTHENTICATE's). */
export type AuthLiterator = (continuation: Buffer | null) => Promise<Buffer> | Buffer;

/** IdleResponse is one untagged response delivered by an Idler: [typ, data]. */
export type IdleResponse = [typ: string, data: Datum[]];

/** _responsetimeout is raised by _get_response when no response starts within its timeout (3.14). */
export class _responsetimeout extends TimeoutError {
  override name = "_responsetimeout";
}

const EMPTY = Buffer.alloc(0);
const SPACE = Buffer.from(" ");

/** IMAP4Reading holds the session's state and reads responses; use IMAP4. */
export class IMAP4Reading extends IMAP4Transport {
  /** The session's state. */
  state: State = "LOGOUT";
  /** A literal argument for the next command (imaplib's; append() and authenticate() set it). */
  literal: Buffer | AuthLiterator | null = null;
  /** Tagged commands awaiting their completion: tag -> [typ, [text]] once it came. */
  readonly tagged_commands = new Map<string, TaggedResult | null>();
  /** Untagged responses received and not yet taken by a command, by type: {typ: [data, ...]}. */
  untagged_responses: Record<string, Datum[]> = Object.create(null);
  /** The text of the last continuation response ("+ text"), null when it had none. */
  continuation_response: Buffer | null = EMPTY;
  /** Whether the selected mailbox was asked for read-only (EXAMINE). */
  is_readonly = false;
  tagnum = 0;
  /** The tag prefix, letters A-P. */
  tagpre: Buffer = EMPTY;
  _tls_established = false;
  /** True once ENABLE UTF8=ACCEPT succeeded: commands and quoted strings are UTF-8. */
  utf8_enabled = false;
  /** How command text is encoded: "ascii", or "utf-8" after ENABLE UTF8=ACCEPT. */
  _encoding: "ascii" | "utf-8" = "ascii";
  /** The server's greeting line. */
  welcome: Buffer | null = null;
  /** The server's capabilities, upper-cased (Python's tuple). */
  capabilities: string[] = [];
  /** "IMAP4REV1" or "IMAP4". */
  PROTOCOL_VERSION = "";
  /** While an Idler runs: untagged responses go to _idle_responses instead (3.14). */
  _idle_capture = false;
  _idle_responses: IdleResponse[] = [];
  /** _tagre matches completions of this session's tags (set when connecting). */
  protected _tagre: RegExp = tagPattern("");

  constructor(options: IMAP4Options = {}) {
    super(options);
    this._mode_ascii();
  }

  _mode_ascii(): void {
    this.utf8_enabled = false;
    this._encoding = "ascii";
  }

  _mode_utf8(): void {
    this.utf8_enabled = true;
    this._encoding = "utf-8";
  }

  /** _arg_encoding is how command text is encoded now. */
  get _arg_encoding(): "ascii" | "utf8" {
    return this._encoding === "utf-8" ? "utf8" : "ascii";
  }

  /** response returns (and forgets) the data of untagged response `code`: [code, data], or [code, [null]]. */
  response(code: string): Response {
    return this._untagged_response(code, [null], code.toUpperCase());
  }

  _append_untagged(typ: string, dat: Datum | null): void {
    const datum = dat ?? EMPTY;
    if (this._idle_capture) {
      // A response with literals arrives a fragment at a time; others in a single call.
      const last = this._idle_responses[this._idle_responses.length - 1];
      if (!last || !isPair(last[1][last[1].length - 1])) this._idle_responses.push([typ, [datum]]);
      else last[1].push(datum);
      if (this.debug >= 5) this._mesg(`idle: queue untagged ${typ} ${pyrepr(show(datum))}`);
      return;
    }
    const ur = this.untagged_responses;
    if (this.debug >= 5)
      this._mesg(`untagged_responses[${typ}] ${ur[typ]?.length ?? 0} += ["${pyrepr(show(datum))}"]`);
    if (typ in ur) ur[typ]!.push(datum);
    else ur[typ] = [datum];
  }

  _check_bye(): void {
    const bye = this.untagged_responses.BYE;
    if (bye && bye.length > 0) {
      const last = bye[bye.length - 1]!;
      throw new abort(decode(isPair(last) ? last[0] : last, this._arg_encoding, "replace"));
    }
  }

  /**
   * _get_response reads one response: a completion goes to tagged_commands, an untagged
   * response (with its literals, each within maxLiteralSize) to untagged_responses. Returns the
   * first line, or null for a continuation. With `start_timeout` (seconds, or null for none),
   * only that long is waited for the response to start (_responsetimeout), as Python 3.14.
   */
  _get_response(start_timeout: number | null | false = false): Promise<Buffer | null> {
    return this._exclusive(() => this._get_response_unlocked(start_timeout));
  }

  /** _get_response_unlocked is _get_response() for a caller that holds the lock. */
  async _get_response_unlocked(start_timeout: number | null | false = false): Promise<Buffer | null> {
    const resp =
      start_timeout === false ? await this._get_line_unlocked() : await this.#firstLine(start_timeout);
    return this._process_response_unlocked(resp);
  }

  /** _process_response is _get_response's work on a first line already read. */
  _process_response(resp: Buffer): Promise<Buffer | null> {
    return this._exclusive(() => this._process_response_unlocked(resp));
  }

  /** _process_response_unlocked is _process_response() for a caller that holds the lock. */
  async _process_response_unlocked(resp: Buffer): Promise<Buffer | null> {
    let typ: string;
    let dat: Buffer;
    const tagged = match(this._tagre, resp);
    if (tagged) {
      const tag = tagged.groups[0]!.toString("latin1");
      if (!this.tagged_commands.has(tag)) throw new abort(`unexpected tagged response: ${pyrepr(resp)}`);
      typ = tagged.groups[1]!.toString("latin1");
      dat = tagged.groups[2]!;
      this.tagged_commands.set(tag, [typ, [dat]]);
    } else {
      let dat2: Buffer | undefined;
      let m = match(Untagged_response, resp);
      let status = false;
      if (!m) {
        m = match(Untagged_status, resp);
        status = m !== null;
      }
      if (!m) {
        const c = match(Continuation, resp);
        if (c) {
          this.continuation_response = c.groups[0] ?? null;
          return null;
        }
        throw new abort(`unexpected response: ${pyrepr(resp)}`);
      }
      if (status) {
        typ = m.groups[1]!.toString("latin1");
        dat = m.groups[0]!;
        dat2 = m.groups[2];
      } else {
        typ = m.groups[0]!.toString("latin1");
        dat = m.groups[1] ?? EMPTY;
      }
      if (dat2 && dat2.length > 0) dat = Buffer.concat([dat, SPACE, dat2]);
      for (let lit = match(Literal, dat); lit; lit = match(Literal, dat)) {
        const size = Number(lit.groups[0]!.toString("latin1"));
        if (this.debug >= 4) this._mesg(`read literal size ${size}`);
        // A literal already received (nearly every one) is taken without a promise.
        const data = this._read_literal_now(size) ?? (await this._read_literal(size));
        this._append_untagged(typ, [dat, data]);
        // The line after a literal is usually in the same segment: taken without a promise.
        dat = this._get_line_now() ?? (await this._get_line_unlocked());
      }
      this._append_untagged(typ, dat);
    }
    if (typ === "OK" || typ === "NO" || typ === "BAD") {
      const code = match(Response_code, dat);
      if (code) {
        typ = code.groups[0]!.toString("latin1");
        this._append_untagged(typ, code.groups[1] ?? null);
      }
    }
    if (this.debug >= 1 && (typ === "NO" || typ === "BAD" || typ === "BYE"))
      this._mesg(`${typ} response: ${pyrepr(dat)}`);
    return resp;
  }

  /**
   * _read_literal reads a literal the server announced, within maxLiteralSize: a larger one
   * raises abort and closes the connection before a byte of it is read (it cannot be skipped
   * without reading it, and its announced size is never allocated).
   */
  _read_literal(size: number): Promise<Buffer> {
    // Not an async function: the read's own promise is returned, not one more around it.
    if (!Number.isSafeInteger(size) || size > this.maxLiteralSize) return this.#refuseLiteral(size);
    return this._read_hook(size);
  }

  /**
   * _read_literal_now is _read_literal() without waiting: the literal when it was already
   * received (see _read_now), null when it must be awaited with _read_literal() (which also
   * refuses one over maxLiteralSize, or is a subclass's own).
   */
  _read_literal_now(size: number): Buffer | null {
    if (this._read_literal !== ownReadLiteral || !Number.isSafeInteger(size) || size > this.maxLiteralSize)
      return null;
    return this._read_now(size);
  }

  async #refuseLiteral(size: number): Promise<never> {
    await this._close_transport();
    throw new abort(`literal too large: ${size} bytes announced, the limit is ${this.maxLiteralSize}`);
  }

  _get_tagged_response(tag: string, expect_bye = false): Promise<TaggedResult> {
    return this._exclusive(() => this._get_tagged_response_unlocked(tag, expect_bye));
  }

  /** _get_tagged_response_unlocked is _get_tagged_response() for a caller that holds the lock. */
  async _get_tagged_response_unlocked(tag: string, expect_bye = false): Promise<TaggedResult> {
    for (;;) {
      const result = this.tagged_commands.get(tag);
      if (result) {
        this.tagged_commands.delete(tag);
        return result;
      }
      if (expect_bye) {
        const bye = this.untagged_responses.BYE;
        if (bye !== undefined) {
          delete this.untagged_responses.BYE;
          return ["BYE", bye];
        }
      }
      this._check_bye();
      try {
        // A response whose first line was already received skips _get_response's promise
        // (unless a subclass has its own _get_response_unlocked, which is then called).
        const line = this._get_response_unlocked === ownGetResponse ? this._get_line_now() : null;
        await (line !== null ? this._process_response_unlocked(line) : this._get_response_unlocked());
      } catch (err) {
        if (err instanceof abort && this.debug >= 1) this.print_log();
        throw err;
      }
    }
  }

  /** _get_line reads a line and strips its CRLF; end of stream or a bare LF raise abort. */
  _get_line(): Promise<Buffer> {
    return this._exclusive(() => this._get_line_unlocked());
  }

  /** _get_line_unlocked is _get_line() for a caller that holds the lock. */
  async _get_line_unlocked(): Promise<Buffer> {
    return this.#checkLine(this._readline_now() ?? (await this._readline_hook()));
  }

  /**
   * _get_line_now is _get_line_unlocked() without waiting: the line when it was already
   * received (see _readline_now), null when it must be awaited (or when a subclass has its own
   * _get_line_unlocked, which is then to be called). It throws as _get_line does.
   */
  _get_line_now(): Buffer | null {
    if (this._get_line_unlocked !== ownGetLine) return null;
    const line = this._readline_now();
    return line === null ? null : this.#checkLine(line);
  }

  #checkLine(line: Buffer): Buffer {
    if (line.length === 0) throw new abort("socket error: EOF");
    if (line.length < 2 || line[line.length - 2] !== 13 || line[line.length - 1] !== 10)
      throw new abort(`socket error: unterminated line: ${pyrepr(line)}`);
    const stripped = line.subarray(0, line.length - 2);
    this._trace_line("< ", stripped);
    return stripped;
  }

  /** _untagged_response takes the data of untagged response `name` for a command that ended with `typ`. */
  _untagged_response(typ: string, dat: Data, name: string): Response {
    if (typ === "NO") return [typ, dat];
    if (!(name in this.untagged_responses)) return [typ, [null]];
    const data = this.untagged_responses[name]!;
    delete this.untagged_responses[name];
    if (this.debug >= 5) this._mesg(`untagged_responses[${name}] => ${pyrepr(data.map(show))}`);
    return [typ, data];
  }

  /** _dump_ur prints the untagged responses held, as imaplib's debug output does. */
  _dump_ur(untagged_resp_dict: Record<string, Datum[]>): void {
    const items = Object.entries(untagged_resp_dict).map(
      ([key, value]) => `${key}: ${pyrepr(value.map(show))}`,
    );
    if (items.length === 0) return;
    this._mesg(`untagged responses dump:${items.join("\n\t\t")}`);
  }

  async #firstLine(timeout: number | null): Promise<Buffer> {
    const saved = this._gettimeout();
    this._settimeout(timeout);
    try {
      return await this._get_line_unlocked();
    } catch (err) {
      if (err instanceof TimeoutError) throw new _responsetimeout("timed out", { cause: err });
      throw err;
    } finally {
      if (this._connected) this._settimeout(saved);
    }
  }

  // imaplib prints '> %r' / '< %r' at level 4 and logs them below; credentials are masked here.
  /** _trace_line prints or logs a line sent ("> ") or received ("< "), credentials masked. */
  _trace_line(dir: TraceDirection, line: Buffer): void {
    if (this.debug >= 4) this._mesg(traceLine(dir, line));
    else this._log_line(dir, line);
  }
}

/** show is a datum as Python prints it: literal pairs as tuples. */
export function show(datum: Datum | null): Buffer | PyTuple | null {
  return isPair(datum) ? new PyTuple(datum) : datum;
}

const ownGetResponse = IMAP4Reading.prototype._get_response_unlocked;
const ownGetLine = IMAP4Reading.prototype._get_line_unlocked;
const ownReadLiteral = IMAP4Reading.prototype._read_literal;
