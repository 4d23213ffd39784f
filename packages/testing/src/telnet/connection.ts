// TelnetConnection: the server's end of one telnet connection. It records every byte the client
// sent, answers option negotiation the way telnetd does (what it proposed, or supports, it
// accepts; everything else it refuses; it never answers what is already so), and reads lines
// of data. Scripted tests use it directly: send() puts exact bytes on the wire.
import type { socket } from "@inetlib/socket";
import { ClientDecoder, type ClientEvent, DO, DONT, escapeIAC, IAC, SB, SE, WILL, WONT } from "./decoder.js";

export const ECHO = 1;
export const SGA = 3;
export const BINARY = 0;
export const TTYPE = 24;
export const NAWS = 31;
export const NEW_ENVIRON = 39;

/** The options the server performs when asked (client DO) and lets the client perform (client WILL). */
const SERVER_WILL = new Set([ECHO, SGA, BINARY]);
const SERVER_DO = new Set([SGA, BINARY, TTYPE, NAWS, NEW_ENVIRON]);

/** A negotiation command as the client sent it, or a subnegotiation. */
export type NegotiationRecord = Exclude<ClientEvent, { kind: "data" }>;

export class TelnetConnection {
  readonly sock: socket;
  /** Every chunk the client sent, as received. */
  readonly received: Buffer[] = [];
  /** Every command and subnegotiation the client sent, in order. */
  readonly negotiation: NegotiationRecord[] = [];
  /** Options the client performs (it said WILL and we DO). */
  readonly clientWill = new Set<number>();
  /** Options we perform for the client (it said DO and we WILL). */
  readonly clientDo = new Set<number>();
  /** Options we proposed and the client refused. */
  readonly refused = new Set<number>();
  /** Terminal types the client sent (TTYPE IS), in order. */
  readonly terminalTypes: string[] = [];
  /** The last window size the client sent (NAWS): [width, height]. */
  windowSize: [number, number] | null = null;
  /** Variables the client sent (NEW-ENVIRON IS and INFO). */
  readonly environ: Record<string, string> = {};
  /** Settles when the client has closed or the connection ended. */
  readonly closed: Promise<void>;

  /**
   * Answer the client's negotiation as telnetd would (default). Off, every command is only
   * recorded, and the bytes on the wire are exactly what the test sends.
   */
  autoNegotiate: boolean;

  readonly #decoder = new ClientDecoder();
  #data: number[] = [];
  #eof = false;
  #waiters = new Set<() => void>();
  // Proposals awaiting an answer: "will:1", "do:24"; and subnegotiations awaited: "sb:24".
  readonly #pending = new Set<string>();
  #cr = false;

  constructor(sock: socket, options: { autoNegotiate?: boolean } = {}) {
    this.sock = sock;
    this.autoNegotiate = options.autoNegotiate ?? true;
    this.closed = this.#pump();
  }

  /** Every byte the client sent so far. */
  get transcript(): Buffer {
    return Buffer.concat(this.received);
  }

  /** True once the client closed its side. */
  get eof(): boolean {
    return this.#eof;
  }

  /** True while proposals or the subnegotiations they lead to are unanswered. */
  get negotiating(): boolean {
    return this.#pending.size > 0;
  }

  /** send(bytes): exactly these bytes (a string is UTF-8), nothing escaped. */
  async send(data: Buffer | string): Promise<void> {
    await this.sock.sendall(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }

  /** sendText(text): text as NVT data: "\n" becomes CR LF, every 255 is doubled. */
  async sendText(text: string): Promise<void> {
    await this.send(escapeIAC(Buffer.from(text.replace(/\r?\n/g, "\r\n"), "utf8")));
  }

  /** propose(verb, option): sends IAC WILL/DO <option> and waits for nothing; the answer is recorded. */
  async propose(verb: typeof WILL | typeof DO, option: number): Promise<void> {
    this.#pending.add(`${verb === WILL ? "will" : "do"}:${option}`);
    await this.send(Buffer.from([IAC, verb, option]));
  }

  /** settle(timeout): waits until every proposal is answered (or `timeout` seconds pass). */
  async settle(timeout = 2): Promise<void> {
    const deadline = Date.now() + timeout * 1000;
    while (this.#pending.size > 0 && !this.#eof && Date.now() < deadline)
      await this.#wait(Math.max(1, deadline - Date.now()));
  }

  /** waitFor(bytes): waits until the client has sent these bytes (anywhere in its transcript). */
  async waitFor(bytes: Buffer | string, timeout = 5): Promise<void> {
    const needle = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes;
    const deadline = Date.now() + timeout * 1000;
    while (!this.transcript.includes(needle)) {
      if (this.#eof || Date.now() >= deadline)
        throw new Error(`client did not send ${JSON.stringify(needle.toString("latin1"))}`);
      await this.#wait(deadline - Date.now());
    }
  }

  /**
   * readLine(echo): the next line of data the client typed, without its end (CR LF, CR NUL or
   * LF; while the client sends BINARY, CR and LF each end a line, as behind telnetd), or null
   * at end of stream. With `echo` and ECHO on, the line is echoed back as a
   * terminal would.
   */
  async readLine(echo = true): Promise<string | null> {
    for (;;) {
      const line = this.#takeLine();
      if (line !== null) {
        const text = Buffer.from(line).toString("utf8");
        if (echo && this.clientDo.has(ECHO)) await this.sendText(`${text}\n`);
        return text;
      }
      if (this.#eof) return null;
      await this.#wait(null);
    }
  }

  /** readData(): every data byte received and not yet read (waits for at least one; empty at end of stream). */
  async readData(): Promise<Buffer> {
    while (this.#data.length === 0 && !this.#eof) await this.#wait(null);
    const out = Buffer.from(this.#data);
    this.#data = [];
    return out;
  }

  /** close(): ends the connection (the server hangs up). */
  async close(): Promise<void> {
    await this.sock.close();
  }

  #takeLine(): number[] | null {
    for (let i = 0; i < this.#data.length; i++) {
      const c = this.#data[i]!;
      if (c === 10 || c === 13) {
        const line = this.#data.slice(0, i);
        let skip = i + 1;
        // Client BINARY: telnetd passes CR LF to the pty as it is, where ICRNL makes two line
        // ends of it; the shell sees an empty line after each one.
        const nvt = !this.clientWill.has(BINARY);
        if (nvt && c === 13 && (this.#data[skip] === 10 || this.#data[skip] === 0)) skip++;
        // A CR at the end of what arrived: its LF or NUL may come next and is not a second line.
        this.#cr = nvt && c === 13 && skip === i + 1 && skip === this.#data.length;
        this.#data = this.#data.slice(skip);
        return line;
      }
    }
    return null;
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const chunk = await this.sock.recv(65536);
        if (chunk.length === 0) break;
        this.received.push(chunk);
        for (const event of this.#decoder.feed(chunk)) await this.#handle(event);
        this.#wake();
      }
    } catch {
      // The connection was closed under us: nothing more will come.
    } finally {
      this.#eof = true;
      this.#wake();
    }
  }

  async #handle(event: ClientEvent): Promise<void> {
    if (event.kind === "data") {
      if (this.#cr && (event.byte === 10 || event.byte === 0)) {
        this.#cr = false;
        return;
      }
      this.#cr = false;
      this.#data.push(event.byte);
      return;
    }
    this.negotiation.push(event);
    if (!this.autoNegotiate) return;
    if (event.kind === "verb") await this.#verb(event.verb, event.option);
    else if (event.kind === "sb") await this.#subnegotiation(event.option, event.data);
  }

  async #verb(verb: number, option: number): Promise<void> {
    const reply = (v: number) => this.send(Buffer.from([IAC, v, option]));
    if (verb === WILL || verb === WONT) {
      const asked = this.#pending.delete(`do:${option}`);
      if (verb === WILL) {
        if (this.clientWill.has(option)) return;
        if (!asked && !SERVER_DO.has(option)) return reply(DONT);
        this.clientWill.add(option);
        if (!asked) await reply(DO);
        if (option === TTYPE) {
          this.#pending.add(`sb:${TTYPE}`);
          await this.send(Buffer.from([IAC, SB, TTYPE, 1, IAC, SE]));
        } else if (option === NEW_ENVIRON) {
          this.#pending.add(`sb:${NEW_ENVIRON}`);
          await this.send(Buffer.from([IAC, SB, NEW_ENVIRON, 1, IAC, SE]));
        } else if (option === NAWS) this.#pending.add(`sb:${NAWS}`);
      } else if (asked) this.refused.add(option);
      else if (this.clientWill.delete(option)) await reply(DONT);
      return;
    }
    const asked = this.#pending.delete(`will:${option}`);
    if (verb === DO) {
      if (this.clientDo.has(option)) return;
      if (!asked && !SERVER_WILL.has(option)) return reply(WONT);
      this.clientDo.add(option);
      if (!asked) await reply(WILL);
    } else if (asked) this.refused.add(option);
    else if (this.clientDo.delete(option)) await reply(WONT);
  }

  async #subnegotiation(option: number, data: Buffer): Promise<void> {
    this.#pending.delete(`sb:${option}`);
    if (option === TTYPE && data[0] === 0) this.terminalTypes.push(data.subarray(1).toString("latin1"));
    else if (option === NAWS && data.length === 4)
      this.windowSize = [data.readUInt16BE(0), data.readUInt16BE(2)];
    else if (option === NEW_ENVIRON && (data[0] === 0 || data[0] === 2))
      Object.assign(this.environ, parseEnviron(data.subarray(1)));
  }

  #wake(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w();
  }

  #wait(ms: number | null): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      this.#waiters.add(done);
      if (ms !== null) timer = setTimeout(done, ms);
    });
  }
}

/** NEW-ENVIRON IS/INFO content (after the verb): (VAR|USERVAR name [VALUE value])..., ESC unescaped. */
export function parseEnviron(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const field = (): string => {
    const bytes: number[] = [];
    while (i < data.length) {
      const c = data[i]!;
      if (c === 2 && i + 1 < data.length) {
        bytes.push(data[i + 1]!);
        i += 2;
      } else if (c <= 3) break;
      else {
        bytes.push(c);
        i++;
      }
    }
    return Buffer.from(bytes).toString("utf8");
  };
  while (i < data.length) {
    const kind = data[i++];
    if (kind !== 0 && kind !== 3) continue;
    const name = field();
    if (data[i] === 1) {
      i++;
      out[name] = field();
    }
  }
  return out;
}
