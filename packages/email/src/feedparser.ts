// email.feedparser: Python's parser state machine, run over the whole input at once (the
// incremental feed() of Python is kept as an API: data is buffered until close()).
import {
  CloseBoundaryNotFoundDefect,
  FirstHeaderLineIsContinuationDefect,
  InvalidHeaderDefect,
  InvalidMultipartContentTransferEncodingDefect,
  MisplacedEnvelopeHeaderDefect,
  MissingHeaderBodySeparatorDefect,
  MultipartInvariantViolationDefect,
  NoBoundaryInMultipartDefect,
  StartBoundaryNotFoundDefect,
} from "./errors.js";
import type { Message } from "./message.js";
import { compat32, type Policy } from "./policybase.js";
import { surrogateDecode } from "./strings.js";

const NLCRE = /^(\r\n|\r|\n)/;
const NLCRE_EOL = /(\r\n|\r|\n)$/;
const HEADER_RE = /^(From |[\x21-\x39\x3b-\x7e]*:|[\t ])/;

/** A message class the parser builds (Message, EmailMessage, or a subclass). */
export type MessageFactory = new (policy: Policy) => Message;

/** The factory used when the policy names none (set by index.ts / parser.ts). */
export const factories: { forPolicy: (policy: Policy) => MessageFactory } = {
  forPolicy: () => {
    throw new Error("message factories not registered");
  },
};

type Pred = (line: string) => boolean;

/** BufferedSubFile hands out lines, stopping at whatever end the innermost part has. */
class BufferedSubFile {
  private lines: string[] = [];
  private pos = 0;
  private eofstack: Pred[] = [];
  constructor(text: string) {
    const re = /[^\r\n]*(\r\n|\r|\n)|[^\r\n]+$/g;
    for (let m = re.exec(text); m !== null && m[0] !== ""; m = re.exec(text)) this.lines.push(m[0]);
  }
  push_eof_matcher(pred: Pred): void {
    this.eofstack.push(pred);
  }
  pop_eof_matcher(): void {
    this.eofstack.pop();
  }
  readline(): string {
    if (this.pos >= this.lines.length) return "";
    const line = this.lines[this.pos]!;
    for (let i = this.eofstack.length - 1; i >= 0; i--) if (this.eofstack[i]!(line)) return "";
    this.pos++;
    return line;
  }
  unreadline(line: string): void {
    if (this.pos > 0 && this.lines[this.pos - 1] === line) this.pos--;
    else this.lines.splice(this.pos, 0, line);
  }
  *[Symbol.iterator](): Generator<string> {
    for (let line = this.readline(); line !== ""; line = this.readline()) yield line;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** FeedParser builds a message from text fed to it (email.feedparser.FeedParser). */
export class FeedParser {
  policy: Policy;
  private _factory: MessageFactory;
  private _data: string[] = [];
  private _input!: BufferedSubFile;
  private _msgstack: Message[] = [];
  private _cur: Message | null = null;
  private _last: Message | null = null;
  private _headersonly = false;

  constructor(_factory: MessageFactory | null = null, options: { policy?: Policy } = {}) {
    this.policy = options.policy ?? compat32;
    this._factory = _factory ?? factories.forPolicy(this.policy);
  }

  _set_headersonly(): void {
    this._headersonly = true;
  }

  feed(data: string): void {
    this._data.push(data);
  }

  close(): Message {
    this._input = new BufferedSubFile(this._data.join(""));
    this._data = [];
    this._parsegen();
    const root = this._pop_message();
    if (root.get_content_maintype() === "multipart" && !root.is_multipart() && !this._headersonly)
      this.policy.handle_defect(root, new MultipartInvariantViolationDefect());
    return root;
  }

  private _new_message(): void {
    const msg = new this._factory(this.policy);
    if (this._cur && this._cur.get_content_type() === "multipart/digest")
      msg.set_default_type("message/rfc822");
    if (this._msgstack.length) this._msgstack[this._msgstack.length - 1]!.attach(msg);
    this._msgstack.push(msg);
    this._cur = msg;
    this._last = msg;
  }

  private _pop_message(): Message {
    const ret = this._msgstack.pop()!;
    this._cur = this._msgstack.length ? this._msgstack[this._msgstack.length - 1]! : null;
    return ret;
  }

  private _parsegen(): void {
    this._new_message();
    const cur = this._cur!;
    const headers: string[] = [];
    for (const line of this._input) {
      if (!HEADER_RE.test(line)) {
        if (!NLCRE.test(line)) {
          this.policy.handle_defect(cur, new MissingHeaderBodySeparatorDefect());
          this._input.unreadline(line);
        }
        break;
      }
      headers.push(line);
    }
    this._parse_headers(headers);
    if (this._headersonly) {
      cur.set_payload([...this._input].join(""));
      return;
    }
    if (cur.get_content_type() === "message/delivery-status") {
      for (;;) {
        this._input.push_eof_matcher((l) => NLCRE.test(l));
        this._parsegen();
        this._pop_message();
        this._input.pop_eof_matcher();
        this._input.readline();
        const line = this._input.readline();
        if (line === "") break;
        this._input.unreadline(line);
      }
      return;
    }
    if (cur.get_content_maintype() === "message") {
      this._parsegen();
      this._pop_message();
      return;
    }
    if (cur.get_content_maintype() === "multipart") {
      const boundary = cur.get_boundary();
      if (boundary === null) {
        this.policy.handle_defect(cur, new NoBoundaryInMultipartDefect());
        cur.set_payload([...this._input].join(""));
        return;
      }
      if (
        !["7bit", "8bit", "binary"].includes(
          String(cur.get("content-transfer-encoding", "8bit")).toLowerCase(),
        )
      )
        this.policy.handle_defect(cur, new InvalidMultipartContentTransferEncodingDefect());
      const separator = `--${boundary}`;
      const boundaryre = new RegExp(`^(${escapeRe(separator)})(--)?([ \\t]*)(\\r\\n|\\r|\\n)?$`);
      const match = (l: string) => boundaryre.exec(l);
      let capturing_preamble = true;
      const preamble: string[] = [];
      let linesep: string | undefined;
      let close_boundary_seen = false;
      for (;;) {
        let line = this._input.readline();
        if (line === "") break;
        const mo = match(line);
        if (mo) {
          if (mo[2]) {
            close_boundary_seen = true;
            linesep = mo[4];
            break;
          }
          if (capturing_preamble) {
            if (preamble.length) {
              const last = preamble[preamble.length - 1]!;
              const eol = NLCRE_EOL.exec(last);
              if (eol) preamble[preamble.length - 1] = last.slice(0, -eol[0].length);
              cur.preamble = preamble.join("");
            }
            capturing_preamble = false;
            this._input.unreadline(line);
            continue;
          }
          for (;;) {
            line = this._input.readline();
            if (!match(line)) {
              this._input.unreadline(line);
              break;
            }
          }
          this._input.push_eof_matcher((l) => boundaryre.test(l));
          this._parsegen();
          const last = this._last!;
          if (last.get_content_maintype() === "multipart") {
            const epilogue = last.epilogue;
            if (epilogue === "") last.epilogue = null;
            else if (epilogue !== null) {
              const m = NLCRE_EOL.exec(epilogue);
              if (m) last.epilogue = epilogue.slice(0, -m[0].length);
            }
          } else if (typeof last._payload === "string") {
            const m = NLCRE_EOL.exec(last._payload);
            if (m) last._payload = last._payload.slice(0, -m[0].length);
          }
          this._input.pop_eof_matcher();
          this._pop_message();
          this._last = this._cur;
        } else preamble.push(line);
      }
      if (capturing_preamble) {
        this.policy.handle_defect(cur, new StartBoundaryNotFoundDefect());
        cur.set_payload(preamble.join(""));
        for (const _ of this._input) {
          // Python reads the rest and drops it.
        }
        cur.epilogue = "";
        return;
      }
      if (!close_boundary_seen) {
        this.policy.handle_defect(cur, new CloseBoundaryNotFoundDefect());
        return;
      }
      const epilogue: string[] = linesep ? [""] : [];
      for (const line of this._input) epilogue.push(line);
      if (epilogue.length) {
        const bol = NLCRE.exec(epilogue[0]!);
        if (bol) epilogue[0] = epilogue[0]!.slice(bol[0].length);
      }
      cur.epilogue = epilogue.join("");
      return;
    }
    cur.set_payload([...this._input].join(""));
  }

  private _parse_headers(lines: string[]): void {
    const cur = this._cur!;
    let lastheader = "";
    let lastvalue: string[] = [];
    for (const [lineno, line0] of lines.entries()) {
      let line = line0;
      if (line[0] === " " || line[0] === "\t") {
        if (!lastheader) {
          this.policy.handle_defect(cur, new FirstHeaderLineIsContinuationDefect(line));
          continue;
        }
        lastvalue.push(line);
        continue;
      }
      if (lastheader) {
        const [n, v] = this.policy.header_source_parse(lastvalue);
        cur.set_raw(n, v);
        lastheader = "";
        lastvalue = [];
      }
      if (line.startsWith("From ")) {
        if (lineno === 0) {
          const m = NLCRE_EOL.exec(line);
          if (m) line = line.slice(0, -m[0].length);
          cur.set_unixfrom(line);
          continue;
        }
        if (lineno === lines.length - 1) {
          this._input.unreadline(line);
          return;
        }
        cur.defects.push(new MisplacedEnvelopeHeaderDefect(line));
        continue;
      }
      const i = line.indexOf(":");
      if (i === 0) {
        cur.defects.push(new InvalidHeaderDefect("Missing header name."));
        continue;
      }
      lastheader = line.slice(0, i);
      lastvalue = [line];
    }
    if (lastheader) {
      const [n, v] = this.policy.header_source_parse(lastvalue);
      cur.set_raw(n, v);
    }
  }
}

/** BytesFeedParser is FeedParser for bytes (non-ASCII bytes kept as escapes). */
export class BytesFeedParser extends FeedParser {
  override feed(data: string | Uint8Array): void {
    super.feed(typeof data === "string" ? data : surrogateDecode(data));
  }
}
