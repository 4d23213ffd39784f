// @inetlib/telnet: Python's telnetlib (Telnet and its constants), with RFC 1143 option
// negotiation, ready handlers for ECHO, SGA, BINARY, TTYPE, NAWS and NEW-ENVIRON, and
// login()/run() helpers.
export * from "./constants.js";
export { EOFError, LoginError, ResponseTooLarge } from "./errors.js";
export type { Pattern } from "./expect.js";
export { doubleIAC, subnegotiation } from "./iac-encode.js";
export {
  type CommandEvent,
  type DataEvent,
  IACParser,
  type IACParserOptions,
  type NegotiationEvent,
  type SubnegotiationBeginEvent,
  type SubnegotiationEvent,
  type TelnetEvent,
} from "./iac-parser.js";
export type { InteractOptions } from "./interact.js";
export { BULK_RECV_SIZE, FILL_RAWQ_SIZE, MAX_READ, MAX_SUBNEGOTIATION } from "./limits.js";
export {
  type NegotiationOutcome,
  OptionTable,
  type QQueue,
  type QSide,
  type QState,
  type QStep,
  qReceive,
  qRequest,
  type Side,
} from "./negotiation.js";
export {
  type BasicOptionOptions,
  BinaryHandler,
  EchoHandler,
  SuppressGoAheadHandler,
} from "./options/basic.js";
export type { OptionContext, OptionHandler, Sides } from "./options/handler.js";
export { WindowSizeHandler } from "./options/naws.js";
export { NewEnvironHandler, WELL_KNOWN_VARS } from "./options/new-environ.js";
export { TerminalTypeHandler } from "./options/ttype.js";
export { DEFAULT_PROMPTS, type LoginOptions, type RunOptions } from "./session.js";
export { type ExpectResult, type OptionNegotiationCallback, Telnet, type TelnetOptions } from "./telnet.js";
