// xmlrpc.client: Python's names (and SimpleXMLRPCDispatcher from xmlrpc.server).
export { type DumpsOptions, dumps, Marshaller } from "./marshal.js";
export { type DispatcherOptions, SimpleXMLRPCDispatcher, type XMLRPCFunction } from "./server.js";
export {
  MultiCall,
  type MultiCallConstructor,
  MultiCallIterator,
  type MultiCallMethod,
  type RemoteMethod,
  Server,
  ServerProxy,
  type ServerProxyBase,
  type ServerProxyConstructor,
  type ServerProxyOptions,
} from "./serverproxy.js";
export {
  gzip_decode,
  gzip_encode,
  SafeTransport,
  type SafeTransportOptions,
  Transport,
  type TransportOptions,
} from "./transport.js";
export {
  APPLICATION_ERROR,
  Binary,
  boolean,
  DateTime,
  ExpatError,
  escape,
  Fault,
  INTERNAL_ERROR,
  INVALID_ENCODING_CHAR,
  INVALID_METHOD_PARAMS,
  INVALID_XMLRPC,
  MAXINT,
  METHOD_NOT_FOUND,
  MININT,
  NOT_WELLFORMED_ERROR,
  PARSE_ERROR,
  ProtocolError,
  ResponseError,
  SERVER_ERROR,
  SYSTEM_ERROR,
  type TimeTuple,
  TRANSPORT_ERROR,
  UNSUPPORTED_ENCODING,
  WRAPPERS,
  type Writer,
  XMLRPCError as Error,
  XMLRPCError,
  type XMLRPCValue,
} from "./types.js";
export { getparser, type LoadsOptions, loads, Unmarshaller, XMLParser } from "./unmarshal.js";
