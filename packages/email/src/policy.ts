// email.policy: EmailPolicy and its instances default, SMTP (CRLF), SMTPUTF8, HTTP and strict;
// compat32 is re-exported. Under EmailPolicy headers are header objects (headerregistry.ts).
import type { ContentManager } from "./contentmanager.js";
import { raw_data_manager } from "./contentmanager.js";
import type { MessageFactory } from "./feedparser.js";
import { BaseHeader, HeaderRegistry } from "./headerregistry.js";
import {
  Compat32,
  compat32,
  Policy,
  type PolicyOptions,
  type StoredValue,
  sourceParse,
} from "./policybase.js";
import { splitlines } from "./quoprimime.js";
import { encode, hasSurrogates } from "./strings.js";

export type { PolicyOptions };
export { Compat32, compat32, Policy };

/** EmailPolicyOptions adds EmailPolicy's own controls. */
export interface EmailPolicyOptions extends PolicyOptions {
  header_factory?: HeaderRegistry;
  content_manager?: ContentManager;
  message_factory?: MessageFactory | null;
}

/** EmailPolicy is the policy of EmailMessage: RFC-conformant folding, header objects. */
export class EmailPolicy extends Policy {
  override utf8 = false;
  refold_source: "none" | "long" | "all" = "long";
  header_factory: HeaderRegistry = new HeaderRegistry();
  content_manager: ContentManager = raw_data_manager;
  message_factory: MessageFactory | null = null;

  constructor(options: EmailPolicyOptions = {}) {
    super();
    Object.assign(this, options);
  }

  override clone(options: EmailPolicyOptions = {}): this {
    return super.clone(options);
  }

  override header_max_count(name: string): number | null {
    return (this.header_factory.get(name) as unknown as typeof BaseHeader).max_count;
  }

  header_source_parse(sourcelines: string[]): [string, string] {
    return sourceParse(sourcelines);
  }

  header_store_parse(name: string, value: unknown): [string, StoredValue] {
    if (value instanceof BaseHeader && value.name.toLowerCase() === name.toLowerCase()) return [name, value];
    if (typeof value === "string" && splitlines(value).length > 1)
      throw new RangeError("Header values may not contain linefeed or carriage return characters");
    return [name, this.header_factory.call(name, value)];
  }

  header_fetch_parse(name: string, value: StoredValue): BaseHeader {
    if (value instanceof BaseHeader) return value;
    return this.header_factory.call(name, String(value).replace(/[\r\n]/g, ""));
  }

  fold(name: string, value: StoredValue): string {
    return this._fold(name, value, true);
  }

  fold_binary(name: string, value: StoredValue): Buffer {
    const folded = this._fold(name, value, this.cte_type === "7bit");
    return encode(folded, this.utf8 ? "utf-8" : "ascii", "surrogateescape");
  }

  _fold(name: string, value: StoredValue, refold_binary: boolean): string {
    if (typeof value !== "string") {
      if (value instanceof BaseHeader) return value.fold({ policy: this });
      return this.header_factory.call(name, String(value)).fold({ policy: this });
    }
    const maxlen = this.max_line_length || Number.MAX_SAFE_INTEGER;
    const lines = splitlines(value);
    const refold =
      this.refold_source === "all" ||
      (this.refold_source === "long" &&
        ((lines.length > 0 && lines[0]!.length + name.length + 2 > maxlen) ||
          lines.slice(1).some((x) => x.length > maxlen)));
    if (refold || (refold_binary && hasSurrogates(value)))
      return this.header_factory.call(name, lines.join("")).fold({ policy: this });
    return `${name}: ${lines.join(this.linesep)}${this.linesep}`;
  }
}

export const default_ = new EmailPolicy();
export const strict = default_.clone({ raise_on_defect: true });
export const SMTP = default_.clone({ linesep: "\r\n" });
export const HTTP = default_.clone({ linesep: "\r\n", max_line_length: null });
export const SMTPUTF8 = SMTP.clone({ utf8: true });
export { default_ as default };
