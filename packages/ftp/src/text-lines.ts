// retrlines's reading half: the lines of a text transfer (TYPE A), decoded, as Python's text
// file (universal newlines) gives them to retrlines.
import { isAscii } from "node:buffer";
import { type DebugTrace, LineTooLong, pyrepr, Reader } from "@inetlib/socket";
import { byteLimit, type Codec, checkLength } from "./control.js";
import { Error as FTPError } from "./errors.js";
import type { Transfer } from "./transfer.js";

/**
 * TextLineReader reads a text transfer's lines: at most `maxline` characters each (Error "got
 * more than N bytes" otherwise), decoded, line endings removed. As Python's text file does, a
 * lone CR also ends a line.
 *
 * It is the hot loop of a listing (100,000 lines for NLST of 5,000 names ×20), so a line costs
 * one Buffer (the Reader's) and one string: the ending is cut by length rather than by a second
 * Buffer, and the text is split at a lone CR only when it holds one (a split() per line was a
 * fifth of the loop's time). Better still, the complete lines of a received chunk are decoded
 * and split at once when they are ASCII (Reader.tryReadLines): a fresh process runs far less
 * of its own code per line before V8 has compiled it (the cost of the first listings).
 */
export class TextLineReader {
  readonly #t: Transfer;
  readonly #reader: Reader;
  readonly #limit: number;
  readonly #maxline: number;
  readonly #codec: Codec;
  readonly #debug: DebugTrace;
  /** A line fill() received, not yet taken by tryNext(). */
  #held: Buffer | null = null;
  /** The pieces of a line that held lone CRs, and the next one to return (null: none left). */
  #pieces: string[] | null = null;
  #next = 0;
  /** Lines of a chunk decoded at once (all ended), and the next one to return. */
  #batch: string[] | null = null;
  #bi = 0;
  /** Whether the last line read had an ending (a line cut off by end of stream has none). */
  #terminated = false;
  done = false;

  constructor(t: Transfer, maxline: number, codec: Codec, debug: DebugTrace) {
    this.#t = t;
    this.#reader = new Reader(t.conn);
    this.#limit = byteLimit(maxline, codec);
    this.#maxline = maxline;
    this.#codec = codec;
    this.#debug = debug;
  }

  /** tryNext: the next line when its bytes were received; null when they must be awaited (fill()); undefined at the end. */
  tryNext(): string | null | undefined {
    let line: string;
    let ended: boolean;
    const pieces = this.#pieces;
    const batch = this.#batch ?? (pieces === null && this.#held === null ? this.#tryBatch() : null);
    if (batch !== null) {
      line = batch[this.#bi++]!;
      if (this.#bi === batch.length) this.#batch = null;
      ended = true;
    } else if (pieces !== null) {
      line = pieces[this.#next++]!;
      ended = this.#next < pieces.length || this.#terminated;
      if (!(this.#next < pieces.length)) this.#pieces = null;
    } else {
      const raw = this.#held ?? this.#tryRaw();
      this.#held = null;
      if (raw === null) return this.done ? undefined : null;
      const n = raw.length;
      if (n === 0) {
        if (this.#debug.level > 2) this.#debug.print("*retr*", pyrepr(""));
        this.done = true;
        return undefined;
      }
      this.#t.counted(n);
      const last = raw[n - 1];
      this.#terminated = last === 10 || last === 13;
      // stripEOL's rule (CRLF, else LF, else CR), as a length.
      const end = last === 10 ? (n >= 2 && raw[n - 2] === 13 ? n - 2 : n - 1) : last === 13 ? n - 1 : n;
      line = this.#codec.decodeLine(raw, end);
      ended = this.#terminated;
      if (line.indexOf("\r") !== -1) {
        // Lone CRs: each ends a line of its own, as in Python's universal newlines.
        const split = line.split("\r");
        line = split[0]!;
        ended = true;
        this.#pieces = split;
        this.#next = 1;
      }
    }
    checkLength(line, ended, this.#maxline);
    if (this.#debug.level > 2) this.#debug.print("*retr*", pyrepr(ended ? `${line}\n` : line));
    return line;
  }

  /** fill waits for the next line's bytes (after tryNext() returned null). */
  async fill(): Promise<void> {
    try {
      this.#held = await this.#reader.readline(this.#limit);
    } catch (err) {
      throw this.#translate(err);
    }
  }

  // The complete lines of the oldest chunk received, decoded and split at once when they are
  // ASCII (the same text in every codec): CRLF, LF and a lone CR each end a line, as in
  // Python's universal newlines. Anything else (other bytes, the trace at level 3, a line over
  // the limit) stays for tryReadline, a line at a time.
  #tryBatch(): string[] | null {
    if (this.done || this.#debug.level > 2) return null;
    let block: Buffer | null;
    try {
      block = this.#reader.tryReadLines(this.#limit, isAscii);
    } catch (err) {
      throw this.#translate(err);
    }
    if (block === null) return null;
    this.#t.counted(block.length);
    const lines = block.toString("latin1").split(NEWLINE);
    lines.pop();
    this.#batch = lines;
    this.#bi = 0;
    return lines;
  }

  #tryRaw(): Buffer | null {
    if (this.done) return null;
    try {
      return this.#reader.tryReadline(this.#limit);
    } catch (err) {
      throw this.#translate(err);
    }
  }

  #translate(err: unknown): unknown {
    if (err instanceof LineTooLong)
      return new FTPError(`got more than ${this.#maxline} bytes`, { cause: err });
    return err;
  }
}

/** Python's universal newlines: CRLF, a lone CR, or LF. */
const NEWLINE = /\r\n|\r|\n/;

/** The lines of a text transfer as an async generator (iterlines); see TextLineReader. */
export async function* textLines(
  t: Transfer,
  maxline: number,
  codec: Codec,
  debug: DebugTrace,
): AsyncGenerator<string, void, undefined> {
  const lines = new TextLineReader(t, maxline, codec, debug);
  for (;;) {
    const line = lines.tryNext();
    if (line === undefined) return;
    if (line === null) await lines.fill();
    else yield line;
  }
}
