// email.headerregistry: the header objects policy.default returns. Each is a String (its text
// is the decoded value, as Python's str subclass) with the parsed parts as attributes and a
// fold() that writes it back (tokens.ts).
import { InvalidHeaderDefect, type MessageDefect } from "./errors.js";
import type { FoldableHeader } from "./policybase.js";
import { sanitize } from "./strings.js";
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
import { _parseparam } from "./message.js";
import { collapse_rfc2231_value, decode_params, format_datetime, parsedate_to_datetime, type ParamValue } from "./utils.js";

const SPECIALS = /[()<>@,:;.\\"[\]]/;
const DOT_ATOM_ENDS = /[()<>@,:;\\"[\] \t]/;

/** Address is one mailbox: display_name, username, domain (email.headerregistry.Address). */
export class Address {
  readonly display_name: string;
  readonly username: string;
  readonly domain: string;
  constructor(display_name = "", username = "", domain = "", addr_spec: string | null = null) {
    if (addr_spec !== null) {
      if (username || domain) throw new TypeError("addrspec specified when username and/or domain also specified");
      const at = addr_spec.lastIndexOf("@");
      username = at < 0 ? addr_spec : addr_spec.slice(0, at);
      domain = at < 0 ? "" : addr_spec.slice(at + 1);
    }
    if (/[\r\n]/.test(display_name + username + domain)) throw new RangeError("invalid arguments; address parts cannot contain CR or LF");
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

/** DateHeader: datetime is the parsed Date (null when unparseable). */
export class DateHeader extends BaseHeader {
  readonly datetime: Date | null;
  constructor(name: string, value: unknown) {
    let decoded: string;
    let dt: Date | null = null;
    const defects: MessageDefect[] = [];
    if (value instanceof Date) {
      dt = value;
      decoded = format_datetime(value);
    } else {
      decoded = String(value);
      if (!decoded) defects.push(new InvalidHeaderDefect("Header value is empty"));
      else
        try {
          dt = parsedate_to_datetime(decoded);
        } catch {
          defects.push(new InvalidHeaderDefect("Invalid date value or format"));
        }
    }
    super(name, decoded, get_unstructured(decoded), defects);
    this.datetime = dt;
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
      groups = parsed.map((g) => new Group(g.display_name, g.mailboxes.map((m) => new Address(m.display_name ?? "", m.local_part, m.domain))));
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
    if (a.length !== 1) throw new RangeError(`value of single address header ${this.name} is not a single address`);
    return a[0]!;
  }
}
export class UniqueSingleAddressHeader extends SingleAddressHeader {
  static override max_count: number | null = 1;
}

/** ParameterizedMIMEHeader: the value and its params (names lower-cased, RFC 2231 decoded). */
export class ParameterizedMIMEHeader extends BaseHeader {
  readonly params: Readonly<Record<string, string>>;
  static override max_count: number | null = 1;
  constructor(name: string, value: unknown, type: string) {
    const text = String(value);
    const raw: [string, string][] = _parseparam(text).map((p) => {
      const i = p.indexOf("=");
      return i < 0 ? [p.trim(), ""] : [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    });
    const decodedParams = raw.length > 1 ? decode_params(raw).slice(1) : [];
    const params: Record<string, string> = {};
    const pairs: [string, string][] = [];
    for (const [k, v] of decodedParams) {
      const val = collapse_rfc2231_value(Array.isArray(v) ? ([v[0], v[1], v[2].replace(/^"|"$/g, "")] as ParamValue) : (v as string).replace(/^"(.*)"$/s, "$1").replace(/\\(.)/g, "$1"));
      params[sanitize(k).toLowerCase()] = sanitize(val);
      pairs.push([k, val]);
    }
    super(name, text, get_parameterized(type, text, pairs));
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

