// email._policybase: Policy (the controls every generator and parser consults) and Compat32,
// the policy of Message, MIMEText and friends: headers are strings (or Header objects), folded
// by Header.encode, and written back as they were parsed.
import { UNKNOWN8BIT } from "./charset.js";
import type { MessageDefect } from "./errors.js";
import { Header } from "./header.js";
import { splitlines } from "./quoprimime.js";
import { encode, hasSurrogates } from "./strings.js";

/** A header value as a policy stores it: a string, a Header, or a policy.default header object. */
export interface FoldableHeader {
  readonly name: string;
  fold(options: { policy: Policy }): string;
}
export type StoredValue = string | Header | FoldableHeader;

/** PolicyOptions are the attributes clone() can change. */
export interface PolicyOptions {
  max_line_length?: number | null;
  linesep?: string;
  cte_type?: "7bit" | "8bit";
  raise_on_defect?: boolean;
  mangle_from_?: boolean;
  verify_generated_headers?: boolean;
  utf8?: boolean;
  refold_source?: "none" | "long" | "all";
}

/** DefectHolder is what handle_defect() records a defect on. */
export interface DefectHolder {
  defects: MessageDefect[];
}

/** Policy is the base of Compat32 and EmailPolicy (email._policybase.Policy). */
export abstract class Policy {
  max_line_length: number | null = 78;
  linesep = "\n";
  cte_type: "7bit" | "8bit" = "8bit";
  raise_on_defect = false;
  mangle_from_ = false;
  verify_generated_headers = true;
  utf8 = false;

  constructor(options: PolicyOptions = {}) {
    Object.assign(this, options);
  }

  /** clone returns a new policy of the same class with some attributes changed. */
  clone(options: PolicyOptions = {}): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this, options);
    return copy;
  }

  handle_defect(obj: DefectHolder, defect: MessageDefect): void {
    if (this.raise_on_defect) throw defect;
    this.register_defect(obj, defect);
  }

  register_defect(obj: DefectHolder, defect: MessageDefect): void {
    obj.defects.push(defect);
  }

  header_max_count(_name: string): number | null {
    return null;
  }

  abstract header_source_parse(sourcelines: string[]): [string, string];
  abstract header_store_parse(name: string, value: unknown): [string, StoredValue];
  abstract header_fetch_parse(name: string, value: StoredValue): unknown;
  abstract fold(name: string, value: StoredValue): string;
  abstract fold_binary(name: string, value: StoredValue): Buffer;
}

/** sourceParse is the header_source_parse both policies share. */
export function sourceParse(sourcelines: string[]): [string, string] {
  const first = sourcelines[0]!;
  const i = first.indexOf(":");
  const name = first.slice(0, i);
  const value = first.slice(i + 1).replace(/^[ \t]+/, "") + sourcelines.slice(1).join("");
  return [name, value.replace(/[\r\n]+$/, "")];
}

/** Compat32 is the policy of Python 3.2's email package, the default of Message. */
export class Compat32 extends Policy {
  override mangle_from_ = true;

  header_source_parse(sourcelines: string[]): [string, string] {
    return sourceParse(sourcelines);
  }

  header_store_parse(name: string, value: unknown): [string, StoredValue] {
    return [name, value as StoredValue];
  }

  header_fetch_parse(name: string, value: StoredValue): StoredValue {
    return this._sanitize_header(name, value);
  }

  _sanitize_header(name: string, value: StoredValue): StoredValue {
    if (typeof value !== "string") return value;
    if (hasSurrogates(value)) return new Header(value, { charset: UNKNOWN8BIT, header_name: name });
    return value;
  }

  fold(name: string, value: StoredValue): string {
    return this._fold(name, value, true);
  }

  fold_binary(name: string, value: StoredValue): Buffer {
    return encode(this._fold(name, value, this.cte_type === "7bit"), "ascii", "surrogateescape");
  }

  _fold(name: string, value: StoredValue, sanitize: boolean): string {
    const parts = [`${name}: `];
    let h: Header | FoldableHeader | null;
    if (typeof value === "string") {
      if (hasSurrogates(value)) {
        if (sanitize) h = new Header(value, { charset: UNKNOWN8BIT, header_name: name });
        else {
          parts.push(value);
          h = null;
        }
      } else h = new Header(value, { header_name: name });
    } else h = value;
    if (h !== null) {
      const maxlinelen = this.max_line_length ?? 0;
      if (h instanceof Header) parts.push(h.encode(undefined, maxlinelen, this.linesep));
      else
        parts.push(
          h
            .fold({ policy: this })
            .replace(/^[^:]*:\s?/, "")
            .replace(/\r?\n$/, ""),
        );
    }
    parts.push(this.linesep);
    return parts.join("");
  }
}

export const compat32 = new Compat32();

export { splitlines };
