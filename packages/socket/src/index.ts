// @inetlib/socket: Python's socket module names, plus the layers every inetlib protocol uses.

export { abortable, untilAborted } from "./abortable.js";
export {
  type CreateConnectionOptions,
  type CreateServerOptions,
  create_connection,
  create_server,
  ExceptionGroup,
  has_dualstack_ipv6,
  has_ipv6,
  socketpair,
} from "./connection.js";
export * from "./constants.js";
export * from "./debug.js";
export { DeflateSocket, type DeflateSocketOptions, layerConn } from "./deflate.js";
export * from "./errors.js";
export {
  htonl,
  htons,
  inet_aton,
  inet_ntoa,
  inet_ntop,
  inet_pton,
  ntohl,
  ntohs,
  OverflowError,
} from "./inet.js";
export {
  type BinaryMode,
  DEFAULT_BUFFER_SIZE,
  LookupError,
  type MakefileMode,
  type MakefileOptions,
  type Newline,
  SocketIO,
  TextCodec,
  type TextMode,
  UnicodeDecodeError,
  UnicodeEncodeError,
  UnsupportedOperation,
} from "./makefile.js";
export { type PrintFile, type PrintOptions, print } from "./print.js";
export {
  type AddrInfo,
  getaddrinfo,
  getfqdn,
  gethostbyaddr,
  gethostbyname,
  gethostbyname_ex,
  gethostname,
  getnameinfo,
  type SockAddr,
} from "./resolve.js";
export { getservbyname, getservbyport } from "./services.js";
export {
  _detachStream,
  _socketFromStream,
  type Address,
  type AddressInfo,
  getdefaulttimeout,
  type SocketOptions,
  setdefaulttimeout,
  socket,
} from "./socket.js";
// Python's socketserver: as a namespace (socketserver.TCPServer), and its classes by name.
export * as socketserver from "./socketserver/index.js";
export {
  BaseRequestHandler,
  BaseServer,
  type DatagramRequest,
  DatagramRequestHandler,
  type RequestHandlerClass,
  SocketServer,
  StreamRequestHandler,
  TCPServer,
  ThreadingTCPServer,
  ThreadingUDPServer,
  ThreadingUnixDatagramServer,
  ThreadingUnixStreamServer,
  UDPServer,
  UnixDatagramServer,
  UnixStreamServer,
} from "./socketserver/index.js";
export * from "./textproto/index.js";
// Python's ssl module: top-level names, and as a namespace (ssl.create_default_context()).
export * from "./tls.js";
export * as ssl from "./tls.js";
