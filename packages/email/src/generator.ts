// email.generator: Generator (text) and BytesGenerator (bytes) flatten a message tree exactly
// as Python does: headers folded by the policy, bodies with the policy's line endings,
// boundaries made when missing, 8-bit text re-encoded where the output must be 7-bit.
import { randomInt } from "node:crypto";
import { HeaderWriteError } from "./errors.js";
import { generatorHooks, type Message } from "./message.js";
import type { Policy } from "./policybase.js";
import { encode, hasSurrogates } from "./strings.js";

const NLCRE = /\r\n|\r|\n/;
const FCRE = /^From /gm;
const NEWLINE_WITHOUT_FWSP = /\r\n[^ \t]|\r[^ \n\t]|\n[^ \t]/;

/** GeneratorOptions are the Generator constructor's keyword arguments. */
export interface GeneratorOptions {
  mangle_from_?: boolean | null;
  maxheaderlen?: number | null;
  policy?: Policy | null;
}

/** A writable text or byte sink (Python's file object). */
export interface OutFile {
  write(s: string | Buffer): unknown;
}

/** Generator writes a message as text. */
export class Generator {
  _fp: OutFile;
  _mangle_from_: boolean;
  maxheaderlen: number | null;
  policy: Policy | null;
  _NL = "\n";
  _munge_cte: [string, string] | null = null;
  protected _chunks: (string | Buffer)[] = [];

  constructor(
    outfp: OutFile,
    mangle_from_: boolean | null | GeneratorOptions = null,
    maxheaderlen: number | null = null,
    options: GeneratorOptions = {},
  ) {
    const o: GeneratorOptions =
      typeof mangle_from_ === "object" && mangle_from_ !== null
        ? mangle_from_
        : { ...options, mangle_from_, maxheaderlen };
    this.policy = o.policy ?? null;
    this._mangle_from_ = o.mangle_from_ ?? (this.policy === null ? true : this.policy.mangle_from_);
    this._fp = outfp;
    this.maxheaderlen = o.maxheaderlen ?? null;
  }

  write(s: string): void {
    this._fp.write(s);
  }

  /** flatten writes the message (and its From_ line with unixfrom). */
  flatten(msg: Message, unixfrom = false, linesep: string | null = null): void {
    let policy = this.policy ?? msg.policy;
    if (linesep !== null) policy = policy.clone({ linesep });
    if (this.maxheaderlen !== null) policy = policy.clone({ max_line_length: this.maxheaderlen });
    this._NL = policy.linesep;
    const oldGen = this.policy;
    const oldMsg = msg.policy;
    try {
      this.policy = policy;
      msg.policy = policy;
      if (unixfrom) {
        let ufrom = msg.get_unixfrom();
        if (!ufrom) ufrom = `From nobody ${ctime(new Date())}`;
        this.write(ufrom + this._NL);
      }
      this._write(msg);
    } finally {
      this.policy = oldGen;
      msg.policy = oldMsg;
    }
  }

  clone(fp: OutFile): Generator {
    return new (this.constructor as typeof Generator)(fp, this._mangle_from_, null, { policy: this.policy });
  }

  protected _new_buffer(): Sink {
    return new Sink(false);
  }

  protected _encode(s: string): string | Buffer {
    return s;
  }

  protected _write_lines(lines: string): void {
    if (!lines) return;
    // One write of the lines with the policy's line ending (Python writes them one by one).
    const parts = lines.split(NLCRE);
    const last = parts.pop()!;
    this.write(parts.map((line) => line + this._NL).join("") + last);
  }

  protected _write(msg0: Message): void {
    let msg = msg0;
    const oldfp = this._fp;
    const sfp = this._new_buffer();
    let munge: [string, string] | null;
    try {
      this._munge_cte = null;
      this._fp = sfp;
      this._dispatch(msg);
    } finally {
      this._fp = oldfp;
      munge = this._munge_cte;
      this._munge_cte = null;
    }
    if (munge) {
      msg = msg._deepcopy();
      if (msg.get("content-transfer-encoding") === null)
        msg.__setitem__("Content-Transfer-Encoding", munge[0]);
      else msg.replace_header("content-transfer-encoding", munge[0]);
      msg.replace_header("content-type", munge[1]);
    }
    this._write_headers(msg);
    this._fp.write(sfp.getvalue());
  }

  protected _dispatch(msg: Message): void {
    const main = msg.get_content_maintype();
    const sub = msg.get_content_subtype();
    if (main === "multipart" && sub === "signed") this._handle_multipart_signed(msg);
    else if (main === "message" && sub === "delivery-status") this._handle_message_delivery_status(msg);
    else if (main === "multipart") this._handle_multipart(msg);
    else if (main === "message") this._handle_message(msg);
    else this._handle_text(msg);
  }

  protected _write_headers(msg: Message): void {
    const policy = this.policy!;
    for (const [h, v] of msg.raw_items()) {
      const folded = policy.fold(h, v);
      if (policy.verify_generated_headers) {
        const linesep = policy.linesep;
        if (!folded.endsWith(linesep))
          throw new HeaderWriteError(
            `folded header does not end with ${JSON.stringify(linesep)}: ${JSON.stringify(folded)}`,
          );
        if (NEWLINE_WITHOUT_FWSP.test(folded.slice(0, -linesep.length)))
          throw new HeaderWriteError(`folded header contains newline: ${JSON.stringify(folded)}`);
      }
      this.write(folded);
    }
    this.write(this._NL);
  }

  protected _handle_text(msg0: Message): void {
    let msg = msg0;
    let payload = msg.get_payload();
    if (payload === null) return;
    if (typeof payload !== "string") throw new TypeError(`string payload expected: ${typeof payload}`);
    if (hasSurrogates(msg._payload as string)) {
      const charset = msg.get_param("charset");
      if (charset !== null) {
        msg = msg._deepcopy();
        msg.__delitem__("content-transfer-encoding");
        msg.set_payload(payload, charset as string);
        payload = msg.get_payload() as string;
        this._munge_cte = [String(msg.get("content-transfer-encoding")), String(msg.get("content-type"))];
      }
    }
    if (this._mangle_from_) payload = payload.replace(FCRE, ">From ");
    this._write_lines(payload);
  }

  protected _handle_multipart(msg: Message): void {
    const texts: (string | Buffer)[] = [];
    let subparts = msg.get_payload() as Message[] | string | null;
    if (subparts === null) subparts = [];
    else if (typeof subparts === "string") {
      this.write(subparts);
      return;
    }
    for (const part of subparts) {
      const s = this._new_buffer();
      const g = this.clone(s);
      g.flatten(part, false, this._NL);
      texts.push(s.getvalue());
    }
    let boundary = msg.get_boundary();
    if (!boundary) {
      const alltext = texts.map((t) => (typeof t === "string" ? t : t.toString("latin1"))).join(this._NL);
      boundary = make_boundary(alltext);
      msg.set_boundary(boundary);
    }
    if (msg.preamble !== null) {
      const preamble = this._mangle_from_ ? msg.preamble.replace(FCRE, ">From ") : msg.preamble;
      this._write_lines(preamble);
      this.write(this._NL);
    }
    this.write(`--${boundary}${this._NL}`);
    if (texts.length) this._fp.write(texts.shift()!);
    for (const body of texts) {
      this.write(`${this._NL}--${boundary}${this._NL}`);
      this._fp.write(body);
    }
    this.write(`${this._NL}--${boundary}--${this._NL}`);
    if (msg.epilogue !== null) {
      const epilogue = this._mangle_from_ ? msg.epilogue.replace(FCRE, ">From ") : msg.epilogue;
      this._write_lines(epilogue);
    }
  }

  protected _handle_multipart_signed(msg: Message): void {
    const p = this.policy!;
    this.policy = p.clone({ max_line_length: 0 });
    try {
      this._handle_multipart(msg);
    } finally {
      this.policy = p;
    }
  }

  protected _handle_message_delivery_status(msg: Message): void {
    const blocks: string[] = [];
    for (const part of msg.get_payload() as Message[]) {
      const s = this._new_buffer();
      const g = this.clone(s);
      g.flatten(part, false, this._NL);
      const v = s.getvalue();
      const text = typeof v === "string" ? v : v.toString("latin1");
      const lines = text.split(this._NL);
      if (lines.length && lines[lines.length - 1] === "") blocks.push(lines.slice(0, -1).join(this._NL));
      else blocks.push(text);
    }
    const joined = blocks.join(this._NL);
    this._fp.write(this instanceof BytesGenerator ? Buffer.from(joined, "latin1") : joined);
  }

  protected _handle_message(msg: Message): void {
    const s = this._new_buffer();
    const g = this.clone(s);
    const payload = msg._payload;
    if (Array.isArray(payload)) {
      g.flatten(msg.get_payload(0), false, this._NL);
      this._fp.write(s.getvalue());
    } else if (payload !== null) this._fp.write(this._encode(payload));
  }
}

/** BytesGenerator writes a message as bytes (escaped bytes written back as they were). */
export class BytesGenerator extends Generator {
  override write(s: string): void {
    this._fp.write(encode(s, "ascii", "surrogateescape"));
  }

  protected override _new_buffer(): Sink {
    return new Sink(true);
  }

  protected override _encode(s: string): Buffer {
    return encode(s, "ascii");
  }

  protected override _write_headers(msg: Message): void {
    for (const [h, v] of msg.raw_items()) this._fp.write(this.policy!.fold_binary(h, v));
    this.write(this._NL);
  }

  protected override _handle_text(msg: Message): void {
    if (msg._payload === null) return;
    if (typeof msg._payload === "string" && hasSurrogates(msg._payload) && this.policy!.cte_type !== "7bit") {
      if (this._mangle_from_) msg._payload = msg._payload.replace(FCRE, ">From ");
      this._write_lines(msg._payload);
    } else super._handle_text(msg);
  }
}

/** Sink collects what a generator writes (StringIO or BytesIO). */
export class Sink implements OutFile {
  private parts: (string | Buffer)[] = [];
  constructor(readonly binary: boolean) {}
  write(s: string | Buffer): void {
    this.parts.push(s);
  }
  getvalue(): string | Buffer {
    if (this.binary)
      return Buffer.concat(this.parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p)));
    return this.parts.map((p) => (typeof p === "string" ? p : p.toString("latin1"))).join("");
  }
}

const WIDTH = String(2n ** 63n - 2n).length;

/** make_boundary returns a random boundary not found in text (Generator._make_boundary). */
export function make_boundary(text: string | null = null): string {
  const token = (BigInt(randomInt(2 ** 47)) << 16n) | BigInt(randomInt(2 ** 16));
  const boundary = `${"=".repeat(15)}${String(token).padStart(WIDTH, "0")}==`;
  if (text === null) return boundary;
  let b = boundary;
  let counter = 0;
  for (;;) {
    const re = new RegExp(`^--${b.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(--)?$`, "m");
    if (!re.test(text)) break;
    b = `${boundary}.${counter++}`;
  }
  return b;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function ctime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, " ")} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${d.getFullYear()}`;
}

generatorHooks.asString = (msg, unixfrom, maxheaderlen, policy) => {
  const sink = new Sink(false);
  new Generator(sink, false, maxheaderlen, { policy }).flatten(msg, unixfrom);
  return sink.getvalue() as string;
};
generatorHooks.asBytes = (msg, unixfrom, policy) => {
  const sink = new Sink(true);
  new BytesGenerator(sink, false, null, { policy }).flatten(msg, unixfrom);
  return sink.getvalue() as Buffer;
};
