// @inetlib/pop3: Python's poplib (POP3, POP3_SSL, error_proto), with STLS, APOP, SASL,
// pipelining and streaming.
export type { AuthOptions } from "./auth.js";
export { error_proto } from "./errors.js";
export { _MAXLINE, MAX_RESPONSE_BYTES, MAX_RESPONSE_LINES, PIPELINE_WINDOW } from "./limits.js";
export { POP3, type Which } from "./pop3.js";
export { POP3_SSL, type POP3_SSLOptions } from "./pop3-ssl.js";
export type { Capabilities } from "./response.js";
export type { AuthObject } from "./sasl.js";
export { MessageLines } from "./stream.js";
export { POP3_PORT, POP3_SSL_PORT, type POP3Options } from "./transport.js";
export type { LongResponse } from "./wire.js";
