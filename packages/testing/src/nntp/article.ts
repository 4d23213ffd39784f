// Articles as a news server keeps them: wire form with CRLF line endings, headers parsed, and
// the overview fields derived from them. Text is handled as "binary strings" (one character
// per byte, latin1), so any charset passes through unchanged.

/** StoredArticle is one article in a NewsSpool. */
export interface StoredArticle {
  readonly messageId: string;
  /** The whole article, CRLF line endings, not dot-stuffed. */
  readonly raw: Buffer;
  /** The header block, each line with its CRLF. */
  readonly head: Buffer;
  /** The body, each line with its CRLF. */
  readonly body: Buffer;
  /** Header fields unfolded, in order: [name, value] as binary strings. */
  readonly headers: readonly [string, string][];
  /** When the server received it (NEWNEWS). */
  readonly arrived: Date;
  /** Group name -> article number in it (Xref). */
  readonly numbers: Map<string, number>;
  /** Lines in the body (":lines"). */
  readonly lines: number;
}

/** toCRLF makes every line ending CRLF and ends the text with one. */
export function toCRLF(data: Buffer): Buffer {
  const text = data.toString("latin1").replace(/\r\n|\r|\n/g, "\r\n");
  return Buffer.from(text.length === 0 || text.endsWith("\r\n") ? text : `${text}\r\n`, "latin1");
}

/** splitArticle cuts a CRLF article at its blank line: [head, body]. */
export function splitArticle(raw: Buffer): [Buffer, Buffer] {
  if (raw.subarray(0, 2).toString("latin1") === "\r\n") return [Buffer.alloc(0), raw.subarray(2)];
  const at = raw.indexOf("\r\n\r\n");
  if (at === -1) return [raw, Buffer.alloc(0)];
  return [raw.subarray(0, at + 2), raw.subarray(at + 4)];
}

/** parseHeaders unfolds a header block into [name, value] pairs (binary strings, value trimmed). */
export function parseHeaders(head: Buffer): [string, string][] {
  const out: [string, string][] = [];
  for (const line of head.toString("latin1").split("\r\n")) {
    if (line === "") continue;
    if ((line[0] === " " || line[0] === "\t") && out.length > 0) {
      out[out.length - 1]![1] += line;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    out.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+/, "")]);
  }
  return out;
}

/** header returns the first value of header `name` (any case), or undefined. */
export function header(headers: readonly [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** overviewValue is a header value fit for an overview field: TAB, CR and LF become spaces. */
export function overviewValue(value: string | undefined): string {
  return (value ?? "").replace(/[\t\r\n]/g, " ");
}

/** countLines counts the CRLF-terminated lines of a body. */
export function countLines(body: Buffer): number {
  let n = 0;
  for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) n++;
  return n;
}

/** rfc5322Date formats a Date as "Mon, 01 Jan 2024 00:01:00 GMT" (Date headers the server adds). */
export function rfc5322Date(d: Date): string {
  return d.toUTCString();
}
