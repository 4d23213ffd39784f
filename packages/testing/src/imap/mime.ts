// Just enough MIME (RFC 2045/2046, RFC 5322) for an IMAP server: a message's header fields,
// its part tree, and the ENVELOPE, BODYSTRUCTURE and BODY[section] a FETCH returns.
import { nstring, quoted } from "./syntax.js";

/** MimePart is a message or body part: raw header and body, parsed fields, sub-parts. */
export interface MimePart {
  /** The header as sent, up to and including the blank line. */
  header: Buffer;
  body: Buffer;
  fields: Array<[name: string, value: string]>;
  type: string;
  subtype: string;
  params: Array<[string, string]>;
  parts: MimePart[];
  /** The enclosed message of a message/rfc822 part. */
  message: MimePart | null;
}

/** parseMessage splits a message into header and body, and multiparts into their parts. */
export function parseMessage(data: Buffer, defaultType: [string, string] = ["text", "plain"]): MimePart {
  let split = data.indexOf("\r\n\r\n");
  let sep = 4;
  const lf = data.indexOf("\n\n");
  if (lf !== -1 && (split === -1 || lf < split)) {
    split = lf;
    sep = 2;
  }
  if (split === -1) {
    split = data.length;
    sep = 0;
  }
  // A message that starts with its blank line has no header at all.
  if (data.subarray(0, 2).toString() === "\r\n") {
    split = 0;
    sep = 2;
  }
  const header = data.subarray(0, split + sep);
  const body = data.subarray(split + sep);
  const fields = parseFields(header.toString("latin1"));
  const ct = field(fields, "content-type");
  let [type, subtype] = defaultType;
  let params: Array<[string, string]> = [];
  if (ct) {
    const m = /^\s*([^/\s;]+)\s*\/\s*([^\s;]+)/.exec(ct);
    if (m) {
      type = m[1]!.toLowerCase();
      subtype = m[2]!.toLowerCase();
    }
    params = parseParams(ct);
  } else if (defaultType[0] === "text") params = [["charset", "us-ascii"]];
  const part: MimePart = { header, body, fields, type, subtype, params, parts: [], message: null };
  if (type === "multipart") {
    const boundary = params.find(([k]) => k === "boundary")?.[1];
    if (boundary) {
      const child: [string, string] = subtype === "digest" ? ["message", "rfc822"] : ["text", "plain"];
      part.parts = splitMultipart(body, boundary).map((p) => parseMessage(p, child));
    }
  } else if (type === "message" && subtype === "rfc822") part.message = parseMessage(body);
  return part;
}

/** parseFields unfolds a header and returns its fields in order. */
export function parseFields(header: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of header.replace(/\r?\n[ \t]/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** field returns the first value of header field `name` (case-insensitive), or null. */
export function field(fields: Array<[string, string]>, name: string): string | null {
  const f = fields.find(([k]) => k.toLowerCase() === name);
  return f ? f[1] : null;
}

function parseParams(value: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const re = /;\s*([^=\s;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (const m of value.matchAll(re))
    out.push([m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3]!]);
  return out;
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString("latin1");
  const delim = `--${boundary}`;
  const parts: Buffer[] = [];
  let start = -1;
  const re = new RegExp(
    `(^|\\r?\\n)${delim.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(--)?[ \\t]*(\\r?\\n|$)`,
    "g",
  );
  for (const m of text.matchAll(re)) {
    if (start !== -1) parts.push(body.subarray(start, m.index));
    if (m[2]) return parts;
    start = m.index + m[0].length;
  }
  if (start !== -1) parts.push(body.subarray(start));
  return parts;
}

/** envelope returns the ENVELOPE of a message (RFC 3501 7.4.2). */
export function envelope(msg: MimePart): string {
  const f = (name: string) => field(msg.fields, name);
  const from = addresses(f("from"));
  const sender = addresses(f("sender")) ?? from;
  const replyTo = addresses(f("reply-to")) ?? from;
  return `(${[
    nstring(f("date")),
    nstring(f("subject")),
    from ?? "NIL",
    sender ?? "NIL",
    replyTo ?? "NIL",
    addresses(f("to")) ?? "NIL",
    addresses(f("cc")) ?? "NIL",
    addresses(f("bcc")) ?? "NIL",
    nstring(f("in-reply-to")),
    nstring(f("message-id")),
  ].join(" ")})`;
}

// "Alice <alice@example.org>, bob@example.org" -> (("Alice" NIL "alice" "example.org")(NIL NIL "bob" "example.org"))
function addresses(value: string | null): string | null {
  if (!value) return null;
  const out: string[] = [];
  for (const item of splitAddresses(value)) {
    const angle = /^(.*?)<([^>]*)>\s*$/.exec(item);
    let name: string | null = null;
    let addr = item;
    if (angle) {
      name =
        angle[1]!
          .trim()
          .replace(/^"(.*)"$/, "$1")
          .replace(/\\(.)/g, "$1") || null;
      addr = angle[2]!;
    }
    const at = addr.lastIndexOf("@");
    const mailbox = at === -1 ? addr.trim() : addr.slice(0, at).trim();
    const host = at === -1 ? null : addr.slice(at + 1).trim();
    out.push(`(${nstring(name)} NIL ${nstring(mailbox)} ${nstring(host)})`);
  }
  return out.length > 0 ? `(${out.join("")})` : null;
}

function splitAddresses(value: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && quote) {
      cur += c + (value[++i] ?? "");
      continue;
    }
    if (c === '"') quote = !quote;
    else if (c === "<" && !quote) angle = true;
    else if (c === ">" && !quote) angle = false;
    if (c === "," && !quote && !angle) {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** bodystructure returns BODYSTRUCTURE (extensible) or BODY (not) of a part. */
export function bodystructure(part: MimePart, extensible: boolean): string {
  if (part.type === "multipart") {
    const children = part.parts.map((p) => bodystructure(p, extensible)).join("");
    const ext = extensible ? ` ${params(part.params)} ${disposition(part)} NIL NIL` : "";
    return `(${children || '("TEXT" "PLAIN" NIL NIL NIL "7BIT" 0 0)'} ${quoted(part.subtype.toUpperCase())}${ext})`;
  }
  const f = (name: string) => field(part.fields, name);
  const items = [
    quoted(part.type.toUpperCase()),
    quoted(part.subtype.toUpperCase()),
    params(part.params),
    nstring(f("content-id")),
    nstring(f("content-description")),
    quoted((f("content-transfer-encoding") ?? "7BIT").toUpperCase()),
    String(part.body.length),
  ];
  if (part.type === "message" && part.subtype === "rfc822" && part.message)
    items.push(envelope(part.message), bodystructure(part.message, extensible), String(lines(part.body)));
  else if (part.type === "text") items.push(String(lines(part.body)));
  if (extensible) items.push(nstring(f("content-md5")), disposition(part), "NIL", "NIL");
  return `(${items.join(" ")})`;
}

function params(list: Array<[string, string]>): string {
  if (list.length === 0) return "NIL";
  return `(${list.map(([k, v]) => `${quoted(k.toUpperCase())} ${quoted(v)}`).join(" ")})`;
}

function disposition(part: MimePart): string {
  const d = field(part.fields, "content-disposition");
  if (!d) return "NIL";
  const type = /^\s*([^;\s]+)/.exec(d)?.[1] ?? "attachment";
  return `(${quoted(type.toLowerCase())} ${params(parseParams(d))})`;
}

function lines(body: Buffer): number {
  let n = 0;
  for (const c of body) if (c === 10) n++;
  return body.length > 0 && body[body.length - 1] !== 10 ? n + 1 : n;
}

/**
 * section returns the bytes of BODY[spec] (RFC 3501 6.4.5): "", HEADER, TEXT,
 * HEADER.FIELDS (A B), HEADER.FIELDS.NOT (A B), MIME, and numbered parts such as 1.2 or
 * 2.HEADER; null when the part does not exist.
 */
export function section(msg: MimePart, whole: Buffer, spec: string): Buffer | null {
  const m =
    /^((?:\d+\.)*\d+)?\.?(HEADER\.FIELDS\.NOT|HEADER\.FIELDS|HEADER|TEXT|MIME)?\s*(?:\(([^)]*)\))?$/i.exec(
      spec.trim(),
    );
  if (!m) return null;
  const path = m[1] ? m[1].split(".").map(Number) : [];
  const what = (m[2] ?? "").toUpperCase();
  if (path.length === 0) return what === "" ? whole : headerOrText(msg, what, m[3]);
  let cur: MimePart = msg;
  let top = true;
  for (const n of path) {
    // A message/rfc822 part's own numbers address the message it encloses.
    const container = !top && cur.type === "message" && cur.message ? cur.message : cur;
    if (container.type === "multipart") {
      const next = container.parts[n - 1];
      if (!next) return null;
      cur = next;
    } else if (n !== 1) return null;
    else cur = container;
    top = false;
  }
  if (what === "MIME") return cur.header;
  if (what === "") return cur.body;
  // n.HEADER and n.TEXT address the message enclosed in a message/rfc822 part.
  if (!cur.message) return null;
  return headerOrText(cur.message, what, m[3]);
}

function headerOrText(msg: MimePart, what: string, names: string | undefined): Buffer | null {
  if (what === "HEADER") return msg.header;
  if (what === "TEXT") return msg.body;
  if (what === "HEADER.FIELDS" || what === "HEADER.FIELDS.NOT") {
    const wanted = new Set(
      (names ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((n) => n.replace(/"/g, "").toLowerCase()),
    );
    const keep = what === "HEADER.FIELDS";
    const out: string[] = [];
    const raw = msg.header.toString("latin1");
    for (const line of raw.split(/\r?\n(?![ \t])/)) {
      const name = line.slice(0, line.indexOf(":")).trim().toLowerCase();
      if (line.indexOf(":") > 0 && wanted.has(name) === keep)
        out.push(`${line.replace(/\r?\n/g, "\r\n")}\r\n`);
    }
    return Buffer.from(`${out.join("")}\r\n`, "latin1");
  }
  return null;
}

/** decodeWords decodes RFC 2047 encoded words (for SEARCH on decoded header values). */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (whole, charset: string, enc: string, data: string) => {
      const bytes =
        enc.toUpperCase() === "B"
          ? Buffer.from(data, "base64")
          : Buffer.from(
              data
                .replace(/_/g, " ")
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) =>
                  String.fromCharCode(Number.parseInt(h, 16)),
                ),
              "latin1",
            );
      try {
        return new TextDecoder(charset.toLowerCase()).decode(bytes);
      } catch {
        return whole;
      }
    });
}
