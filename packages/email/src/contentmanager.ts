// email.contentmanager.raw_data_manager: what EmailMessage.get_content and set_content do for
// text (str), bytes (Buffer) and messages, with Python's choice of 7bit / 8bit / quoted-printable
// / base64 for text.
import { ALIASES } from "./charset.js";
import { KeyError } from "./errors.js";
import type { Message } from "./message.js";
import type { Policy } from "./policybase.js";
import * as quoprimime from "./quoprimime.js";
import { b2a_qp } from "./quoprimime.js";
import { decode, encode, isAscii } from "./strings.js";
import type { ParamValue } from "./utils.js";

/** The keyword arguments of set_content (text, bytes and message forms). */
export interface SetContentOptions {
  subtype?: string;
  charset?: string;
  cte?: string | null;
  disposition?: string | null;
  filename?: string | null;
  cid?: string | null;
  params?: Record<string, ParamValue> | null;
  headers?: readonly (string | { name: string })[] | null;
  /** set_content for bytes given as keywords: set_content(data, { maintype, subtype }). */
  maintype?: string;
  /** get_content for text: the decoding errors handler. */
  errors?: "replace" | "strict";
}

type Getter = (msg: Message, options?: SetContentOptions) => unknown;
type Setter = (msg: Message, obj: unknown, ...args: unknown[]) => void;

/** ContentManager picks a get or set handler by content type or by the type of the object. */
export class ContentManager {
  get_handlers = new Map<string, Getter>();
  set_handlers = new Map<string, Setter>();
  add_get_handler(key: string, handler: Getter): void {
    this.get_handlers.set(key, handler);
  }
  add_set_handler(typekey: string, handler: Setter): void {
    this.set_handlers.set(typekey, handler);
  }
  get_content(msg: Message, options?: SetContentOptions): unknown {
    const ct = msg.get_content_type();
    const h =
      this.get_handlers.get(ct) ??
      this.get_handlers.get(msg.get_content_maintype()) ??
      this.get_handlers.get("");
    if (!h) throw new KeyError(ct);
    return h(msg, options);
  }
  set_content(msg: Message & { clear_content(): void }, obj: unknown, ...args: unknown[]): void {
    if (msg.get_content_maintype() === "multipart") throw new TypeError("set_content not valid on multipart");
    const key =
      typeof obj === "string"
        ? "str"
        : obj instanceof Uint8Array
          ? "bytes"
          : isMessage(obj)
            ? "Message"
            : null;
    const handler = key === null ? undefined : this.set_handlers.get(key);
    if (!handler) throw new KeyError(typeof obj);
    msg.clear_content();
    handler(msg, obj, ...args);
  }
}

function isMessage(o: unknown): o is Message {
  return typeof o === "object" && o !== null && typeof (o as Message).get_content_type === "function";
}

export const raw_data_manager = new ContentManager();

raw_data_manager.add_get_handler("text", (msg, o) => {
  const content = msg.get_payload(null, true) ?? Buffer.alloc(0);
  const charset = msg.get_param("charset", "ASCII");
  return decode(content, String(charset), o?.errors ?? "replace");
});
for (const t of ["audio", "image", "video", "application"])
  raw_data_manager.add_get_handler(t, (msg) => msg.get_payload(null, true));
for (const t of ["rfc822", "external-body"])
  raw_data_manager.add_get_handler(`message/${t}`, (msg) => msg.get_payload(0));
raw_data_manager.add_get_handler("message", (msg) => msg.get_payload(0).as_bytes());

function prepareSet(
  msg: Message,
  maintype: string,
  subtype: string,
  headers: SetContentOptions["headers"],
): void {
  msg.__setitem__("Content-Type", `${maintype}/${subtype}`);
  for (const h of headers ?? []) {
    if (typeof h === "string") {
      const i = h.indexOf(":");
      msg.__setitem__(
        h.slice(0, i),
        h
          .slice(i + 1)
          .replace(/^[ \t]+/, "")
          .replace(/[\r\n]+$/, ""),
      );
    } else msg.__setitem__(h.name, h);
  }
}

function finalizeSet(msg: Message, o: SetContentOptions): void {
  let disposition = o.disposition ?? null;
  const filename = o.filename ?? null;
  if (disposition === null && filename !== null) disposition = "attachment";
  if (disposition !== null) msg.__setitem__("Content-Disposition", disposition);
  if (filename !== null)
    msg.set_param("filename", filename, { header: "Content-Disposition", replace: true });
  if (o.cid != null) msg.__setitem__("Content-ID", o.cid);
  if (o.params) for (const [k, v] of Object.entries(o.params)) msg.set_param(k, v);
}

function encodeBase64(data: Uint8Array, max_line_length: number | null): string {
  const per = Math.floor((max_line_length ?? 78) / 4) * 3;
  let out = "";
  for (let i = 0; i < data.length; i += per)
    out += `${Buffer.from(data.subarray(i, i + per)).toString("base64")}\n`;
  return out;
}

function splitlinesBytes(b: Buffer): Buffer[] {
  return quoprimime.splitlines(b.toString("latin1")).map((l) => Buffer.from(l, "latin1"));
}

function encodeText(s: string, charset: string, cte0: string | null, policy: Policy): [string, string] {
  let cte = cte0;
  // bytes.splitlines splits on \n, \r, \r\n only (also \v \f \x1c-\x1e for str; bytes: only the first three).
  const lines = encode(s, charset)
    .toString("latin1")
    .split(/\r\n|\r|\n/);
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  const linesep = policy.linesep;
  const embedded = (ls: string[]) => ls.join(linesep) + linesep;
  const normal = (ls: string[]) => `${ls.join("\n")}\n`;
  const maxlen = policy.max_line_length ?? Number.MAX_SAFE_INTEGER;
  if (cte === null) {
    if (Math.max(0, ...lines.map((x) => x.length)) <= maxlen) {
      const body = normal(lines);
      if (isAscii(body)) return ["7bit", body];
      if (policy.cte_type === "8bit")
        return ["8bit", decode(Buffer.from(body, "latin1"), "ascii", "surrogateescape")];
    }
    const sniff = embedded(lines.slice(0, 10));
    const sniff_qp = quoprimime.body_encode(sniff, maxlen);
    const sniff_b64 = `${Buffer.from(sniff, "latin1").toString("base64")}\n`;
    if (sniff_qp.length > sniff_b64.length) cte = "base64";
    else {
      cte = "quoted-printable";
      if (lines.length <= 10) return [cte, sniff_qp];
    }
  }
  let data: string;
  if (cte === "7bit") data = decode(Buffer.from(normal(lines), "latin1"), "ascii");
  else if (cte === "8bit") data = decode(Buffer.from(normal(lines), "latin1"), "ascii", "surrogateescape");
  else if (cte === "quoted-printable") data = quoprimime.body_encode(normal(lines), maxlen);
  else if (cte === "base64")
    data = encodeBase64(Buffer.from(embedded(lines), "latin1"), policy.max_line_length);
  else throw new RangeError(`Unknown content transfer encoding ${cte}`);
  return [cte, data];
}

export { splitlinesBytes };

/** set_text_content: set_content(str, subtype='plain', charset='utf-8', cte=None, ...). */
function setText(msg: Message, obj: unknown, subtypeOrOptions: unknown = "plain", more: unknown = {}): void {
  const o: SetContentOptions =
    typeof subtypeOrOptions === "string"
      ? { ...(more as SetContentOptions), subtype: subtypeOrOptions }
      : ((subtypeOrOptions as SetContentOptions) ?? {});
  const charset = o.charset ?? "utf-8";
  prepareSet(msg, "text", o.subtype ?? "plain", o.headers);
  const [cte, payload] = encodeText(obj as string, charset, o.cte ?? null, msg.policy);
  msg.set_payload(payload);
  msg.set_param("charset", ALIASES[charset] ?? charset, { replace: true });
  msg.__setitem__("Content-Transfer-Encoding", cte);
  finalizeSet(msg, o);
}
raw_data_manager.add_set_handler("str", setText);

/** set_message_content: set_content(Message, subtype='rfc822', ...). */
function setMessage(
  msg: Message,
  obj: unknown,
  subtypeOrOptions: unknown = "rfc822",
  more: unknown = {},
): void {
  const o: SetContentOptions =
    typeof subtypeOrOptions === "string"
      ? { ...(more as SetContentOptions), subtype: subtypeOrOptions }
      : ((subtypeOrOptions as SetContentOptions) ?? {});
  const subtype = o.subtype ?? "rfc822";
  let cte = o.cte ?? null;
  if (subtype === "partial") throw new RangeError("message/partial is not supported for Message objects");
  if (subtype === "rfc822") {
    if (![null, "7bit", "8bit", "binary"].includes(cte))
      throw new RangeError(`message/rfc822 parts do not support cte=${cte}`);
    cte = cte ?? "8bit";
  } else if (subtype === "external-body") {
    if (![null, "7bit"].includes(cte))
      throw new RangeError(`message/external-body parts do not support cte=${cte}`);
    cte = "7bit";
  } else cte = cte ?? "7bit";
  prepareSet(msg, "message", subtype, o.headers);
  msg.set_payload([obj as Message]);
  msg.__setitem__("Content-Transfer-Encoding", cte);
  finalizeSet(msg, o);
}
raw_data_manager.add_set_handler("Message", setMessage);

/** set_bytes_content: set_content(bytes, maintype, subtype, cte='base64', ...). */
function setBytes(
  msg: Message,
  obj: unknown,
  maintypeOrOptions: unknown,
  subtype0?: unknown,
  more: unknown = {},
): void {
  let maintype: string;
  let o: SetContentOptions & { maintype?: string };
  if (typeof maintypeOrOptions === "string") {
    maintype = maintypeOrOptions;
    o = { ...(more as SetContentOptions), subtype: subtype0 as string };
  } else {
    o = (maintypeOrOptions as SetContentOptions & { maintype?: string }) ?? {};
    maintype = o.maintype!;
  }
  if (!maintype || !o.subtype) throw new TypeError("set_content() with bytes needs maintype and subtype");
  const cte = o.cte ?? "base64";
  prepareSet(msg, maintype, o.subtype, o.headers);
  const data = obj as Uint8Array;
  let payload: string;
  if (cte === "base64") payload = encodeBase64(data, msg.policy.max_line_length);
  else if (cte === "quoted-printable") payload = b2a_qp(data, true, false, false).toString("latin1");
  else if (cte === "7bit") payload = decode(data, "ascii");
  else payload = decode(data, "ascii", "surrogateescape");
  msg.set_payload(payload);
  msg.__setitem__("Content-Transfer-Encoding", cte);
  finalizeSet(msg, o);
}
raw_data_manager.add_set_handler("bytes", setBytes);
