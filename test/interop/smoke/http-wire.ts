/**
 * Just enough HTTP for the nginx smoke test, over @inetlib/socket: HTTP/1.1 (one request per
 * connection) read through textproto's Reader, and one HTTP/2 GET (RFC 9113) after ALPN.
 */
import type { AddressInfo, SSLSocket } from "@inetlib/socket";
import { host as defaultHost, tlsServername } from "../env.js";
import { LineConn, tlsContext } from "../helpers.js";

export interface HttpResponse {
  status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Map<string, string>;
  body: Buffer;
  /** The TLS socket for https (closed by now; what the handshake settled is kept), else null. */
  ssl: SSLSocket | null;
  /** The server's address, as getpeername() gave it. */
  peer: AddressInfo;
}

export interface HttpRequest {
  port: number;
  host?: string;
  tls?: boolean;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** httpRequest sends one HTTP/1.1 request with "Connection: close" and reads the response. */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const host = req.host ?? defaultHost;
  const method = req.method ?? "GET";
  const body = Buffer.from(req.body ?? "", "utf8");
  const c = await LineConn.dial(req.port, { host, tls: req.tls ?? false });
  try {
    const head = [
      `${method} ${req.path} HTTP/1.1`,
      `Host: ${authority(host, req.port)}`,
      "Connection: close",
    ];
    for (const [k, v] of Object.entries(req.headers ?? {})) head.push(`${k}: ${v}`);
    if (body.length > 0) head.push(`Content-Length: ${body.length}`);
    await c.write(Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`), body]));

    const statusLine = await c.readLine();
    const m = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
    if (!m) throw new Error(`bad status line: ${JSON.stringify(statusLine)}`);
    const headers = await readHeaders(c);
    const status = Number(m[1]);
    return {
      status,
      headers,
      body: await readBody(c, method, status, headers),
      ssl: req.tls ? c.ssl : null,
      peer: c.sock.getpeername(),
    };
  } finally {
    await c.close();
  }
}

function authority(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

async function readHeaders(c: LineConn): Promise<Map<string, string>> {
  const headers = new Map<string, string>();
  for (let line = await c.readLine(); line !== ""; line = await c.readLine()) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`bad header line: ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    const prev = headers.get(name);
    headers.set(name, prev === undefined ? value : `${prev}, ${value}`);
  }
  return headers;
}

// RFC 9112 6.3: no body for HEAD, 1xx, 204, 304; then chunked, Content-Length, or until close.
async function readBody(
  c: LineConn,
  method: string,
  status: number,
  headers: Map<string, string>,
): Promise<Buffer> {
  if (method === "HEAD" || status < 200 || status === 204 || status === 304) return Buffer.alloc(0);
  if (/\bchunked\b/i.test(headers.get("transfer-encoding") ?? "")) {
    const chunks: Buffer[] = [];
    for (;;) {
      const size = Number.parseInt((await c.readLine()).split(";")[0]!, 16);
      if (!Number.isInteger(size) || size < 0) throw new Error("bad chunk size");
      if (size === 0) break;
      chunks.push(await c.readBytes(size));
      if ((await c.readLine()) !== "") throw new Error("chunk not followed by CRLF");
    }
    await readHeaders(c); // trailers
    return Buffer.concat(chunks);
  }
  const length = headers.get("content-length");
  if (length !== undefined) return c.readBytes(Number(length));
  return c.readToEnd();
}

// ---------------------------------------------------------------------------
// HTTP/2: a single GET on stream 1, no flow-control updates (the bodies are tiny).
// ---------------------------------------------------------------------------

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
const DATA = 0x0;
const HEADERS = 0x1;
const SETTINGS = 0x4;
const GOAWAY = 0x7;
const END_STREAM = 0x1;
const ACK = 0x1;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY = 0x20;
/** HPACK static table (RFC 7541 Appendix A) entries 8-14: ":status" with a value. */
const STATIC_STATUS: Record<number, number> = { 8: 200, 9: 204, 10: 206, 11: 304, 12: 400, 13: 404, 14: 500 };

function frame(type: number, flags: number, stream: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}

/** HPACK "literal header field without indexing, indexed name" (RFC 7541 6.2.2), no Huffman. */
function literal(nameIndex: number, value: string): Buffer {
  const v = Buffer.from(value, "latin1");
  if (nameIndex > 14 || v.length > 126) throw new Error("literal too long for this encoder");
  return Buffer.concat([Buffer.from([nameIndex, v.length]), v]);
}

export interface H2Response {
  alpn: string | null;
  status: number;
  body: Buffer;
}

/** h2Get negotiates "h2" by ALPN over TLS and fetches `path` on stream 1. */
export async function h2Get(port: number, path: string, host: string = defaultHost): Promise<H2Response> {
  const context = tlsContext();
  context.set_alpn_protocols(["h2", "http/1.1"]);
  const c = await LineConn.dial(port, { host, tls: true, context });
  try {
    const alpn = c.ssl.selected_alpn_protocol();
    if (alpn !== "h2") return { alpn, status: 0, body: Buffer.alloc(0) };
    // :method GET (static 2), :scheme https (static 7), :path (name 4), :authority (name 1).
    const block = Buffer.concat([
      Buffer.from([0x82, 0x87]),
      literal(4, path),
      literal(1, `${tlsServername}:${port}`),
    ]);
    await c.write(
      Buffer.concat([PREFACE, frame(SETTINGS, 0, 0), frame(HEADERS, END_HEADERS | END_STREAM, 1, block)]),
    );
    let status = 0;
    const body: Buffer[] = [];
    for (;;) {
      const head = await c.readBytes(9);
      const length = head.readUIntBE(0, 3);
      const [type, flags] = [head[3]!, head[4]!];
      const stream = head.readUInt32BE(5) & 0x7fffffff;
      let payload = await c.readBytes(length);
      if (type === SETTINGS && !(flags & ACK)) await c.write(frame(SETTINGS, ACK, 0));
      if (type === GOAWAY) throw new Error(`GOAWAY, error code ${payload.readUInt32BE(4)}`);
      if (stream !== 1 || (type !== HEADERS && type !== DATA)) continue;
      if (flags & PADDED) payload = payload.subarray(1, payload.length - payload[0]!);
      if (type === HEADERS) {
        if (flags & PRIORITY) payload = payload.subarray(5);
        // nginx sends :status first, as an indexed field (RFC 7541 6.1) for the common codes.
        const first = payload[0]!;
        status = first & 0x80 ? (STATIC_STATUS[first & 0x7f] ?? 0) : 0;
        if (status === 0) throw new Error(`unexpected first header field 0x${first.toString(16)}`);
      } else body.push(payload);
      if (flags & END_STREAM) return { alpn, status, body: Buffer.concat(body) };
    }
  } finally {
    await c.close();
  }
}
