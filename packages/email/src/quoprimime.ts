// email.quoprimime: RFC 2045 quoted-printable for bodies and RFC 2047 'Q' words for headers,
// line for line as CPython writes them (libqp wraps lines differently, so it is not used here),
// and binascii's a2b_qp/b2a_qp, which get_payload(decode=True) and encode_quopri use.

const HEX = "0123456789ABCDEF";
const quoteByte = (c: number): string => `=${HEX[c >> 4]}${HEX[c & 15]}`;

const HEADER_SAFE = new Set<number>();
for (const ch of "-!*+/ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
  HEADER_SAFE.add(ch.charCodeAt(0));
const BODY_SAFE = new Set<number>();
for (const ch of " !\"#$%&'()*+,-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\t")
  BODY_SAFE.add(ch.charCodeAt(0));

const headerMap = (c: number): string =>
  c === 0x20 ? "_" : HEADER_SAFE.has(c) ? String.fromCharCode(c) : quoteByte(c);
const bodyMap = (c: number): string => (BODY_SAFE.has(c) ? String.fromCharCode(c) : quoteByte(c));

export const header_check = (octet: number): boolean => headerMap(octet) !== String.fromCharCode(octet);
export const body_check = (octet: number): boolean => bodyMap(octet) !== String.fromCharCode(octet);
export function header_length(bytes: Uint8Array): number {
  let n = 0;
  for (const c of bytes) n += headerMap(c).length;
  return n;
}
export function body_length(bytes: Uint8Array): number {
  let n = 0;
  for (const c of bytes) n += bodyMap(c).length;
  return n;
}

/** header_encode makes one RFC 2047 'Q' encoded word. */
export function header_encode(header_bytes: Uint8Array, charset = "iso-8859-1"): string {
  if (header_bytes.length === 0) return "";
  let encoded = "";
  for (const c of header_bytes) encoded += headerMap(c);
  return `=?${charset}?q?${encoded}?=`;
}

const quoteChar = (ch: string): string => quoteByte(ch.charCodeAt(0));

/** body_encode quotes a latin-1 string (one char a byte), with soft breaks at maxlinelen. */
export function body_encode(body: string, maxlinelen = 76, eol = "\n"): string {
  if (maxlinelen < 4) throw new RangeError("maxlinelen must be at least 4");
  if (!body) return body;
  let translated = "";
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    translated += c === 13 || c === 10 || c > 0xff ? body[i] : bodyMap(c);
  }
  body = translated;
  const soft_break = `=${eol}`;
  const maxlinelen1 = maxlinelen - 1;
  const encoded: string[] = [];
  for (const line of splitlines(body)) {
    let start = 0;
    const laststart = line.length - 1 - maxlinelen;
    while (start <= laststart) {
      const stop = start + maxlinelen1;
      if (line[stop - 2] === "=") {
        encoded.push(line.slice(start, stop - 1));
        start = stop - 2;
      } else if (line[stop - 1] === "=") {
        encoded.push(line.slice(start, stop));
        start = stop - 1;
      } else {
        encoded.push(`${line.slice(start, stop)}=`);
        start = stop;
      }
    }
    const last = line[line.length - 1];
    if (line && (last === " " || last === "\t")) {
      const room = start - laststart;
      let q: string;
      if (room >= 3) q = quoteChar(last);
      else if (room === 2) q = last + soft_break;
      else q = soft_break + quoteChar(last);
      encoded.push(line.slice(start, -1) + q);
    } else {
      encoded.push(line.slice(start));
    }
  }
  const end = body[body.length - 1];
  if (end === "\r" || end === "\n") encoded.push("");
  return encoded.join(eol);
}

/** splitlines is str.splitlines() for the line ends that survive quoting. */
export function splitlines(s: string, keepends = false): string[] {
  const out: string[] = [];
  const re = new RegExp(
    ["\\r\\n|", "[\\r\\n\\v\\f", "\\u001c\\u001d\\u001e\\u0085\\u2028\\u2029]"].join(""),
    "g",
  );
  let start = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out.push(s.slice(start, keepends ? m.index + m[0].length : m.index));
    start = m.index + m[0].length;
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}

const HEXDIGITS = /^[0-9a-fA-F]$/;

/** decode is quoprimime.decode (a quoted-printable string to a string). */
export function decode(encoded: string, eol = "\n"): string {
  if (!encoded) return encoded;
  let decoded = "";
  for (let line of splitlines(encoded)) {
    line = line.replace(/\s+$/, "");
    if (!line) {
      decoded += eol;
      continue;
    }
    let i = 0;
    const n = line.length;
    while (i < n) {
      const c = line[i]!;
      if (c !== "=") {
        decoded += c;
        i += 1;
      } else if (i + 1 === n) {
        i += 1;
        continue;
      } else if (i + 2 < n && HEXDIGITS.test(line[i + 1]!) && HEXDIGITS.test(line[i + 2]!)) {
        decoded += String.fromCharCode(Number.parseInt(line.slice(i + 1, i + 3), 16));
        i += 3;
      } else {
        decoded += c;
        i += 1;
      }
      if (i === n) decoded += eol;
    }
  }
  const last = encoded[encoded.length - 1]!;
  if (last !== "\r" && last !== "\n" && decoded.endsWith(eol)) decoded = decoded.slice(0, -1);
  return decoded;
}
export const body_decode = decode;
export const decodestring = decode;

/** header_decode decodes the text of a 'Q' word (underscores are spaces). */
export function header_decode(s: string): string {
  return s
    .replace(/_/g, " ")
    .replace(/=[a-fA-F0-9]{2}/g, (m) => String.fromCharCode(Number.parseInt(m.slice(1), 16)));
}

const isHex = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102));

/** a2b_qp is binascii.a2b_qp (what quopri.decodestring calls). */
export function a2b_qp(data: Uint8Array, header = false): Buffer {
  const out = Buffer.alloc(data.length);
  let o = 0;
  let i = 0;
  while (i < data.length) {
    const c = data[i]!;
    if (c === 0x3d) {
      i++;
      if (i >= data.length) break;
      const d = data[i]!;
      if (d === 10 || d === 13) {
        if (d !== 10) while (i < data.length && data[i] !== 10) i++;
        if (i < data.length) i++;
      } else if (d === 0x3d) {
        out[o++] = 0x3d;
        i++;
      } else if (i + 1 < data.length && isHex(d) && isHex(data[i + 1])) {
        out[o++] = Number.parseInt(String.fromCharCode(d, data[i + 1]!), 16);
        i += 2;
      } else {
        out[o++] = 0x3d;
      }
    } else if (header && c === 0x5f) {
      out[o++] = 0x20;
      i++;
    } else {
      out[o++] = c;
      i++;
    }
  }
  return out.subarray(0, o);
}

/** b2a_qp is binascii.b2a_qp(data, quotetabs, istext=True, header). */
export function b2a_qp(data: Uint8Array, quotetabs = false, header = false, istext = true): Buffer {
  const MAXLINESIZE = 76;
  const nl = data.indexOf(10);
  const crlf = nl > 0 && data[nl - 1] === 13;
  const out: number[] = [];
  const pushHex = (c: number) => out.push(0x3d, HEX.charCodeAt(c >> 4), HEX.charCodeAt(c & 15));
  const softBreak = () => {
    out.push(0x3d);
    if (crlf) out.push(13);
    out.push(10);
  };
  let linelen = 0;
  let i = 0;
  const n = data.length;
  while (i < n) {
    const c = data[i]!;
    const next = data[i + 1];
    if (
      c > 126 ||
      c === 0x3d ||
      (header && c === 0x5f) ||
      (c === 0x2e && linelen === 0 && (i + 1 === n || next === 10 || next === 13 || next === 0)) ||
      (!istext && (c === 13 || c === 10)) ||
      ((c === 9 || c === 32) && i + 1 === n) ||
      (c < 33 && c !== 13 && c !== 10 && (quotetabs || (c !== 9 && c !== 32)))
    ) {
      if (linelen + 3 >= MAXLINESIZE) {
        softBreak();
        linelen = 0;
      }
      pushHex(c);
      i++;
      linelen += 3;
    } else if (istext && (c === 10 || (i + 1 < n && c === 13 && next === 10))) {
      linelen = 0;
      const last = out[out.length - 1];
      if (out.length && (last === 32 || last === 9)) {
        out.pop();
        pushHex(last!);
      }
      if (crlf) out.push(13);
      out.push(10);
      i += c === 13 ? 2 : 1;
    } else {
      if (i + 1 !== n && next !== 10 && linelen + 1 >= MAXLINESIZE) {
        softBreak();
        linelen = 0;
      }
      linelen++;
      if (header && c === 32) out.push(0x5f);
      else out.push(c);
      i++;
    }
  }
  return Buffer.from(out);
}
