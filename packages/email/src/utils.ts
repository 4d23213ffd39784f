// email.utils: addresses, dates, message ids and RFC 2231 parameters, with Python's results.
// Dates are JavaScript Dates where Python has datetimes (a Date carries no zone of its own).

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { Charset } from "./charset.js";
import { _parsedate_tz, addressList, mktime_tz, parsedate, parsedate_tz, quote } from "./parseaddr.js";
import { decode, encode, hasSurrogates, isAscii } from "./strings.js";

export { mktime_tz, parsedate, parsedate_tz, quote };

/** An RFC 2231 value: [charset, language, text]. */
export type RFC2231Value = [string | null, string | null, string];
/** A parameter value as get_param returns it: text, or an RFC 2231 triple. */
export type ParamValue = string | RFC2231Value;

const SPECIALSRE = /[\][\\()<>@,:;".]/;

/** formataddr turns [realname, address] into a header value, RFC 2047-encoding a non-ASCII name. */
export function formataddr(
  pair: readonly [string | null, string],
  charset: string | Charset = "utf-8",
): string {
  const [name, address] = pair;
  encode(address, "ascii");
  if (name) {
    if (!isAscii(name)) {
      const cs = typeof charset === "string" ? new Charset(charset) : charset;
      return `${cs.header_encode(name)} <${address}>`;
    }
    const quotes = SPECIALSRE.test(name) ? '"' : "";
    return `${quotes}${name.replace(/[\\"]/g, (m) => `\\${m}`)}${quotes} <${address}>`;
  }
  return address;
}

function* iterEscaped(addr: string): Generator<[number, string]> {
  let escaped = false;
  let pos = 0;
  for (pos = 0; pos < addr.length; pos++) {
    const ch = addr[pos]!;
    if (escaped) {
      yield [pos, `\\${ch}`];
      escaped = false;
    } else if (ch === "\\") escaped = true;
    else yield [pos, ch];
  }
  if (escaped) yield [pos - 1, "\\"];
}

function stripQuotedRealnames(addr: string): string {
  if (!addr.includes('"')) return addr;
  let start = 0;
  let open: number | null = null;
  const out: string[] = [];
  for (const [pos, ch] of iterEscaped(addr)) {
    if (ch !== '"') continue;
    if (open === null) open = pos;
    else {
      if (start !== open) out.push(addr.slice(start, open));
      start = pos + 1;
      open = null;
    }
  }
  if (start < addr.length) out.push(addr.slice(start));
  return out.join("");
}

function checkParenthesis(addr: string): boolean {
  let opens = 0;
  for (const [, ch] of iterEscaped(stripQuotedRealnames(addr))) {
    if (ch === "(") opens++;
    else if (ch === ")" && --opens < 0) return false;
  }
  return opens === 0;
}

const postValidate = (l: [string, string][]): [string, string][] =>
  l.map((v) => (v[1].includes("[") ? ["", ""] : v));

/**
 * getaddresses returns [realname, address] for every address in the given header values.
 * As in Python 3.11.7 the scan is forgiving; { strict: true } is the check later Pythons
 * (3.11.10, 3.12.6) make by default: [["", ""]] when the values do not parse cleanly.
 */
export function getaddresses(
  fieldvalues: readonly unknown[],
  options: { strict?: boolean } = {},
): [string, string][] {
  const values = fieldvalues.map((v) => String(v));
  if (!options.strict) return addressList(values.join(", "));
  const checked = values.map((v) => (checkParenthesis(v) ? v : "('', '')"));
  const result = postValidate(addressList(checked.join(", ")));
  let n = 0;
  for (const v of checked) n += 1 + (stripQuotedRealnames(v).match(/,/g)?.length ?? 0);
  if (result.length !== n) return [["", ""]];
  return result;
}

/** parseaddr returns [realname, address] for the first address ({ strict: true }: ['', ''] unless exactly one). */
export function parseaddr(addr: unknown, options: { strict?: boolean } = {}): [string, string] {
  if (!options.strict) return addressList(String(addr))[0] ?? ["", ""];
  if (Array.isArray(addr)) addr = addr[0];
  if (typeof addr !== "string" && !(addr instanceof String)) return ["", ""];
  let a = String(addr);
  if (!checkParenthesis(a)) a = "('', '')";
  const addrs = postValidate(addressList(a));
  if (addrs.length !== 1) return ["", ""];
  return addrs[0]!;
}

/** unquote removes one level of double quotes or angle brackets. */
export function unquote(s: string): string {
  if (s.length > 1) {
    if (s.startsWith('"') && s.endsWith('"'))
      return s.slice(1, -1).replace(/\\\\/g, "\\").replace(/\\"/g, '"');
    if (s.startsWith("<") && s.endsWith(">")) return s.slice(1, -1);
  }
  return s;
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

function formatParts(d: Date, zone: string, offsetMinutes: number): string {
  const t = new Date(d.getTime() + offsetMinutes * 60000);
  return `${DAYS[(t.getUTCDay() + 6) % 7]}, ${pad(t.getUTCDate())} ${MONTHS[t.getUTCMonth()]} ${pad(t.getUTCFullYear(), 4)} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} ${zone}`;
}

function zoneOf(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const a = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

/** FormatdateOptions are formatdate()'s keyword arguments. */
export interface FormatdateOptions {
  localtime?: boolean;
  usegmt?: boolean;
}

/**
 * formatdate returns an RFC 2822 date for a POSIX time in seconds (default now): UTC with
 * "-0000", local time with its offset (localtime), or UTC with "GMT" (usegmt).
 */
export function formatdate(
  timeval: number | null = null,
  localtimeOrOptions: boolean | FormatdateOptions = false,
  usegmt = false,
): string {
  const o =
    typeof localtimeOrOptions === "object" ? localtimeOrOptions : { localtime: localtimeOrOptions, usegmt };
  const d = new Date((timeval ?? Date.now() / 1000) * 1000);
  if (o.localtime) {
    const off = -d.getTimezoneOffset();
    return formatParts(d, zoneOf(off), off);
  }
  return formatParts(d, o.usegmt ? "GMT" : "-0000", 0);
}

/**
 * format_datetime formats a Date: with usegmt as "GMT", else in UTC with "-0000" (a Date has
 * no zone; pass { offset } in minutes east of UTC to write local time with its offset).
 */
export function format_datetime(
  dt: Date,
  usegmt: boolean | { usegmt?: boolean; offset?: number } = false,
): string {
  const o = typeof usegmt === "object" ? usegmt : { usegmt };
  if (o.usegmt) return formatParts(dt, "GMT", 0);
  if (o.offset !== undefined) return formatParts(dt, zoneOf(o.offset), o.offset);
  return formatParts(dt, "-0000", 0);
}

/** make_msgid returns a Message-ID: <time.pid.random[.idstring]@domain>. */
export function make_msgid(idstring: string | null = null, domain: string | null = null): string {
  const timeval = Math.floor(Date.now() / 10);
  const randint = randomBytes(8).readBigUInt64BE();
  return `<${timeval}.${process.pid}.${randint}${idstring === null ? "" : `.${idstring}`}@${domain ?? hostname()}>`;
}

/**
 * parsedate_to_datetime parses an RFC 2822 date to a Date; a date without a zone ("-0000") is
 * taken as UTC, where Python returns a naive datetime.
 */
export function parsedate_to_datetime(data: string): Date {
  const t = _parsedate_tz(data);
  if (t === null) throw new RangeError(`Invalid date value or format "${data}"`);
  const ms = Date.UTC(t[0], t[1] - 1, t[2], t[3], t[4], t[5]);
  return new Date(ms - (t[9] ?? 0) * 1000);
}

/** localtime returns the given Date (default now); a Date is always an absolute instant. */
export function localtime(dt: Date | null = null): Date {
  return dt === null ? new Date() : new Date(dt.getTime());
}

/** decode_rfc2231 splits charset'language'text. */
export function decode_rfc2231(s: string): RFC2231Value {
  const i = s.indexOf("'");
  const j = i < 0 ? -1 : s.indexOf("'", i + 1);
  if (j < 0) return [null, null, s];
  return [s.slice(0, i), s.slice(i + 1, j), s.slice(j + 1)];
}

/** urlquote is urllib.parse.quote(s, safe='', encoding=charset). */
export function urlquote(s: string, charset = "utf-8"): string {
  let out = "";
  for (const b of encode(s, charset)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9_.~-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** urlunquote is urllib.parse.unquote(s, encoding=charset, errors='replace'). */
export function urlunquote(s: string, charset = "utf-8"): string {
  return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (m) => {
    const bytes = Buffer.from(m.replace(/%/g, ""), "hex");
    return decode(bytes, charset, "replace");
  });
}

/** encode_rfc2231 percent-encodes a value, with charset'language' in front when given. */
export function encode_rfc2231(
  s: string,
  charset: string | null = null,
  language: string | null = null,
): string {
  const q = urlquote(s, charset || "ascii");
  if (charset === null && language === null) return q;
  return `${charset}'${language ?? ""}'${q}`;
}

const CONTINUATION = /^(\w+)\*(?:([0-9]+)\*?)?$/;

/** decode_params joins RFC 2231 continuations and decodes extended values. */
export function decode_params(params: [string, string][]): [string, ParamValue][] {
  const out: [string, ParamValue][] = [params[0]!];
  const rfc: Map<string, [number | null, string, boolean][]> = new Map();
  for (const [name, v] of params.slice(1)) {
    const encoded = name.endsWith("*");
    const value = unquote(v);
    const mo = CONTINUATION.exec(name);
    if (mo && isAscii(name)) {
      const list = rfc.get(mo[1]!) ?? [];
      list.push([mo[2] === undefined ? null : Number.parseInt(mo[2], 10), value, encoded]);
      rfc.set(mo[1]!, list);
    } else out.push([name, `"${quote(value)}"`]);
  }
  for (const [name, continuations] of rfc) {
    const value: string[] = [];
    let extended = false;
    continuations.sort((a, b) => {
      const x = a[0] ?? -1;
      const y = b[0] ?? -1;
      if (x !== y) return x - y;
      if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
      return Number(a[2]) - Number(b[2]);
    });
    for (const [, s0, encoded] of continuations) {
      let s = s0;
      if (encoded) {
        s = urlunquote(s, "latin-1");
        extended = true;
      }
      value.push(s);
    }
    const joined = quote(value.join(""));
    if (extended) {
      const [charset, language, text] = decode_rfc2231(joined);
      out.push([name, [charset, language, `"${text}"`]]);
    } else out.push([name, `"${joined}"`]);
  }
  return out;
}

/** collapse_rfc2231_value turns a get_param() value into text. */
export function collapse_rfc2231_value(
  value: ParamValue,
  errors: "replace" | "strict" = "replace",
  fallback_charset = "us-ascii",
): string {
  if (!Array.isArray(value) || value.length !== 3) return unquote(value as string);
  const [charset, , text] = value;
  const raw = encode(text, "latin1", "replace");
  try {
    return decode(raw, charset || fallback_charset, errors);
  } catch (e) {
    if ((e as Error).name === "LookupError") return unquote(text);
    throw e;
  }
}

export { hasSurrogates as _has_surrogates };
