// IMAP4Core: the sending half of imaplib's engine, in Python's shape so that each command is
// a thin method over it: _command sends (literals waiting for "+" unless LITERAL+ allows
// otherwise), _command_complete waits for the tag, _simple_command is both. The session's
// state and the reading are reading.ts's.
import { OSError, pyrepr, pytuple } from "@inetlib/socket";
import { AllowedVersions, Commands, illegalState } from "./commands.js";
import { abort, error, readonly } from "./errors.js";
import { MAX_UNTAGGED_BYTES, MAX_UNTAGGED_RESPONSES } from "./limits.js";
import { IMAP4Reading, show } from "./reading.js";
import { type Data, type Datum, isPair, type Response, type TaggedResult, tagPattern } from "./response.js";
import { Int2AP } from "./time.js";
import { type Arg, astring, CRLF, decode, frame, LiteralArg, type LiteralMode } from "./wire.js";

export { _responsetimeout, type AuthLiterator, type IdleResponse } from "./reading.js";

/** __version__ is the imaplib version this module follows. */
export const __version__ = "2.58";

const EMPTY = Buffer.alloc(0);

/** IMAP4Core is imaplib's engine; the commands are in IMAP4 (imap4.ts). */
export class IMAP4Core extends IMAP4Reading {
  /** The active Idler's exit (DONE, then IDLE's completion), while one is open. */
  _idler: { exit(): Promise<void> } | null = null;
  // What the command in progress has collected: untagged responses and their bytes.
  #collected = 0;
  #collectedBytes = 0;

  /** connect opens the connection, reads the greeting and the capabilities: Python's constructor. */
  async connect(host = "", port?: number): Promise<void> {
    await this.open(host, port);
    try {
      await this._connect();
    } catch (err) {
      await this._close_transport();
      throw err;
    }
  }

  /** _connect reads the greeting (the state follows from it) and the capabilities. */
  _connect(): Promise<void> {
    return this._exclusive(async () => {
      this.tagpre = Buffer.from(
        this.options.tagpre ?? Int2AP(4096 + Math.floor(Math.random() * 61440)).toString(),
      );
      this._tagre = tagPattern(this.tagpre.toString("latin1"));
      if (this.debug >= 1) {
        this._mesg(`imaplib version ${__version__}`);
        this._mesg(`new IMAP4 connection, tag=${pyrepr(this.tagpre)}`);
      }
      this.welcome = await this._get_response_unlocked();
      if ("PREAUTH" in this.untagged_responses) this.state = "AUTH";
      else if ("OK" in this.untagged_responses) this.state = "NONAUTH";
      else throw new error(this.welcome ?? "None");
      await this._get_capabilities();
      if (this.debug >= 3) this._mesg(`CAPABILITIES: ${pyrepr(pytuple(...this.capabilities))}`);
      for (const version of AllowedVersions) {
        if (!this.capabilities.includes(version)) continue;
        this.PROTOCOL_VERSION = version;
        return;
      }
      throw new error("server not IMAP4 compliant");
    });
  }

  /** capability asks for the capabilities: [typ, [line]]. */
  capability(): Promise<Response> {
    return this.#run("CAPABILITY", () => this.#capability());
  }

  async #capability(): Promise<Response> {
    const [typ, dat] = await this._simple_command_unlocked("CAPABILITY");
    return this._untagged_response(typ, dat, "CAPABILITY");
  }

  /** _get_capabilities asks for CAPABILITY and keeps the list in `capabilities` (the caller holds the lock). */
  async _get_capabilities(): Promise<void> {
    const [, dat] = await this.#capability();
    const last = dat[dat.length - 1];
    if (last === null || last === undefined) throw new error("no CAPABILITY response from server");
    const text = decode(isPair(last) ? last[0] : last, this._arg_encoding);
    this.capabilities = text.toUpperCase().split(/\s+/).filter(Boolean);
  }

  /**
   * recent returns the RECENT responses received, else asks the server with NOOP:
   * [typ, [count, ...]] with the most recent last, [typ, [null]] when none.
   */
  recent(): Promise<Response> {
    const [typ, dat] = this._untagged_response("OK", [null], "RECENT");
    if (dat[dat.length - 1]) return Promise.resolve([typ, dat]);
    return this._run("NOOP", async () => {
      const [t2, d2] = await this._simple_command_unlocked("NOOP");
      return this._untagged_response(t2, d2, "RECENT");
    });
  }

  // ---- imaplib's private methods ------------------------------------------------------------

  /**
   * _command sends a command with its arguments (and `literal`, if set) and returns its tag.
   * Every argument is checked and encoded before a byte is sent. Literals wait for the
   * server's "+" unless LITERAL+ (or LITERAL-, for small ones) lets them go at once; a NO or
   * BAD instead of "+" ends the command there.
   */
  _command(name: string, ...args: Arg[]): Promise<string> {
    return this.#run(name, () => this.#command(name, args));
  }

  /** _command_unlocked is _command() for a caller that holds the lock. */
  _command_unlocked(name: string, ...args: Arg[]): Promise<string> {
    return this.#command(name, args);
  }

  async #command(name: string, args: Arg[]): Promise<string> {
    if (!(Commands[name] ?? []).includes(this.state)) {
      this.literal = null;
      throw new error(illegalState(name, this.state));
    }
    const literal = this.literal;
    this.literal = null;
    const tag = `${this.tagpre.toString("latin1")}${this.tagnum}`;
    const all = Buffer.isBuffer(literal) ? [...args, new LiteralArg(literal)] : args;
    const chunks = frame(tag, name, all, this._arg_encoding, this.#literalMode());
    for (const typ of ["OK", "NO", "BAD"]) delete this.untagged_responses[typ];
    if ("READ-ONLY" in this.untagged_responses && !this.is_readonly)
      throw new readonly("mailbox status changed to READ-ONLY");
    this.#collected = 0;
    this.#collectedBytes = 0;
    this._new_tag();
    let out: Buffer[] = [];
    for (const chunk of chunks) {
      if ("text" in chunk) {
        out.push(chunk.text);
        if (chunk.text.length > 0) this._trace_line("> ", chunk.text);
        continue;
      }
      out.push(CRLF);
      if (chunk.sync) {
        await this.#send(Buffer.concat(out));
        out = [];
        if (await this.#awaitContinuation(tag)) return tag;
      }
      if (this.debug >= 4) this._mesg(`write literal size ${chunk.literal.length}`);
      out.push(chunk.literal, chunk.suffix);
    }
    out.push(CRLF);
    await this.#send(Buffer.concat(out));
    if (typeof literal === "function") {
      for (;;) {
        if (await this.#awaitContinuation(tag)) return tag;
        const data = await literal(this.continuation_response);
        if (this.debug >= 4) this._mesg(`write literal size ${data.length}`);
        await this.#send(Buffer.concat([data, CRLF]));
      }
    }
    return tag;
  }

  /**
   * _frame_pipelined checks and frames commands to go out together (RFC 3501 5.5): each must
   * be valid in the current state and carry no literal that would wait for "+". Nothing is
   * registered or sent; returns [name, tag, bytes] for each, tags following tagnum.
   */
  _frame_pipelined(commands: ReadonlyArray<[name: string, args: Arg[]]>): Array<[string, string, Buffer]> {
    let n = this.tagnum;
    return commands.map(([name, args]) => {
      if (!(Commands[name] ?? []).includes(this.state)) throw new error(illegalState(name, this.state));
      const tag = `${this.tagpre.toString("latin1")}${n++}`;
      const chunks = frame(tag, name, args, this._arg_encoding, this.#literalMode());
      const parts: Buffer[] = [];
      for (const chunk of chunks) {
        if ("text" in chunk) parts.push(chunk.text);
        else if (chunk.sync)
          throw new error(`${name} has a literal that must wait for the server: it cannot be pipelined`);
        else parts.push(CRLF, chunk.literal, chunk.suffix);
      }
      parts.push(CRLF);
      return [name, tag, Buffer.concat(parts)];
    });
  }

  /** _send_pipelined registers the framed commands' tags and sends them in one write. */
  async _send_pipelined(framed: Array<[string, string, Buffer]>): Promise<void> {
    for (const typ of ["OK", "NO", "BAD"]) delete this.untagged_responses[typ];
    if ("READ-ONLY" in this.untagged_responses && !this.is_readonly)
      throw new readonly("mailbox status changed to READ-ONLY");
    this.#collected = 0;
    this.#collectedBytes = 0;
    for (const [, tag, bytes] of framed) {
      if (this._new_tag() !== tag) throw new error("tags out of step: pipeline framed under another command");
      this._trace_line("> ", bytes.subarray(0, bytes.indexOf(CRLF)));
    }
    await this.#send(Buffer.concat(framed.map(([, , bytes]) => bytes)));
  }

  /** _command_complete waits for the tag's completion; BAD raises error, BYE raises abort. */
  _command_complete(name: string, tag: string): Promise<TaggedResult> {
    return this._exclusive(() => this._command_complete_unlocked(name, tag));
  }

  /** _command_complete_unlocked is _command_complete() for a caller that holds the lock. */
  async _command_complete_unlocked(name: string, tag: string): Promise<TaggedResult> {
    const logout = name === "LOGOUT";
    if (!logout) this._check_bye();
    let result: TaggedResult;
    try {
      result = await this._get_tagged_response_unlocked(tag, logout);
    } catch (err) {
      if (err instanceof abort) throw new abort(`command: ${name} => ${err.message}`, { cause: err });
      if (err instanceof error) throw new error(`command: ${name} => ${err.message}`, { cause: err });
      throw err;
    }
    if (!logout) this._check_bye();
    const [typ, data] = result;
    if (typ === "BAD") throw new error(`${name} command error: ${typ} ${pyrepr(data.map(show))}`);
    return result;
  }

  /**
   * _append_untagged keeps an untagged response, within the bounds of what one command may
   * collect (maxUntaggedResponses, maxUntaggedBytes): past them the connection is closed and
   * abort raised, since a server that floods has to be cut off to be stopped.
   */
  override _append_untagged(typ: string, dat: Datum | null): void {
    const bytes = dat === null ? 0 : isPair(dat) ? dat[0].length + dat[1].length : dat.length;
    this.#collected += 1;
    if (!this._idle_capture) this.#collectedBytes += bytes;
    const maxCount = this.options.maxUntaggedResponses ?? MAX_UNTAGGED_RESPONSES;
    const maxBytes = this.options.maxUntaggedBytes ?? MAX_UNTAGGED_BYTES;
    // While idling, what waits to be iterated over is what is held.
    const held = this._idle_capture ? this._idle_responses.length + 1 : this.#collected;
    if (held > maxCount || this.#collectedBytes > maxBytes) {
      void this._close_transport();
      throw new abort(
        held > maxCount
          ? `too many untagged responses: more than ${maxCount} for one command`
          : `untagged responses too large: more than ${maxBytes} bytes for one command`,
      );
    }
    super._append_untagged(typ, dat);
  }

  _new_tag(): string {
    const tag = `${this.tagpre.toString("latin1")}${this.tagnum}`;
    this.tagnum += 1;
    this.tagged_commands.set(tag, null);
    return tag;
  }

  /** _simple_command sends a command and waits for its completion: [typ, [text]]. */
  _simple_command(name: string, ...args: Arg[]): Promise<TaggedResult> {
    return this.#run(name, () => this._simple_command_unlocked(name, ...args));
  }

  /** _simple_command_unlocked is _simple_command() for a caller that holds the lock (inside _run()). */
  async _simple_command_unlocked(name: string, ...args: Arg[]): Promise<TaggedResult> {
    return this._command_complete_unlocked(name, await this.#command(name, args));
  }

  // ---- helpers for the command files ----------------------------------------------------------

  /**
   * #run fails at once when `name` is not valid in the current state (an Idler is active, say),
   * rather than waiting for the connection; then runs `fn` under the lock.
   */
  #run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const states = Commands[name];
    if (states && !states.includes(this.state)) {
      this.literal = null;
      return Promise.reject(new error(illegalState(name, this.state)));
    }
    return this._exclusive(fn);
  }

  /** _untagged_command runs `command` and returns its untagged `name` responses, as most of imaplib's methods do. */
  _untagged_command(command: string, name: string, ...args: Arg[]): Promise<Response> {
    return this._run(command, async () => {
      const [typ, dat] = await this._simple_command_unlocked(command, ...args);
      return this._untagged_response(typ, dat, name);
    });
  }

  /** _astring is `value` fit to be a mailbox name or other astring (quoted when it must be). */
  _astring(value: string, wildcards = false): Arg {
    return astring(value, { utf8: this.utf8_enabled, wildcards });
  }

  /** _refused is the error for a NO to one of inetlib's typed helpers: the server's text, decoded. */
  _refused(data: Data): error {
    const last = data[data.length - 1];
    const text = last ? (isPair(last) ? last[0] : last) : EMPTY;
    return new error(decode(text, "utf8", "replace"));
  }

  /** _check_state raises error when `name` is not valid in the current state. */
  _check_state(name: string): void {
    const states = Commands[name];
    if (states && !states.includes(this.state)) throw new error(illegalState(name, this.state));
  }

  /** _run is #run for the command files: the state check first, then `fn` under the lock. */
  _run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.#run(name, fn);
  }

  #literalMode(): LiteralMode {
    if (this.options.literalPlus === false) return "sync";
    if (this.capabilities.includes("LITERAL+")) return "literal+";
    if (this.capabilities.includes("LITERAL-")) return "literal-";
    return "sync";
  }

  // Reads responses until a continuation; true when the command completed instead (NO/BAD).
  async #awaitContinuation(tag: string): Promise<boolean> {
    while ((await this._get_response_unlocked()) !== null) if (this.tagged_commands.get(tag)) return true;
    return false;
  }

  async #send(data: Buffer): Promise<void> {
    try {
      await this._send_hook(data);
    } catch (err) {
      if (err instanceof OSError) throw new abort(`socket error: ${err.message}`, { cause: err });
      throw err;
    }
  }
}
