/**
 * A telnet client for the smoke test on @inetlib/socket: raw bytes through recv(), since IAC
 * negotiation is below the line layer.
 */
import { create_connection, type socket, TimeoutError } from "@inetlib/socket";
import { host as defaultHost } from "../env.js";
import { DEFAULT_TIMEOUT } from "../helpers.js";

const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const OPT_ECHO = 1;
const OPT_SGA = 3;

/**
 * TelnetConn refuses every option except the server's ECHO and SUPPRESS-GO-AHEAD, strips IAC
 * sequences, and lets a test wait for text (as telnetlib's read_until/expect).
 */
export class TelnetConn {
  #pending: Buffer = Buffer.alloc(0);
  #text = "";

  private constructor(readonly sock: socket) {}

  static async dial(port: number, host: string = defaultHost): Promise<TelnetConn> {
    return new TelnetConn(await create_connection([host, port], DEFAULT_TIMEOUT));
  }

  /** Strips IAC sequences from `data` into the text and answers negotiations. */
  async #feed(data: Buffer): Promise<void> {
    const buf = Buffer.concat([this.#pending, data]);
    const plain: number[] = [];
    const answers: number[] = [];
    let i = 0;
    while (i < buf.length) {
      const c = buf[i]!;
      if (c !== IAC) {
        plain.push(c);
        i++;
        continue;
      }
      if (i + 1 >= buf.length) break;
      const cmd = buf[i + 1]!;
      if (cmd === IAC) {
        plain.push(IAC);
        i += 2;
      } else if (cmd === DO || cmd === DONT || cmd === WILL || cmd === WONT) {
        if (i + 2 >= buf.length) break;
        const opt = buf[i + 2]!;
        if (cmd === DO) answers.push(IAC, WONT, opt);
        else if (cmd === WILL) answers.push(IAC, opt === OPT_ECHO || opt === OPT_SGA ? DO : DONT, opt);
        i += 3;
      } else if (cmd === SB) {
        const end = buf.indexOf(Buffer.from([IAC, SE]), i + 2);
        if (end < 0) break;
        i = end + 2;
      } else {
        i += 2;
      }
    }
    this.#pending = buf.subarray(i);
    this.#text += Buffer.from(plain).toString("latin1");
    if (answers.length > 0) await this.sock.sendall(Buffer.from(answers));
  }

  /**
   * expect waits until the text received since the last expect() matches `re`, consumes it
   * through the match and returns it. `timeout` is in seconds, as telnetlib's.
   */
  async expect(re: RegExp, timeout = DEFAULT_TIMEOUT): Promise<string> {
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const m = re.exec(this.#text);
      if (m) {
        const upto = this.#text.slice(0, m.index + m[0].length);
        this.#text = this.#text.slice(m.index + m[0].length);
        return upto;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${re}; got ${JSON.stringify(this.#text)}`);
      this.sock.settimeout(left / 1000);
      let data: Buffer;
      try {
        data = await this.sock.recv(4096);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        throw new Error(`timed out waiting for ${re}; got ${JSON.stringify(this.#text)}`, { cause: e });
      }
      if (data.length === 0)
        throw new Error(`connection closed waiting for ${re}; got ${JSON.stringify(this.#text)}`);
      await this.#feed(data);
    }
  }

  /**
   * expectOrEnd is expect() that also accepts the end of the connection (null): after the
   * program or shell exits, telnetd sometimes closes before it has read the last output from
   * the pty (see test/interop/telnet.test.ts).
   */
  async expectOrEnd(re: RegExp, timeout = DEFAULT_TIMEOUT): Promise<string | null> {
    try {
      return await this.expect(re, timeout);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith("connection closed waiting")) return null;
      throw e;
    }
  }

  /** sendLine sends a line with CR LF; IAC bytes are doubled. */
  sendLine(line: string): Promise<void> {
    const out: number[] = [];
    for (const b of Buffer.from(`${line}\r\n`, "utf8")) {
      out.push(b);
      if (b === IAC) out.push(IAC);
    }
    return this.sock.sendall(Buffer.from(out));
  }

  close(): Promise<void> {
    return this.sock.close();
  }
}
