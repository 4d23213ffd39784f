// Gopher+ (Anklesaria et al., 1993): a data head before every reply, and item attributes.
//
//	+5340<CRLF><5340 bytes>          +-1<CRLF><lines><CRLF>.<CRLF>          +-2<CRLF><bytes to close>
//	--1<CRLF>1 Admin <adm@host><CRLF>Item is not available.<CRLF>.<CRLF>   (an error)
//
//	+INFO: 0Some file<TAB>/moo<TAB>host2<TAB>70<TAB>+
//	+ADMIN:
//	 Admin: Frodo Gophermeister <fng@bogus.edu>
//	 Mod-Date: Wed Jul 28 17:02:01 1993 <19930728170201>
//	+VIEWS:
//	 Text/plain: <10k>
//	 application/postscript De_DE: <100k>
//	+ABSTRACT:
//	 A short abstract.
import { LineTooLong, ProtocolError, type Reader, stripEOL, UnexpectedEOF } from "@inetlib/socket";
import { type AskQuestion, parseAsk } from "./ask.js";
import { GopherPlusError } from "./errors.js";
import { MAXLINE } from "./limits.js";
import { isMenuLineError, type MenuItem, parseMenuLine } from "./menu.js";
import type { SelectorEncoding } from "./selector.js";
import { textLines } from "./text.js";

/** DataHead is the first line of a Gopher+ reply. */
export interface DataHead {
  /** "+" (success) or "-" (error). */
  ok: boolean;
  /** The length of the data: bytes when >= 0; -1 ends with a "." line; -2 ends with the connection. */
  length: number;
}

/** parseDataHead parses "+5340", "+-1", "+-2", "--1"... (terminator removed); ProtocolError otherwise. */
export function parseDataHead(line: Buffer): DataHead {
  const text = line.toString("latin1");
  const m = /^([+-])(-1|-2|\d{1,15})\s*$/.exec(text);
  if (!m) throw new ProtocolError(`not a Gopher+ reply: ${JSON.stringify(text.slice(0, 80))}`);
  return { ok: m[1] === "+", length: Number(m[2]) };
}

/** readDataHead reads and parses the data head; end of stream before it throws UnexpectedEOF. */
export async function readDataHead(reader: Reader, maxline = MAXLINE): Promise<DataHead> {
  const raw = await reader.readline(maxline);
  if (raw.length === 0) throw new UnexpectedEOF();
  return parseDataHead(stripEOL(raw));
}

/**
 * plusData yields the bytes of a data block after its head, in chunks of at most `blocksize`,
 * in constant memory. A counted block cut short by end of stream throws UnexpectedEOF. A "-1"
 * block is read as text: lines unstuffed, terminators kept, the "." line dropped.
 */
export async function* plusData(reader: Reader, head: DataHead, blocksize = 65536): AsyncGenerator<Buffer> {
  if (head.length === -1) {
    yield* textLines(reader, { keepends: true });
    return;
  }
  let left = head.length === -2 ? Number.POSITIVE_INFINITY : head.length;
  while (left > 0) {
    const chunk = await reader.readSome(Math.min(blocksize, left));
    if (chunk.length === 0) {
      if (head.length === -2) return;
      throw new UnexpectedEOF(`Gopher+ data ended ${left} bytes short of ${head.length}`);
    }
    left -= chunk.length;
    yield chunk;
  }
}

/**
 * plusLines yields the lines (terminators removed) of a textual data block: a menu, attributes,
 * an error text. Counted blocks are split into lines as they arrive.
 */
export async function* plusLines(reader: Reader, head: DataHead, maxline = MAXLINE): AsyncGenerator<Buffer> {
  if (head.length < 0) {
    yield* textLines(reader, { maxline });
    return;
  }
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of plusData(reader, head)) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let at = pending.indexOf(10);
    while (at !== -1) {
      yield stripEOL(pending.subarray(0, at + 1));
      pending = pending.subarray(at + 1);
      at = pending.indexOf(10);
    }
    if (pending.length > maxline) throw new LineTooLong(maxline);
  }
  if (pending.length > 0) yield stripEOL(pending);
}

/** readPlusError reads the error text after a "-" head (at most `maxLines` lines) as a GopherPlusError. */
export async function readPlusError(
  reader: Reader,
  head: DataHead,
  encoding: SelectorEncoding = "utf8",
  maxLines = 100,
): Promise<GopherPlusError> {
  const lines: string[] = [];
  for await (const line of plusLines(reader, head)) {
    if (lines.length >= maxLines) break;
    lines.push(line.toString(encoding));
  }
  return new GopherPlusError(lines);
}

/** AttributeBlock is one "+NAME:" block of attribute information. */
export interface AttributeBlock {
  /** The name without "+" and ":" ("INFO", "ADMIN", "VIEWS", "ABSTRACT", ...). */
  name: string;
  /** What follows "+NAME: " on the block's first line (a gopher descriptor for +INFO). */
  value: string;
  /** The block's following lines, each without its one leading space. */
  lines: string[];
}

/** View is one line of a +VIEWS block: " Text/plain De_DE: <15k>". */
export interface View {
  /** The content type as written ("Text/plain"). */
  type: string;
  /** The language ("De_DE"), or null. */
  language: string | null;
  /** The size between angle brackets ("15k"), or null. */
  size: string | null;
  /** The view as a Gopher+ request names it: type, then a space and the language if any. */
  label: string;
}

/** ItemAttributes are the attributes of one item, as "!" returns them and "$" returns for each item. */
export interface ItemAttributes {
  /** The item described by the +INFO block, or null when there was none or it was malformed. */
  info: MenuItem | null;
  /** Every block, in order, +INFO included. */
  blocks: AttributeBlock[];
  /** The +ADMIN block as name/value pairs ("Admin", "Mod-Date", ...). */
  admin: Record<string, string>;
  /** The +VIEWS block, preferred view first. */
  views: View[];
  /** The +ABSTRACT block's lines, or null. */
  abstract: string[] | null;
  /** The +ASK block's questions (a Gopher+ form), or null. */
  ask: AskQuestion[] | null;
}

/**
 * parseAttributes splits attribute information into items, one for each +INFO block (a reply
 * to "!" holds one; a reply to "$" one per item of the directory). Lines before the first
 * block are ignored; a listing without +INFO gives a single item with info null.
 */
export function parseAttributes(
  lines: readonly Buffer[],
  encoding: SelectorEncoding = "utf8",
): ItemAttributes[] {
  const items: ItemAttributes[] = [];
  let current: ItemAttributes | null = null;
  let block: AttributeBlock | null = null;
  for (const raw of lines) {
    if (raw[0] === 0x2b) {
      const m = /^\+([^:\s+]+):? ?/.exec(raw.toString("latin1"));
      if (!m) continue;
      const valueBytes = raw.subarray(Buffer.byteLength(m[0], "latin1"));
      block = { name: m[1]!, value: valueBytes.toString(encoding), lines: [] };
      if (block.name === "INFO" || !current) {
        current = { info: null, blocks: [], admin: {}, views: [], abstract: null, ask: null };
        items.push(current);
      }
      if (block.name === "INFO" && valueBytes.length > 0) {
        const entry = parseMenuLine(valueBytes, 1, encoding);
        current.info = isMenuLineError(entry) ? null : entry;
      }
      current.blocks.push(block);
    } else if (block) {
      const text = raw.toString(encoding);
      block.lines.push(text.startsWith(" ") ? text.slice(1) : text);
    }
  }
  for (const item of items) {
    for (const b of item.blocks) {
      if (b.name === "ADMIN") for (const line of b.lines) addPair(item.admin, line);
      else if (b.name === "VIEWS") for (const line of b.lines) pushView(item.views, line);
      else if (b.name === "ABSTRACT") item.abstract = [...(item.abstract ?? []), ...b.lines];
      else if (b.name === "ASK") item.ask = [...(item.ask ?? []), ...parseAsk(b.lines)];
    }
  }
  return items;
}

function addPair(into: Record<string, string>, line: string): void {
  const at = line.indexOf(":");
  if (at <= 0) return;
  into[line.slice(0, at).trim()] = line.slice(at + 1).trim();
}

function pushView(into: View[], line: string): void {
  const m = /^\s*([^\s:<>]+)(?:\s+([^:<>]+?))?\s*:\s*(?:<([^<>]*)>)?/.exec(line);
  if (!m) return;
  const language = m[2] ?? null;
  into.push({ type: m[1]!, language, size: m[3] ?? null, label: language ? `${m[1]} ${language}` : m[1]! });
}
