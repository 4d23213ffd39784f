// IMAPSession: one client's state machine (RFC 3501 3): NONAUTH, AUTH, SELECTED, LOGOUT. The
// logins are in auth.ts, mailbox selection and listing in mailboxes.ts, the commands on
// messages in messages.ts; the server (server.ts) feeds it commands.
import { authenticate, login } from "./auth.js";
import { list, select, subscribe } from "./mailboxes.js";
import { type MessageContext, Commands as messageCommands } from "./messages.js";
import {
  type CommandView,
  type IMAPServerOptions,
  type ImapState,
  type Reply,
  type SessionView,
  saslMechanisms,
} from "./options.js";
import type { Mailbox, Mailstore } from "./store.js";
import { atom, CommandSyntaxError, quoted, text } from "./syntax.js";

/** SessionIO is how a session talks to its connection. */
export interface SessionIO {
  /** Sends bytes (a string is latin1: one character per byte). */
  write(data: string | Buffer): Promise<void>;
  /** The client's next line without CRLF, or null at end of stream. */
  readLine(): Promise<Buffer | null>;
  /** Runs the TLS handshake (after the OK went out). */
  startTLS(): Promise<void>;
  /** Continues the connection compressed both ways (COMPRESS=DEFLATE, after the OK went out). */
  startCompress?(): Promise<void>;
}

const ASTRING = /^[\x21\x23\x24\x26\x27\x2b-\x5b\x5d-\x7a\x7c-\x7e]+$/;

/** mailboxName writes a mailbox name as an atom when it can be one, else quoted. */
export function mailboxName(name: string): string {
  return ASTRING.test(name) ? name : quoted(name);
}

/** IMAPSession handles the commands of one connection. */
export class IMAPSession implements SessionView, MessageContext {
  state: ImapState = "NONAUTH";
  user: string | null = null;
  tls: boolean;
  /** COMPRESS=DEFLATE is on. */
  compressed = false;
  selected: Mailbox | null = null;
  readOnly = false;
  /** The UIDs the client knows, in sequence-number order. */
  view: number[] = [];
  utf8 = false;
  readonly store: Mailstore;
  readonly options: IMAPServerOptions;
  readonly io: SessionIO;
  #idling = false;
  #unwatch: () => void;
  #writes: Promise<void> = Promise.resolve();

  constructor(store: Mailstore, options: IMAPServerOptions, io: SessionIO, tls: boolean) {
    this.store = store;
    this.options = options;
    this.io = io;
    this.tls = tls;
    if (options.preauth) {
      this.user = options.preauth;
      this.state = "AUTH";
    }
    this.#unwatch = store.watch((user, mailbox) => {
      if (this.#idling && user === this.user && this.selected?.name === mailbox)
        void this.send(this.sync(true));
    });
  }

  get mailbox(): string | null {
    return this.selected?.name ?? null;
  }

  /** greeting is the first line, CRLF included. */
  greeting(): string {
    if (this.options.greeting !== undefined) return `${this.options.greeting}\r\n`;
    if (this.options.preauth)
      return `* PREAUTH [CAPABILITY ${this.capabilities().join(" ")}] Logged in as ${this.options.preauth}\r\n`;
    return `* OK [CAPABILITY ${this.capabilities().join(" ")}] inetlib IMAP server ready\r\n`;
  }

  /** capabilities are what CAPABILITY lists now (STARTTLS and LOGINDISABLED only before TLS). */
  capabilities(): string[] {
    const o = this.options;
    const caps = ["IMAP4rev1"];
    const lp = o.literalPlus ?? "LITERAL+";
    if (lp) caps.push(lp);
    if (o.saslIR ?? true) caps.push("SASL-IR");
    caps.push("ENABLE");
    if (o.idle ?? true) caps.push("IDLE");
    if (o.compress) caps.push("COMPRESS=DEFLATE");
    caps.push("NAMESPACE", "UNSELECT", "UIDPLUS", "MOVE", "CHILDREN", "SPECIAL-USE");
    if (o.utf8Accept) caps.push("UTF8=ACCEPT");
    if (this.state === "NONAUTH") {
      if (o.tls && (o.starttls ?? true) && !this.tls) caps.push("STARTTLS");
      if (o.loginRequiresTLS && !this.tls) caps.push("LOGINDISABLED");
      else for (const m of saslMechanisms(o)) caps.push(`AUTH=${m}`);
    }
    return [...caps, ...(o.capabilities ?? [])];
  }

  /** send writes in order, also from store events while the client idles. */
  send(data: string | Buffer): Promise<void> {
    if (data.length === 0) return this.#writes;
    this.#writes = this.#writes.then(() => this.io.write(data));
    return this.#writes;
  }

  /** handle answers one command; "close" ends the connection. */
  async handle(cmd: CommandView): Promise<"close" | undefined> {
    const scripted = this.options.respond?.(cmd, this);
    if (scripted !== undefined) {
      await this.#play(scripted);
      return undefined;
    }
    const { tag, name } = cmd;
    try {
      const allowed = STATES[name] ?? (messageCommands[name] ? ["SELECTED"] : null);
      if (!allowed) return void (await this.send(`${tag} BAD Unknown command ${name}\r\n`));
      if (!allowed.includes(this.state))
        return void (await this.send(`${tag} BAD Command ${name} not allowed in state ${this.state}\r\n`));
      const own = this.#commands[name];
      if (own) return await own.call(this, cmd);
      await this.send(await messageCommands[name]!(this, cmd, false));
    } catch (err) {
      if (!(err instanceof CommandSyntaxError)) throw err;
      await this.send(`${tag} BAD Error in IMAP command ${name}: ${err.message}\r\n`);
    }
    return undefined;
  }

  /** sync reports what changed in the selected mailbox: EXPUNGEs (when allowed) and EXISTS. */
  sync(expunges: boolean): string {
    const box = this.selected;
    if (!box) return "";
    let out = "";
    const uids = new Set(box.messages.map((m) => m.uid));
    if (expunges)
      for (let i = this.view.length - 1; i >= 0; i--)
        if (!uids.has(this.view[i]!)) {
          out += `* ${i + 1} EXPUNGE\r\n`;
          this.view.splice(i, 1);
        }
    const known = new Set(this.view);
    const before = this.view.length;
    for (const m of box.messages) if (!known.has(m.uid)) this.view.push(m.uid);
    if (this.view.length !== before) out += `* ${this.view.length} EXISTS\r\n`;
    return out;
  }

  /** dispose stops watching the store. */
  dispose(): void {
    this.#unwatch();
  }

  async #play(reply: Reply): Promise<void> {
    for (let r: Reply | undefined = reply; r !== undefined; ) {
      if (typeof r === "string" || Buffer.isBuffer(r)) return void (await this.send(r));
      await this.send(r.send);
      const line = await this.io.readLine();
      if (line === null) return;
      r = r.next(line);
    }
  }

  readonly #commands: Record<string, (this: IMAPSession, cmd: CommandView) => Promise<"close" | undefined>> =
    {
      async CAPABILITY({ tag }) {
        await this.send(
          `* CAPABILITY ${this.capabilities().join(" ")}\r\n${tag} OK CAPABILITY completed\r\n`,
        );
        return undefined;
      },
      async NOOP({ tag }) {
        await this.send(`${this.sync(true)}${tag} OK NOOP completed\r\n`);
        return undefined;
      },
      async LOGOUT({ tag }) {
        this.state = "LOGOUT";
        await this.send(`* BYE inetlib IMAP server logging out\r\n${tag} OK LOGOUT completed\r\n`);
        return "close";
      },
      async STARTTLS({ tag }) {
        if (!this.options.tls || !(this.options.starttls ?? true) || this.tls)
          return void (await this.send(`${tag} BAD STARTTLS not available\r\n`));
        const injection = this.options.starttlsInjection ?? "";
        await this.send(
          Buffer.concat([Buffer.from(`${tag} OK Begin TLS negotiation now\r\n`), Buffer.from(injection)]),
        );
        await this.#writes;
        await this.io.startTLS();
        this.tls = true;
        return undefined;
      },
      async COMPRESS({ tag, args }) {
        if (
          !this.options.compress ||
          !this.io.startCompress ||
          args[0] === undefined ||
          atom(args[0]) !== "DEFLATE"
        )
          return void (await this.send(`${tag} BAD COMPRESS not available\r\n`));
        if (this.compressed)
          return void (await this.send(`${tag} NO [COMPRESSIONACTIVE] DEFLATE active already\r\n`));
        await this.send(`${tag} OK DEFLATE active\r\n`);
        await this.#writes;
        await this.io.startCompress();
        this.compressed = true;
        return undefined;
      },
      async LOGIN({ tag, args }) {
        if (this.options.loginRequiresTLS && !this.tls)
          return void (await this.send(
            `${tag} NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure connections.\r\n`,
          ));
        await login(this, tag, text(args[0]), text(args[1]));
        return undefined;
      },
      async AUTHENTICATE({ tag, args }) {
        await authenticate(this, tag, atom(args[0]), args[1] === undefined ? null : text(args[1]));
        return undefined;
      },
      async ENABLE({ tag, args }) {
        const enabled = args
          .map((a) => text(a).toUpperCase())
          .filter((c) => c === "UTF8=ACCEPT" && this.options.utf8Accept);
        if (enabled.length > 0) this.utf8 = true;
        await this.send(
          `${enabled.length > 0 ? `* ENABLED ${enabled.join(" ")}\r\n` : ""}${tag} OK ENABLE completed\r\n`,
        );
        return undefined;
      },
      async NAMESPACE({ tag }) {
        await this.send(`* NAMESPACE (("" "/")) NIL NIL\r\n${tag} OK NAMESPACE completed\r\n`);
        return undefined;
      },
      async SELECT(cmd) {
        return select(this, cmd, false);
      },
      async EXAMINE(cmd) {
        return select(this, cmd, true);
      },
      async CREATE({ tag, args }) {
        const ok = this.store.create(this.user!, text(args[0]));
        await this.send(
          ok ? `${tag} OK CREATE completed\r\n` : `${tag} NO [ALREADYEXISTS] Mailbox already exists\r\n`,
        );
        return undefined;
      },
      async DELETE({ tag, args }) {
        const name = text(args[0]);
        if (this.selected?.name === name) return void (await this.send(`${tag} NO Mailbox is selected\r\n`));
        const ok = this.store.delete(this.user!, name);
        await this.send(
          ok
            ? `${tag} OK DELETE completed\r\n`
            : `${tag} NO [NONEXISTENT] Mailbox doesn't exist: ${name}\r\n`,
        );
        return undefined;
      },
      async RENAME({ tag, args }) {
        const ok = this.store.rename(this.user!, text(args[0]), text(args[1]));
        await this.send(ok ? `${tag} OK RENAME completed\r\n` : `${tag} NO RENAME failed\r\n`);
        return undefined;
      },
      async SUBSCRIBE(cmd) {
        return subscribe(this, cmd, true);
      },
      async UNSUBSCRIBE(cmd) {
        return subscribe(this, cmd, false);
      },
      async LIST(cmd) {
        return list(this, cmd, false);
      },
      async LSUB(cmd) {
        return list(this, cmd, true);
      },
      async STATUS({ tag, args }) {
        const box = this.store.mailbox(this.user!, text(args[0]));
        if (!box)
          return void (await this.send(
            `${tag} NO [NONEXISTENT] Mailbox doesn't exist: ${text(args[0])}\r\n`,
          ));
        const items = (Array.isArray(args[1]) ? args[1] : [args[1]]).map((a) => text(a).toUpperCase());
        const values: Record<string, number> = {
          MESSAGES: box.messages.length,
          RECENT: 0,
          UIDNEXT: box.uidnext,
          UIDVALIDITY: box.uidvalidity,
          UNSEEN: box.messages.filter((m) => !m.flags.has("\\Seen")).length,
        };
        const parts = items.map((i) => {
          if (!(i in values)) throw new CommandSyntaxError(`unknown status item ${i}`);
          return `${i} ${values[i]}`;
        });
        await this.send(
          `* STATUS ${mailboxName(box.name)} (${parts.join(" ")})\r\n${tag} OK STATUS completed\r\n`,
        );
        return undefined;
      },
      async IDLE({ tag }) {
        if (!(this.options.idle ?? true))
          return void (await this.send(`${tag} BAD Unknown command IDLE\r\n`));
        this.#idling = true;
        await this.send(`+ idling\r\n${this.sync(true)}`);
        const line = await this.io.readLine();
        this.#idling = false;
        if (line === null) return "close";
        const done = line.toString("latin1").toUpperCase() === "DONE";
        await this.send(done ? `${tag} OK IDLE terminated\r\n` : `${tag} BAD Expected DONE\r\n`);
        return undefined;
      },
      async CHECK({ tag }) {
        await this.send(`${this.sync(true)}${tag} OK CHECK completed\r\n`);
        return undefined;
      },
      async CLOSE({ tag }) {
        if (!this.readOnly) this.#expungeSilently();
        this.leave();
        await this.send(`${tag} OK CLOSE completed\r\n`);
        return undefined;
      },
      async UNSELECT({ tag }) {
        this.leave();
        await this.send(`${tag} OK UNSELECT completed\r\n`);
        return undefined;
      },
    };

  #expungeSilently(): void {
    const box = this.selected;
    if (!box) return;
    const keep = box.messages.filter((m) => !m.flags.has("\\Deleted"));
    if (keep.length === box.messages.length) return;
    box.messages.splice(0, box.messages.length, ...keep);
    this.store.changed(this.user!, box.name);
  }

  /** leave forgets the selected mailbox (CLOSE, UNSELECT, a new SELECT). */
  leave(): void {
    this.selected = null;
    this.view = [];
    this.readOnly = false;
    if (this.state === "SELECTED") this.state = "AUTH";
  }
}

// The states each of the session's own commands is allowed in.
const ANY: ImapState[] = ["NONAUTH", "AUTH", "SELECTED", "LOGOUT"];
const AUTHED: ImapState[] = ["AUTH", "SELECTED"];
const STATES: Record<string, ImapState[]> = {
  CAPABILITY: ANY,
  NOOP: ANY,
  LOGOUT: ANY,
  STARTTLS: ["NONAUTH"],
  COMPRESS: AUTHED,
  LOGIN: ["NONAUTH"],
  AUTHENTICATE: ["NONAUTH"],
  ENABLE: ["AUTH"],
  NAMESPACE: AUTHED,
  SELECT: AUTHED,
  EXAMINE: AUTHED,
  CREATE: AUTHED,
  DELETE: AUTHED,
  RENAME: AUTHED,
  SUBSCRIBE: AUTHED,
  UNSUBSCRIBE: AUTHED,
  LIST: AUTHED,
  LSUB: AUTHED,
  STATUS: AUTHED,
  APPEND: AUTHED,
  IDLE: AUTHED,
  CHECK: ["SELECTED"],
  CLOSE: ["SELECTED"],
  UNSELECT: ["SELECTED"],
};
