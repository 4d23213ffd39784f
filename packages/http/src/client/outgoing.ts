// The request as undici takes it, from what putrequest/putheader/endheaders gathered: the
// header list (Transfer-Encoding left to undici), the body (bytes, an iterable, or an open
// PushBody that send() feeds), and the framing fields undici appends, for the debug trace.
import { type DebugTrace, pyrepr, ValueError } from "@inetlib/socket";
import { HTTPMessage } from "./message.js";
import { chunksOf, isIterableBody, latin1, PushBody, type RequestBody, toBuffer } from "./request-body.js";

/** The methods Python always gives a Content-Length (0 without a body). */
export const METHODS_EXPECTING_BODY = new Set(["PATCH", "POST", "PUT"]);

/** A header value as putheader() takes it: text (latin-1), bytes, or a number. */
export type HeaderValue = string | number | Uint8Array;

/** Request headers: a record, or [name, value] pairs (kept in order). */
export type RequestHeaders =
  | Readonly<Record<string, HeaderValue>>
  | Iterable<readonly [string, HeaderValue]>
  | HTTPMessage;

/** A request being built: the request line's parts and the header fields so far. */
export interface PendingRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
}

/** What prepareRequest hands to undici and the connection. */
export interface Outgoing {
  /** Flat [name, value, ...] for undici. */
  headers: string[];
  body: Buffer | AsyncIterable<Buffer> | null;
  /** The body send() feeds, when endheaders() left it open. */
  push: PushBody | null;
  /** The framing fields and blank line undici writes after the head it reports. */
  headTail: string;
}

/** prepareRequest turns a finished PendingRequest and its body into undici's terms. */
export function prepareRequest(
  pending: PendingRequest,
  message_body: RequestBody,
  encode_chunked: boolean,
  trace: DebugTrace,
): Outgoing {
  const headers: string[] = [];
  let declared: number | null = null;
  let chunked = encode_chunked;
  for (const [name, value] of pending.headers) {
    const lower = name.toLowerCase();
    if (lower === "transfer-encoding") {
      // undici writes Transfer-Encoding itself: a streamed body without a length is chunked.
      const codings = value
        .toLowerCase()
        .split(",")
        .map((t) => t.trim());
      if (!codings.includes("chunked"))
        throw new ValueError(`Transfer-Encoding ${pyrepr(value)} cannot be sent: undici only chunks`);
      chunked = true;
      continue;
    }
    if (lower === "content-length" && /^\s*\d+\s*$/.test(value)) declared = Number(value);
    headers.push(name, lower === "content-length" ? value.trim() : value);
  }
  let body: Buffer | AsyncIterable<Buffer> | null = null;
  let push: PushBody | null = null;
  let sentLength: number | null = declared;
  if (typeof message_body === "string") message_body = latin1(message_body, "body");
  if (message_body instanceof Uint8Array) {
    const bytes = toBuffer(message_body);
    if (declared !== null && bytes.length < declared) {
      push = new PushBody(declared);
      void push.write(bytes);
      body = push;
    } else if (chunked) {
      body = chunksOf([bytes]);
      sentLength = null;
    } else {
      body = bytes;
      sentLength = bytes.length;
    }
  } else if (isIterableBody(message_body)) {
    body = chunksOf(message_body, (c) => {
      if (trace.level > 0) trace.print("send:", pyrepr(c));
    });
  } else if (declared !== null && declared > 0) {
    push = new PushBody(declared);
    body = push;
  } else if (chunked) {
    push = new PushBody(null);
    body = push;
    sentLength = null;
  }
  const streamed = body !== null && !Buffer.isBuffer(body);
  const framing =
    sentLength !== null && (sentLength > 0 || METHODS_EXPECTING_BODY.has(pending.method.toUpperCase()))
      ? `content-length: ${sentLength}\r\n`
      : streamed && sentLength === null
        ? "transfer-encoding: chunked\r\n"
        : "";
  return { headers, body, push, headTail: `${framing}\r\n` };
}

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
