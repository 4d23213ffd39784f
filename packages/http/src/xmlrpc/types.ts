// xmlrpc.client's value wrappers, errors and constants.
import { pyrepr } from "@inetlib/socket";

export const MAXINT = 2 ** 31 - 1;
export const MININT = -(2 ** 31);

// Error codes of the XML-RPC fault interoperability specification (as Python's constants).
export const PARSE_ERROR = -32700;
export const SERVER_ERROR = -32600;
export const APPLICATION_ERROR = -32500;
export const SYSTEM_ERROR = -32400;
export const TRANSPORT_ERROR = -32300;
export const NOT_WELLFORMED_ERROR = -32700;
export const UNSUPPORTED_ENCODING = -32701;
export const INVALID_ENCODING_CHAR = -32702;
export const INVALID_XMLRPC = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_METHOD_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

/** escape(s): &, < and > as entities, as Python's xmlrpc.client.escape. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: Python's name (the global escape() is deprecated)
export function escape(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** boolean(value): Python's bool(), which xmlrpc.client exports as boolean. */
export function boolean(value: unknown): boolean {
  return Boolean(value);
}

/** Error: the base of xmlrpc.client's errors (exported as xmlrpc.Error; XMLRPCError at top level). */
export class XMLRPCError extends Error {
  override name = "Error";
}

/**
 * ProtocolError(url, errcode, errmsg, headers): the server answered the HTTP request with a
 * status other than 200. Its message is Python's repr: "<ProtocolError for host/RPC2: 404 Not Found>".
 */
export class ProtocolError extends XMLRPCError {
  override name = "ProtocolError";
  readonly url: string;
  readonly errcode: number;
  readonly errmsg: string;
  readonly headers: Record<string, string>;

  constructor(url: string, errcode: number, errmsg: string, headers: Record<string, string>) {
    super(`<ProtocolError for ${url}: ${errcode} ${errmsg}>`);
    this.url = url;
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.headers = headers;
  }
}

/** ResponseError: the response is not XML-RPC (a broken package), or too large. */
export class ResponseError extends XMLRPCError {
  override name = "ResponseError";
}

/**
 * Fault(faultCode, faultString): the server's fault reply. Its message is Python's repr:
 * "<Fault 4: 'Too many parameters.'>".
 */
export class Fault extends XMLRPCError {
  override name = "Fault";
  readonly faultCode: number | string;
  readonly faultString: string;

  constructor(faultCode: number | string, faultString: string) {
    super(`<Fault ${faultCode}: ${pyrepr(faultString)}>`);
    this.faultCode = faultCode;
    this.faultString = faultString;
  }
}

/** ExpatError: the XML itself is malformed (or has a DOCTYPE, which is refused), as pyexpat's. */
export class ExpatError extends Error {
  override name = "ExpatError";
}

/** Something DateTime.encode and Binary.encode write to (Python's Marshaller has write()). */
export interface Writer {
  write(text: string): void;
}

const two = (n: number) => String(n).padStart(2, "0");

/** _iso8601(date): "YYYYMMDDTHH:MM:SS" of a Date's UTC fields (JavaScript has no naive datetime). */
export function _iso8601(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, "0")}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function localStamp(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${String(d.getFullYear()).padStart(4, "0")}${two(d.getMonth() + 1)}${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** _datetime_type(text): a "YYYYMMDDTHH:MM:SS" stamp as a Date (read as UTC); ValueError-like RangeError if malformed. */
export function _datetime_type(text: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new RangeError(`time data '${text}' does not match format '%Y%m%dT%H:%M:%S'`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y);
  return date;
}

/** A time tuple as Python's: (year, month, day, hour, minute, second, ...). */
export type TimeTuple = readonly number[];

/**
 * DateTime(value): a dateTime.iso8601 value, kept as its text "YYYYMMDDTHH:MM:SS". From a
 * string (as is), a Date (its UTC fields), a time tuple, or seconds since the epoch (local
 * time, as Python's; 0 means now).
 */
export class DateTime {
  value: string;

  constructor(value: string | Date | number | TimeTuple = 0) {
    if (typeof value === "string") this.value = value;
    else if (value instanceof Date) this.value = _iso8601(value);
    else if (typeof value === "number") this.value = localStamp(value === 0 ? Date.now() / 1000 : value);
    else {
      const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = value;
      this.value = `${String(y).padStart(4, "0")}${two(mo)}${two(d)}T${two(h)}:${two(mi)}:${two(s)}`;
    }
  }

  /** make_comparable(other): the two values compared (text against text). */
  make_comparable(other: DateTime | Date | string): [string, string] {
    if (other instanceof DateTime) return [this.value, other.value];
    if (other instanceof Date) return [this.value, _iso8601(other)];
    return [this.value, other];
  }

  /** equals(other): Python's ==. */
  equals(other: DateTime | Date | string): boolean {
    const [s, o] = this.make_comparable(other);
    return s === o;
  }

  /** compare(other): -1, 0 or 1 (Python's <, ==, >). */
  compare(other: DateTime | Date | string): number {
    const [s, o] = this.make_comparable(other);
    return s < o ? -1 : s > o ? 1 : 0;
  }

  /** timetuple(): [year, month, day, hour, minute, second]. */
  timetuple(): number[] {
    const d = _datetime_type(this.value);
    return [
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ];
  }

  toString(): string {
    return this.value;
  }

  valueOf(): string {
    return this.value;
  }

  decode(data: string | Uint8Array): void {
    this.value = (typeof data === "string" ? data : Buffer.from(data).toString()).trim();
  }

  encode(out: Writer): void {
    out.write("<value><dateTime.iso8601>");
    out.write(this.value);
    out.write("</dateTime.iso8601></value>\n");
  }
}

/** encodebytes(data): base64 in lines of 76 characters, each ending "\n", as Python's. */
export function encodebytes(data: Uint8Array): string {
  const b64 = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
  let out = "";
  for (let i = 0; i < b64.length; i += 76) out += `${b64.slice(i, i + 76)}\n`;
  return out;
}

/** Binary(data): a base64 value: bytes kept as a Buffer (a copy). */
export class Binary {
  data: Buffer;

  constructor(data: Uint8Array | null = null) {
    if (data === null || data === undefined) this.data = Buffer.alloc(0);
    else if (!(data instanceof Uint8Array))
      throw new TypeError(
        `expected bytes or bytearray, not ${typeof data === "string" ? "str" : typeof data}`,
      );
    else this.data = Buffer.from(data);
  }

  /** str(): the bytes as latin-1 text. */
  toString(): string {
    return this.data.toString("latin1");
  }

  /** equals(other): Python's == against a Binary or bytes. */
  equals(other: Binary | Uint8Array): boolean {
    return this.data.equals(other instanceof Binary ? other.data : Buffer.from(other));
  }

  decode(data: string | Uint8Array): void {
    this.data = Buffer.from(typeof data === "string" ? data : Buffer.from(data).toString("latin1"), "base64");
  }

  encode(out: Writer): void {
    out.write("<value><base64>\n");
    out.write(encodebytes(this.data));
    out.write("</base64></value>\n");
  }
}

/** The classes whose encode() the Marshaller calls (Python's WRAPPERS). */
export const WRAPPERS = [DateTime, Binary] as const;

/**
 * XMLRPCValue: what marshals and unmarshals. Numbers: safe integers are <int> (OverflowError
 * outside int32, as Python's int), other numbers <double> (so 2.0 goes as <int>); bigint is <int>. Buffer/Uint8Array and Binary are <base64>; Date and
 * DateTime are <dateTime.iso8601>; null is <nil/> with allow_none; arrays and plain objects
 * are <array> and <struct>.
 */
export type XMLRPCValue =
  | number
  | bigint
  | boolean
  | string
  | null
  | Uint8Array
  | Binary
  | DateTime
  | Date
  | XMLRPCValue[]
  | { [key: string]: XMLRPCValue };
