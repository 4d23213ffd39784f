// http.client: Python's names.
export {
  type EncodeChunkedOptions,
  HTTP_PORT,
  HTTPConnection,
  type HTTPConnectionOptions,
  HTTPS_PORT,
  type PutRequestOptions,
} from "./connection.js";
export {
  BadStatusLine,
  CannotSendHeader,
  CannotSendRequest,
  error,
  HTTPException,
  ImproperConnectionState,
  IncompleteRead,
  InvalidURL,
  LineTooLong,
  NotConnected,
  RemoteDisconnected,
  ResponseNotReady,
  UnimplementedFileMode,
  UnknownProtocol,
  UnknownTransferEncoding,
} from "./errors.js";
export { HTTPSConnection, type HTTPSConnectionOptions } from "./https.js";
export { type HeaderItem, HTTPMessage } from "./message.js";
export type { HeaderValue, RequestHeaders } from "./outgoing.js";
export type { RequestBody } from "./request-body.js";
export { HTTPResponse } from "./response.js";
export { HTTPStatus, type HTTPStatusInfo, httpStatus, responses } from "./status.js";
