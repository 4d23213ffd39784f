// email.parser: Parser, HeaderParser, BytesParser, BytesHeaderParser, and the module-level
// message_from_string / message_from_bytes.
import type { EmailMessage } from "./email-message.js";
import { BytesFeedParser, FeedParser, factories, type MessageFactory } from "./feedparser.js";
import { Message } from "./message.js";
import type { EmailPolicy } from "./policy.js";
import { compat32, type Policy } from "./policybase.js";
import { surrogateDecode } from "./strings.js";

/** ParserOptions are the parsers' keyword arguments. */
export interface ParserOptions {
  _class?: MessageFactory | null;
  policy?: Policy;
}

/** Parser parses text into a message tree. */
export class Parser {
  _class: MessageFactory | null;
  policy: Policy;
  constructor(_class: MessageFactory | null | ParserOptions = null, options: ParserOptions = {}) {
    const o =
      _class !== null && typeof _class === "object"
        ? (_class as ParserOptions)
        : { ...options, _class: _class as MessageFactory | null };
    this._class = o._class ?? null;
    this.policy = o.policy ?? compat32;
  }
  /** parsestr parses a whole message (headersonly: the body stays one string). */
  parsestr(text: string, headersonly = false): Message {
    const p = new FeedParser(this._class, { policy: this.policy });
    if (headersonly) p._set_headersonly();
    p.feed(text);
    return p.close();
  }
  /** parse reads a message from a file-like object with read(). */
  parse(fp: { read(): string }, headersonly = false): Message {
    return this.parsestr(fp.read(), headersonly);
  }
}

/** HeaderParser parses only the header; the body is left as text. */
export class HeaderParser extends Parser {
  override parsestr(text: string, headersonly = true): Message {
    return super.parsestr(text, headersonly);
  }
}

/** BytesParser parses bytes; bytes that are not ASCII are kept as they were. */
export class BytesParser {
  parser: Parser;
  constructor(_class: MessageFactory | null | ParserOptions = null, options: ParserOptions = {}) {
    this.parser = new Parser(_class, options);
  }
  parsebytes(text: Uint8Array, headersonly = false): Message {
    const p = new BytesFeedParser(this.parser._class, { policy: this.parser.policy });
    if (headersonly) p._set_headersonly();
    p.feed(text);
    return p.close();
  }
  parse(fp: { read(): Uint8Array }, headersonly = false): Message {
    return this.parsebytes(fp.read(), headersonly);
  }
}

/** BytesHeaderParser parses only the header of bytes. */
export class BytesHeaderParser extends BytesParser {
  override parsebytes(text: Uint8Array, headersonly = true): Message {
    return super.parsebytes(text, headersonly);
  }
}

/** message_from_string parses text (email.message_from_string). */
export function message_from_string(
  s: string,
  options: ParserOptions & { policy: EmailPolicy },
): EmailMessage;
export function message_from_string(s: string, options?: ParserOptions): Message;
export function message_from_string(s: string, options: ParserOptions = {}): Message {
  return new Parser(options).parsestr(s);
}

/** message_from_bytes parses bytes (email.message_from_bytes). */
export function message_from_bytes(
  s: Uint8Array,
  options: ParserOptions & { policy: EmailPolicy },
): EmailMessage;
export function message_from_bytes(s: Uint8Array, options?: ParserOptions): Message;
export function message_from_bytes(s: Uint8Array, options: ParserOptions = {}): Message {
  return new BytesParser(options).parsebytes(s);
}

/** message_from_file parses what a file-like object's read() returns. */
export function message_from_file(
  fp: { read(): string },
  options: ParserOptions & { policy: EmailPolicy },
): EmailMessage;
export function message_from_file(fp: { read(): string }, options?: ParserOptions): Message;
export function message_from_file(fp: { read(): string }, options: ParserOptions = {}): Message {
  return new Parser(options).parse(fp);
}

/** message_from_binary_file parses what a binary file-like object's read() returns. */
export function message_from_binary_file(
  fp: { read(): Uint8Array },
  options: ParserOptions & { policy: EmailPolicy },
): EmailMessage;
export function message_from_binary_file(fp: { read(): Uint8Array }, options?: ParserOptions): Message;
export function message_from_binary_file(fp: { read(): Uint8Array }, options: ParserOptions = {}): Message {
  return new BytesParser(options).parse(fp);
}

export { factories, Message, surrogateDecode };
