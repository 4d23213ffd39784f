// A minimal DER reader: just enough ASN.1 to turn an X.509 certificate into Python's
// getpeercert() dict and to split concatenated DER certificates (cadata as bytes).

/** One DER element: its tag byte, and its contents as a view into the source. */
export interface Der {
  tag: number;
  /** The element's contents (without tag and length). */
  body: Buffer;
  /** The whole element, header included. */
  raw: Buffer;
}

export class DerError extends Error {
  override name = "DerError";
}

/** Reads the element at `offset`; returns it and the offset just past it. */
export function readDer(buf: Buffer, offset = 0): [Der, number] {
  if (offset + 2 > buf.length) throw new DerError("truncated DER header");
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte DER tags are not supported");
  let length = buf[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || start + n > buf.length) throw new DerError("bad DER length");
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + length;
  if (end > buf.length) throw new DerError("truncated DER element");
  return [{ tag, body: buf.subarray(start, end), raw: buf.subarray(offset, end) }, end];
}

/** The elements inside a constructed element (SEQUENCE, SET, explicit tag). */
export function children(el: Der): Der[] {
  const out: Der[] = [];
  let at = 0;
  while (at < el.body.length) {
    const [child, next] = readDer(el.body, at);
    out.push(child);
    at = next;
  }
  return out;
}

/** Splits a buffer of back-to-back DER elements (concatenated certificates). */
export function splitDer(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    const [el, next] = readDer(buf, at);
    out.push(el.raw);
    at = next;
  }
  return out;
}

/** An OBJECT IDENTIFIER's dotted form. */
export function oid(body: Buffer): string {
  if (body.length === 0) return "";
  const parts = [Math.floor(body[0]! / 40), body[0]! % 40];
  let value = 0;
  for (let i = 1; i < body.length; i++) {
    value = value * 128 + (body[i]! & 0x7f);
    if (!(body[i]! & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

/** A string type's text: UTF8String, PrintableString, IA5String, T61String, BMPString, UniversalString. */
export function text(el: Der): string {
  switch (el.tag) {
    case 0x1e: {
      // BMPString is UTF-16BE.
      const swapped = Buffer.from(el.body);
      swapped.swap16();
      return swapped.toString("utf16le");
    }
    case 0x1c: {
      let s = "";
      for (let i = 0; i + 3 < el.body.length; i += 4) s += String.fromCodePoint(el.body.readUInt32BE(i));
      return s;
    }
    case 0x14:
      return el.body.toString("latin1");
    default:
      return el.body.toString("utf8");
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A UTCTime or GeneralizedTime as OpenSSL prints it, and so Python: "Oct 28 05:10:38 2126 GMT". */
export function time(el: Der): string {
  const s = el.body.toString("latin1");
  let year: number;
  let rest: string;
  if (el.tag === 0x17) {
    const yy = Number(s.slice(0, 2));
    year = yy < 50 ? 2000 + yy : 1900 + yy;
    rest = s.slice(2);
  } else {
    year = Number(s.slice(0, 4));
    rest = s.slice(4);
  }
  const month = MONTHS[Number(rest.slice(0, 2)) - 1] ?? "???";
  const day = String(Number(rest.slice(2, 4))).padStart(2, " ");
  const hms = `${rest.slice(4, 6)}:${rest.slice(6, 8)}:${rest.slice(8, 10) || "00"}`;
  return `${month} ${day} ${hms} ${year} GMT`;
}
