// One POP3 server session as a pure state machine (RFC 1939, 2449, 2595, 5034, 6856): lines
// in, replies out. The network side (server.ts) feeds it and performs what it asks (TLS, close).
import { createHash } from "node:crypto";
import { DotWriter } from "@inetlib/socket";
import type { Maildrop, StoredMessage } from "./maildrop.js";
import type { POP3ServerOptions, SessionView } from "./options.js";

/** Step is the session's answer to one line: bytes to send, then what to do. */
export interface Step {
  reply: Buffer;
  /** A multi-line body that follows `reply`, dot-stuffed, in pieces (sent one after another). */
  body?: Iterable<Buffer>;
  /** "starttls": start TLS after sending the reply; "close": close after sending it. */
  after?: "starttls" | "close";
}

interface Sasl {
  mechanism: string;
  step: number;
  user: string;
}

const MECHANISMS = ["PLAIN", "LOGIN", "XOAUTH2"];

/** POP3Session is one client's conversation with the maildrop. */
export class POP3Session implements SessionView {
  state: SessionView["state"] = "AUTHORIZATION";
  user: string | null = null;
  tls: boolean;
  /** The APOP timestamp of the greeting, when APOP is on. */
  readonly stamp: string | null;
  readonly #drop: Maildrop;
  readonly #o: POP3ServerOptions;
  #pendingUser: string | null = null;
  #sasl: Sasl | null = null;
  #messages: StoredMessage[] = [];
  #deleted = new Set<number>();
  #utf8 = false;
  #locked = false;

  constructor(maildrop: Maildrop, options: POP3ServerOptions, tls: boolean) {
    this.#drop = maildrop;
    this.#o = options;
    this.tls = tls;
    const host = options.hostname ?? "inetlib.test";
    this.stamp = options.apop === false ? null : `<${process.pid}.${Date.now()}.${nonce()}@${host}>`;
  }

  greeting(): Buffer {
    const text = this.#o.greeting ?? `+OK inetlib POP3 server ready${this.stamp ? ` ${this.stamp}` : ""}`;
    return Buffer.from(`${text}\r\n`, "latin1");
  }

  /** handle answers one line (without its CRLF). */
  handle(raw: Buffer): Step {
    const line = raw.toString(this.#utf8 ? "utf8" : "latin1");
    if (this.#sasl) return this.#saslStep(line);
    const space = line.indexOf(" ");
    const command = (space === -1 ? line : line.slice(0, space)).toUpperCase();
    const args = space === -1 ? "" : line.slice(space + 1);
    const scripted = this.#o.respond?.(command, args, this);
    if (scripted !== undefined) {
      const reply = typeof scripted === "string" ? Buffer.from(scripted, "latin1") : scripted;
      return command === "QUIT" ? { reply, after: "close" } : { reply };
    }
    const fn = this.state === "AUTHORIZATION" ? this.#authorization(command) : this.#transaction(command);
    return fn ? fn(args) : err(`Unknown command: ${command}`);
  }

  /** disconnect ends the session without QUIT: nothing is deleted, the lock is released. */
  disconnect(): void {
    if (this.#locked && this.user) this.#drop.unlock(this.user);
    this.#locked = false;
  }

  /** capabilities are the CAPA lines for the session's current state. */
  capabilities(): string[] {
    const o = this.#o;
    const caps: string[] = [];
    if (o.top !== false) caps.push("TOP");
    if (o.uidl !== false) caps.push("UIDL");
    if (this.state === "AUTHORIZATION") {
      if (o.user !== false) caps.push("USER");
      const mechs = this.#mechanisms();
      if (mechs.length > 0) caps.push(`SASL ${mechs.join(" ")}`);
      if (o.tls && o.stls !== false && !this.tls) caps.push("STLS");
      if (o.utf8) caps.push("UTF8");
    }
    if (o.respCodes !== false) caps.push("RESP-CODES", "AUTH-RESP-CODE");
    if (o.pipelining !== false) caps.push("PIPELINING");
    caps.push(`IMPLEMENTATION ${o.implementation ?? "inetlib-testing"}`);
    caps.push(...(o.capabilities ?? []));
    return caps;
  }

  #authorization(command: string): ((args: string) => Step) | undefined {
    switch (command) {
      case "CAPA":
        return () => ok("Capability list follows", this.capabilities());
      case "QUIT":
        return () => ({ reply: line("+OK Logging out"), after: "close" });
      case "STLS":
        return () => this.#stls();
      case "UTF8":
        return this.#o.utf8 ? () => this.#enableUtf8() : undefined;
      case "USER":
        return this.#o.user === false ? undefined : (args) => this.#userCmd(args);
      case "PASS":
        return this.#o.user === false ? undefined : (args) => this.#pass(args);
      case "APOP":
        return this.stamp ? (args) => this.#apop(args) : undefined;
      case "AUTH":
        return (args) => this.#auth(args);
      default:
        return undefined;
    }
  }

  #transaction(command: string): ((args: string) => Step) | undefined {
    switch (command) {
      case "CAPA":
        return () => ok("Capability list follows", this.capabilities());
      case "QUIT":
        return () => this.#quit();
      case "NOOP":
        return () => ok("");
      case "RSET":
        return () => {
          this.#deleted.clear();
          return ok("");
        };
      case "STAT":
        return () => ok(`${this.#live().length} ${this.#live().reduce((n, [, m]) => n + m.data.length, 0)}`);
      case "LIST":
        return (args) =>
          this.#listing(
            args,
            (n, m) => `${n} ${m.data.length}`,
            (count, size) => `${count} messages (${size} octets)`,
          );
      case "UIDL":
        return this.#o.uidl === false
          ? undefined
          : (args) =>
              this.#listing(
                args,
                (n, m) => `${n} ${m.uid}`,
                () => "",
              );
      case "RETR":
        return (args) => this.#withMessage(args, (m) => multi(`${m.data.length} octets`, m.data));
      case "TOP":
        return this.#o.top === false ? undefined : (args) => this.#top(args);
      case "DELE":
        return (args) =>
          this.#withMessage(args, (_m, n) => {
            this.#deleted.add(n);
            return ok("Marked to be deleted.");
          });
      default:
        return undefined;
    }
  }

  #enableUtf8(): Step {
    this.#utf8 = true;
    return ok("UTF8 enabled");
  }

  #stls(): Step {
    if (!this.#o.tls || this.#o.stls === false) return err("Unknown command: STLS");
    if (this.tls) return err("Command not permitted when TLS active");
    this.tls = true;
    return { reply: line("+OK Begin TLS negotiation now."), after: "starttls" };
  }

  #plaintextRefused(): Step | null {
    if (this.#o.loginRequiresTLS && !this.tls)
      return err(
        `${this.#code("AUTH")}Plaintext authentication disallowed on non-secure (SSL/TLS) connections.`,
      );
    return null;
  }

  #userCmd(args: string): Step {
    const refused = this.#plaintextRefused();
    if (refused) return refused;
    if (args === "") return err("No username given.");
    this.#pendingUser = args;
    return ok("");
  }

  #pass(args: string): Step {
    const refused = this.#plaintextRefused();
    if (refused) return refused;
    const name = this.#pendingUser;
    this.#pendingUser = null;
    if (name === null) return err("No username given.");
    const user = this.#drop.user(name);
    if (!user || user.password !== args) return this.#authFailed();
    return this.#login(name);
  }

  #apop(args: string): Step {
    const refused = this.#plaintextRefused();
    if (refused) return refused;
    const [name = "", digest = ""] = args.split(" ");
    const user = this.#drop.user(name);
    const want = user ? createHash("md5").update(`${this.stamp}${user.password}`, "utf8").digest("hex") : "";
    if (!user || digest.toLowerCase() !== want) return this.#authFailed();
    return this.#login(name);
  }

  #auth(args: string): Step {
    const mechs = this.#mechanisms();
    if (args === "") return ok("", mechs);
    const refused = this.#plaintextRefused();
    if (refused) return refused;
    const [mech = "", initial] = args.split(" ");
    const mechanism = mech.toUpperCase();
    if (!mechs.includes(mechanism)) return err("Unsupported authentication mechanism.");
    this.#sasl = { mechanism, step: 0, user: "" };
    if (initial === undefined) return this.#challenge(mechanism === "LOGIN" ? "Username:" : "");
    return this.#saslStep(initial === "=" ? "" : initial);
  }

  #saslStep(response: string): Step {
    const sasl = this.#sasl!;
    if (response === "*") {
      this.#sasl = null;
      return err("Authentication aborted by client.");
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(response)) {
      this.#sasl = null;
      return err("Invalid base64 data in continued response");
    }
    const data = Buffer.from(response, "base64").toString("utf8");
    sasl.step++;
    switch (sasl.mechanism) {
      case "PLAIN": {
        this.#sasl = null;
        const [, name = "", password] = data.split("\0");
        const user = this.#drop.user(name);
        return user && user.password === password ? this.#login(name) : this.#authFailed();
      }
      case "LOGIN":
        if (sasl.step === 1) {
          sasl.user = data;
          return this.#challenge("Password:");
        }
        this.#sasl = null;
        return this.#drop.user(sasl.user)?.password === data ? this.#login(sasl.user) : this.#authFailed();
      default: {
        // XOAUTH2: a failure is a challenge with a JSON error, then -ERR after the client's empty line.
        if (sasl.step > 1) {
          this.#sasl = null;
          return this.#authFailed();
        }
        const [userPart = "", authPart = "", ...rest] = data.split("\x01");
        const name = userPart.startsWith("user=") ? userPart.slice(5) : "";
        const token = authPart.startsWith("auth=Bearer ") ? authPart.slice(12) : null;
        const user = rest.length === 2 && rest.join("") === "" ? this.#drop.user(name) : undefined;
        if (user?.token !== undefined && user.token === token) {
          this.#sasl = null;
          return this.#login(name);
        }
        return this.#challenge('{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}');
      }
    }
  }

  #challenge(text: string): Step {
    return { reply: line(`+ ${Buffer.from(text, "utf8").toString("base64")}`) };
  }

  #authFailed(): Step {
    return err(`${this.#code("AUTH")}Authentication failed.`);
  }

  #login(name: string): Step {
    if (!this.#drop.lock(name))
      return err(`${this.#code("IN-USE")}Mailbox is locked by another POP3 session.`);
    this.#locked = true;
    this.user = name;
    this.state = "TRANSACTION";
    this.#messages = this.#drop.messages(name);
    return ok("Logged in.");
  }

  #quit(): Step {
    this.state = "UPDATE";
    const user = this.user!;
    const uids = [...this.#deleted].map((n) => this.#messages[n - 1]!.uid);
    this.#drop.remove(user, uids);
    this.disconnect();
    return {
      reply: line(uids.length > 0 ? "+OK Logging out, messages deleted." : "+OK Logging out."),
      after: "close",
    };
  }

  #live(): [number, StoredMessage][] {
    return this.#messages
      .map((m, i) => [i + 1, m] as [number, StoredMessage])
      .filter(([n]) => !this.#deleted.has(n));
  }

  #listing(
    args: string,
    entry: (n: number, m: StoredMessage) => string,
    head: (count: number, size: number) => string,
  ): Step {
    if (args !== "") return this.#withMessage(args, (m, n) => ok(entry(n, m)));
    const live = this.#live();
    const size = live.reduce((s, [, m]) => s + m.data.length, 0);
    return ok(
      head(live.length, size),
      live.map(([n, m]) => entry(n, m)),
    );
  }

  #top(args: string): Step {
    const [which = "", count = ""] = args.split(" ");
    if (!/^\d+$/.test(count)) return err(`Invalid number of lines: ${count}`);
    return this.#withMessage(which, (m) => multi("", topOf(m.data, Number(count))));
  }

  #withMessage(arg: string, fn: (m: StoredMessage, n: number) => Step): Step {
    const word = arg.split(" ")[0] ?? "";
    if (!/^\d+$/.test(word)) return err(`Invalid message number: ${word}`);
    const n = Number(word);
    const m = this.#messages[n - 1];
    if (n < 1 || !m) return err(`There's no message ${n}.`);
    if (this.#deleted.has(n)) return err("Message is deleted.");
    return fn(m, n);
  }

  #mechanisms(): string[] {
    return (this.#o.sasl ?? MECHANISMS).map((m) => m.toUpperCase());
  }

  #code(code: string): string {
    return this.#o.respCodes === false ? "" : `[${code}] `;
  }
}

/** topOf returns the header, the empty line and the first `count` lines of the body. */
export function topOf(data: Buffer, count: number): Buffer {
  const blank = data.indexOf("\r\n\r\n");
  if (blank === -1) return data;
  let end = blank + 4;
  for (let i = 0; i < count && end < data.length; i++) {
    const eol = data.indexOf("\r\n", end);
    end = eol === -1 ? data.length : eol + 2;
  }
  return data.subarray(0, end);
}

function line(text: string): Buffer {
  return Buffer.from(`${text}\r\n`, "utf8");
}

function ok(text: string, lines?: string[]): Step {
  const first = text === "" ? "+OK" : `+OK ${text}`;
  if (!lines) return { reply: line(first) };
  return multi(text, Buffer.from(lines.map((l) => `${l}\r\n`).join(""), "utf8"));
}

function multi(text: string, body: Buffer): Step {
  return { reply: line(text === "" ? "+OK" : `+OK ${text}`), body: stuffed(body) };
}

// Large messages are stuffed and sent a slice at a time, so the server holds no second copy.
function* stuffed(body: Buffer): Generator<Buffer> {
  const writer = new DotWriter({ fixEols: false });
  for (let at = 0; at < body.length; at += SLICE) yield writer.push(body.subarray(at, at + SLICE));
  yield writer.end();
}

const SLICE = 64 * 1024;

function err(text: string): Step {
  return { reply: line(`-ERR ${text}`) };
}

function nonce(): string {
  return Math.floor(Math.random() * 0xffffffff).toString(16);
}
