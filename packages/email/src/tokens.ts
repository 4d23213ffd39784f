// email._header_value_parser, the part policy.default needs: a token tree for unstructured,
// address and MIME-parameter headers, and _refold_parse_tree/_fold_as_ew, Python's folding
// algorithm, ported line for line. The parsers here are simpler than Python's full RFC 5322
// grammar (see the README for what differs); the folding is Python's.

import { decode_b } from "./base64mime.js";
import { HeaderParseError } from "./errors.js";
import * as quoprimime from "./quoprimime.js";
import { decode, encode, hasSurrogates, isAscii } from "./strings.js";
import { urlquote } from "./utils.js";

/** The policy attributes folding reads. */
export interface FoldPolicy {
  max_line_length: number | null;
  linesep: string;
  utf8: boolean;
}

const WSP = " \t";
const SPECIALS = '()<>@,:;.\\"[]';
const cpLen = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      n++;
    }
  }
  return n;
};
const cpSlice = (s: string, a: number, b?: number): string => Array.from(s).slice(a, b).join("");

export abstract class Token {
  token_type = "";
  syntactic_break = true;
  ew_combine_allowed = true;
  abstract get as_ew_allowed(): boolean;
  abstract toString(): string;
  abstract startswith_fws(): boolean;
}

export class Terminal extends Token {
  private _ew_allowed = true;
  constructor(
    public text: string,
    type: string,
  ) {
    super();
    this.token_type = type;
  }
  get as_ew_allowed(): boolean {
    return this._ew_allowed;
  }
  set as_ew_allowed(v: boolean) {
    this._ew_allowed = v;
  }
  toString(): string {
    return this.text;
  }
  startswith_fws(): boolean {
    return false;
  }
}
export class ValueTerminal extends Terminal {}
export class WhiteSpaceTerminal extends Terminal {
  override startswith_fws(): boolean {
    return true;
  }
}
export class EWWhiteSpaceTerminal extends WhiteSpaceTerminal {
  override toString(): string {
    return "";
  }
}

export class TokenList extends Token {
  fixedEw: boolean | null = null;
  params: [string, string][] | null = null;
  constructor(
    type: string,
    public children: Token[] = [],
  ) {
    super();
    this.token_type = type;
  }
  get as_ew_allowed(): boolean {
    return this.fixedEw ?? this.children.every((c) => c.as_ew_allowed);
  }
  toString(): string {
    return this.children.map(String).join("");
  }
  startswith_fws(): boolean {
    return this.children[0]?.startswith_fws() ?? false;
  }
  fold(policy: FoldPolicy): string {
    return _refold_parse_tree(this, policy);
  }
}

class BareQuotedString extends TokenList {
  override toString(): string {
    return quote_string(this.children.map(String).join(""));
  }
}

export function quote_string(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function list(
  type: string,
  children: Token[] = [],
  opts: Partial<Pick<TokenList, "fixedEw" | "syntactic_break" | "ew_combine_allowed">> = {},
): TokenList {
  const t = new TokenList(type, children);
  Object.assign(t, opts);
  return t;
}

const EW_RE = /^=\?([^?]*)\?([^?]*)\?([^?]*)\?=/;

/** decodeEncodedWord is _encoded_words.decode; null when the word is not valid. */
export function decodeEncodedWord(word: string): string | null {
  const m = EW_RE.exec(word);
  if (!m || m[0] !== word) return null;
  const charset = m[1]!.split("*")[0]!;
  const cte = m[2]!.toLowerCase();
  const bstring = encode(m[3]!, "ascii", "surrogateescape");
  let bytes: Buffer;
  if (cte === "q") bytes = Buffer.from(quoprimime.header_decode(bstring.toString("latin1")), "latin1");
  else if (cte === "b") bytes = decode_b(bstring)[0];
  else return null;
  try {
    return decode(bytes, charset);
  } catch (e) {
    if ((e as Error).name === "LookupError") return decode(bytes, "ascii", "surrogateescape");
    return decode(bytes, charset, "surrogateescape");
  }
}

function wordsOf(text: string, type = "vtext"): Token[] {
  const out: Token[] = [];
  for (const piece of text.split(/([ \t]+)/)) {
    if (!piece) continue;
    out.push(/^[ \t]+$/.test(piece) ? new WhiteSpaceTerminal(piece, "fws") : new ValueTerminal(piece, type));
  }
  return out;
}

/** get_unstructured parses an unstructured value, decoding encoded words. */
export function get_unstructured(value: string): TokenList {
  const u = list("unstructured");
  const kids = u.children;
  while (value) {
    if (WSP.includes(value[0]!)) {
      const m = /^[ \t]+/.exec(value)![0];
      kids.push(new WhiteSpaceTerminal(m, "fws"));
      value = value.slice(m.length);
      continue;
    }
    if (value.startsWith("=?")) {
      const m = /^=\?[^?\s]*\?[^?\s]*\?.*?\?=/.exec(value);
      const text = m ? decodeEncodedWord(m[0]) : null;
      if (m && text !== null) {
        const last = kids[kids.length - 1];
        const haveWs = last === undefined || last.token_type === "fws";
        if (haveWs && kids.length > 1 && kids[kids.length - 2]!.token_type === "encoded-word")
          kids[kids.length - 1] = new EWWhiteSpaceTerminal(String(last), "fws");
        kids.push(list("encoded-word", wordsOf(text)));
        value = value.slice(m[0].length);
        continue;
      }
    }
    let tok = /^[^ \t]+/.exec(value)![0];
    const inner = tok.indexOf("=?", 1);
    if (inner > 0 && /=\?[^?]*\?[qQbB]\?.*?\?=/.test(tok.slice(inner))) tok = tok.slice(0, inner);
    kids.push(new ValueTerminal(tok, "vtext"));
    value = value.slice(tok.length);
  }
  return u;
}

/** decodeText is str(get_unstructured(value)): the text with encoded words decoded. */
export function decodeText(value: string): string {
  return String(get_unstructured(value));
}

/** ParsedMailbox is one address found by get_address_list. */
export interface ParsedAddress {
  display_name: string | null;
  local_part: string;
  domain: string;
}
export interface ParsedGroup {
  display_name: string | null;
  mailboxes: ParsedAddress[];
}

/** splitTop splits on a delimiter outside quotes, comments and angle brackets. */
function splitTop(s: string, delims: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let angle = false;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (quoted) {
      if (c === '"') quoted = false;
      continue;
    }
    if (c === '"' && depth === 0) quoted = true;
    else if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    else if (depth === 0 && c === "<") angle = true;
    else if (depth === 0 && c === ">") angle = false;
    else if (depth === 0 && !angle && delims.includes(c)) {
      out.push(s.slice(start, i + 1));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function phraseTokens(text: string): { tokens: Token[]; name: string } {
  const tokens: Token[] = [];
  const names: string[] = [];
  let i = 0;
  let lastWasEw = false;
  while (i < text.length) {
    const c = text[i]!;
    if (WSP.includes(c)) {
      const m = /^[ \t]+/.exec(text.slice(i))![0];
      tokens.push(list("cfws", [new WhiteSpaceTerminal(m, "fws")]));
      i += m.length;
      continue;
    }
    if (c === "(") {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === "\\") j++;
        else if (text[j] === "(") depth++;
        else if (text[j] === ")" && --depth === 0) break;
      }
      tokens.push(list("cfws", [new WhiteSpaceTerminal(text.slice(i, j + 1), "comment")]));
      i = j + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let content = "";
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === "\\") j++;
        content += text[j] ?? "";
      }
      const q = new BareQuotedString("bare-quoted-string", wordsOf(content, "ptext"));
      tokens.push(list("quoted-string", [q]));
      names.push(content);
      i = j + 1;
      lastWasEw = false;
      continue;
    }
    const word = /^[^ \t"(]+/.exec(text.slice(i))![0];
    const decoded = word.startsWith("=?") ? decodeEncodedWord(word) : null;
    if (decoded !== null) {
      if (lastWasEw && names.length && /^\s+$/.test(names[names.length - 1]!)) names.pop();
      tokens.push(list("atom", [list("encoded-word", wordsOf(decoded))]));
      names.push(decoded);
      lastWasEw = true;
    } else {
      tokens.push(list("atom", [new ValueTerminal(word, "atext")]));
      names.push(word);
      lastWasEw = false;
    }
    i += word.length;
    if (i < text.length && WSP.includes(text[i]!)) names.push(" ");
  }
  return { tokens, name: names.join("").trim() };
}

function addrSpecParts(spec: string): [string, string] {
  const s = spec.trim();
  const at = s.lastIndexOf("@");
  let local = at < 0 ? s : s.slice(0, at);
  const domain = at < 0 ? "" : s.slice(at + 1).trim();
  if (local.startsWith('"') && local.endsWith('"') && local.length > 1)
    local = local.slice(1, -1).replace(/\\(.)/g, "$1");
  return [local.trim(), domain];
}

/** findTop is the index of ch outside quotes and comments, or -1. */
function findTop(s: string, ch: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\") i++;
    else if (quoted) quoted = c !== '"';
    else if (c === '"' && depth === 0) quoted = true;
    else if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    else if (depth === 0 && c === ch) return i;
  }
  return -1;
}

function mailboxTokens(src: string): [Token, ParsedAddress] | null {
  const angleStart = findTop(src, "<");
  if (angleStart >= 0) {
    const phrase = src.slice(0, angleStart);
    const close = src.indexOf(">", angleStart);
    const spec = src.slice(angleStart + 1, close < 0 ? undefined : close);
    const tail = close < 0 ? "" : src.slice(close + 1);
    const { tokens, name } = phraseTokens(phrase);
    const angle = list("angle-addr", [
      new ValueTerminal("<", "angle-addr-start"),
      list("addr-spec", [new ValueTerminal(spec, "addr-spec")], { fixedEw: false }),
      new ValueTerminal(">", "angle-addr-end"),
    ]);
    if (tail) angle.children.push(list("cfws", [new WhiteSpaceTerminal(tail, "fws")]));
    const children: Token[] = tokens.length
      ? [list("display-name", tokens, { ew_combine_allowed: false }), angle]
      : [angle];
    const [local_part, domain] = addrSpecParts(spec.replace(/^@[^:]*:/, ""));
    return [
      list("mailbox", [list("name-addr", children)]),
      { display_name: name || null, local_part, domain },
    ];
  }
  if (!src.trim()) return null;
  const lead = /^[ \t]*/.exec(src)![0];
  const kids: Token[] = [];
  if (lead) kids.push(list("cfws", [new WhiteSpaceTerminal(lead, "fws")]));
  kids.push(new ValueTerminal(src.slice(lead.length), "addr-spec"));
  const [local_part, domain] = addrSpecParts(src.replace(/\([^)]*\)/g, ""));
  return [
    list("mailbox", [list("addr-spec", kids, { fixedEw: false })]),
    { display_name: null, local_part, domain },
  ];
}

/** get_address_list tokenizes an address list (simplified RFC 5322) and lists its groups. */
export function get_address_list(value: string): [TokenList, ParsedGroup[]] {
  const tree = list("address-list");
  const groups: ParsedGroup[] = [];
  let rest = value;
  while (rest.length) {
    const colon = splitTop(rest, ":,");
    const first = colon[0]!;
    if (first.endsWith(":") && !first.includes("<") && colon.length > 1) {
      // A group: display-name ":" [mailbox-list] ";"
      const semi = splitTop(rest.slice(first.length), ";");
      const inner = semi.length > 1 ? semi[0]!.slice(0, -1) : semi[0]!;
      const after = rest.slice(first.length + (semi.length > 1 ? semi[0]!.length : inner.length));
      const { tokens, name } = phraseTokens(first.slice(0, -1));
      const g: ParsedGroup = { display_name: name, mailboxes: [] };
      const kids: Token[] = [
        list("display-name", tokens, { ew_combine_allowed: false }),
        new ValueTerminal(":", "group-display-name-terminator"),
      ];
      for (const piece of splitTop(inner, ",")) {
        const body = piece.endsWith(",") ? piece.slice(0, -1) : piece;
        const mb = mailboxTokens(body);
        if (mb) {
          kids.push(mb[0]);
          g.mailboxes.push(mb[1]);
        }
        if (piece.endsWith(",")) kids.push(separator());
      }
      if (semi.length > 1) kids.push(new ValueTerminal(";", "group-terminator"));
      tree.children.push(list("address", [list("group", kids)]));
      groups.push(g);
      rest = after;
      const comma = /^[ \t]*,/.exec(rest);
      if (comma) {
        tree.children.push(separator());
        rest = rest.slice(comma[0].length);
      } else if (!rest.trim()) rest = "";
      continue;
    }
    const parts = splitTop(rest, ",");
    const piece = parts[0]!;
    const body = piece.endsWith(",") ? piece.slice(0, -1) : piece;
    const mb = mailboxTokens(body);
    if (mb) {
      tree.children.push(list("address", [mb[0]]));
      groups.push({ display_name: null, mailboxes: [mb[1]] });
    }
    if (piece.endsWith(",")) tree.children.push(separator());
    rest = rest.slice(piece.length);
  }
  return [tree, groups];
}

function separator(): Terminal {
  const t = new ValueTerminal(",", "list-separator");
  t.as_ew_allowed = false;
  t.syntactic_break = false;
  return t;
}

/** get_parameterized tokenizes a Content-Type or Content-Disposition value. */
export function get_parameterized(type: string, value: string, params: [string, string][]): TokenList {
  const semi = splitTop(value, ";");
  const head = semi[0]!.endsWith(";") ? semi[0]!.slice(0, -1) : semi[0]!;
  const kids: Token[] = [new ValueTerminal(head, "token")];
  if (semi.length > 1) {
    kids.push(new ValueTerminal(";", "parameter-separator"));
    const mp = list("mime-parameters", [new ValueTerminal(value.slice(semi[0]!.length), "parameters")], {
      syntactic_break: false,
    });
    mp.params = params;
    kids.push(mp);
  }
  return list(type, kids, { fixedEw: false, syntactic_break: false });
}

/** get_unfoldable is a value that must not be encoded (Message-ID, MIME-Version, CTE). */
export function get_unfoldable(type: string, value: string): TokenList {
  const m = type === "message-id" ? /^([ \t]*)<([^>]*)>([ \t]*)$/.exec(value) : null;
  if (m) {
    // msg-id = "<" id-left "@" id-right ">": Python's tree, so a long one stays on its line.
    const kids: Token[] = [];
    if (m[1]) kids.push(new WhiteSpaceTerminal(m[1], "fws"));
    kids.push(
      new ValueTerminal("<", "msg-id-start"),
      new ValueTerminal(m[2]!, "id"),
      new ValueTerminal(">", "msg-id-end"),
    );
    if (m[3]) kids.push(new WhiteSpaceTerminal(m[3], "fws"));
    return list(type, [list("msg-id", kids, { fixedEw: false })], { fixedEw: false });
  }
  return list(type, wordsOf(value, "token"), { fixedEw: false });
}

/** headerTree is the tree BaseHeader.fold folds: name, ':', a space, the value's tree. */
export function headerTree(name: string, tree: TokenList): TokenList {
  const label = list(
    "header-label",
    [new ValueTerminal(name, "header-name"), new ValueTerminal(":", "header-sep")],
    { fixedEw: false },
  );
  const kids: Token[] = [label];
  if (tree.children.length) kids.push(list("cfws", [new WhiteSpaceTerminal(" ", "fws")]));
  kids.push(tree);
  return list("header", kids);
}

// ---- folding (Python's _refold_parse_tree and helpers) ----

const qLen = (b: Uint8Array): number => quoprimime.header_length(b);
const bLen = (b: Uint8Array): number => Math.floor(b.length / 3) * 4 + (b.length % 3 ? 4 : 0);
const Q_SAFE = /[-!*+/A-Za-z0-9]/;

/** ewEncode is _encoded_words.encode: the shorter of 'q' and 'b', biased toward 'q'. */
export function ewEncode(s: string, charset = "utf-8"): string {
  const bytes = charset === "unknown-8bit" ? encode(s, "ascii", "surrogateescape") : encode(s, charset);
  const encoding = qLen(bytes) - bLen(bytes) < 5 ? "q" : "b";
  let encoded = "";
  if (encoding === "q")
    for (const b of bytes) {
      const c = String.fromCharCode(b);
      encoded += b === 0x20 ? "_" : Q_SAFE.test(c) ? c : `=${b.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  else encoded = Buffer.from(bytes).toString("base64");
  return `=?${charset}?${encoding}?${encoded}?=`;
}

function stealTrailingWSP(lines: string[]): string {
  const last = lines[lines.length - 1];
  if (last && WSP.includes(last[last.length - 1]!)) {
    lines[lines.length - 1] = last.slice(0, -1);
    return last[last.length - 1]!;
  }
  return "";
}

const END_EW_NOT_ALLOWED = new ValueTerminal("", "wrap_as_ew_blocked");

/** _refold_parse_tree folds a token tree to lines no longer than max_line_length where it can. */
export function _refold_parse_tree(parse_tree: TokenList, policy: FoldPolicy): string {
  const maxlen = policy.max_line_length || Number.MAX_SAFE_INTEGER;
  const encoding = policy.utf8 ? "utf-8" : "us-ascii";
  const lines = [""];
  let last_ew: number | null = null;
  let wrap_as_ew_blocked = 0;
  let want_encoding = false;
  let parts: Token[] = [...parse_tree.children];
  const cur = () => lines[lines.length - 1]!;
  while (parts.length) {
    const part = parts.shift()!;
    if (part === END_EW_NOT_ALLOWED) {
      wrap_as_ew_blocked--;
      continue;
    }
    const tstr = String(part);
    if (!want_encoding) {
      if (part.token_type === "ptext")
        want_encoding = [...SPECIALS, "\n", "\r"].some((c) => tstr.includes(c));
      else want_encoding = tstr.includes("\n") || tstr.includes("\r");
    }
    let charset: string;
    if (encoding === "us-ascii" ? isAscii(tstr) : !hasSurrogates(tstr)) charset = encoding;
    else {
      charset = hasSurrogates(tstr) ? "unknown-8bit" : "utf-8";
      want_encoding = true;
    }
    if (part.token_type === "mime-parameters") {
      foldMimeParameters(part as TokenList, lines, maxlen, encoding);
      continue;
    }
    if (want_encoding && !wrap_as_ew_blocked) {
      if (!part.as_ew_allowed) {
        want_encoding = false;
        last_ew = null;
        if (part.syntactic_break && part instanceof TokenList) {
          const encoded_part = part.fold(policy).slice(0, -policy.linesep.length);
          if (!encoded_part.includes(policy.linesep)) {
            if (cpLen(encoded_part) > maxlen - cpLen(cur())) lines.push(stealTrailingWSP(lines));
            lines[lines.length - 1] += encoded_part;
            continue;
          }
        }
      }
      if (part instanceof TokenList) {
        parts = [...part.children, ...parts];
        want_encoding = false;
        continue;
      }
      if (part.as_ew_allowed) {
        last_ew = foldAsEw(tstr, lines, maxlen, last_ew, part.ew_combine_allowed, charset);
        want_encoding = false;
        continue;
      }
      last_ew = null;
      want_encoding = false;
    }
    if (cpLen(tstr) <= maxlen - cpLen(cur())) {
      lines[lines.length - 1] += tstr;
      continue;
    }
    if (part.syntactic_break && cpLen(tstr) + 1 <= maxlen) {
      const newline = stealTrailingWSP(lines);
      if (newline || part.startswith_fws()) {
        lines.push(newline + tstr);
        last_ew = null;
        continue;
      }
    }
    if (part instanceof TokenList) {
      const newparts: Token[] = [...part.children];
      if (!part.as_ew_allowed) {
        wrap_as_ew_blocked++;
        newparts.push(END_EW_NOT_ALLOWED);
      }
      parts = [...newparts, ...parts];
      continue;
    }
    if (part.as_ew_allowed && !wrap_as_ew_blocked) {
      parts.unshift(part);
      want_encoding = true;
      continue;
    }
    const newline = stealTrailingWSP(lines);
    if (newline || part.startswith_fws()) lines.push(newline + tstr);
    else lines[lines.length - 1] += tstr;
  }
  return lines.join(policy.linesep) + policy.linesep;
}

function foldAsEw(
  toEncode0: string,
  lines: string[],
  maxlen: number,
  last_ew: number | null,
  ew_combine_allowed: boolean,
  charset: string,
): number | null {
  let to_encode = toEncode0;
  if (last_ew !== null && ew_combine_allowed) {
    const cur = lines[lines.length - 1]!;
    to_encode = String(get_unstructured(cur.slice(last_ew) + to_encode));
    lines[lines.length - 1] = cur.slice(0, last_ew);
  }
  if (WSP.includes(to_encode[0]!)) {
    const leading = to_encode[0]!;
    to_encode = to_encode.slice(1);
    if (cpLen(lines[lines.length - 1]!) === maxlen) lines.push(stealTrailingWSP(lines));
    lines[lines.length - 1] += leading;
  }
  let trailing = "";
  if (WSP.includes(to_encode[to_encode.length - 1]!)) {
    trailing = to_encode[to_encode.length - 1]!;
    to_encode = to_encode.slice(0, -1);
  }
  let new_last_ew = last_ew === null ? cpLen(lines[lines.length - 1]!) : last_ew;
  const encode_as = charset === "us-ascii" ? "utf-8" : charset;
  const chrome_len = encode_as.length + 7;
  if (chrome_len + 1 >= maxlen)
    throw new HeaderParseError("max_line_length is too small to fit an encoded word");
  while (to_encode) {
    const remaining = maxlen - cpLen(lines[lines.length - 1]!);
    const text_space = remaining - chrome_len;
    if (text_space <= 0) {
      lines.push(" ");
      continue;
    }
    let word = cpSlice(to_encode, 0, text_space);
    let ew = ewEncode(word, encode_as);
    while (ew.length - remaining > 0) {
      word = cpSlice(word, 0, -1);
      ew = ewEncode(word, encode_as);
    }
    lines[lines.length - 1] += ew;
    to_encode = to_encode.slice(word.length);
    if (to_encode) {
      lines.push(" ");
      new_last_ew = cpLen(lines[lines.length - 1]!);
    }
  }
  lines[lines.length - 1] += trailing;
  return ew_combine_allowed ? new_last_ew : null;
}

function foldMimeParameters(part: TokenList, lines: string[], maxlen0: number, encoding: string): void {
  let maxlen = maxlen0;
  for (const [name, value0] of part.params ?? []) {
    let value = value0;
    if (!lines[lines.length - 1]!.trimEnd().endsWith(";")) lines[lines.length - 1] += ";";
    let charset = encoding;
    let required = false;
    if (encoding === "us-ascii" ? !isAscii(value) : hasSurrogates(value)) {
      required = true;
      charset = hasSurrogates(value) ? "unknown-8bit" : "utf-8";
    }
    const q = (s: string) =>
      charset === "unknown-8bit"
        ? urlquoteBytes(encode(s, "ascii", "surrogateescape"))
        : urlquote(s, "utf-8");
    const tstr = required ? `${name}*=${charset}''${q(value)}` : `${name}=${quote_string(value)}`;
    if (cpLen(lines[lines.length - 1]!) + cpLen(tstr) + 1 < maxlen) {
      lines[lines.length - 1] += ` ${tstr}`;
      continue;
    }
    if (cpLen(tstr) + 2 <= maxlen) {
      lines.push(` ${tstr}`);
      continue;
    }
    let section = 0;
    let extra = `${charset}''`;
    while (value) {
      const chrome_len = name.length + String(section).length + 3 + extra.length;
      if (maxlen <= chrome_len + 3) maxlen = 78;
      const maxchars = maxlen - chrome_len - 2;
      let splitpoint = maxchars;
      let encoded: string;
      for (;;) {
        encoded = q(cpSlice(value, 0, splitpoint));
        if (encoded.length <= maxchars) break;
        splitpoint--;
      }
      lines.push(` ${name}*${section}*=${extra}${encoded}`);
      extra = "";
      section++;
      value = cpSlice(value, splitpoint);
      if (value) lines[lines.length - 1] += ";";
    }
  }
}

function urlquoteBytes(b: Uint8Array): string {
  let out = "";
  for (const x of b) {
    const c = String.fromCharCode(x);
    out += /[A-Za-z0-9_.~-]/.test(c) ? c : `%${x.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
