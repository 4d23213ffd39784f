// ENVELOPE and BODYSTRUCTURE (RFC 3501 7.4.2) as objects. Pure.
import { decodeParams } from "./decode.js";
import { list, num, ParseError, text, type Value } from "./values.js";

/** Address is one address of an ENVELOPE: ("Alice" NIL "alice" "example.org"). */
export interface Address {
  name: string | null;
  /** The source route (obsolete). */
  adl: string | null;
  mailbox: string | null;
  host: string | null;
}

/** Envelope is a message's ENVELOPE: header fields as the server parsed them (not RFC 2047-decoded). */
export interface Envelope {
  date: string | null;
  subject: string | null;
  from: Address[];
  sender: Address[];
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  inReplyTo: string | null;
  messageId: string | null;
}

/** Disposition is a part's Content-Disposition: { type: "attachment", params: { filename: "a.pdf" } }. */
export interface Disposition {
  type: string;
  params: Record<string, string>;
}

/**
 * BodyStructure is a MIME part as BODYSTRUCTURE describes it. `part` is its section number
 * for BODY[part] ("1", "2.1"); a multipart has `parts`; a message/rfc822 has `envelope` and
 * `body` (the enclosed message's structure). Types, subtypes, encodings and parameter names
 * are lower-cased.
 */
export interface BodyStructure {
  part: string;
  type: string;
  subtype: string;
  params: Record<string, string>;
  id: string | null;
  description: string | null;
  encoding: string | null;
  /** Size in octets of the encoded body (0 for a multipart). */
  size: number;
  /** Lines of text/* and message/rfc822 bodies. */
  lines: number | null;
  md5: string | null;
  disposition: Disposition | null;
  language: string[] | null;
  location: string | null;
  parts: BodyStructure[];
  envelope: Envelope | null;
  body: BodyStructure | null;
}

/** parseEnvelope reads an ENVELOPE list. */
export function parseEnvelope(v: Value): Envelope {
  const e = list(v);
  if (e.length < 10) throw new ParseError("ENVELOPE has fewer than 10 fields");
  return {
    date: text(e[0]),
    subject: text(e[1]),
    from: addresses(e[2]),
    sender: addresses(e[3]),
    replyTo: addresses(e[4]),
    to: addresses(e[5]),
    cc: addresses(e[6]),
    bcc: addresses(e[7]),
    inReplyTo: text(e[8]),
    messageId: text(e[9]),
  };
}

function addresses(v: Value | undefined): Address[] {
  return list(v).map((a) => {
    const f = list(a);
    return { name: text(f[0]), adl: text(f[1]), mailbox: text(f[2]), host: text(f[3]) };
  });
}

/** parseBodyStructure reads a BODY or BODYSTRUCTURE list; `part` is the section number of the whole ("1" at the top). */
export function parseBodyStructure(v: Value, part = ""): BodyStructure {
  const b = list(v);
  if (b.length === 0) throw new ParseError("empty body structure");
  if (Array.isArray(b[0])) return multipart(b, part);
  return single(b, part || "1");
}

function multipart(b: Value[], part: string): BodyStructure {
  let i = 0;
  const parts: BodyStructure[] = [];
  for (; i < b.length && Array.isArray(b[i]); i++)
    parts.push(parseBodyStructure(b[i]!, part ? `${part}.${i + 1}` : String(i + 1)));
  const subtype = (text(b[i++]) ?? "mixed").toLowerCase();
  return {
    part: part || "TEXT",
    type: "multipart",
    subtype,
    params: params(b[i++]),
    id: null,
    description: null,
    encoding: null,
    size: 0,
    lines: null,
    md5: null,
    disposition: disposition(b[i++]),
    language: language(b[i++]),
    location: text(b[i++]),
    parts,
    envelope: null,
    body: null,
  };
}

function single(b: Value[], part: string): BodyStructure {
  const type = (text(b[0]) ?? "text").toLowerCase();
  const subtype = (text(b[1]) ?? "plain").toLowerCase();
  const out: BodyStructure = {
    part,
    type,
    subtype,
    params: params(b[2]),
    id: text(b[3]),
    description: text(b[4]),
    encoding: text(b[5])?.toLowerCase() ?? null,
    size: num(b[6]) ?? 0,
    lines: null,
    md5: null,
    disposition: null,
    language: null,
    location: null,
    parts: [],
    envelope: null,
    body: null,
  };
  let i = 7;
  if (type === "message" && (subtype === "rfc822" || subtype === "global") && Array.isArray(b[7])) {
    out.envelope = parseEnvelope(b[7]);
    // The enclosed message's parts are numbered under this one: BODY[2.1], BODY[2.2].
    const inner = list(b[8]);
    out.body =
      inner.length > 0 && Array.isArray(inner[0])
        ? parseBodyStructure(inner, part)
        : parseBodyStructure(inner, `${part}.1`);
    out.lines = num(b[9]);
    i = 10;
  } else if (type === "text") {
    out.lines = num(b[7]);
    i = 8;
  }
  out.md5 = text(b[i++]);
  out.disposition = disposition(b[i++]);
  out.language = language(b[i++]);
  out.location = text(b[i++]);
  return out;
}

function params(v: Value | undefined): Record<string, string> {
  const p = list(v);
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < p.length; i += 2) out[(text(p[i]) ?? "").toLowerCase()] = text(p[i + 1]) ?? "";
  return out;
}

function disposition(v: Value | undefined): Disposition | null {
  if (v === null || v === undefined || !Array.isArray(v)) return null;
  return { type: (text(v[0]) ?? "").toLowerCase(), params: params(v[1]) };
}

function language(v: Value | undefined): string[] | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => text(x) ?? "");
  return [text(v) ?? ""];
}

/** walk yields every leaf part (not the multiparts), depth first, entering enclosed messages. */
export function* walk(structure: BodyStructure): Generator<BodyStructure> {
  if (structure.parts.length > 0) for (const p of structure.parts) yield* walk(p);
  else if (structure.body) yield* walk(structure.body);
  else yield structure;
}

/**
 * filename returns a part's file name (Content-Disposition filename, else Content-Type name),
 * decoded (RFC 2231 continuations and charsets, RFC 2047 words: decodeParams), or null.
 */
export function filename(part: BodyStructure): string | null {
  return decodeParams(part.disposition?.params ?? {}).filename ?? decodeParams(part.params).name ?? null;
}

/** attachments returns the leaf parts that are attachments: disposition attachment, or a file name. */
export function attachments(structure: BodyStructure): BodyStructure[] {
  return [...walk(structure)].filter((p) => p.disposition?.type === "attachment" || filename(p) !== null);
}
