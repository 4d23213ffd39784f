// @inetlib/nntp: Python's nntplib (NNTP, NNTP_SSL, the NNTP* exceptions, decode_header), with
// STARTTLS, COMPRESS DEFLATE, pipelined article fetches and streaming.
export { DeflateSocket } from "./compress.js";
export { _parse_datetime, _unparse_datetime, type NaiveDate, type NNTPDate } from "./datetime.js";
export { decode_header, email_decode_header, HeaderParseError } from "./decode-header.js";
export {
  NNTPDataError,
  NNTPError,
  NNTPPermanentError,
  NNTPProtocolError,
  NNTPReplyError,
  NNTPTemporaryError,
} from "./errors.js";
export { type CheckResult, checkMessageId, type FeedOptions, type TakethisResult } from "./feed.js";
export {
  _MAXLINE,
  AUTHINFO_SASL_MAX_STEPS,
  MAX_RESPONSE_BYTES,
  MAX_RESPONSE_LINES,
  PIPELINE_BYTES,
  PIPELINE_WINDOW,
} from "./limits.js";
export { type Authenticator, NetrcParseError, netrc } from "./netrc.js";
export { type ArticleSpec, type FileOption, NNTP } from "./nntp.js";
export { NNTP_SSL, type NNTP_SSLOptions } from "./nntp-ssl.js";
export {
  _DEFAULT_OVERVIEW_FMT,
  _OVERVIEW_FMT_ALTERNATIVES,
  _parse_overview,
  _parse_overview_fmt,
  type Overview,
  type OverviewEntry,
} from "./overview.js";
export type { PipelineOptions } from "./pipeline.js";
export type { ArticleSource } from "./post.js";
export {
  _LONGRESP,
  type Capabilities,
  type GroupResponse,
  type StatResponse,
  type XhdrLine,
} from "./replies.js";
export { type AuthObject, cram_md5, plain, type SaslOptions, saslMechanisms } from "./sasl.js";
export type { FileArg } from "./sink.js";
export type { MessageSpec } from "./stream.js";
export { NNTP_PORT, NNTP_SSL_PORT, type NNTPOptions, NNTPTransport } from "./transport.js";
export { ArticleInfo, GroupInfo } from "./tuples.js";
export type { LongResponse } from "./wire.js";
