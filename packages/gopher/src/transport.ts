// One gopher connection: TCP (IPv4 or IPv6, through create_connection), optionally TLS for
// gophers://, with the timeout on every wait.
import {
  type Address,
  create_connection,
  create_default_context,
  getdefaulttimeout,
  SHUT_WR,
  type SocketIO,
  type SSLContext,
  type socket,
} from "@inetlib/socket";
import { DEFAULT_TIMEOUT } from "./limits.js";

/** ConnectOptions say how to reach a gopher server. */
export interface ConnectOptions {
  /**
   * Seconds each wait may take (connect, send, every receive); null blocks. Default:
   * socket.getdefaulttimeout(), or DEFAULT_TIMEOUT when that is null.
   */
  timeout?: number | null;
  /** Aborting closes the connection; the pending call rejects with AbortError. */
  signal?: AbortSignal;
  /**
   * TLS (gophers): true for create_default_context() (certificate and host name verified), or
   * an SSLContext of your own. Default false.
   */
  tls?: boolean | SSLContext;
  /** The name the certificate must match (default: the host connected to). */
  server_hostname?: string | null;
  /** The local address to connect from. */
  source_address?: Address | null;
}

/** resolveTimeout applies the default: getdefaulttimeout(), else DEFAULT_TIMEOUT; null stays null. */
export function resolveTimeout(timeout: number | null | undefined): number | null {
  if (timeout !== undefined) return timeout;
  return getdefaulttimeout() ?? DEFAULT_TIMEOUT;
}

/** openConnection connects to host:port and, when asked, completes a TLS handshake over it. */
export async function openConnection(
  host: string,
  port: number,
  options: ConnectOptions = {},
): Promise<socket> {
  const timeout = resolveTimeout(options.timeout);
  const sock = await create_connection(
    [host, port],
    timeout,
    options.source_address ?? null,
    options.signal ? { signal: options.signal } : {},
  );
  if (!options.tls) return sock;
  const context = options.tls === true ? create_default_context() : options.tls;
  try {
    return await context.wrap_socket(sock, { server_hostname: options.server_hostname ?? host });
  } catch (err) {
    await sock.close();
    throw err;
  }
}

/**
 * sendRequest connects, sends a request line, shuts down the sending side (plain TCP only, as
 * gopherlib did) and returns the reply as a binary file (socket.makefile("rb")).
 */
export async function sendRequest(
  request: Uint8Array,
  host: string,
  port: number,
  options: ConnectOptions = {},
): Promise<SocketIO<Buffer>> {
  const sock = await openConnection(host, port, options);
  try {
    await sock.sendall(request);
    if (!options.tls) await sock.shutdown(SHUT_WR);
    return sock.makefile("rb");
  } finally {
    // The file keeps the connection open until it is closed, as Python's makefile() does.
    await sock.close();
  }
}
