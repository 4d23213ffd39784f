// email.message.Message: headers as a case-insensitive ordered multi-map, a payload that is a
// string (bytes kept as escaped surrogates) or a list of sub-messages, and Python's parameter
// handling. Message uses compat32; EmailMessage (email-message.ts) adds policy.default's API.
import { decode_b } from "./base64mime.js";
import { Charset } from "./charset.js";
import { HeaderParseError, KeyError, type MessageDefect } from "./errors.js";

export { KeyError };

import type { Header } from "./header.js";
import { compat32, type FoldableHeader, type Policy, type StoredValue } from "./policybase.js";
import { a2b_qp, splitlines } from "./quoprimime.js";
import { decode, encode, hasSurrogates, isAscii } from "./strings.js";
import {
  collapse_rfc2231_value,
  decode_params,
  encode_rfc2231,
  type ParamValue,
  quote,
  type RFC2231Value,
  unquote,
} from "./utils.js";

const TSPECIALS = /[ ()<>@,;:\\"/[\]?=]/;

/** A header value as get() returns it: text, a Header (compat32), or a header object (policy.default). */
export type HeaderValue = string | Header | FoldableHeader;
/** A payload: text (bytes escaped), sub-messages, or nothing. */
export type Payload = string | Message[] | null;

function splitparam(param: string): [string, string | null] {
  const i = param.indexOf(";");
  if (i < 0) return [param.trim(), null];
  return [param.slice(0, i).trim(), param.slice(i + 1).trim()];
}

/** _formatparam formats one parameter: quoted when asked or needed, RFC 2231 for non-ASCII. */
export function _formatparam(param: string, value: ParamValue | null = null, quoteIt = true): string {
  if (value !== null && value.length > 0) {
    if (Array.isArray(value)) return `${param}*=${encode_rfc2231(value[2], value[0], value[1])}`;
    const v = value as string;
    if (!isAscii(v)) return `${param}*=${encode_rfc2231(v, "utf-8", "")}`;
    if (quoteIt || TSPECIALS.test(v)) return `${param}="${quote(v)}"`;
    return `${param}=${v}`;
  }
  return param;
}

function countQuotes(s: string, end: number): number {
  const sub = s.slice(0, end);
  return (sub.match(/"/g)?.length ?? 0) - (sub.match(/\\"/g)?.length ?? 0);
}

/** _parseparam splits a header value on the semicolons outside quotes. */
export function _parseparam(value: string): string[] {
  let s = `;${value}`;
  const plist: string[] = [];
  while (s.startsWith(";")) {
    s = s.slice(1);
    let end = s.indexOf(";");
    while (end > 0 && countQuotes(s, end) % 2) end = s.indexOf(";", end + 1);
    if (end < 0) end = s.length;
    let f = s.slice(0, end);
    const i = f.indexOf("=");
    if (i >= 0) f = `${f.slice(0, i).trim().toLowerCase()}=${f.slice(i + 1).trim()}`;
    plist.push(f.trim());
    s = s.slice(end);
  }
  return plist;
}

function unquotevalue(value: ParamValue): ParamValue {
  return Array.isArray(value) ? [value[0], value[1], unquote(value[2])] : unquote(value as string);
}

/** isKw tells a trailing keyword-arguments object from a positional value. */
export function isKw(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** The keyword arguments of get_param/get_params. */
export interface GetParamOptions<T> {
  failobj?: T;
  header?: string;
  unquote?: boolean;
}
/** The keyword arguments of set_param. */
export interface SetParamOptions {
  header?: string;
  requote?: boolean;
  charset?: string | null;
  language?: string;
  replace?: boolean;
}
/** The keyword arguments of as_string/as_bytes. */
export interface AsStringOptions {
  unixfrom?: boolean;
  maxheaderlen?: number | null;
  policy?: Policy | null;
}

/** The generator the message's as_string/as_bytes use (set by generator.ts, which imports this). */
export const generatorHooks: {
  asString?: (msg: Message, unixfrom: boolean, maxheaderlen: number | null, policy: Policy) => string;
  asBytes?: (msg: Message, unixfrom: boolean, policy: Policy) => Buffer;
} = {};

/** Message is email.message.Message. */
export class Message implements Iterable<string> {
  policy: Policy;
  _headers: [string, StoredValue][] = [];
  _unixfrom: string | null = null;
  _payload: Payload = null;
  _charset: Charset | null = null;
  preamble: string | null = null;
  epilogue: string | null = null;
  defects: MessageDefect[] = [];
  _default_type = "text/plain";

  constructor(policy: Policy | { policy?: Policy | null } = compat32) {
    this.policy = isKw(policy) ? (policy.policy ?? compat32) : (policy as Policy);
  }

  toString(): string {
    return this.as_string();
  }

  /** as_string flattens the message (headers not folded unless maxheaderlen says so). */
  as_string(
    unixfrom: boolean | AsStringOptions = false,
    maxheaderlen: number | null = 0,
    policy: Policy | null = null,
  ): string {
    const o = isKw(unixfrom) ? (unixfrom as AsStringOptions) : { unixfrom, maxheaderlen, policy };
    return generatorHooks.asString!(
      this,
      !!o.unixfrom,
      o.maxheaderlen === undefined ? 0 : o.maxheaderlen,
      o.policy ?? this.policy,
    );
  }

  /** as_bytes flattens the message to bytes as BytesGenerator does. */
  as_bytes(
    unixfrom: boolean | { unixfrom?: boolean; policy?: Policy | null } = false,
    policy: Policy | null = null,
  ): Buffer {
    const o = isKw(unixfrom)
      ? (unixfrom as { unixfrom?: boolean; policy?: Policy | null })
      : { unixfrom, policy };
    return generatorHooks.asBytes!(this, !!o.unixfrom, o.policy ?? this.policy);
  }

  /** __bytes__ is as_bytes(). */
  __bytes__(): Buffer {
    return this.as_bytes();
  }

  is_multipart(): boolean {
    return Array.isArray(this._payload);
  }

  set_unixfrom(unixfrom: string | null): void {
    this._unixfrom = unixfrom;
  }
  get_unixfrom(): string | null {
    return this._unixfrom;
  }

  /** attach adds a sub-message to a multipart payload. */
  attach(payload: Message): void {
    if (this._payload === null) this._payload = [payload];
    else if (Array.isArray(this._payload)) this._payload.push(payload);
    else throw new TypeError("Attach is not valid on a message with a non-multipart payload");
  }

  /**
   * get_payload returns the payload: the sub-messages of a multipart (or the i-th), the text,
   * or with decode the bytes after undoing the Content-Transfer-Encoding.
   */
  get_payload(options: { i?: number | null; decode: true }): Buffer | null;
  get_payload(i: null | undefined, decode: true): Buffer | null;
  get_payload(i: number, decode?: false): Message;
  get_payload(i?: null, decode?: false): Payload;
  get_payload(
    i?: number | null | { i?: number | null; decode?: boolean },
    decode?: boolean,
  ): Payload | Message | Buffer | null;
  get_payload(
    i0?: number | null | { i?: number | null; decode?: boolean },
    decode0 = false,
  ): Payload | Message | Buffer | null {
    const kw = isKw(i0)
      ? (i0 as { i?: number | null; decode?: boolean })
      : { i: i0 as number | null | undefined, decode: decode0 };
    const i = kw.i ?? null;
    const decodeIt = !!kw.decode;
    if (Array.isArray(this._payload)) {
      if (decodeIt) return null;
      if (i === null) return this._payload;
      const part = this._payload[i];
      if (part === undefined) throw new RangeError("list index out of range");
      return part;
    }
    if (i !== null) throw new TypeError(`Expected list, got ${typeof this._payload}`);
    let payload = this._payload;
    const cte = String(this.get("content-transfer-encoding") ?? "").toLowerCase();
    let bpayload: Buffer | null = null;
    if (typeof payload === "string") {
      if (hasSurrogates(payload)) {
        bpayload = encode(payload, "ascii", "surrogateescape");
        if (!decodeIt) {
          try {
            const cs = this.get_param("charset", "ascii");
            payload = decode(bpayload, typeof cs === "string" ? cs : "ascii", "replace");
          } catch (e) {
            if ((e as Error).name !== "LookupError") throw e;
            payload = decode(bpayload, "ascii", "replace");
          }
        }
      } else if (decodeIt) {
        bpayload = isAscii(payload) ? Buffer.from(payload, "latin1") : rawUnicodeEscape(payload);
      }
    }
    if (!decodeIt) return payload;
    if (bpayload === null) return null;
    if (cte === "quoted-printable") return a2b_qp(bpayload);
    if (cte === "base64") {
      // b''.join(bpayload.splitlines()): bytes split on \r and \n only.
      const [value, defects] = decode_b(
        Buffer.from(bpayload.toString("latin1").replace(/[\r\n]/g, ""), "latin1"),
      );
      for (const d of defects) this.policy.handle_defect(this, d);
      return value;
    }
    if (["x-uuencode", "uuencode", "uue", "x-uue"].includes(cte)) {
      try {
        return decodeUU(bpayload);
      } catch {
        return bpayload;
      }
    }
    return bpayload;
  }

  /** set_payload sets the payload; with a charset the text is encoded as that charset says. */
  set_payload(
    payload: string | Uint8Array | Message[] | null,
    charset: string | Charset | null = null,
  ): void {
    if (typeof payload === "string") {
      if (charset === null) {
        this._payload = payload;
        return;
      }
      const cs = charset instanceof Charset ? charset : new Charset(charset);
      charset = cs;
      payload = encode(payload, cs.output_charset!);
    }
    if (payload instanceof Uint8Array) this._payload = decode(payload, "ascii", "surrogateescape");
    else this._payload = payload;
    if (charset !== null) this.set_charset(charset);
  }

  /** set_charset sets the charset parameter and encodes the payload as the charset says. */
  set_charset(charset: string | Charset | null): void {
    if (charset === null) {
      this.del_param("charset");
      this._charset = null;
      return;
    }
    const cs = charset instanceof Charset ? charset : new Charset(charset);
    this._charset = cs;
    if (!this.__contains__("MIME-Version")) this.add_header("MIME-Version", "1.0");
    if (!this.__contains__("Content-Type"))
      this.add_header("Content-Type", "text/plain", { charset: cs.get_output_charset() });
    else this.set_param("charset", cs.get_output_charset());
    if (!cs.equals(cs.get_output_charset())) this._payload = cs.body_encode(this._payload as string);
    if (!this.__contains__("Content-Transfer-Encoding")) {
      const cte = cs.get_body_encoding();
      if (typeof cte === "function") cte(this);
      else {
        let payload: string | Buffer = (this._payload as string | null) ?? "";
        if (payload) {
          try {
            payload = encode(payload, "ascii", "surrogateescape");
          } catch {
            payload = encode(payload as string, cs.output_charset!);
          }
        }
        this._payload = cs.body_encode(payload);
        this.add_header("Content-Transfer-Encoding", cte);
      }
    }
  }

  get_charset(): Charset | null {
    return this._charset;
  }

  /** __len__: the number of header fields, duplicates included. */
  __len__(): number {
    return this._headers.length;
  }
  get length(): number {
    return this._headers.length;
  }

  /** __getitem__ is msg[name]: the first such header, or null. */
  __getitem__(name: string): HeaderValue | null {
    return this.get(name);
  }

  /** __setitem__ is msg[name] = value: it adds a header (it never replaces one, as in Python). */
  __setitem__(name: string, val: unknown): void {
    const max = this.policy.header_max_count(name);
    if (max) {
      const lname = name.toLowerCase();
      let found = 0;
      for (const [k] of this._headers)
        if (k.toLowerCase() === lname && ++found >= max)
          throw new RangeError(`There may be at most ${max} ${name} headers in a message`);
    }
    this._headers.push(this.policy.header_store_parse(name, val));
  }

  /** set is __setitem__ (msg[name] = value), chainable. */
  set(name: string, val: unknown): this {
    this.__setitem__(name, val);
    return this;
  }

  /** __delitem__ is del msg[name]: every header of that name goes; none is not an error. */
  __delitem__(name: string): void {
    const lname = name.toLowerCase();
    this._headers = this._headers.filter(([k]) => k.toLowerCase() !== lname);
  }
  /** del is __delitem__ (del msg[name]). */
  del(name: string): void {
    this.__delitem__(name);
  }

  /** __contains__ is `name in msg`. */
  __contains__(name: string): boolean {
    const lname = name.toLowerCase();
    return this._headers.some(([k]) => k.toLowerCase() === lname);
  }
  /** has is __contains__. */
  has(name: string): boolean {
    return this.__contains__(name);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const [k] of this._headers) yield k;
  }

  keys(): string[] {
    return this._headers.map(([k]) => k);
  }
  values(): HeaderValue[] {
    return this._headers.map(([k, v]) => this.policy.header_fetch_parse(k, v) as HeaderValue);
  }
  items(): [string, HeaderValue][] {
    return this._headers.map(([k, v]) => [k, this.policy.header_fetch_parse(k, v) as HeaderValue]);
  }

  /** get returns the first header of that name, or failobj (null). */
  get(name: string): HeaderValue | null;
  get<T>(name: string, failobj: T): HeaderValue | T;
  get<T>(name: string, failobj: T | null = null): HeaderValue | T | null {
    const lname = name.toLowerCase();
    for (const [k, v] of this._headers)
      if (k.toLowerCase() === lname) return this.policy.header_fetch_parse(k, v) as HeaderValue;
    return failobj;
  }

  set_raw(name: string, value: StoredValue): void {
    this._headers.push([name, value]);
  }
  raw_items(): [string, StoredValue][] {
    return this._headers.slice();
  }

  /** get_all returns every header of that name, or failobj (null) when there is none. */
  get_all(name: string): HeaderValue[] | null;
  get_all<T>(name: string, failobj: T): HeaderValue[] | T;
  get_all<T>(name: string, failobj: T | null = null): HeaderValue[] | T | null {
    const lname = name.toLowerCase();
    const values = this._headers
      .filter(([k]) => k.toLowerCase() === lname)
      .map(([k, v]) => this.policy.header_fetch_parse(k, v) as HeaderValue);
    return values.length ? values : failobj;
  }

  /** add_header adds a header with parameters: add_header("Content-Disposition", "attachment", { filename: "a.txt" }). */
  add_header(_name: string, _value: string | null, _params: Record<string, ParamValue | null> = {}): void {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(_params)) {
      if (v === null || v === undefined) parts.push(k.replace(/_/g, "-"));
      else parts.push(_formatparam(k.replace(/_/g, "-"), v));
    }
    if (_value !== null) parts.unshift(_value);
    this.__setitem__(_name, parts.join("; "));
  }

  /** replace_header replaces the first header of that name, in place; KeyError when there is none. */
  replace_header(_name: string, _value: unknown): void {
    const lname = _name.toLowerCase();
    const i = this._headers.findIndex(([k]) => k.toLowerCase() === lname);
    if (i < 0) throw new KeyError(lname);
    this._headers[i] = this.policy.header_store_parse(this._headers[i]![0], _value);
  }

  get_content_type(): string {
    const value = this.get("content-type");
    if (value === null) return this.get_default_type();
    const ctype = splitparam(String(value))[0].toLowerCase();
    if ((ctype.match(/\//g)?.length ?? 0) !== 1) return "text/plain";
    return ctype;
  }
  get_content_maintype(): string {
    return this.get_content_type().split("/")[0]!;
  }
  get_content_subtype(): string {
    return this.get_content_type().split("/")[1]!;
  }
  get_default_type(): string {
    return this._default_type;
  }
  set_default_type(ctype: string): void {
    this._default_type = ctype;
  }

  _get_params_preserve(header: string): [string, ParamValue][] | null {
    const value = this.get(header);
    if (value === null) return null;
    const params: [string, string][] = _parseparam(String(value)).map((p) => {
      const i = p.indexOf("=");
      return i < 0 ? [p.trim(), ""] : [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    });
    return decode_params(params);
  }

  /** get_params returns [name, value] pairs of a header's parameters (the first is the value itself). */
  get_params<T = null>(
    failobj: T | GetParamOptions<T> = null as T,
    header = "content-type",
    unquoteIt = true,
  ): [string, ParamValue][] | T {
    const o: GetParamOptions<T> = isKw(failobj)
      ? (failobj as GetParamOptions<T>)
      : { failobj: failobj as T, header, unquote: unquoteIt };
    const params = this._get_params_preserve(o.header ?? "content-type");
    if (params === null) return (o.failobj ?? null) as T;
    if (o.unquote ?? true) return params.map(([k, v]) => [k, unquotevalue(v)]);
    return params;
  }

  /** get_param returns a parameter's value (text, or [charset, language, text] for RFC 2231). */
  get_param<T = null>(
    param: string,
    failobj: T | GetParamOptions<T> = null as T,
    header = "content-type",
    unquoteIt = true,
  ): ParamValue | T {
    const o: GetParamOptions<T> = isKw(failobj)
      ? (failobj as GetParamOptions<T>)
      : { failobj: failobj as T, header, unquote: unquoteIt };
    const h = o.header ?? "content-type";
    const fail = (o.failobj ?? null) as T;
    if (!this.__contains__(h)) return fail;
    for (const [k, v] of this._get_params_preserve(h) ?? []) {
      if (k.toLowerCase() === param.toLowerCase()) return (o.unquote ?? true) ? unquotevalue(v) : v;
    }
    return fail;
  }

  /** set_param sets a parameter in a header (Content-Type by default), adding the header if needed. */
  set_param(param: string, value: ParamValue, options: SetParamOptions = {}): void {
    const header = options.header ?? "Content-Type";
    const requote = options.requote ?? true;
    if (!Array.isArray(value) && options.charset)
      value = [options.charset, options.language ?? "", value as string];
    let ctype: string | null =
      !this.__contains__(header) && header.toLowerCase() === "content-type"
        ? "text/plain"
        : (this.get(header) as string | null);
    if (ctype !== null) ctype = String(ctype);
    if (!this.get_param(param, { header })) {
      if (!ctype) ctype = _formatparam(param, value, requote);
      else ctype = [ctype, _formatparam(param, value, requote)].join("; ");
    } else {
      ctype = "";
      for (const [old_param, old_value] of this.get_params({ header, unquote: requote }) as [
        string,
        ParamValue,
      ][]) {
        const p =
          old_param.toLowerCase() === param.toLowerCase()
            ? _formatparam(param, value, requote)
            : _formatparam(old_param, old_value, requote);
        ctype = ctype ? [ctype, p].join("; ") : p;
      }
    }
    const current = this.get(header);
    if (current === null || ctype !== String(current)) {
      if (options.replace) this.replace_header(header, ctype);
      else {
        this.__delitem__(header);
        this.__setitem__(header, ctype);
      }
    }
  }

  /** del_param removes a parameter from a header. */
  del_param(param: string, header = "content-type", requote = true): void {
    if (!this.__contains__(header)) return;
    let n = "";
    for (const [p, v] of this.get_params({ header, unquote: requote }) as [string, ParamValue][]) {
      if (p.toLowerCase() !== param.toLowerCase()) {
        const f = _formatparam(p, v, requote);
        n = n ? [n, f].join("; ") : f;
      }
    }
    if (n !== String(this.get(header))) {
      this.__delitem__(header);
      this.__setitem__(header, n);
    }
  }

  /** set_type sets the main type and subtype, keeping the parameters. */
  set_type(type: string, header = "Content-Type", requote = true): void {
    if ((type.match(/\//g)?.length ?? 0) !== 1) throw new RangeError(type);
    if (header.toLowerCase() === "content-type") {
      this.__delitem__("mime-version");
      this.__setitem__("MIME-Version", "1.0");
    }
    if (!this.__contains__(header)) {
      this.__setitem__(header, type);
      return;
    }
    const params = this.get_params({ header, unquote: requote }) as [string, ParamValue][];
    this.__delitem__(header);
    this.__setitem__(header, type);
    for (const [p, v] of params.slice(1)) this.set_param(p, v, { header, requote });
  }

  /** get_filename returns the filename parameter of Content-Disposition, else Content-Type's name. */
  get_filename<T = null>(failobj: T = null as T): string | T {
    const missing = Symbol("missing");
    let filename: ParamValue | symbol = this.get_param("filename", missing, "content-disposition");
    if (filename === missing) filename = this.get_param("name", missing, "content-type");
    if (filename === missing) return failobj;
    return collapse_rfc2231_value(filename as ParamValue).trim();
  }

  get_boundary<T = null>(failobj: T = null as T): string | T {
    const missing = Symbol("missing");
    const boundary = this.get_param("boundary", missing);
    if (boundary === missing) return failobj;
    return collapse_rfc2231_value(boundary as ParamValue).replace(/\s+$/, "");
  }

  /** set_boundary sets the boundary parameter, in place in the Content-Type header. */
  set_boundary(boundary: string): void {
    const params = this._get_params_preserve("content-type");
    if (params === null) throw new HeaderParseError("No Content-Type header found");
    const newparams: [string, ParamValue][] = [];
    let found = false;
    for (const [pk, pv] of params) {
      if (pk.toLowerCase() === "boundary") {
        newparams.push(["boundary", `"${boundary}"`]);
        found = true;
      } else newparams.push([pk, pv]);
    }
    if (!found) newparams.push(["boundary", `"${boundary}"`]);
    this._headers = this._headers.map(([h, v]) => {
      if (h.toLowerCase() !== "content-type") return [h, v];
      const val = newparams
        .map(([k, pv]) => (pv === "" ? k : `${k}=${Array.isArray(pv) ? pv.join("'") : pv}`))
        .join("; ");
      return this.policy.header_store_parse(h, val);
    });
  }

  get_content_charset<T = null>(failobj: T = null as T): string | T {
    const missing = Symbol("missing");
    let charset = this.get_param("charset", missing) as ParamValue | symbol;
    if (charset === missing) return failobj;
    if (Array.isArray(charset)) {
      const c = charset as RFC2231Value;
      try {
        charset = decode(encode(c[2], "latin1"), c[0] || "us-ascii");
      } catch {
        charset = c[2];
      }
    }
    if (!isAscii(charset as string)) return failobj;
    return (charset as string).toLowerCase();
  }

  get_charsets<T = null>(failobj: T = null as T): (string | T)[] {
    return [...this.walk()].map((part) => part.get_content_charset(failobj));
  }

  get_content_disposition(): string | null {
    const value = this.get("content-disposition");
    if (value === null) return null;
    return splitparam(String(value))[0].toLowerCase();
  }

  /** walk yields this message and every sub-message, depth first. */
  *walk(): Generator<this> {
    yield this;
    if (Array.isArray(this._payload)) for (const sub of this._payload) yield* sub.walk() as Generator<this>;
  }

  /** __copy__ is copy.copy(msg): a new message sharing the payload, with its own header list. */
  __copy__(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy._headers = this._headers.slice();
    return copy;
  }

  /** _deepcopy is copy.deepcopy for what the generator changes. */
  _deepcopy(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy._headers = this._headers.map(([k, v]) => [k, v]);
    copy._payload = Array.isArray(this._payload) ? this._payload.map((p) => p._deepcopy()) : this._payload;
    copy.defects = this.defects.slice();
    return copy;
  }
}

function rawUnicodeEscape(s: string): Buffer {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x100) out += ch;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += `\\U${c.toString(16).padStart(8, "0")}`;
  }
  return Buffer.from(out, "latin1");
}

/** decodeUU is message._decode_uu (binascii.a2b_uu line by line). */
function decodeUU(encoded: Buffer): Buffer {
  const lines = splitlines(encoded.toString("latin1"));
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("begin ")) {
      const mode = line.slice(6).split(" ")[0]!;
      if (/^[0-7]+$/.test(mode)) break;
    }
  }
  if (i >= lines.length) throw new RangeError("`begin` line not found");
  const out: Buffer[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) throw new RangeError("Truncated input");
    if (line.replace(/^[ \t\r\n\f]+|[ \t\r\n\f]+$/g, "") === "end") break;
    out.push(a2b_uu(line));
  }
  return Buffer.concat(out);
}

function a2b_uu(line: string): Buffer {
  const n = (line.charCodeAt(0) - 32) & 63;
  const out = Buffer.alloc(n);
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 1; o < n; i++) {
    const c = i < line.length ? (line.charCodeAt(i) - 32) & 63 : 0;
    acc = (acc << 6) | c;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
