// The socketserver under the test servers: one class picks the address family from the host,
// so that every server listens on 127.0.0.1 or ::1 alike.
import {
  type Address,
  AF_INET6,
  type RequestHandlerClass,
  type SSLContext,
  StreamRequestHandler,
  type socket,
  TCPServer,
} from "@inetlib/socket";

/**
 * LoopbackTCPServer is a TCPServer that listens over IPv6 when its host is an IPv6 address
 * ("::1"). Subclasses set request_queue_size and the rest as fields; `await X.open(address,
 * Handler)` binds and activates, closing the server if that fails.
 */
export class LoopbackTCPServer extends TCPServer {
  constructor(
    server_address: Address,
    RequestHandlerClass: RequestHandlerClass<socket>,
    bind_and_activate = true,
  ) {
    super(server_address, RequestHandlerClass, bind_and_activate);
    if (typeof server_address !== "string" && server_address[0].includes(":")) this.address_family = AF_INET6;
  }
}

/**
 * ImplicitTLSHandler is a StreamRequestHandler whose connection may begin with a TLS handshake
 * (implicit TLS): rfile and wfile then read and write through the TLS socket. Subclasses say
 * which context, and set `timeout` before calling super.setup().
 */
export abstract class ImplicitTLSHandler extends StreamRequestHandler {
  /** The server-side context for this connection, or null/undefined for clear text. */
  protected abstract serverTLS(): SSLContext | null | undefined;

  override async setup(): Promise<void> {
    const tls = this.serverTLS();
    if (!tls) return super.setup();
    this.request.settimeout(this.timeout);
    // The plain socket is detached by the wrap; everything goes through the TLS one.
    this.connection = await tls.wrap_socket(this.request, { server_side: true });
    this.rfile = this.connection.makefile("rb", { buffering: this.rbufsize });
    this.wfile = this.connection.makefile("wb", { buffering: this.wbufsize });
  }
}
