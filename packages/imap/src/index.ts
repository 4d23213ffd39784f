// @inetlib/imap: Python's imaplib (IMAP4, IMAP4_SSL, IMAP4_stream, the module functions, 3.14's
// idle), with bounded literals, LITERAL+, STARTTLS, typed FETCH, streamed bodies and search
// criteria that quote themselves.
export { _Authenticator, type AuthObject, cram_md5, plain } from "./auth.js";
export { AllowedVersions, Commands, IMAP4_PORT, IMAP4_SSL_PORT, type State } from "./commands.js";
export { __version__, type AuthLiterator, type IdleResponse } from "./core.js";
export { abort, type ErrorArg, error, readonly } from "./errors.js";
export type { MessageSet } from "./extensions.js";
export {
  decodeParams,
  decodeQuotedPrintable,
  decodeTransferEncoding,
  decodeWords,
} from "./fetch/decode.js";
export {
  type FetchMessage,
  groupFetch,
  parseFetch,
  parseFetchResponse,
  parseInternalDate,
} from "./fetch/fetch.js";
export { envelopeSubject, formatAddress } from "./fetch/headers.js";
export { FetchBody, type FetchIterOptions } from "./fetch/stream.js";
export {
  type Address,
  attachments,
  type BodyStructure,
  type Disposition,
  type Envelope,
  filename,
  parseBodyStructure,
  parseEnvelope,
  walk,
} from "./fetch/structure.js";
export { ParseError, type Value } from "./fetch/values.js";
export { Idler } from "./idle.js";
export { type Flags, IMAP4 } from "./imap4.js";
export { IMAP4_SSL, type IMAP4_SSLOptions } from "./imap4-ssl.js";
export { IMAP4_stream } from "./imap4-stream.js";
export { _MAXLINE, _SAFE_BUF_SIZE, AUTHENTICATE_MAX_STEPS, MAX_LITERAL_SIZE } from "./limits.js";
export { decode_utf7, encode_utf7 } from "./mutf7.js";
export {
  type OAuthBearerOptions,
  oauthbearer,
  oauthbearerMessage,
  xoauth2,
  xoauth2Message,
} from "./oauth.js";
export type { PipelineCommand } from "./pipeline.js";
export {
  Continuation,
  type Data,
  type Datum,
  Literal,
  type LiteralPair,
  type Response,
  Response_code,
  Untagged_response,
  Untagged_status,
} from "./response.js";
export {
  type BuiltSearch,
  type SearchCriteria,
  type SearchDate,
  searchCriteria,
  searchDate,
} from "./search.js";
export {
  type DateTimeArg,
  Int2AP,
  Internaldate2tuple,
  ParseFlags,
  type struct_time,
  Time2Internaldate,
  type TimeTuple,
} from "./time.js";
export type { IMAP4Options } from "./transport.js";
export { type Arg, LiteralArg, type LiteralOptions, literal } from "./wire.js";
