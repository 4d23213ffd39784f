// One SMTP or LMTP server session as a state machine (RFC 5321, 2033, 3207, 4954, 6531, 1870):
// lines in, replies out. The network side (server.ts) feeds it, reads the message data when
// told to, and performs what it asks (TLS, close).
import { createHmac, randomBytes } from "node:crypto";
import type { ReceivedMessage, SMTPServerOptions, SMTPSessionView } from "./options.js";

/** Step is the session's answer to one line: bytes to send, then what to do. */
export interface Step {
  reply: Buffer;
  /** "data": read the message next; "starttls": start TLS after the reply; "close": close after it. */
  after?: "data" | "starttls" | "close";
}

interface Sasl {
  mechanism: string;
  step: number;
  user: string;
  challenge: string;
}

const DEFAULT_SIZE = 10 * 1024 * 1024;

/** SMTPServerSession is one client's conversation with the server. */
export class SMTPServerSession implements SMTPSessionView {
  helo: string | null = null;
  esmtp = false;
  tls: boolean;
  user: string | null = null;
  mailFrom: string | null = null;
  rcptTos: string[] = [];
  readonly lmtp: boolean;
  #mailOptions: string[] = [];
  #rcptOptions: string[] = [];
  #sasl: Sasl | null = null;
  readonly #o: SMTPServerOptions;
  readonly #host: string;

  constructor(options: SMTPServerOptions, tls: boolean) {
    this.#o = options;
    this.tls = tls;
    this.lmtp = options.lmtp ?? false;
    this.#host = options.hostname ?? "mail.inetlib.test";
  }

  greeting(): Buffer {
    return line(this.#o.greeting ?? `220 ${this.#host} ${this.lmtp ? "LMTP" : "ESMTP"} inetlib`);
  }

  /** handle answers one command line (without its CRLF). */
  handle(raw: Buffer): Step {
    const text = raw.toString("utf8");
    if (this.#sasl) return this.#saslStep(text);
    const space = text.indexOf(" ");
    const command = (space === -1 ? text : text.slice(0, space)).toUpperCase();
    const args = space === -1 ? "" : text.slice(space + 1);
    const scripted = this.#o.respond?.(command, args, this);
    if (scripted !== undefined) {
      const reply = typeof scripted === "string" ? Buffer.from(scripted, "utf8") : scripted;
      if (command === "QUIT" || reply.subarray(0, 3).toString() === "421") return { reply, after: "close" };
      if (command === "STARTTLS" && reply.subarray(0, 3).toString() === "220")
        return { reply, after: "starttls" };
      return { reply };
    }
    switch (command) {
      case "HELO":
      case "EHLO":
        return this.lmtp ? reply(500, "5.5.1 Error: command not recognized") : this.#hello(command, args);
      case "LHLO":
        return this.lmtp ? this.#hello(command, args) : reply(502, "5.5.2 Error: command not recognized");
      case "MAIL":
        return this.#mail(args);
      case "RCPT":
        return this.#rcpt(args);
      case "DATA":
        return this.#data(args);
      case "RSET":
        this.#reset();
        return reply(250, "2.0.0 Ok");
      case "NOOP":
        return reply(250, "2.0.0 Ok");
      case "QUIT":
        return { reply: line("221 2.0.0 Bye"), after: "close" };
      case "VRFY":
        return this.#vrfy(args);
      case "EXPN":
        return this.#expn(args);
      case "HELP":
        return multi(214, [
          "2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT",
          "2.0.0 VRFY EXPN HELP STARTTLS AUTH",
        ]);
      case "STARTTLS":
        return this.#starttls(args);
      case "AUTH":
        return this.#auth(args);
      default:
        return reply(502, "5.5.2 Error: command not recognized");
    }
  }

  /** features are the EHLO keyword lines for the session's current state. */
  features(): string[] {
    const o = this.#o;
    if (o.features) return [...o.features, ...(o.extraFeatures ?? [])];
    const out: string[] = [];
    if (o.pipelining !== false) out.push("PIPELINING");
    const size = o.size ?? DEFAULT_SIZE;
    out.push(size > 0 ? `SIZE ${size}` : "SIZE");
    if (!this.lmtp) out.push("VRFY");
    if (o.tls && o.starttls !== false && !this.tls && !o.implicitTLS) out.push("STARTTLS");
    const mechs = this.#mechanisms();
    if (mechs.length > 0 && (!o.authRequiresTLS || this.tls)) out.push(`AUTH ${mechs.join(" ")}`);
    out.push("ENHANCEDSTATUSCODES");
    if (o.eightBitMime !== false) out.push("8BITMIME");
    if (o.dsn) out.push("DSN");
    if (o.smtputf8 !== false) out.push("SMTPUTF8");
    out.push("HELP");
    return [...out, ...(o.extraFeatures ?? [])];
  }

  /**
   * endData takes the message (unstuffed) and delivers it to each recipient: the reply for
   * SMTP, one per recipient for LMTP. The transaction ends either way.
   */
  async endData(data: Buffer): Promise<{ step: Step; message: ReceivedMessage }> {
    const limit = this.#o.size ?? DEFAULT_SIZE;
    const message: ReceivedMessage = {
      mail_from: this.mailFrom ?? "",
      rcpt_tos: [...this.rcptTos],
      mail_options: [...this.#mailOptions],
      rcpt_options: [...this.#rcptOptions],
      data,
      helo: this.helo,
      auth_user: this.user,
      tls: this.tls,
      lmtp: this.lmtp,
      delivered: [],
    };
    this.#reset();
    const replies: string[] = [];
    for (const rcpt of message.rcpt_tos) {
      let refusal: string | undefined;
      if (limit > 0 && data.length > limit) refusal = "552 5.3.4 Error: message file too big";
      else refusal = (await this.#o.deliver?.(rcpt, message, this)) ?? undefined;
      if (refusal === undefined) {
        message.delivered.push(rcpt);
        replies.push(this.lmtp ? `250 2.0.0 <${rcpt}> Ok: delivered` : "");
      } else replies.push(refusal);
    }
    let text: string[];
    if (this.lmtp) text = replies;
    else if (message.delivered.length > 0) text = [`250 2.0.0 Ok: queued as ${queueId()}`];
    else text = [replies.find((r) => r !== "") ?? "554 5.5.1 Error: no valid recipients"];
    const out = Buffer.from(text.map((t) => `${t}\r\n`).join(""), "utf8");
    const closing = text.some((t) => t.startsWith("421"));
    return { step: { reply: out, ...(closing ? { after: "close" as const } : {}) }, message };
  }

  /** startedTLS forgets what the client said before the handshake (RFC 3207 4.2). */
  startedTLS(): void {
    this.tls = true;
    this.helo = null;
    this.esmtp = false;
    this.#reset();
  }

  #hello(command: string, args: string): Step {
    const name = args.trim();
    if (name === "") return reply(501, `5.5.4 Syntax: ${command} hostname`);
    if (command !== "HELO" && this.#o.esmtp === false)
      return reply(502, "5.5.2 Error: command not recognized");
    this.#reset();
    this.helo = name;
    this.esmtp = command !== "HELO";
    if (!this.esmtp) return reply(250, this.#host);
    return multi(250, [this.#host, ...this.features()]);
  }

  #mail(args: string): Step {
    if (this.helo === null) return reply(503, "5.5.1 Error: send HELO/EHLO first");
    if (this.mailFrom !== null) return reply(503, "5.5.1 Error: nested MAIL command");
    if (this.#o.requireAuth && this.user === null) return reply(530, "5.7.0 Authentication required");
    const parsed = parsePath(args, "FROM:");
    if (!parsed) return reply(501, "5.5.4 Syntax: MAIL FROM:<address>");
    const [address, params] = parsed;
    const size = this.#o.size ?? DEFAULT_SIZE;
    for (const p of params) {
      const [key = "", value = ""] = p.split("=");
      if (key.toUpperCase() === "SIZE" && size > 0 && Number(value) > size)
        return reply(552, "5.3.4 Message size exceeds fixed limit");
      if (key.toUpperCase() === "SMTPUTF8" && this.#o.smtputf8 === false)
        return reply(555, "5.5.4 Unsupported option: SMTPUTF8");
    }
    this.mailFrom = address;
    this.#mailOptions = params;
    return reply(250, "2.1.0 Ok");
  }

  #rcpt(args: string): Step {
    if (this.mailFrom === null) return reply(503, "5.5.1 Error: need MAIL command");
    const parsed = parsePath(args, "TO:");
    if (!parsed) return reply(501, "5.5.4 Syntax: RCPT TO:<address>");
    const [address, params] = parsed;
    const refusal = this.#o.refuse?.[address];
    if (refusal !== undefined)
      return { reply: line(refusal), ...(refusal.startsWith("421") ? { after: "close" } : {}) };
    this.rcptTos.push(address);
    this.#rcptOptions.push(...params);
    return reply(250, "2.1.5 Ok");
  }

  #data(args: string): Step {
    if (args !== "") return reply(501, "5.5.4 Syntax: DATA");
    if (this.mailFrom === null) return reply(503, "5.5.1 Error: need RCPT command");
    if (this.rcptTos.length === 0) return reply(554, "5.5.1 Error: no valid recipients");
    return { reply: line("354 End data with <CR><LF>.<CR><LF>"), after: "data" };
  }

  #vrfy(args: string): Step {
    const address = args.replace(/^<(.*)>$/, "$1");
    if (address === "") return reply(501, "5.5.4 Syntax: VRFY address");
    const book = this.#o.mailboxes;
    if (!book) return reply(252, "2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
    const name = book[address];
    return name === undefined
      ? reply(550, `5.1.1 No such user: ${address}`)
      : reply(250, `${name} <${address}>`);
  }

  #expn(args: string): Step {
    const lists = this.#o.lists;
    if (!lists) return reply(502, "5.5.2 EXPN not implemented");
    const members = lists[args.toLowerCase()];
    if (!members) return reply(550, "5.1.1 No access for you!");
    const book = this.#o.mailboxes ?? {};
    return multi(
      250,
      members.map((m) => (book[m] ? `${book[m]} <${m}>` : `<${m}>`)),
    );
  }

  #starttls(args: string): Step {
    const o = this.#o;
    if (!o.tls || o.starttls === false || o.implicitTLS)
      return reply(502, "5.5.2 Error: command not recognized");
    if (this.tls) return reply(503, "5.5.1 Error: TLS already active");
    if (args !== "") return reply(501, "5.5.4 Syntax: STARTTLS");
    return { reply: line("220 2.0.0 Ready to start TLS"), after: "starttls" };
  }

  #mechanisms(): string[] {
    const o = this.#o;
    const users = Object.keys(o.users ?? {}).length > 0;
    const tokens = Object.keys(o.tokens ?? {}).length > 0;
    if (o.mechanisms) return o.mechanisms.map((m) => m.toUpperCase());
    return [...(users ? ["PLAIN", "LOGIN", "CRAM-MD5"] : []), ...(tokens ? ["XOAUTH2"] : [])];
  }

  #auth(args: string): Step {
    if (!this.esmtp) return reply(503, "5.5.1 Error: send EHLO first");
    if (this.user !== null) return reply(503, "5.5.1 Error: already authenticated");
    if (this.mailFrom !== null) return reply(503, "5.5.1 Error: MAIL transaction in progress");
    const [mech = "", initial, extra] = args.split(" ");
    const mechanism = mech.toUpperCase();
    if (!this.#mechanisms().includes(mechanism) || (this.#o.authRequiresTLS && !this.tls))
      return reply(504, "5.5.4 Unrecognized authentication type");
    if (extra !== undefined) return reply(501, "5.5.4 Syntax: AUTH mechanism [initial-response]");
    const challenge = `<${randomBytes(6).toString("hex")}.${Date.now()}@${this.#host}>`;
    this.#sasl = { mechanism, step: 0, user: "", challenge };
    if (initial === undefined) {
      if (mechanism === "LOGIN") return continueWith("Username:");
      if (mechanism === "CRAM-MD5") return continueWith(challenge);
      return continueWith("");
    }
    if (mechanism === "CRAM-MD5") {
      this.#sasl = null;
      return reply(501, "5.5.4 CRAM-MD5 takes no initial response");
    }
    return this.#saslStep(initial === "=" ? "" : initial);
  }

  #saslStep(response: string): Step {
    const sasl = this.#sasl!;
    if (response === "*") {
      this.#sasl = null;
      return reply(501, "5.7.0 Authentication aborted");
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(response)) {
      this.#sasl = null;
      return reply(501, "5.5.2 Cannot decode response");
    }
    const data = Buffer.from(response, "base64").toString("utf8");
    sasl.step++;
    const users = this.#o.users ?? {};
    switch (sasl.mechanism) {
      case "PLAIN": {
        this.#sasl = null;
        const [, name = "", password] = data.split("\0");
        return this.#result(name, Object.hasOwn(users, name) && users[name] === password);
      }
      case "LOGIN":
        if (sasl.step === 1) {
          sasl.user = data;
          return continueWith("Password:");
        }
        this.#sasl = null;
        return this.#result(sasl.user, Object.hasOwn(users, sasl.user) && users[sasl.user] === data);
      case "CRAM-MD5": {
        this.#sasl = null;
        const [name = "", digest = ""] = data.split(" ");
        const password = Object.hasOwn(users, name) ? users[name]! : null;
        const want =
          password === null
            ? null
            : createHmac("md5", Buffer.from(password, "utf8")).update(sasl.challenge).digest("hex");
        return this.#result(name, want !== null && digest === want);
      }
      case "XOAUTH2": {
        if (sasl.step > 1) {
          this.#sasl = null;
          return reply(535, "5.7.8 Username and Password not accepted");
        }
        const [userPart = "", authPart = ""] = data.split("\x01");
        const name = userPart.startsWith("user=") ? userPart.slice(5) : "";
        const token = authPart.startsWith("auth=Bearer ") ? authPart.slice(12) : null;
        const tokens = this.#o.tokens ?? {};
        if (Object.hasOwn(tokens, name) && tokens[name] === token) {
          this.#sasl = null;
          return this.#result(name, true);
        }
        return continueWith('{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}');
      }
      default:
        // A mechanism offered through `mechanisms` that the server cannot check: it never succeeds.
        this.#sasl = null;
        return reply(535, "5.7.8 Error: authentication failed");
    }
  }

  #result(user: string, ok: boolean): Step {
    if (!ok) return reply(535, "5.7.8 Error: authentication failed");
    this.user = user;
    return reply(235, "2.7.0 Authentication successful");
  }

  #reset(): void {
    this.mailFrom = null;
    this.rcptTos = [];
    this.#mailOptions = [];
    this.#rcptOptions = [];
  }
}

/** parsePath reads "FROM:<address> PARAM=x ..." (RCPT: "TO:"): [address, params], or null. */
export function parsePath(args: string, keyword: string): [string, string[]] | null {
  if (args.slice(0, keyword.length).toUpperCase() !== keyword) return null;
  const rest = args.slice(keyword.length).trimStart();
  const m = /^<([^>]*)>(.*)$/.exec(rest) ?? /^(\S+)(.*)$/.exec(rest);
  if (!m) return null;
  const params = m[2]!.trim() === "" ? [] : m[2]!.trim().split(/\s+/);
  return [m[1]!, params];
}

function line(text: string): Buffer {
  return Buffer.from(`${text}\r\n`, "utf8");
}

function reply(code: number, text: string): Step {
  return code === 421
    ? { reply: line(`${code} ${text}`), after: "close" }
    : { reply: line(`${code} ${text}`) };
}

function multi(code: number, lines: readonly string[]): Step {
  const text = lines.map((l, i) => `${code}${i === lines.length - 1 ? " " : "-"}${l}\r\n`).join("");
  return { reply: Buffer.from(text, "utf8") };
}

function continueWith(text: string): Step {
  return { reply: line(`334 ${Buffer.from(text, "utf8").toString("base64")}`) };
}

let queued = 0;

function queueId(): string {
  queued += 1;
  return `${Date.now().toString(16).toUpperCase()}${queued.toString(16).toUpperCase().padStart(4, "0")}`;
}
