// Opening the connection an HTTPConnection speaks over, as Python's connect() does: the core's
// create_connection (address order, timeout, source_address), TCP_NODELAY, the CONNECT tunnel
// of set_tunnel(), then TLS through the core's SSLContext.wrap_socket (verification and its
// errors are the core's). http.client then speaks HTTP on that socket (link.ts).
import {
  type Address,
  create_connection,
  type DebugTrace,
  IPPROTO_TCP,
  OSError,
  pyrepr,
  Reader,
  type SSLContext,
  type socket,
  TCP_NODELAY,
} from "@inetlib/socket";
import { _MAXLINE } from "../limits.js";
import { LineTooLong, RemoteDisconnected } from "./errors.js";
import { HTTPMessage } from "./message.js";
import { parseStatusLine } from "./status-line.js";

/** Where set_tunnel() points: the host and port to CONNECT to, and the CONNECT request's headers. */
export interface TunnelTarget {
  host: string;
  port: number;
  headers: ReadonlyArray<readonly [string, string]>;
}

export interface OpenOptions {
  host: string;
  port: number;
  /** Python's timeout: seconds, null blocks, undefined takes getdefaulttimeout(). */
  timeout: number | null | undefined;
  source_address: Address | null;
  tunnel: TunnelTarget | null;
  /** TLS (HTTPSConnection) when set, verified against server_hostname. */
  context: SSLContext | null;
  server_hostname: string;
  signal: AbortSignal | undefined;
  trace: DebugTrace;
}

export interface Opened {
  /** The connection: a socket, or an SSLSocket for HTTPS. */
  sock: socket;
  /** The CONNECT response's headers, when tunnelling (get_proxy_response_headers()). */
  proxyHeaders: HTTPMessage | null;
}

/** openConnection does HTTPConnection.connect()'s work and returns the connected socket. */
export async function openConnection(o: OpenOptions): Promise<Opened> {
  let sock: socket = await create_connection(
    [o.host, o.port],
    o.timeout,
    o.source_address,
    o.signal ? { signal: o.signal } : {},
  );
  let proxyHeaders: HTTPMessage | null = null;
  try {
    sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    if (o.tunnel) proxyHeaders = await tunnel(sock, o.tunnel, o.trace);
    if (o.context) {
      const tls = await o.context.wrap_socket(sock, { server_hostname: o.server_hostname });
      sock = tls;
      // http.client speaks HTTP/1.1 only: a server that picked h2 would not understand it.
      if (tls.selected_alpn_protocol() === "h2")
        throw new OSError(null, "the server chose HTTP/2 (ALPN h2): offer only http/1.1 in the context");
    }
  } catch (err) {
    await sock.close();
    throw err;
  }
  return { sock, proxyHeaders };
}

// HTTPConnection._tunnel(): CONNECT, a 200 reply, the reply's headers read and kept.
async function tunnel(sock: socket, target: TunnelTarget, trace: DebugTrace): Promise<HTTPMessage> {
  const lines = [`CONNECT ${target.host}:${target.port} HTTP/1.0\r\n`];
  for (const [name, value] of target.headers) lines.push(`${name}: ${value}\r\n`);
  lines.push("\r\n");
  const request = Buffer.from(lines.join(""), "latin1");
  if (trace.level > 0) trace.print("send:", pyrepr(request));
  await sock.sendall(request);
  const reader = new Reader(sock, { maxline: _MAXLINE });
  const statusLine = await readLine(reader, "status line");
  if (statusLine.length === 0) throw new RemoteDisconnected();
  const { status, reason } = parseStatusLine(statusLine.toString("latin1"));
  if (status !== 200) throw new OSError(null, `Tunnel connection failed: ${status} ${reason.trim()}`);
  const headers = new HTTPMessage();
  for (;;) {
    const line = await readLine(reader, "header line");
    const text = line.toString("latin1");
    if (text === "" || text === "\r\n" || text === "\n") break;
    if (trace.level > 0) trace.print("header:", text);
    const colon = text.indexOf(":");
    if (colon > 0) headers.set(text.slice(0, colon), text.slice(colon + 1).trim());
  }
  return headers;
}

async function readLine(reader: Reader, what: string): Promise<Buffer> {
  try {
    return await reader.readline(_MAXLINE);
  } catch (err) {
    if (err instanceof Error && err.name === "LineTooLong") throw new LineTooLong(what);
    throw err;
  }
}
