// Unmarshaller, getparser() and loads(): XML-RPC to values, parsed by saxes (a conforming,
// non-validating XML parser that expands no entities but the five predefined ones and
// character references). A DOCTYPE is refused outright, so entity-expansion attacks never
// reach a parser; responses are bounded by the caller (Transport).
import { TextDecoder } from "node:util";
import { SaxesParser } from "saxes";
import {
  _datetime_type,
  Binary,
  DateTime,
  ExpatError,
  Fault,
  ResponseError,
  type XMLRPCValue,
} from "./types.js";

type Handler = (u: Unmarshaller, data: string) => void;

function parseInt_(data: string): number | bigint {
  const text = data.trim();
  if (!/^[+-]?\d+$/.test(text)) throw new RangeError(`invalid literal for int() with base 10: '${data}'`);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

function parseFloat_(data: string): number {
  const text = data.trim().toLowerCase();
  if (/^[+-]?(nan)$/.test(text)) return Number.NaN;
  if (/^[+-]?(inf|infinity)$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text))
    throw new RangeError(`could not convert string to float: '${data}'`);
  return Number(text);
}

const DISPATCH: Record<string, Handler> = {
  nil: (u) => u._push(null),
  boolean: (u, data) => {
    if (data === "0") u._push(false);
    else if (data === "1") u._push(true);
    else throw new TypeError("bad boolean value");
  },
  i1: (u, d) => u._push(parseInt_(d)),
  i2: (u, d) => u._push(parseInt_(d)),
  i4: (u, d) => u._push(parseInt_(d)),
  i8: (u, d) => u._push(parseInt_(d)),
  int: (u, d) => u._push(parseInt_(d)),
  biginteger: (u, d) => u._push(parseInt_(d)),
  double: (u, d) => u._push(parseFloat_(d)),
  float: (u, d) => u._push(parseFloat_(d)),
  // Python gives a Decimal; JavaScript has none: the number.
  bigdecimal: (u, d) => u._push(parseFloat_(d)),
  string: (u, d) => u._push(d),
  name: (u, d) => u._push(d),
  array: (u) => u._endArray(),
  struct: (u) => u._endStruct(),
  base64: (u, d) => {
    const value = new Binary();
    value.decode(d);
    u._push(u._use_bytes ? value.data : value);
  },
  "dateTime.iso8601": (u, d) => {
    const value = new DateTime();
    value.decode(d);
    u._push(u._use_datetime ? _datetime_type(d) : value, false);
  },
  value: (u, d) => {
    if (u._value) u._push(d);
  },
  params: (u) => {
    u._type = "params";
  },
  fault: (u) => {
    u._type = "fault";
  },
  methodName: (u, d) => {
    u._methodname = d;
    u._type = "methodName";
  },
};

/**
 * Unmarshaller(use_datetime, use_builtin_types): builds values from start/data/end events;
 * close() returns the parameters (or throws the Fault). Tolerant of bogus XML-RPC as Python's.
 */
export class Unmarshaller {
  _type: string | null = null;
  _stack: XMLRPCValue[] = [];
  _marks: number[] = [];
  _data: string[] = [];
  _value = false;
  _methodname: string | null = null;
  readonly _use_datetime: boolean;
  readonly _use_bytes: boolean;

  constructor(use_datetime = false, use_builtin_types = false) {
    this._use_datetime = use_builtin_types || use_datetime;
    this._use_bytes = use_builtin_types;
  }

  /** close(): the parameters as an array; a fault response throws its Fault. */
  close(): XMLRPCValue[] {
    if (this._type === null || this._marks.length > 0) throw new ResponseError();
    if (this._type === "fault") {
      const f = this._stack[0] as { faultCode: number | string; faultString: string };
      throw new Fault(f.faultCode, f.faultString);
    }
    return this._stack;
  }

  getmethodname(): string | null {
    return this._methodname;
  }

  start(tag: string): void {
    if (tag.includes(":")) tag = tag.split(":").at(-1)!;
    if (tag === "array" || tag === "struct") this._marks.push(this._stack.length);
    this._data = [];
    if (this._value && !(tag in DISPATCH)) throw new ResponseError(`unknown tag '${tag}'`);
    this._value = tag === "value";
  }

  data(text: string): void {
    this._data.push(text);
  }

  end(tag: string): void {
    let f = DISPATCH[tag];
    if (!f && tag.includes(":")) f = DISPATCH[tag.split(":").at(-1)!];
    if (!f) return;
    f(this, this._data.join(""));
  }

  /** @internal */
  _push(value: XMLRPCValue, resetValue = true): void {
    this._stack.push(value);
    if (resetValue) this._value = false;
  }

  /** @internal */
  _endArray(): void {
    const mark = this._marks.pop()!;
    this._stack.splice(mark, this._stack.length - mark, this._stack.slice(mark));
    this._value = false;
  }

  /** @internal */
  _endStruct(): void {
    const mark = this._marks.pop()!;
    const items = this._stack.slice(mark);
    const dict: { [key: string]: XMLRPCValue } = {};
    for (let i = 0; i + 1 < items.length; i += 2) dict[String(items[i])] = items[i + 1]!;
    this._stack.splice(mark, this._stack.length - mark, dict);
    this._value = false;
  }
}

const ENCODINGS: Record<string, string> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "us-ascii": "utf-8",
  ascii: "utf-8",
  "iso-8859-1": "latin1",
  "latin-1": "latin1",
  latin1: "latin1",
};

/**
 * XMLParser feeds bytes to saxes, decoding them by the XML declaration's encoding (UTF-8 by
 * default; ISO-8859-1 and US-ASCII too), and drives a target's start/data/end. Malformed
 * XML and any DOCTYPE throw ExpatError.
 */
export class XMLParser {
  #parser: SaxesParser;
  #target: Unmarshaller;
  #decoder: TextDecoder | null = null;
  #pending: Buffer = Buffer.alloc(0);
  #error: Error | null = null;

  constructor(target: Unmarshaller) {
    this.#target = target;
    const p = new SaxesParser({ xmlns: false, position: true });
    p.on("opentag", (tag) => this.#guard(() => target.start(tag.name)));
    p.on("text", (text) => this.#guard(() => target.data(text)));
    p.on("cdata", (text) => this.#guard(() => target.data(text)));
    p.on("closetag", (tag) => this.#guard(() => target.end(tag.name)));
    p.on("doctype", () => {
      this.#error ??= new ExpatError("a DOCTYPE is not allowed in XML-RPC (entity expansion attacks)");
    });
    p.on("error", (err) => {
      this.#error ??= new ExpatError(err.message);
    });
    this.#parser = p;
  }

  get target(): Unmarshaller {
    return this.#target;
  }

  #guard(fn: () => void): void {
    if (this.#error) return;
    try {
      fn();
    } catch (err) {
      this.#error = err as Error;
    }
  }

  #check(): void {
    if (this.#error) throw this.#error;
  }

  /** feed(data): more of the document. */
  feed(data: string | Uint8Array): void {
    this.#check();
    if (typeof data === "string") this.#parser.write(data);
    else {
      if (!this.#decoder) {
        this.#pending = Buffer.concat([this.#pending, data]);
        // Wait for the whole XML declaration (or enough to know there is none).
        const head = this.#pending.toString("latin1", 0, Math.min(this.#pending.length, 200));
        if (head.startsWith("<?xml") && !head.includes("?>") && this.#pending.length < 200) return;
        const m = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
        const enc = ENCODINGS[(m?.[1] ?? "utf-8").toLowerCase()];
        if (!enc) throw new ExpatError(`unknown encoding: ${m?.[1]}`);
        this.#decoder = new TextDecoder(enc === "latin1" ? "latin1" : "utf-8", { fatal: true });
        data = this.#pending;
        this.#pending = Buffer.alloc(0);
      }
      let text: string;
      try {
        text = this.#decoder.decode(data, { stream: true });
      } catch {
        throw new ExpatError("not well-formed (invalid token)");
      }
      this.#parser.write(text);
    }
    this.#check();
  }

  /** close(): the end of the document. */
  close(): void {
    if (this.#pending.length > 0) {
      const rest = this.#pending;
      this.#pending = Buffer.alloc(0);
      this.#decoder = new TextDecoder("utf-8", { fatal: true });
      this.feed(rest);
    }
    this.#check();
    this.#parser.close();
    this.#check();
  }
}

/** getparser(use_datetime, use_builtin_types): a parser and its unmarshaller, as Python's. */
export function getparser(use_datetime = false, use_builtin_types = false): [XMLParser, Unmarshaller] {
  const target = new Unmarshaller(use_datetime, use_builtin_types);
  return [new XMLParser(target), target];
}

/** Keyword arguments of loads(). */
export interface LoadsOptions {
  use_datetime?: boolean;
  use_builtin_types?: boolean;
}

/**
 * loads(data, {use_datetime, use_builtin_types}): [params, methodname] of an XML-RPC packet;
 * a fault packet throws its Fault.
 */
export function loads(data: string | Uint8Array, options: LoadsOptions = {}): [XMLRPCValue[], string | null] {
  const [p, u] = getparser(options.use_datetime ?? false, options.use_builtin_types ?? false);
  p.feed(data);
  p.close();
  return [u.close(), u.getmethodname()];
}
