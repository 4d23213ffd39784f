// Mailstore: users, their mailboxes and messages, in memory. Sessions watch it, so a message
// added from outside (a test, the tour's "new mail arrives") reaches an IDLE client at once.
import { type MimePart, parseMessage } from "./mime.js";

/** StoredMessage is one message in a mailbox. */
export class StoredMessage {
  readonly uid: number;
  readonly flags: Set<string>;
  readonly internalDate: Date;
  /** The message as stored, CRLF line endings. */
  readonly data: Buffer;
  #parsed: MimePart | null = null;

  constructor(uid: number, data: Buffer, flags: Iterable<string>, internalDate: Date) {
    this.uid = uid;
    this.data = data;
    this.flags = new Set(flags);
    this.internalDate = internalDate;
  }

  /** mime is the parsed message (parsed on first use). */
  get mime(): MimePart {
    this.#parsed ??= parseMessage(this.data);
    return this.#parsed;
  }
}

/** Mailbox is a folder of messages with IMAP's UID bookkeeping. */
export class Mailbox {
  name: string;
  readonly uidvalidity: number;
  uidnext = 1;
  readonly messages: StoredMessage[] = [];
  subscribed = true;
  /** A special-use attribute for LIST (RFC 6154): "\\Archive", "\\Sent", ... */
  specialUse: string | null;

  constructor(name: string, uidvalidity: number, specialUse: string | null = null) {
    this.name = name;
    this.uidvalidity = uidvalidity;
    this.specialUse = specialUse;
  }
}

/** AddOptions describe a message being added. */
export interface AddOptions {
  flags?: Iterable<string>;
  /** INTERNALDATE (default: now). */
  date?: Date;
}

/** Watcher is told when a user's mailbox changed (messages added or removed, flags changed). */
export type Watcher = (user: string, mailbox: string) => void;

interface Account {
  password: string;
  mailboxes: Map<string, Mailbox>;
}

/**
 * Mailstore holds the accounts of an IMAPServer:
 *
 *	const store = new Mailstore({ alice: "alice-pass" });   // INBOX and Archive each
 *	store.add("alice", "INBOX", "Subject: hi\r\n\r\nhello\r\n", { flags: ["\\Seen"] });
 */
export class Mailstore {
  readonly #accounts = new Map<string, Account>();
  readonly #watchers = new Set<Watcher>();
  // UIDVALIDITY per mailbox: 1700000001, 1700000002, ... in creation order, the same every run.
  #nextValidity = 1700000001;

  constructor(users: Record<string, string> = {}) {
    for (const [user, password] of Object.entries(users)) this.addUser(user, password);
  }

  /** addUser creates an account with INBOX and Archive (\Archive), or the mailboxes given. */
  addUser(user: string, password: string, mailboxes: string[] = ["INBOX", "Archive"]): void {
    const account: Account = { password, mailboxes: new Map() };
    this.#accounts.set(user, account);
    for (const name of mailboxes) this.#create(account, name);
  }

  /** users are the account names. */
  get users(): string[] {
    return [...this.#accounts.keys()];
  }

  /** checkPassword tells whether `password` is `user`'s. */
  checkPassword(user: string, password: string): boolean {
    return this.#accounts.get(user)?.password === password;
  }

  /** passwordOf returns a user's password (CRAM-MD5 needs it), or null. */
  passwordOf(user: string): string | null {
    return this.#accounts.get(user)?.password ?? null;
  }

  /** hasUser tells whether the account exists. */
  hasUser(user: string): boolean {
    return this.#accounts.has(user);
  }

  /** mailboxes lists a user's mailboxes in creation order. */
  mailboxes(user: string): Mailbox[] {
    return [...(this.#accounts.get(user)?.mailboxes.values() ?? [])];
  }

  /** mailbox finds a mailbox (INBOX in any case), or null. */
  mailbox(user: string, name: string): Mailbox | null {
    const key = name.toUpperCase() === "INBOX" ? "INBOX" : name;
    return this.#accounts.get(user)?.mailboxes.get(key) ?? null;
  }

  /** create makes a mailbox; false when it exists. */
  create(user: string, name: string): boolean {
    const account = this.#account(user);
    if (this.mailbox(user, name)) return false;
    this.#create(account, name);
    return true;
  }

  /** delete removes a mailbox (not INBOX); false when it does not exist. */
  delete(user: string, name: string): boolean {
    const box = this.mailbox(user, name);
    if (!box || box.name === "INBOX") return false;
    this.#account(user).mailboxes.delete(box.name);
    return true;
  }

  /** rename renames a mailbox; false when the old one is missing or the new one exists. */
  rename(user: string, from: string, to: string): boolean {
    const account = this.#account(user);
    const box = this.mailbox(user, from);
    if (!box || this.mailbox(user, to) || box.name === "INBOX") return false;
    account.mailboxes.delete(box.name);
    box.name = to;
    account.mailboxes.set(to, box);
    return true;
  }

  /**
   * add appends a message (line endings made CRLF) and tells the watchers. Returns it, with
   * its UID.
   */
  add(user: string, mailbox: string, message: string | Uint8Array, options: AddOptions = {}): StoredMessage {
    const box = this.mailbox(user, mailbox);
    if (!box) throw new Error(`no mailbox ${JSON.stringify(mailbox)} for ${user}`);
    const data = toCRLF(typeof message === "string" ? Buffer.from(message, "utf8") : Buffer.from(message));
    const msg = new StoredMessage(box.uidnext++, data, options.flags ?? [], options.date ?? new Date());
    box.messages.push(msg);
    this.changed(user, box.name);
    return msg;
  }

  /** watch calls `watcher` on every change; the returned function stops it. */
  watch(watcher: Watcher): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  /** changed tells the watchers that a mailbox changed. */
  changed(user: string, mailbox: string): void {
    for (const w of this.#watchers) w(user, mailbox);
  }

  #account(user: string): Account {
    const account = this.#accounts.get(user);
    if (!account) throw new Error(`no user ${user}`);
    return account;
  }

  #create(account: Account, name: string): void {
    const special = /^archive$/i.test(name)
      ? "\\Archive"
      : /^sent$/i.test(name)
        ? "\\Sent"
        : /^trash$/i.test(name)
          ? "\\Trash"
          : /^drafts$/i.test(name)
            ? "\\Drafts"
            : null;
    account.mailboxes.set(name, new Mailbox(name, this.#nextValidity++, special));
  }
}

/** toCRLF makes every line ending CRLF, as a server stores messages. */
export function toCRLF(data: Buffer): Buffer {
  return Buffer.from(data.toString("latin1").replace(/\r?\n|\r/g, "\r\n"), "latin1");
}
