// send_message(): a message built with nodemailer (or given as RFC 5322 bytes), turned into
// sendmail()'s arguments by Python's rules: the envelope from the (Resent-) headers, Bcc and
// Resent-Bcc left out of what is sent, SMTPUTF8 and BODY=8BITMIME asked for when needed.
import { Readable } from "node:stream";
import { ValueError } from "@inetlib/socket";
import DKIM, { type DKIMOptions } from "nodemailer/lib/dkim";
import MailComposer, { type MailComposerOptions } from "nodemailer/lib/mail-composer";
import MimeNode from "nodemailer/lib/mime-node";
import { getaddresses } from "./address.js";
import { _fix_eols, type MessageChunk } from "./data.js";
import { PyMessage, prepareEmailMessage } from "./email-message.js";
import { SMTPNotSupportedError } from "./errors.js";
import {
  getAll,
  getFirst,
  type HeaderField,
  parseHeader,
  removeFields,
  splitMessage,
  splitStream,
} from "./headers.js";

/**
 * EmailMessage is what send_message() takes: a Message or EmailMessage from @inetlib/email
 * (handled exactly as smtplib handles Python's), nodemailer's message options (from, to, cc, bcc, subject, text, html, attachments, headers,
 * envelope, ...), a nodemailer MimeNode, or a finished RFC 5322 message as bytes, text (line
 * endings made CRLF, encoded as UTF-8) or a stream of chunks.
 */
export type EmailMessage =
  | PyMessage
  | MailComposerOptions
  | MimeNode
  | string
  | Uint8Array
  | Iterable<MessageChunk>
  | AsyncIterable<MessageChunk>;

/** SendMessageOptions are send_message()'s keyword arguments, and DKIM signing. */
export interface SendMessageOptions {
  /** The envelope sender (default: from the Sender or From header, Resent- ones for a resent message). */
  from_addr?: string | null;
  /** The envelope recipients (default: To, Bcc and Cc, Resent- ones for a resent message). */
  to_addrs?: string | readonly string[] | null;
  mail_options?: readonly string[];
  rcpt_options?: readonly string[];
  /** Sign the message with DKIM (nodemailer's signer) as it is sent, after Bcc is removed. */
  dkim?: DKIMOptions;
}

/** ServerView is what preparing a message needs to know of the server. */
export interface ServerView {
  has_extn(opt: string): boolean;
}

/** PreparedMessage is sendmail()'s arguments for a message. */
export interface PreparedMessage {
  from_addr: string;
  to_addrs: string[];
  /** The bytes to send: whole, or streamed when the message is (file or stream content). */
  body: Buffer | AsyncIterable<Buffer>;
  mail_options: string[];
}

const BCC = new Set(["bcc", "resent-bcc"]);
const SMTPUTF8_REQUIRED =
  "One or more source or delivery addresses require internationalized email support, but the server does not advertise the required SMTPUTF8 capability";

/** prepareMessage turns send_message()'s arguments into sendmail()'s. */
export async function prepareMessage(
  msg: EmailMessage,
  options: SendMessageOptions,
  server: ServerView,
): Promise<PreparedMessage> {
  if (msg instanceof PyMessage) {
    const p = prepareEmailMessage(
      msg,
      options.from_addr ?? null,
      options.to_addrs ?? null,
      options.mail_options ?? [],
      server,
    );
    return { ...p, body: options.dkim ? ((await dkimSign(p.body, options.dkim)) as Buffer) : p.body };
  }
  const { data, envelope } = await flatten(msg);
  const split =
    data instanceof Buffer ? splitMessage(data) : await splitStream(data as AsyncIterable<Buffer>);
  const fields = parseHeader(split.header);

  const resent = getAll(fields, "Resent-Date");
  if (resent !== null && resent.length > 1)
    throw new ValueError("message has more than one 'Resent-' header block");
  const prefix = resent === null ? "" : "Resent-";
  let from_addr = options.from_addr ?? envelope?.from ?? null;
  if (from_addr === null) from_addr = headerSender(fields, prefix);
  let to_addrs: string[];
  if (options.to_addrs !== undefined && options.to_addrs !== null)
    to_addrs = typeof options.to_addrs === "string" ? [options.to_addrs] : [...options.to_addrs];
  else if (envelope) to_addrs = envelope.to;
  else {
    const values = [`${prefix}To`, `${prefix}Bcc`, `${prefix}Cc`].map((n) => getFirst(fields, n));
    to_addrs = getaddresses(values.filter((v): v is string => v !== null)).map(([, addr]) => addr);
  }

  const header = removeFields(split.header, fields, BCC);
  let body: Buffer | AsyncIterable<Buffer> =
    split.body instanceof Buffer
      ? Buffer.concat([header, split.body])
      : prepend(header, split.body as AsyncIterable<Buffer>);
  if (options.dkim) body = await dkimSign(body, options.dkim);

  const mail_options = [...(options.mail_options ?? [])];
  if (!isAscii([from_addr, ...to_addrs].join(""))) {
    if (!server.has_extn("smtputf8")) throw new SMTPNotSupportedError(SMTPUTF8_REQUIRED);
    mail_options.push("SMTPUTF8", "BODY=8BITMIME");
  } else {
    addEightBit(mail_options, header, body, fields, server);
  }
  return { from_addr, to_addrs, body, mail_options };
}

interface Flattened {
  data: Buffer | AsyncIterable<Buffer>;
  /** The envelope nodemailer was given (message option `envelope`), which wins over the headers. */
  envelope: { from: string | null; to: string[] } | null;
}

async function flatten(msg: EmailMessage): Promise<Flattened> {
  if (typeof msg === "string") return { data: Buffer.from(_fix_eols(msg), "utf8"), envelope: null };
  if (msg instanceof Uint8Array)
    return { data: Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength), envelope: null };
  if (msg instanceof MimeNode) {
    msg.keepBcc = true;
    return { data: buffers(msg.createReadStream()), envelope: null };
  }
  if (isIterable(msg)) return { data: buffers(msg), envelope: null };
  const mail = msg as MailComposerOptions;
  const node = new MailComposer({ newline: "win", ...mail }).compile();
  // Bcc stays in the bytes so that the envelope can be read from it, then goes (as in Python).
  node.keepBcc = true;
  let envelope: Flattened["envelope"] = null;
  if (mail.envelope) {
    const e = node.getEnvelope();
    envelope = { from: e.from === false ? null : e.from, to: e.to };
  } else envelope = bareNameEnvelope(mail);
  return { data: inMemory(mail) ? await node.build() : buffers(node.createReadStream()), envelope };
}

type AddressOption = MailComposerOptions["to"];

/** The addresses of one nodemailer address option (nested lists and groups too), parsed as smtplib parses a header's. */
function optionAddresses(value: AddressOption): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return getaddresses([value]).map(([, addr]) => addr);
  if (Array.isArray(value)) return value.flatMap((one) => optionAddresses(one as AddressOption));
  if (value.group) return value.group.flatMap((one) => optionAddresses(one));
  return value.address ? [value.address] : [];
}

/**
 * nodemailer's composer leaves out of the headers every address without "@" (a bare name
 * such as "John"), so the envelope read back from them would lose it silently. When the
 * options name such an address, the envelope is taken from the options themselves, as
 * smtplib takes it from the headers (Sender or From; To, Bcc, Cc), and "John" gets its
 * RCPT TO:<John> as in Python.
 */
function bareNameEnvelope(mail: MailComposerOptions): Flattened["envelope"] {
  const to = [...optionAddresses(mail.to), ...optionAddresses(mail.bcc), ...optionAddresses(mail.cc)];
  const from = optionAddresses(mail.sender)[0] ?? optionAddresses(mail.from)[0] ?? null;
  const bare = (a: string | null) => a !== null && a !== "" && !a.includes("@");
  if (!bare(from) && !to.some(bare)) return null;
  return { from, to: to.filter((a) => a !== "") };
}

function headerSender(fields: readonly HeaderField[], prefix: string): string {
  const value = getFirst(fields, `${prefix}Sender`) ?? getFirst(fields, `${prefix}From`);
  const first = value === null ? undefined : getaddresses([value])[0];
  if (!first) throw new ValueError(`message has no ${prefix}From or ${prefix}Sender address: pass from_addr`);
  return first[1];
}

/**
 * addEightBit asks for BODY=8BITMIME when the message has 8-bit bytes and the server offers
 * it, and for SMTPUTF8 when the header has UTF-8 (RFC 6532) and the server offers that. A
 * streamed message is judged by its header and top-level Content-Transfer-Encoding.
 */
function addEightBit(
  mail_options: string[],
  header: Buffer,
  body: Buffer | AsyncIterable<Buffer>,
  fields: readonly HeaderField[],
  server: ServerView,
): void {
  const headerUtf8 = !isAsciiBytes(header);
  const cte = (getFirst(fields, "Content-Transfer-Encoding") ?? "").toLowerCase();
  const eightBit =
    headerUtf8 || (body instanceof Buffer ? !isAsciiBytes(body) : cte === "8bit" || cte === "binary");
  const has = (name: string) => mail_options.some((o) => o.toUpperCase().split("=")[0] === name);
  if (headerUtf8 && server.has_extn("smtputf8") && !has("SMTPUTF8")) mail_options.push("SMTPUTF8");
  if (eightBit && server.has_extn("8bitmime") && !has("BODY")) mail_options.push("BODY=8BITMIME");
}

async function dkimSign(
  body: Buffer | AsyncIterable<Buffer>,
  options: DKIMOptions,
): Promise<Buffer | AsyncIterable<Buffer>> {
  const signer = new DKIM(options);
  if (body instanceof Buffer) {
    const parts: Buffer[] = [];
    for await (const chunk of signer.sign(body)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }
  return buffers(signer.sign(Readable.from(body)));
}

/** inMemory tells whether nodemailer can build the message without reading files, URLs or streams. */
function inMemory(mail: MailComposerOptions): boolean {
  const parts: unknown[] = [
    mail.text,
    mail.html,
    mail.watchHtml,
    mail.amp,
    mail.icalEvent,
    mail.raw,
    ...(mail.attachments ?? []),
    ...(mail.alternatives ?? []),
  ];
  return parts.every(contentInMemory);
}

function contentInMemory(v: unknown): boolean {
  if (v === undefined || v === null || v === false || typeof v !== "object" || v instanceof Uint8Array)
    return true;
  if (isIterable(v) || typeof (v as { pipe?: unknown }).pipe === "function") return false;
  const o = v as { content?: unknown; raw?: unknown; path?: unknown; href?: unknown };
  if (o.path || o.href) return false;
  return contentInMemory(o.content) && contentInMemory(o.raw);
}

function isIterable(v: unknown): v is Iterable<MessageChunk> | AsyncIterable<MessageChunk> {
  return typeof v === "object" && v !== null && (Symbol.asyncIterator in v || Symbol.iterator in v);
}

async function* buffers(source: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    if (typeof chunk === "string") yield Buffer.from(chunk, "utf8");
    else if (chunk instanceof Uint8Array) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else throw new TypeError(`a message chunk must be bytes or a string, not ${typeof chunk}`);
  }
}

async function* prepend(first: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  yield* rest;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function isAsciiBytes(bytes: Buffer): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}
