// The HTTP/1.1 wire as the test server reads and writes it: request heads and bodies
// (Content-Length or chunked), recorded byte for byte, and replies built from a Reply.
import type { SocketIO } from "@inetlib/socket";

/** A request as the server received it. `raw` is every byte of it, head and body, as sent. */
export interface RecordedRequest {
  /** Which connection it came on (1, 2, ... in accept order): keep-alive reuse shows here. */
  connection: number;
  /** The client's port for that connection. */
  peerPort: number;
  method: string;
  target: string;
  version: string;
  /** Header fields in order and case. */
  headers: Array<[string, string]>;
  /** The body, de-chunked. */
  body: Buffer;
  raw: Buffer;
}

/** RequestView gives a route what it needs of the request. */
export interface RequestView extends RecordedRequest {
  /** The path without the query. */
  path: string;
  query: URLSearchParams;
  /** The first value of a header (case-insensitive), or null. */
  header(name: string): string | null;
}

/**
 * Reply is what a route answers. Either `raw` bytes written as they are (then the connection
 * closes unless keepOpen), or a status line, headers, and a body: whole (`body`, with
 * Content-Length unless `noLength`), chunked (`chunks`), or generated (`stream`).
 */
export interface Reply {
  status?: number;
  reason?: string;
  headers?: Array<[string, string]>;
  body?: Buffer | string;
  chunks?: Iterable<Buffer | string> | AsyncIterable<Buffer | string>;
  /** A body of `length` bytes produced piece by piece (Content-Length; constant memory). */
  stream?: { length: number; pieces: () => AsyncIterable<Buffer> | Iterable<Buffer> };
  /** Send no Content-Length and close after the body (a body read to close). */
  noLength?: boolean;
  /** Close the connection after this reply. */
  close?: boolean;
  /** Bytes to write verbatim instead of a built reply (malformed replies, 100 Continue...). */
  raw?: Buffer | string | Array<Buffer | string>;
  /** With raw: keep reading requests afterwards. */
  keepOpen?: boolean;
  /** Write the reply's head and body in pieces of this many bytes. */
  pieceSize?: number;
}

const MAXLINE = 65536;

/** readRequest reads one request; null at a clean end of the connection. */
export async function readRequest(
  rfile: SocketIO<Buffer>,
  connection: number,
  peerPort: number,
): Promise<RecordedRequest | null> {
  const raw: Buffer[] = [];
  let line = await rfile.readline(MAXLINE + 1);
  // Tolerate the blank line some clients send between requests.
  while (line.length > 0 && (line.equals(CRLF) || line.equals(LF))) {
    raw.push(line);
    line = await rfile.readline(MAXLINE + 1);
  }
  if (line.length === 0) return null;
  raw.push(line);
  const [method = "", target = "", version = ""] = line.toString("latin1").trim().split(/\s+/);
  const headers: Array<[string, string]> = [];
  for (;;) {
    const h = await rfile.readline(MAXLINE + 1);
    raw.push(h);
    if (h.length === 0 || h.equals(CRLF) || h.equals(LF)) break;
    const text = h.toString("latin1").replace(/\r?\n$/, "");
    const colon = text.indexOf(":");
    headers.push(colon < 0 ? [text, ""] : [text.slice(0, colon), text.slice(colon + 1).trim()]);
  }
  const get = (name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
  let body: Buffer = Buffer.alloc(0);
  const te = get("transfer-encoding");
  const cl = get("content-length");
  if (te?.toLowerCase().includes("chunked")) {
    const parts: Buffer[] = [];
    for (;;) {
      const sizeLine = await rfile.readline(MAXLINE + 1);
      raw.push(sizeLine);
      const size = Number.parseInt(sizeLine.toString("latin1").split(";")[0]!.trim(), 16);
      if (!Number.isFinite(size) || sizeLine.length === 0) break;
      if (size === 0) {
        for (;;) {
          const t = await rfile.readline(MAXLINE + 1);
          raw.push(t);
          if (t.length === 0 || t.equals(CRLF) || t.equals(LF)) break;
        }
        break;
      }
      const data = await rfile.read(size);
      raw.push(data);
      parts.push(data);
      raw.push(await rfile.readline(MAXLINE + 1));
    }
    body = Buffer.concat(parts);
  } else if (cl !== null && /^\d+$/.test(cl.trim())) {
    body = await rfile.read(Number(cl));
    raw.push(body);
  }
  return { connection, peerPort, method, target, version, headers, body, raw: Buffer.concat(raw) };
}

const CRLF = Buffer.from("\r\n");
const LF = Buffer.from("\n");

/** view adds the conveniences routes use to a recorded request. */
export function view(req: RecordedRequest): RequestView {
  const q = req.target.indexOf("?");
  const pathPart = req.target.replace(/^https?:\/\/[^/]*/, "");
  const qi = pathPart.indexOf("?");
  return {
    ...req,
    path: qi < 0 ? pathPart : pathPart.slice(0, qi),
    query: new URLSearchParams(q < 0 ? "" : req.target.slice(q + 1)),
    header: (name) => req.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null,
  };
}

/** Writes a reply; resolves whether the connection should stay open. */
export async function writeReply(
  wfile: SocketIO<Buffer>,
  reply: Reply,
  req: RecordedRequest,
  reasons: Readonly<Record<number, string>>,
): Promise<boolean> {
  const put = async (data: Buffer) => {
    const size = reply.pieceSize;
    if (!size) {
      await wfile.write(data);
      return;
    }
    for (let i = 0; i < data.length; i += size) await wfile.write(data.subarray(i, i + size));
  };
  if (reply.raw !== undefined) {
    const parts = Array.isArray(reply.raw) ? reply.raw : [reply.raw];
    for (const p of parts) await put(Buffer.from(p as string, typeof p === "string" ? "latin1" : undefined));
    return reply.keepOpen ?? false;
  }
  const status = reply.status ?? 200;
  const reason = reply.reason ?? reasons[status] ?? "Unknown";
  const headers: Array<[string, string]> = [...(reply.headers ?? [])];
  const has = (name: string) => headers.some(([k]) => k.toLowerCase() === name);
  const wantsClose =
    reply.close === true ||
    reply.noLength === true ||
    (req.headers.find(([k]) => k.toLowerCase() === "connection")?.[1] ?? "").toLowerCase() === "close";
  if (!has("date")) headers.unshift(["Date", new Date().toUTCString()]);
  if (!has("server")) headers.unshift(["Server", "inetlib-test/1.0"]);
  const bodyless = req.method === "HEAD" || status === 204 || status === 304 || status < 200;
  let whole: Buffer | null = null;
  if (reply.chunks) {
    if (!has("transfer-encoding")) headers.push(["Transfer-Encoding", "chunked"]);
  } else if (reply.stream) {
    if (!has("content-length")) headers.push(["Content-Length", String(reply.stream.length)]);
  } else {
    whole = Buffer.from((reply.body ?? "") as string, typeof reply.body === "string" ? "latin1" : undefined);
    if (!reply.noLength && !has("content-length") && !(status === 204 || status === 304 || status < 200))
      headers.push(["Content-Length", String(whole.length)]);
  }
  if (wantsClose && !has("connection")) headers.push(["Connection", "close"]);
  const head = `HTTP/1.1 ${status} ${reason}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
  await put(Buffer.from(head, "latin1"));
  if (!bodyless) {
    if (reply.chunks) {
      for await (const c of reply.chunks as AsyncIterable<Buffer | string>) {
        const b = typeof c === "string" ? Buffer.from(c, "latin1") : c;
        if (b.length === 0) continue;
        await put(Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, CRLF]));
      }
      await put(Buffer.from("0\r\n\r\n"));
    } else if (reply.stream) {
      for await (const piece of reply.stream.pieces() as AsyncIterable<Buffer>) await wfile.write(piece);
    } else if (whole && whole.length > 0) await put(whole);
  }
  return !wantsClose;
}
