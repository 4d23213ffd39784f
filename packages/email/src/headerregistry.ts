// email.headerregistry: the header objects policy.default returns. Each is a String (its text
// is the decoded value, as Python's str subclass) with the parsed parts as attributes and a
// fold() that writes it back (tokens.ts).
import { HeaderMissingRequiredValue, InvalidDateDefect, type MessageDefect } from "./errors.js";
import { _parsedate_tz } from "./parseaddr.js";
import type { FoldableHeader } from "./policybase.js";
import { decode, sanitize } from "./strings.js";
import {
  type FoldPolicy,
  get_address_list,
  get_parameterized,
  get_unfoldable,
  get_unstructured,
  headerTree,
  type ParsedGroup,
  quote_string,
  type TokenList,
} from "./tokens.js";
import { decode_rfc2231, format_datetime } from "./utils.js";

const SPECIALS = /[()<>@,:;.\\"[\]]/;
const DOT_ATOM_ENDS = /[()<>@,:;\\"[\] \t]/;

/** Address is one mailbox: display_name, username, domain (email.headerregistry.Address). */
export class Address {
  readonly display_name: string;
  readonly username: string;
  readonly domain: string;
  constructor(display_name = "", username = "", domain = "", addr_spec: string | null = null) {
    if (addr_spec !== null) {
      if (username || domain)
        throw new TypeError("addrspec specified when username and/or domain also specified");
      const at = addr_spec.lastIndexOf("@");
      username = at < 0 ? addr_spec : addr_spec.slice(0, at);
      domain = at < 0 ? "" : addr_spec.slice(at + 1);
    }
    if (/[\r\n]/.test(display_name + username + domain))
      throw new RangeError("invalid arguments; address parts cannot contain CR or LF");
    this.display_name = display_name;
    this.username = username;
    this.domain = domain;
  }
  get addr_spec(): string {
    let lp = this.username;
    if (DOT_ATOM_ENDS.test(lp)) lp = quote_string(lp);
    if (this.domain) return `${lp}@${this.domain}`;
    if (!lp) return "<>";
    return lp;
  }
  toString(): string {
    let disp = this.display_name;
    if (SPECIALS.test(disp)) disp = quote_string(disp);
    if (disp) return `${disp} <${this.addr_spec === "<>" ? "" : this.addr_spec}>`;
    return this.addr_spec;
  }
  equals(o: Address): boolean {
    return o.display_name === this.display_name && o.username === this.username && o.domain === this.domain;
  }
}

/** Group is a named list of addresses (a single address is a group without a name). */
export class Group {
  readonly addresses: readonly Address[];
  constructor(
    readonly display_name: string | null = null,
    addresses: readonly Address[] | null = null,
  ) {
    this.addresses = addresses ? [...addresses] : [];
  }
  toString(): string {
    if (this.display_name === null && this.addresses.length === 1) return String(this.addresses[0]);
    let disp = this.display_name ?? "";
    if (SPECIALS.test(disp)) disp = quote_string(disp);
    let adr = this.addresses.map(String).join(", ");
    adr = adr ? ` ${adr}` : adr;
    return `${disp}:${adr};`;
  }
}

/** BaseHeader is the base of every header object. */
export class BaseHeader extends String implements FoldableHeader {
  static max_count: number | null = null;
  readonly name: string;
  readonly defects: MessageDefect[];
  _parse_tree: TokenList;

  constructor(name: string, decoded: string, parse_tree: TokenList, defects: MessageDefect[] = []) {
    super(sanitize(decoded));
    this.name = name;
    this._parse_tree = parse_tree;
    this.defects = defects;
  }

  get max_count(): number | null {
    return (this.constructor as typeof BaseHeader).max_count;
  }

  /** fold writes "Name: value" folded as the policy says, ending with its linesep. */
  fold(options: { policy: FoldPolicy }): string {
    return headerTree(this.name, this._parse_tree).fold(options.policy);
  }
}

/** UnstructuredHeader: text with encoded words decoded (Subject, Comments, X-...). */
export class UnstructuredHeader extends BaseHeader {
  constructor(name: string, value: unknown) {
    const tree = get_unstructured(String(value));
    super(name, String(tree), tree);
  }
}
export class UniqueUnstructuredHeader extends UnstructuredHeader {
  static override max_count: number | null = 1;
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** formatTuple is format_datetime of the datetime Python builds from a parsedate tuple. */
function formatTuple(t: readonly (number | null)[]): string | null {
  const [y, mo, d, h, mi, se] = t as number[];
  const probe = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, se!));
  if (
    probe.getUTCFullYear() !== y ||
    probe.getUTCMonth() !== mo! - 1 ||
    probe.getUTCDate() !== d ||
    h! > 23 ||
    mi! > 59 ||
    se! > 59 ||
    y! < 1
  )
    return null;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const off = t[9];
  let zone = "-0000";
  if (off !== null && off !== undefined) {
    const a = Math.abs(off);
    zone = `${off < 0 ? "-" : "+"}${p(Math.floor(a / 3600))}${p(Math.floor((a % 3600) / 60))}`;
  }
  return `${DAYS[(probe.getUTCDay() + 6) % 7]}, ${p(d!)} ${MONTHS[mo! - 1]} ${p(y!, 4)} ${p(h!)}:${p(mi!)}:${p(se!)} ${zone}`;
}

/** DateHeader: datetime is the parsed Date (null when unparseable); the text is re-formatted. */
export class DateHeader extends BaseHeader {
  readonly datetime: Date | null;
  constructor(name: string, value: unknown) {
    const defects: MessageDefect[] = [];
    if (value instanceof Date) {
      const decoded = format_datetime(value);
      super(name, decoded, get_unstructured(decoded));
      this.datetime = value;
      return;
    }
    const text = String(value);
    const t = text ? _parsedate_tz(text) : null;
    const formatted = t ? formatTuple(t) : null;
    if (!text) defects.push(new HeaderMissingRequiredValue());
    else if (formatted === null) defects.push(new InvalidDateDefect("Invalid date value or format"));
    const decoded = formatted ?? text;
    super(name, decoded, formatted === null ? get_unstructured("") : get_unstructured(decoded), defects);
    this.datetime =
      t && formatted ? new Date(Date.UTC(t[0], t[1] - 1, t[2], t[3], t[4], t[5]) - (t[9] ?? 0) * 1000) : null;
  }
}
export class UniqueDateHeader extends DateHeader {
  static override max_count: number | null = 1;
}

function isGroupLike(v: unknown): v is Group {
  return v instanceof Group;
}

/** AddressHeader: addresses and groups, text re-made from them (To, Cc, From, ...). */
export class AddressHeader extends BaseHeader {
  readonly groups: readonly Group[];
  constructor(name: string, value: unknown) {
    let groups: Group[];
    let tree: TokenList;
    if (typeof value === "string" || value instanceof String) {
      let parsed: ParsedGroup[];
      [tree, parsed] = get_address_list(String(value));
      groups = parsed.map(
        (g) =>
          new Group(
            g.display_name,
            g.mailboxes.map((m) => new Address(m.display_name ?? "", m.local_part, m.domain)),
          ),
      );
      const decoded = groups.map(String).join(", ");
      super(name, decoded, tree);
    } else {
      const items = Array.isArray(value) ? value : [value];
      groups = items.map((it) => (isGroupLike(it) ? it : new Group(null, [it as Address])));
      const decoded = groups.map(String).join(", ");
      [tree] = get_address_list(decoded);
      super(name, decoded, tree);
    }
    this.groups = groups;
  }
  get addresses(): Address[] {
    return this.groups.flatMap((g) => [...g.addresses]);
  }
}
export class UniqueAddressHeader extends AddressHeader {
  static override max_count: number | null = 1;
}
export class SingleAddressHeader extends AddressHeader {
  get address(): Address {
    const a = this.addresses;
    if (a.length !== 1)
      throw new RangeError(`value of single address header ${this.name} is not a single address`);
    return a[0]!;
  }
}
export class UniqueSingleAddressHeader extends SingleAddressHeader {
  static override max_count: number | null = 1;
}

/** parseMimeParams is MimeParameters.params: RFC 2231 sections joined and decoded, in order. */
export function parseMimeParams(text: string): [string, string][] {
  const groups = new Map<string, { section: number; extended: boolean; value: string }[]>();
  for (const raw of splitParams(text)) {
    const eq = raw.indexOf("=");
    const attr = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    if (!attr) continue;
    let value = eq < 0 ? "" : raw.slice(eq + 1).trim();
    if (value.startsWith('"'))
      value = value.replace(/^"((?:[^"\\]|\\.)*)"?.*$/s, "$1").replace(/\\(.)/g, "$1");
    const m = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(attr);
    const name = m ? m[1]!.trim() : attr;
    const section = m?.[2] === undefined ? 0 : Number(m[2]);
    const extended = !!m?.[3];
    const list = groups.get(name) ?? [];
    list.push({ section, extended, value });
    groups.set(name, list);
  }
  const out: [string, string][] = [];
  for (const [name, parts0] of groups) {
    let parts = [...parts0].sort((a, b) => a.section - b.section);
    if (!parts[0]!.extended && parts.length > 1 && parts[1]!.section === 0) parts = parts.slice(0, 1);
    let charset = "us-ascii";
    const values: string[] = [];
    for (const [i, p] of parts.entries()) {
      if (p.section !== i && !p.extended) continue;
      let v = p.value;
      if (p.extended) {
        if (i === 0) {
          const [cs, , rest] = decode_rfc2231(v);
          if (cs !== null) {
            charset = cs || "us-ascii";
            v = rest;
          }
        }
        const bytes = Buffer.from(
          v.replace(/%([0-9a-fA-F]{2})|[\s\S]/g, (all, hex) =>
            hex ? String.fromCharCode(Number.parseInt(hex, 16)) : all,
          ),
          "latin1",
        );
        try {
          v = decode(bytes, charset, "surrogateescape");
        } catch {
          v = decode(bytes, "us-ascii", "surrogateescape");
        }
      }
      values.push(v);
    }
    out.push([name, values.join("")]);
  }
  return out;
}

function splitParams(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === "\\") {
      cur += c + (text[++i] ?? "");
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ";" && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** ParameterizedMIMEHeader: the value and its params (names lower-cased, RFC 2231 decoded). */
export class ParameterizedMIMEHeader extends BaseHeader {
  readonly params: Readonly<Record<string, string>>;
  static override max_count: number | null = 1;
  constructor(name: string, value: unknown, type: string) {
    const text = String(value);
    const semi = splitParams(text);
    const head = semi[0]!;
    const pairs = semi.length > 1 ? parseMimeParams(text.slice(head.length + 1)) : [];
    const params: Record<string, string> = {};
    for (const [k, v] of pairs) params[sanitize(k).toLowerCase()] = sanitize(v);
    const rendered = pairs.map(([k, v]) => (v ? `${k}=${quote_string(v)}` : k)).join("; ");
    const decoded = semi.length > 1 ? `${head};${rendered ? ` ${rendered}` : ""}` : head;
    super(name, decoded, get_parameterized(type, decoded, pairs));
    this.params = params;
  }
}

/** ContentTypeHeader: content_type, maintype, subtype and params. */
export class ContentTypeHeader extends ParameterizedMIMEHeader {
  readonly maintype: string;
  readonly subtype: string;
  constructor(name: string, value: unknown) {
    super(name, value, "content-type");
    const head = String(value).split(";")[0]!.trim().toLowerCase();
    const [m, s] = head.split("/");
    this.maintype = m ?? "";
    this.subtype = s ?? "";
  }
  get content_type(): string {
    return `${this.maintype}/${this.subtype}`;
  }
}

/** ContentDispositionHeader: content_disposition and params. */
export class ContentDispositionHeader extends ParameterizedMIMEHeader {
  readonly content_disposition: string | null;
  constructor(name: string, value: unknown) {
    super(name, value, "content-disposition");
    const head = String(value).split(";")[0]!.trim().toLowerCase();
    this.content_disposition = head || null;
  }
}

/** ContentTransferEncodingHeader: cte, lower-cased. */
export class ContentTransferEncodingHeader extends BaseHeader {
  static override max_count: number | null = 1;
  readonly cte: string;
  constructor(name: string, value: unknown) {
    const text = String(value);
    super(name, text, get_unfoldable("content-transfer-encoding", text));
    this.cte = sanitize(text).trim().toLowerCase();
  }
}

/** MIMEVersionHeader: version, major, minor. */
export class MIMEVersionHeader extends BaseHeader {
  static override max_count: number | null = 1;
  readonly version: string | null;
  readonly major: number | null;
  readonly minor: number | null;
  constructor(name: string, value: unknown) {
    const text = String(value);
    const m = /^\s*(\d+)\s*\.\s*(\d+)/.exec(text.replace(/\([^)]*\)/g, ""));
    super(name, m ? `${m[1]}.${m[2]}` : text, get_unfoldable("mime-version", text));
    this.major = m ? Number(m[1]) : null;
    this.minor = m ? Number(m[2]) : null;
    this.version = m ? `${m[1]}.${m[2]}` : null;
  }
}

/** MessageIDHeader: a Message-ID, never encoded. */
export class MessageIDHeader extends BaseHeader {
  static override max_count: number | null = 1;
  constructor(name: string, value: unknown) {
    const text = String(value);
    super(name, text, get_unfoldable("message-id", text));
  }
}

type HeaderClass = new (name: string, value: unknown) => BaseHeader;

const DEFAULT_MAP: Record<string, HeaderClass> = {
  subject: UniqueUnstructuredHeader,
  date: UniqueDateHeader,
  "resent-date": DateHeader,
  "orig-date": UniqueDateHeader,
  sender: UniqueSingleAddressHeader,
  "resent-sender": SingleAddressHeader,
  to: UniqueAddressHeader,
  "resent-to": AddressHeader,
  cc: UniqueAddressHeader,
  "resent-cc": AddressHeader,
  bcc: UniqueAddressHeader,
  "resent-bcc": AddressHeader,
  from: UniqueAddressHeader,
  "resent-from": AddressHeader,
  "reply-to": UniqueAddressHeader,
  "mime-version": MIMEVersionHeader,
  "content-type": ContentTypeHeader,
  "content-disposition": ContentDispositionHeader,
  "content-transfer-encoding": ContentTransferEncodingHeader,
  "message-id": MessageIDHeader,
};

/** HeaderRegistry maps header names to header classes (unknown names are unstructured). */
export class HeaderRegistry {
  registry: Record<string, HeaderClass>;
  constructor(
    public default_class: HeaderClass = UnstructuredHeader,
    use_default_map = true,
  ) {
    this.registry = use_default_map ? { ...DEFAULT_MAP } : {};
  }
  map_to_type(name: string, cls: HeaderClass): void {
    this.registry[name.toLowerCase()] = cls;
  }
  get(name: string): HeaderClass {
    return this.registry[name.toLowerCase()] ?? this.default_class;
  }
  /** call is header_factory(name, value). */
  call(name: string, value: unknown): BaseHeader {
    const cls = this.get(name);
    return new cls(name, value);
  }
}
