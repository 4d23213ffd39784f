// IACParser: the receive side of RFC 854/855 as a pure state machine. It takes the bytes a
// server sent, in whatever pieces TCP delivered them, and turns them into data and telnet
// events. A sequence split anywhere (between IAC and its command, between DO and its option,
// inside SB ... IAC SE) comes out exactly as if it had arrived whole.
//
// It follows telnetlib's process_rawq(): IAC IAC is a data byte 255; IAC DO/DONT/WILL/WONT
// takes an option byte; IAC SB starts a subnegotiation whose bytes are collected up to IAC SE;
// any other IAC <byte> is a command, also inside a subnegotiation; NUL and DC1 (XON) are
// dropped from the data. Two departures, both needed for real negotiation: subnegotiation
// bytes are kept exactly (Python also drops NUL and DC1 there, which breaks NEW-ENVIRON, whose
// VAR is 0), and `binary` (the server has agreed to send BINARY) keeps NUL and DC1 in the data.
import { DO, DONT, IAC, SB, SE, type Verb, WILL, WONT } from "./codes.js";
import { MAX_SUBNEGOTIATION } from "./limits.js";

const EMPTY: Buffer = Buffer.alloc(0);
const NUL = 0;
const DC1 = 0x11;

/** Data bytes, IAC IAC already undoubled. */
export interface DataEvent {
  type: "data";
  data: Buffer;
}
/** IAC <command> for any command but the negotiation verbs, SB, SE and IAC (NOP, GA, AYT, ...). */
export interface CommandEvent {
  type: "command";
  command: number;
}
/** IAC DO/DONT/WILL/WONT <option>. */
export interface NegotiationEvent {
  type: "negotiation";
  command: Verb;
  option: number;
}
/** IAC SB: a subnegotiation begins (what was collected for an unfinished one is dropped). */
export interface SubnegotiationBeginEvent {
  type: "sb";
}
/**
 * IAC SE: the subnegotiation is complete. `data` is everything between IAC SB and IAC SE,
 * option byte first, IAC IAC undoubled. When it was longer than the parser's bound, `data` is
 * empty and `overflow` is true. A stray IAC SE (no SB before it) gives empty data.
 */
export interface SubnegotiationEvent {
  type: "se";
  data: Buffer;
  overflow: boolean;
}

export type TelnetEvent =
  | DataEvent
  | CommandEvent
  | NegotiationEvent
  | SubnegotiationBeginEvent
  | SubnegotiationEvent;

export interface IACParserOptions {
  /** Bound on one subnegotiation's length in bytes (default MAX_SUBNEGOTIATION). */
  maxSubnegotiation?: number;
}

const S_DATA = 0;
const S_IAC = 1;
const S_VERB = 2;

/** IACParser turns received telnet bytes into events; feed() it each piece as it arrives. */
export class IACParser {
  /** Keep NUL and DC1 in the data (the server sends BINARY). */
  binary = false;
  readonly maxSubnegotiation: number;

  #state = S_DATA;
  #verb: Verb = DO;
  #inSB = false;
  #sb: Buffer[] = [];
  #sbLength = 0;
  #overflow = false;
  // Data bytes waiting to become one event, so a run of data split by IAC IAC stays one event.
  #data: Buffer[] = [];

  constructor(options: IACParserOptions = {}) {
    this.maxSubnegotiation = options.maxSubnegotiation ?? MAX_SUBNEGOTIATION;
  }

  /** True between IAC SB and IAC SE (telnetlib's `sb` flag). */
  get inSubnegotiation(): boolean {
    return this.#inSB;
  }

  /** The bytes of an unfinished IAC sequence (telnetlib's `iacseq`): empty, IAC, or IAC and a verb. */
  get pending(): Buffer {
    if (this.#state === S_IAC) return Buffer.from([IAC]);
    if (this.#state === S_VERB) return Buffer.from([IAC, this.#verb]);
    return EMPTY;
  }

  /** Forgets any unfinished sequence and subnegotiation (end of stream, close). */
  reset(): void {
    this.#state = S_DATA;
    this.#inSB = false;
    this.#clearSB();
    this.#data = [];
  }

  /**
   * Parses the next piece of the stream; returns the events it completes, in order. Data events
   * may share memory with `chunk`; subnegotiation data never does.
   */
  feed(chunk: Uint8Array): TelnetEvent[] {
    const events: TelnetEvent[] = [];
    this.parse(chunk, (e) => events.push(e));
    return events;
  }

  /**
   * parse(chunk, emit) is feed() handing each event to `emit` as soon as it is complete, so that
   * what `emit` changes (`binary`, after the server agrees to BINARY) applies to the very next
   * byte of the same chunk.
   */
  parse(chunk: Uint8Array, emit: (event: TelnetEvent) => void): void {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let i = 0;
    while (i < buf.length) {
      if (this.#state === S_DATA) {
        let end = buf.indexOf(IAC, i);
        if (end === -1) end = buf.length;
        if (end > i) this.#text(buf.subarray(i, end));
        i = end;
        if (i < buf.length) {
          this.#state = S_IAC;
          i++;
        }
        continue;
      }
      const c = buf[i++]!;
      if (this.#state === S_VERB) {
        this.#state = S_DATA;
        this.#flush(emit);
        emit({ type: "negotiation", command: this.#verb, option: c });
        continue;
      }
      // After IAC.
      this.#state = S_DATA;
      if (c === DO || c === DONT || c === WILL || c === WONT) {
        this.#verb = c;
        this.#state = S_VERB;
      } else if (c === IAC) {
        this.#literal(buf.subarray(i - 1, i));
      } else if (c === SB) {
        this.#flush(emit);
        this.#inSB = true;
        this.#clearSB();
        emit({ type: "sb" });
      } else if (c === SE) {
        this.#flush(emit);
        const data = this.#inSB && !this.#overflow ? concat(this.#sb, this.#sbLength) : EMPTY;
        emit({ type: "se", data, overflow: this.#inSB && this.#overflow });
        this.#inSB = false;
        this.#clearSB();
      } else {
        this.#flush(emit);
        emit({ type: "command", command: c });
      }
    }
    this.#flush(emit);
  }

  // Bytes between IAC sequences: data, or subnegotiation content.
  #text(bytes: Buffer): void {
    if (this.#inSB) this.#collect(bytes);
    else this.#data.push(this.binary ? bytes : strip(bytes));
  }

  // The 255 of IAC IAC: never stripped, wherever it goes.
  #literal(byte: Buffer): void {
    if (this.#inSB) this.#collect(byte);
    else this.#data.push(byte);
  }

  #collect(bytes: Buffer): void {
    if (this.#overflow) return;
    if (this.#sbLength + bytes.length > this.maxSubnegotiation) {
      this.#overflow = true;
      this.#sb = [];
      return;
    }
    // Copied: the caller may reuse its buffer before IAC SE arrives.
    this.#sb.push(Buffer.from(bytes));
    this.#sbLength += bytes.length;
  }

  #clearSB(): void {
    this.#sb = [];
    this.#sbLength = 0;
    this.#overflow = false;
  }

  #flush(emit: (event: TelnetEvent) => void): void {
    if (this.#data.length === 0) return;
    const parts = this.#data;
    this.#data = [];
    let length = 0;
    for (const p of parts) length += p.length;
    if (length > 0) emit({ type: "data", data: concat(parts, length) });
  }
}

function concat(parts: Buffer[], length: number): Buffer {
  if (parts.length === 1) return parts[0]!;
  return parts.length === 0 ? EMPTY : Buffer.concat(parts, length);
}

// NUL and DC1 dropped, as telnetlib drops them; no copy when there are none.
function strip(bytes: Buffer): Buffer {
  if (bytes.indexOf(NUL) === -1 && bytes.indexOf(DC1) === -1) return bytes;
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (const c of bytes) if (c !== NUL && c !== DC1) out[n++] = c;
  return out.subarray(0, n);
}
