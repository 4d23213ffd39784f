/**
 * socketserver: Python 3.11's framework for network servers, over @inetlib/socket.
 *
 * Differences from Python, all forced by Node.js:
 *
 *   - Constructors do no I/O. `await TCPServer.open(addr, Handler)` binds and activates as
 *     Python's constructor does; `new TCPServer(addr, Handler)` binds on the first
 *     serve_forever() or handle_request(); `new TCPServer(addr, Handler, false)` leaves it to
 *     server_bind() and server_activate(). `await using server = await TCPServer.open(...)`
 *     closes it at the end of the block.
 *   - Every server handles requests concurrently, each as an async task, as ThreadingMixIn
 *     does with threads; ThreadingTCPServer, ThreadingUDPServer, ThreadingUnixStreamServer and
 *     ThreadingUnixDatagramServer are the same classes under Python's names. server_close()
 *     waits for running handlers (block_on_close). To serve one request at a time, override
 *     process_request() with an async method awaiting finish_request() and shutdown_request().
 *   - ForkingMixIn, ForkingTCPServer and ForkingUDPServer are not provided: Node.js cannot
 *     fork(2) a running process, and a child process could not inherit the connection's
 *     handler state anyway; async tasks already give the concurrency forking was for.
 *   - UnixDatagramServer throws at construction: Node.js has no Unix datagram sockets.
 *   - UDPServer is not a subclass of TCPServer (its requests are [data, socket], not sockets);
 *     both extend SocketServer.
 *   - Handler methods (setup, handle, finish) and server hooks may be async; the server awaits
 *     them. handle_error(request, client_address, error) receives what was thrown.
 *   - serve_forever() also returns when server_close() is called, and shutdown() takes effect
 *     at once rather than at the next poll_interval.
 */
export { BaseServer, type RequestHandlerClass } from "./base.js";
export { BytesIO } from "./bytesio.js";
export {
  BaseRequestHandler,
  type DatagramRequest,
  DatagramRequestHandler,
  StreamRequestHandler,
} from "./handlers.js";
export {
  SocketServer,
  TCPServer,
  ThreadingTCPServer,
  ThreadingUDPServer,
  ThreadingUnixDatagramServer,
  ThreadingUnixStreamServer,
  UDPServer,
  UnixDatagramServer,
  UnixStreamServer,
} from "./servers.js";
