// The line-protocol layer every inetlib protocol reads and writes through (after Go's net/textproto).

export { LineClient, type LineClientOptions, type LineSession } from "./client.js";
export {
  type CommandEncoding,
  type CommandOptions,
  type CommandPart,
  checkArgument,
  encodeCommand,
  encodeText,
} from "./command.js";
export { Conn, type ConnOptions, type ConnTrace } from "./conn.js";
export {
  type DotBody,
  type DotBodyOptions,
  DotLines,
  type DotOptions,
  dotLines,
  readDotBody,
} from "./dot.js";
export { DotWriter, type DotWriterOptions, dotStuff } from "./dotwriter.js";
export { LineTooLong, ProtocolError, ResponseTooLarge, UnexpectedEOF } from "./errors.js";
export { CallLock } from "./lock.js";
export { Reader, type ReaderOptions, stripEOL } from "./reader.js";
export {
  type CodeReply,
  type CodeReplyOptions,
  expectCode,
  type NumericLine,
  parseCode,
  pyint,
  readCodeReply,
  readNumericLine,
  readStatusLine,
  type StatusLine,
} from "./reply.js";
export type { ByteSink, ByteSource, SocketLike } from "./source.js";
export { type DotBodySource, Writer } from "./writer.js";
