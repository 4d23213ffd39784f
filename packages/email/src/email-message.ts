// email.message.MIMEPart and EmailMessage: the policy.default API (set_content, add_attachment,
// add_alternative, get_body, iter_attachments, iter_parts, get_content, ...).
import type { SetContentOptions } from "./contentmanager.js";
import type { BaseHeader, ContentDispositionHeader } from "./headerregistry.js";
import { isKw, Message } from "./message.js";
import { default_, type EmailPolicy } from "./policy.js";
import type { Policy } from "./policybase.js";

const BODY_TYPES = new Set(["text/plain", "text/html", "multipart/related", "multipart/alternative"]);

/** MIMEPart is a message part under policy.default (no MIME-Version added by set_content). */
export class MIMEPart extends Message {
  declare policy: EmailPolicy;

  constructor(policy: Policy | { policy?: Policy | null } | null = null) {
    const p = policy === null ? default_ : isKw(policy) ? (policy.policy ?? default_) : policy;
    super(p as Policy);
  }

  /** get returns the header object (its text is the decoded value), or failobj. */
  override get(name: string): BaseHeader | null;
  override get<T>(name: string, failobj: T): BaseHeader | T;
  override get<T>(name: string, failobj: T | null = null): BaseHeader | T | null {
    return super.get(name, failobj) as BaseHeader | T | null;
  }
  override __getitem__(name: string): BaseHeader | null {
    return this.get(name);
  }

  override as_string(
    unixfrom: boolean | { unixfrom?: boolean; maxheaderlen?: number | null; policy?: Policy | null } = false,
    maxheaderlen: number | null = null,
    policy: Policy | null = null,
  ): string {
    const o = isKw(unixfrom)
      ? (unixfrom as { unixfrom?: boolean; maxheaderlen?: number | null; policy?: Policy | null })
      : { unixfrom, maxheaderlen, policy };
    const p = o.policy ?? this.policy;
    return super.as_string({
      unixfrom: !!o.unixfrom,
      maxheaderlen: o.maxheaderlen ?? p.max_line_length,
      policy: p,
    });
  }

  /** toString is str(msg): as_string with the policy's utf8 on. */
  override toString(): string {
    return this.as_string({ policy: this.policy.clone({ utf8: true }) });
  }

  is_attachment(): boolean {
    const cd = this.get("content-disposition") as ContentDispositionHeader | null;
    return cd === null ? false : cd.content_disposition === "attachment";
  }

  private *_find_body(part: MIMEPart, preferencelist: readonly string[]): Generator<[number, MIMEPart]> {
    if (part.is_attachment()) return;
    const [maintype, subtype] = part.get_content_type().split("/") as [string, string];
    if (maintype === "text") {
      if (preferencelist.includes(subtype)) yield [preferencelist.indexOf(subtype), part];
      return;
    }
    if (maintype !== "multipart" || !this.is_multipart()) return;
    if (subtype !== "related") {
      for (const sub of part.iter_parts()) yield* this._find_body(sub, preferencelist);
      return;
    }
    if (preferencelist.includes("related")) yield [preferencelist.indexOf("related"), part];
    let candidate: MIMEPart | null = null;
    const start = part.get_param("start");
    if (start) {
      for (const sub of part.iter_parts())
        if (String(sub.get("content-id")) === start) {
          candidate = sub;
          break;
        }
    }
    if (candidate === null) {
      const subparts = part.get_payload() as MIMEPart[];
      candidate = subparts?.[0] ?? null;
    }
    if (candidate !== null) yield* this._find_body(candidate, preferencelist);
  }

  /** get_body returns the best part to show as the body (related, then html, then plain). */
  get_body(preferencelist: readonly string[] = ["related", "html", "plain"]): MIMEPart | null {
    let best = preferencelist.length;
    let body: MIMEPart | null = null;
    for (const [prio, part] of this._find_body(this, preferencelist)) {
      if (prio < best) {
        best = prio;
        body = part;
        if (prio === 0) break;
      }
    }
    return body;
  }

  /** iter_attachments yields the parts that are not the body. */
  *iter_attachments(): Generator<MIMEPart> {
    const [maintype, subtype] = this.get_content_type().split("/");
    if (maintype !== "multipart" || subtype === "alternative") return;
    const payload = this.get_payload();
    if (!Array.isArray(payload)) return;
    const parts = payload.slice() as MIMEPart[];
    if (subtype === "related") {
      const start = this.get_param("start");
      if (start) {
        let found = false;
        const attachments: MIMEPart[] = [];
        for (const part of parts) {
          if (String(part.get("content-id")) === start) found = true;
          else attachments.push(part);
        }
        if (found) {
          yield* attachments;
          return;
        }
      }
      parts.shift();
      yield* parts;
      return;
    }
    const seen: string[] = [];
    for (const part of parts) {
      const ct = part.get_content_type();
      const sub = ct.split("/")[1]!;
      if (BODY_TYPES.has(ct) && !part.is_attachment() && !seen.includes(sub)) {
        seen.push(sub);
        continue;
      }
      yield part;
    }
  }

  /** iter_parts yields the immediate sub-parts of a multipart. */
  *iter_parts(): Generator<MIMEPart> {
    if (this.is_multipart()) yield* this.get_payload() as MIMEPart[];
  }

  /** get_content returns the text (str), bytes, or message, as the content manager says. */
  get_content(options?: SetContentOptions): string | Buffer | Message | null {
    return this.policy.content_manager.get_content(this, options) as string | Buffer | Message | null;
  }

  /**
   * set_content sets the content: set_content("text", "html"), set_content("text",
   * { subtype, charset, cte, disposition, filename, cid, params, headers }),
   * set_content(bytes, "image", "png", { filename }), set_content(message).
   */
  set_content(obj: string | Uint8Array | Message, ...args: (string | SetContentOptions | undefined)[]): void {
    this.policy.content_manager.set_content(this, obj, ...args);
  }

  _make_multipart(subtype: string, disallowed: string[], boundary: string | null): void {
    if (this.get_content_maintype() === "multipart") {
      const existing = this.get_content_subtype();
      if ([...disallowed, subtype].includes(existing))
        throw new RangeError(`Cannot convert ${existing} to ${subtype}`);
    }
    const keep: typeof this._headers = [];
    const partHeaders: typeof this._headers = [];
    for (const [name, value] of this._headers) {
      if (name.toLowerCase().startsWith("content-")) partHeaders.push([name, value]);
      else keep.push([name, value]);
    }
    if (partHeaders.length) {
      const part = new (this.constructor as typeof MIMEPart)(this.policy);
      part._headers = partHeaders;
      part._payload = this._payload;
      this._payload = [part];
    } else this._payload = [];
    this._headers = keep;
    this.__setitem__("Content-Type", `multipart/${subtype}`);
    if (boundary !== null) this.set_param("boundary", boundary);
  }

  make_related(boundary: string | null = null): void {
    this._make_multipart("related", ["alternative", "mixed"], boundary);
  }
  make_alternative(boundary: string | null = null): void {
    this._make_multipart("alternative", ["mixed"], boundary);
  }
  make_mixed(boundary: string | null = null): void {
    this._make_multipart("mixed", [], boundary);
  }

  private _add_multipart(
    subtype: "related" | "alternative" | "mixed",
    disp: string | null,
    obj: string | Uint8Array | Message,
    args: (string | SetContentOptions | undefined)[],
  ): void {
    if (this.get_content_maintype() !== "multipart" || this.get_content_subtype() !== subtype) {
      if (subtype === "related") this.make_related();
      else if (subtype === "alternative") this.make_alternative();
      else this.make_mixed();
    }
    const part = new (this.constructor as typeof MIMEPart)(this.policy);
    part.set_content(obj, ...args);
    if (disp && !part.__contains__("content-disposition")) part.__setitem__("Content-Disposition", disp);
    this.attach(part);
  }

  add_related(obj: string | Uint8Array | Message, ...args: (string | SetContentOptions | undefined)[]): void {
    this._add_multipart("related", "inline", obj, args);
  }
  add_alternative(
    obj: string | Uint8Array | Message,
    ...args: (string | SetContentOptions | undefined)[]
  ): void {
    this._add_multipart("alternative", null, obj, args);
  }
  add_attachment(
    obj: string | Uint8Array | Message,
    ...args: (string | SetContentOptions | undefined)[]
  ): void {
    this._add_multipart("mixed", "attachment", obj, args);
  }

  clear(): void {
    this._headers = [];
    this._payload = null;
  }
  clear_content(): void {
    this._headers = this._headers.filter(([n]) => !n.toLowerCase().startsWith("content-"));
    this._payload = null;
  }
}

/** EmailMessage is MIMEPart whose set_content adds MIME-Version. */
export class EmailMessage extends MIMEPart {
  override set_content(
    obj: string | Uint8Array | Message,
    ...args: (string | SetContentOptions | undefined)[]
  ): void {
    super.set_content(obj, ...args);
    if (!this.__contains__("MIME-Version")) this.__setitem__("MIME-Version", "1.0");
  }
}
