// The request as Python's HTTPConnection writes it: the request line and header fields as
// putrequest/putheader gathered them (in order and case, multiple values folded over lines
// with CRLF TAB), a blank line, then the body: bytes as they are, an iterable's pieces one
// by one (empty ones skipped), chunk-encoded when encode_chunked, then the last chunk.
import type { DebugTrace } from "@inetlib/socket";
import { HTTPMessage } from "./message.js";
import { isIterableBody, latin1, type RequestBody, toBuffer } from "./request-body.js";

/** The methods Python always gives a Content-Length (0 without a body). */
export const METHODS_EXPECTING_BODY = new Set(["PATCH", "POST", "PUT"]);

/** A header value as putheader() takes it: text (latin-1), bytes, or a number. */
export type HeaderValue = string | number | Uint8Array;

/** Request headers: a record, or [name, value] pairs (kept in order). */
export type RequestHeaders =
  | Readonly<Record<string, HeaderValue>>
  | Iterable<readonly [string, HeaderValue]>
  | HTTPMessage;

/** A request being built: the request line and the header lines so far (without CRLF). */
export interface PendingRequest {
  method: string;
  url: string;
  lines: string[];
}

/** encodeHead is _send_output's message head: the lines joined by CRLF, and a blank line. */
export function encodeHead(pending: PendingRequest): Buffer {
  return Buffer.from(`${pending.lines.join("\r\n")}\r\n\r\n`, "latin1");
}

/** A body piece that small goes out in the same write as the head (the bytes are the same). */
export const COALESCE_LIMIT = 64 * 1024;

/**
 * bodyPieces yields what _send_output sends after the head, in order: each non-empty piece,
 * chunk-encoded when `encode_chunked`, and the last chunk. Text pieces go as latin-1.
 */
export async function* bodyPieces(
  body: RequestBody,
  encode_chunked: boolean,
  trace: DebugTrace,
): AsyncGenerator<Buffer, void, undefined> {
  if (body === null || body === undefined) return;
  let pieces: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;
  if (typeof body === "string") pieces = [latin1(body, "body")];
  else if (body instanceof Uint8Array) pieces = [body];
  else if (isIterableBody(body)) pieces = body;
  else
    throw new TypeError(`message_body should be a bytes-like object or an iterable, got ${describe(body)}`);
  for await (const piece of pieces as AsyncIterable<Uint8Array | string>) {
    const chunk = typeof piece === "string" ? latin1(piece, "body") : toBuffer(piece);
    if (chunk.length === 0) {
      if (trace.level > 0) trace.print("Zero length chunk ignored");
      continue;
    }
    yield encode_chunked
      ? Buffer.concat([Buffer.from(`${chunk.length.toString(16).toUpperCase()}\r\n`), chunk, CRLF])
      : chunk;
  }
  if (encode_chunked) yield Buffer.from("0\r\n\r\n");
}

const CRLF = Buffer.from("\r\n");

/** valueText is a header value as the latin-1 text putheader sends. */
export function valueText(v: HeaderValue): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return v;
  return toBuffer(v).toString("latin1");
}

/** headerPairs lists request headers as [name, value] pairs, in the order given. */
export function headerPairs(headers: RequestHeaders): Array<[string, HeaderValue]> {
  if (headers instanceof HTTPMessage) return headers.items();
  if (Symbol.iterator in headers)
    return [...(headers as Iterable<readonly [string, HeaderValue]>)].map(([k, v]) => [k, v]);
  return Object.entries(headers as Record<string, HeaderValue>);
}

/** contentLength is HTTPConnection._get_content_length(body, method). */
export function contentLength(body: RequestBody, method: string): number | null {
  if (body === null || body === undefined) return METHODS_EXPECTING_BODY.has(method.toUpperCase()) ? 0 : null;
  if (body instanceof Uint8Array) return body.byteLength;
  if (typeof body === "string") return body.length;
  return null;
}

/** describe(body) names an object the way Python's repr does when it has no better one. */
export function describe(body: unknown): string {
  const name = (body as { constructor?: { name?: string } })?.constructor?.name ?? typeof body;
  return `<${name} object>`;
}
