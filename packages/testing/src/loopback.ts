// The socketserver under the test servers: one class picks the address family from the host,
// so that every server listens on 127.0.0.1 or ::1 alike.
import { type Address, AF_INET6, type RequestHandlerClass, type socket, TCPServer } from "@inetlib/socket";

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
