// The control connection's pieces that are ftplib's own: the socket adapter a Conn reads
// through (patient while a transfer runs), Python's line-length rule, text decoding, and the
// debug trace in ftplib's words.
import { isAscii } from "node:buffer";
import {
  type CommandEncoding,
  type ConnTrace,
  type DebugTrace,
  pyrepr,
  type SocketLike,
  type socket,
  TextCodec,
  TimeoutError,
} from "@inetlib/socket";
import { Error as FTPError } from "./errors.js";

/**
 * ControlSource is the control socket as the Conn sees it. While a transfer's data flows, the
 * control connection is silent for as long as the transfer takes, so a timeout there means
 * nothing: reads wait on. Once the data is done the timeout applies again, counted from then.
 * (Python never reads the control connection during a transfer, so it never meets this.)
 */
export class ControlSource implements SocketLike {
  sock: socket;
  /** true: a transfer's data is flowing; a number: the time (ms) the data finished; null: normal. */
  patience: true | number | null = null;

  constructor(sock: socket) {
    this.sock = sock;
  }

  async recv(bufsize: number): Promise<Buffer> {
    for (;;) {
      try {
        return await this.sock.recv(bufsize);
      } catch (err) {
        if (!(err instanceof TimeoutError) || !this.#patient()) throw err;
      }
    }
  }

  /** Hands the Reader what the socket already holds (its fast path). */
  _recvBuffered(bufsize: number): Buffer {
    return this.sock._recvBuffered(bufsize);
  }

  /** The whole-line deadline's timeout: none while patient (a transfer's reply may be slow). */
  gettimeout(): number | null {
    return this.patience === null ? this.sock.gettimeout() : null;
  }

  _recvWithin(bufsize: number, timeout: number | null): Promise<Buffer> {
    return this.patience === null ? this.sock._recvWithin(bufsize, timeout) : this.recv(bufsize);
  }

  sendall(data: Uint8Array): Promise<void> {
    return this.sock.sendall(data);
  }

  close(): Promise<void> {
    return this.sock.close();
  }

  #patient(): boolean {
    const p = this.patience;
    if (p === true) return true;
    if (p === null) return false;
    const timeout = this.sock.gettimeout();
    return timeout !== null && Date.now() - p < timeout * 1000;
  }
}

/** Codec is the text side of ftplib's `encoding`: utf-8 (default), latin-1 or ascii. */
export interface Codec {
  /** Python's normalized name. */
  readonly name: "utf-8" | "latin-1" | "ascii";
  /** How the Conn encodes commands. */
  readonly command: CommandEncoding;
  /** Most bytes one character takes (bounds a line read in characters). */
  readonly width: number;
  /** Decodes strictly, as Python's text files do: UnicodeDecodeError on invalid bytes. */
  decode(bytes: Buffer): string;
  /** decode() of `raw`'s first `end` bytes (a line without its ending), without a second Buffer when it is ASCII. */
  decodeLine(raw: Buffer, end: number): string;
}

/** codec returns the Codec for an encoding name, or throws LookupError as Python does. */
export function codec(encoding: string): Codec {
  // The core's codec: the same names Python accepts, strict decoding, no newline translation.
  const text = new TextCodec(encoding, "strict", "");
  const name = text.encoding as Codec["name"];
  const command: CommandEncoding = name === "utf-8" ? "utf8" : name === "latin-1" ? "latin1" : "ascii";
  const decode = (bytes: Buffer): string => text.decode(bytes, true);
  // ASCII reads the same in all three (the core codec's own shortcut, taken without the codec
  // object in between); latin-1 cannot fail. Anything else goes through the strict decoder.
  const decodeLine =
    name === "latin-1"
      ? (raw: Buffer, end: number): string => raw.toString("latin1", 0, end)
      : (raw: Buffer, end: number): string =>
          isAscii(raw) ? raw.toString("latin1", 0, end) : decode(raw.subarray(0, end));
  return { name, command, width: name === "utf-8" ? 4 : 1, decode, decodeLine };
}

/**
 * byteLimit is how many bytes a line of `maxline` characters may take, terminator included,
 * so that the Reader never stops a line Python would accept. Python counts characters, with
 * CRLF read as one "\n" (text mode, universal newlines); checkLength applies that count.
 */
export function byteLimit(maxline: number, c: Codec): number {
  return maxline * c.width + 1;
}

/**
 * checkLength raises ftplib's Error("got more than N bytes") for a line Python's
 * readline(maxline + 1) would have found too long: `text` is the line without its terminator.
 */
export function checkLength(text: string, terminated: boolean, maxline: number): void {
  // Python counts code points; a string of at most maxline UTF-16 units has no more of them.
  const n = (text.length <= maxline ? text.length : [...text].length) + (terminated ? 1 : 0);
  if (n > maxline) throw new FTPError(`got more than ${maxline} bytes`);
}

/**
 * sanitize is ftplib's FTP.sanitize(): repr() of a line to print, with what follows "pass " or
 * "PASS " starred out (only those two spellings, as in Python).
 */
export function sanitize(s: string | Uint8Array): string {
  if (typeof s !== "string") return pyrepr(s);
  const head = s.slice(0, 5);
  if (head === "pass " || head === "PASS ") {
    const i = s.replace(/[\r\n]+$/, "").length;
    s = head + "*".repeat(Math.max(0, i - 5)) + s.slice(i);
  }
  return pyrepr(s);
}

/** Universal newlines, as Python's text-mode file shows a line in the `*get*` trace. */
export function asPythonText(raw: Buffer, c: Codec): string {
  const text = c.name === "utf-8" ? raw.toString("utf8") : raw.toString("latin1");
  return text.replace(/\r\n?/g, "\n");
}

/**
 * ftpTrace prints what ftplib prints: `*put* 'LINE\r\n'` for every line sent at level 2 and up
 * (`*cmd*` comes from putcmd), `*get* 'line\n'` for every line read at level 2 and up.
 */
export function ftpTrace(debug: DebugTrace, c: () => Codec, print: (...values: string[]) => void): ConnTrace {
  return {
    command(line) {
      if (debug.level > 1) print("*put*", sanitize(`${asPythonText(line, c())}\r\n`));
    },
    line(line) {
      if (debug.level > 1) print("*get*", sanitize(asPythonText(line, c())));
    },
  };
}
