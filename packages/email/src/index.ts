// @inetlib/email: Python's email package. The top-level names are the `email` module's, plus
// the classes mail scripts import from its submodules; each submodule is also a namespace
// (header, utils, charset, encoders, policy, errors, parser, generator, headerregistry,
// contentmanager, mime) so `email.utils.formataddr` reads `utils.formataddr`.
import "./encoders.js";
import "./generator.js";
import { EmailMessage } from "./email-message.js";
import { factories } from "./feedparser.js";
import { Message } from "./message.js";
import { EmailPolicy } from "./policy.js";

factories.forPolicy = (policy) =>
  policy instanceof EmailPolicy ? (policy.message_factory ?? EmailMessage) : (Message as typeof Message);

export * as charset from "./charset.js";
export { Charset } from "./charset.js";
export type { SetContentOptions } from "./contentmanager.js";
export * as contentmanager from "./contentmanager.js";
export { EmailMessage, MIMEPart } from "./email-message.js";
export * as encoders from "./encoders.js";
export * as errors from "./errors.js";
export { BytesFeedParser, FeedParser } from "./feedparser.js";
export * as generator from "./generator.js";
export { BytesGenerator, Generator } from "./generator.js";
export * as header from "./header.js";
export { decode_header, Header, make_header } from "./header.js";
export * as headerregistry from "./headerregistry.js";
export {
  Address,
  AddressHeader,
  BaseHeader,
  ContentDispositionHeader,
  ContentTypeHeader,
  DateHeader,
  Group,
  HeaderRegistry,
  UnstructuredHeader,
} from "./headerregistry.js";
export type { AsStringOptions, GetParamOptions, HeaderValue, Payload, SetParamOptions } from "./message.js";
export { Message } from "./message.js";
export { MIMEBase, MIMENonMultipart } from "./mime/base.js";
export { MIMEApplication, MIMEAudio, MIMEImage } from "./mime/binary.js";
export * as mime from "./mime/index.js";
export { MIMEMessage } from "./mime/message.js";
export { MIMEMultipart } from "./mime/multipart.js";
export { MIMEText } from "./mime/text.js";
export type { ParserOptions } from "./parser.js";
export * as parser from "./parser.js";
export {
  BytesHeaderParser,
  BytesParser,
  HeaderParser,
  message_from_binary_file,
  message_from_bytes,
  message_from_file,
  message_from_string,
  Parser,
} from "./parser.js";
export * as policy from "./policy.js";
export { compat32 } from "./policybase.js";
export * as utils from "./utils.js";
