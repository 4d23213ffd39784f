// FETCH responses as objects: the data imaplib's fetch() returns, grouped by message and
// parsed (RFC 3501 7.4.2). Pure.
import { type Data, type Datum, isPair } from "../response.js";
import { type BodyStructure, type Envelope, parseBodyStructure, parseEnvelope } from "./structure.js";
import { list, num, ParseError, parseValues, piecesOf, text, type Value } from "./values.js";

/**
 * FetchMessage is one message's FETCH response. The items fetched are in `attributes` as
 * parsed; the usual ones are also typed here. Body sections are Buffers keyed by their
 * upper-cased name as the server sent it: sections["BODY[]"], sections["BODY[HEADER]"],
 * sections["RFC822"], sections["BODY[1]<0>"].
 */
export interface FetchMessage {
  /** The message sequence number. */
  seq: number;
  uid: number | null;
  flags: string[] | null;
  internalDate: Date | null;
  /** INTERNALDATE as sent ("17-Jul-1996 02:44:25 -0700"). */
  internalDateText: string | null;
  rfc822Size: number | null;
  envelope: Envelope | null;
  bodyStructure: BodyStructure | null;
  /** MODSEQ (RFC 7162), when fetched. */
  modseq: bigint | null;
  sections: Record<string, Buffer | null>;
  attributes: Record<string, Value>;
}

/**
 * parseFetch parses the data of fetch() (or uid("FETCH"), or store()) into one FetchMessage
 * per response, in order:
 *
 *	const [, data] = await M.fetch("1:2", "(UID FLAGS BODY.PEEK[HEADER])");
 *	for (const msg of parseFetch(data)) msg.sections["BODY[HEADER]"]
 */
export function parseFetch(data: Data): FetchMessage[] {
  return groupFetch(data).map(parseFetchResponse);
}

/**
 * groupFetch splits fetch()'s data into one item list per message: a response with literals
 * is its pairs followed by the rest of its line.
 */
export function groupFetch(data: Data): Datum[][] {
  const out: Datum[][] = [];
  let current: Datum[] | null = null;
  for (const item of data) {
    if (item === null) continue;
    if (isPair(item)) {
      current ??= [];
      current.push(item);
      continue;
    }
    if (current) {
      current.push(item);
      out.push(current);
      current = null;
    } else out.push([item]);
  }
  if (current) out.push(current);
  return out;
}

/** parseFetchResponse parses one message's response items: "12 (UID 4 FLAGS (\\Seen) ...)". */
export function parseFetchResponse(items: Datum[]): FetchMessage {
  const values = parseValues(piecesOf(items));
  const seq = num(values[0]);
  if (seq === null || !Array.isArray(values[1])) throw new ParseError("not a FETCH response");
  const pairs = values[1];
  const msg: FetchMessage = {
    seq,
    uid: null,
    flags: null,
    internalDate: null,
    internalDateText: null,
    rfc822Size: null,
    envelope: null,
    bodyStructure: null,
    modseq: null,
    sections: {},
    attributes: {},
  };
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const name = (text(pairs[i]) ?? "").toUpperCase();
    const value = pairs[i + 1]!;
    msg.attributes[name] = value;
    if (name === "UID") msg.uid = num(value);
    else if (name === "FLAGS") msg.flags = list(value).map((f) => text(f) ?? "");
    else if (name === "INTERNALDATE") {
      msg.internalDateText = text(value);
      msg.internalDate = msg.internalDateText === null ? null : parseInternalDate(msg.internalDateText);
    } else if (name === "RFC822.SIZE") msg.rfc822Size = num(value);
    else if (name === "ENVELOPE") msg.envelope = parseEnvelope(value);
    else if (name === "BODYSTRUCTURE" || name === "BODY") msg.bodyStructure = parseBodyStructure(value);
    else if (name === "MODSEQ") msg.modseq = BigInt(text(list(value)[0]) ?? "0");
    else if (/^(BODY|BINARY)\[|^RFC822(\.HEADER|\.TEXT)?$/.test(name)) msg.sections[name] = toBytes(value);
  }
  return msg;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** parseInternalDate reads "17-Jul-1996 02:44:25 -0700" (day may be space-padded) as a Date, or null. */
export function parseInternalDate(value: string): Date | null {
  const m = /^ ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([-+])(\d{2})(\d{2})$/.exec(
    value.trim(),
  );
  if (!m) return null;
  const mon = MONTHS.findIndex((x) => x.toLowerCase() === m[2]!.toLowerCase());
  if (mon < 0) return null;
  const zone = (Number(m[8]) * 60 + Number(m[9])) * (m[7] === "-" ? -1 : 1);
  const utc = Date.UTC(Number(m[3]), mon, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return new Date(utc - zone * 60000);
}

function toBytes(v: Value): Buffer | null {
  if (v === null) return null;
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === "string") return Buffer.from(v, "utf8");
  throw new ParseError("a body section is not a string");
}
