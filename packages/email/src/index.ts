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

export { EmailMessage, MIMEPart } from "./email-message.js";
export { Message } from "./message.js";
export type { HeaderValue, Payload, GetParamOptions, SetParamOptions, AsStringOptions } from "./message.js";
export type { SetContentOptions } from "./contentmanager.js";
export {
  message_from_bytes,
  message_from_string,
  message_from_file,
  message_from_binary_file,
  Parser,
  BytesParser,
  HeaderParser,
  BytesHeaderParser,
} from "./parser.js";
export type { ParserOptions } from "./parser.js";
export { FeedParser, BytesFeedParser } from "./feedparser.js";
export { Generator, BytesGenerator } from "./generator.js";
export { MIMEText } from "./mime/text.js";
export { MIMEMultipart } from "./mime/multipart.js";
export { MIMEBase, MIMENonMultipart } from "./mime/base.js";
export { MIMEApplication, MIMEImage, MIMEAudio } from "./mime/binary.js";
export { MIMEMessage } from "./mime/message.js";
export { Header, decode_header, make_header } from "./header.js";
export { Charset } from "./charset.js";
export { Address, Group, HeaderRegistry, BaseHeader } from "./headerregistry.js";
export { compat32 } from "./policybase.js";
export * as header from "./header.js";
export * as utils from "./utils.js";
export * as charset from "./charset.js";
export * as encoders from "./encoders.js";
export * as errors from "./errors.js";
export * as policy from "./policy.js";
export * as headerregistry from "./headerregistry.js";
export * as contentmanager from "./contentmanager.js";
export * as generator from "./generator.js";
export * as parser from "./parser.js";
export * as mime from "./mime/index.js";
