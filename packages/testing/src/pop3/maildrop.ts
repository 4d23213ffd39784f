// An in-memory maildrop: users, their messages and the lock RFC 1939 takes from login to QUIT.
// Messages can be added from outside at any time (SMTP's "send, then read it back" demo
// delivers here); a POP3 session sees the maildrop as it was when the session logged in.

/** StoredMessage is one message in a maildrop, in wire form (CRLF line endings). */
export interface StoredMessage {
  /** Unique id (UIDL, RFC 1939 7): 1 to 70 characters 0x21-0x7E, never reused. */
  readonly uid: string;
  /** The message, every line ending in CRLF. */
  readonly data: Buffer;
}

/** MaildropUser is a mailbox owner: the password serves USER/PASS, APOP and SASL PLAIN/LOGIN. */
export interface MaildropUser {
  password: string;
  /** The bearer token XOAUTH2 accepts for this user (none: XOAUTH2 always fails). */
  token?: string;
}

/**
 * Maildrop holds every user's messages in memory:
 *
 *	const drop = new Maildrop({ alice: { password: "alice-pass" } });
 *	drop.add("alice", "Subject: hi\r\n\r\nhello\r\n");
 */
export class Maildrop {
  readonly #users = new Map<string, MaildropUser>();
  readonly #boxes = new Map<string, StoredMessage[]>();
  readonly #locked = new Set<string>();
  #nextUid = 1;
  readonly #uidPrefix = `${Date.now().toString(36)}`;
  readonly #listeners = new Set<(user: string, message: StoredMessage) => void>();

  constructor(users: Record<string, MaildropUser | string> = {}) {
    for (const [name, user] of Object.entries(users)) this.addUser(name, user);
  }

  /** addUser creates a user with an empty mailbox (a string is the password). */
  addUser(name: string, user: MaildropUser | string): void {
    this.#users.set(name, typeof user === "string" ? { password: user } : { ...user });
    if (!this.#boxes.has(name)) this.#boxes.set(name, []);
  }

  /** user returns a user's credentials, or undefined. */
  user(name: string): MaildropUser | undefined {
    return this.#users.get(name);
  }

  /**
   * add delivers a message to `user` (created without a password if unknown) and returns it.
   * Bare LF and bare CR become CRLF, and a final CRLF is added if missing, as an MTA delivers.
   */
  add(user: string, message: string | Uint8Array, options: { uid?: string } = {}): StoredMessage {
    const uid = options.uid ?? `${this.#uidPrefix}.${this.#nextUid++}`;
    if (!/^[\x21-\x7e]{1,70}$/.test(uid)) throw new RangeError(`invalid UIDL: ${JSON.stringify(uid)}`);
    const stored: StoredMessage = { uid, data: toWire(message) };
    let box = this.#boxes.get(user);
    if (!box) {
      box = [];
      this.#boxes.set(user, box);
    }
    if (box.some((m) => m.uid === uid)) throw new RangeError(`duplicate UIDL: ${uid}`);
    box.push(stored);
    for (const listener of this.#listeners) listener(user, stored);
    return stored;
  }

  /** messages returns `user`'s messages, oldest first (a copy of the list). */
  messages(user: string): StoredMessage[] {
    return [...(this.#boxes.get(user) ?? [])];
  }

  /** remove deletes the messages with these uids (a session's QUIT in the UPDATE state). */
  remove(user: string, uids: Iterable<string>): number {
    const box = this.#boxes.get(user);
    if (!box) return 0;
    const gone = new Set(uids);
    const kept = box.filter((m) => !gone.has(m.uid));
    this.#boxes.set(user, kept);
    return box.length - kept.length;
  }

  /** lock takes the maildrop's exclusive lock (RFC 1939 4); false when a session holds it. */
  lock(user: string): boolean {
    if (this.#locked.has(user)) return false;
    this.#locked.add(user);
    return true;
  }

  unlock(user: string): void {
    this.#locked.delete(user);
  }

  /** locked tells whether a session holds `user`'s maildrop. */
  locked(user: string): boolean {
    return this.#locked.has(user);
  }

  /** onDelivery calls `listener` for every message added; returns a function that stops it. */
  onDelivery(listener: (user: string, message: StoredMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** toWire returns a message with every line ending in CRLF (bare CR and bare LF become CRLF). */
export function toWire(message: string | Uint8Array): Buffer {
  const text = typeof message === "string" ? Buffer.from(message, "utf8") : Buffer.from(message);
  if (isCRLF(text)) return endsWithCRLF(text) || text.length === 0 ? text : Buffer.concat([text, CRLF]);
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== 13 && c !== 10) continue;
    parts.push(text.subarray(start, i), CRLF);
    if (c === 13 && text[i + 1] === 10) i++;
    start = i + 1;
  }
  parts.push(text.subarray(start));
  if (start < text.length) parts.push(CRLF);
  return Buffer.concat(parts);
}

const CRLF = Buffer.from("\r\n");

// Most messages arrive with CRLF already: checked once, they are stored without being cut up.
function isCRLF(text: Buffer): boolean {
  for (let at = text.indexOf(13); at !== -1; at = text.indexOf(13, at + 2))
    if (text[at + 1] !== 10) return false;
  for (let at = text.indexOf(10); at !== -1; at = text.indexOf(10, at + 1))
    if (at === 0 || text[at - 1] !== 13) return false;
  return true;
}

function endsWithCRLF(text: Buffer): boolean {
  return text.length >= 2 && text[text.length - 2] === 13 && text[text.length - 1] === 10;
}
