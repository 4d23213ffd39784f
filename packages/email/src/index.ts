// @inetlib/email: Python's email package. Top-level names are email's; the submodules are
// namespaces (header, utils, charset, encoders, policy, mime, errors, parser, generator).
import "./encoders.js";
import { factories } from "./feedparser.js";
import { Message } from "./message.js";
import "./generator.js";

factories.forPolicy = () => Message;

export { Message } from "./message.js";
export { message_from_bytes, message_from_string, message_from_file, message_from_binary_file, Parser, BytesParser, HeaderParser, BytesHeaderParser } from "./parser.js";
export { MIMEText } from "./mime/text.js";
export { MIMEMultipart } from "./mime/multipart.js";
export { MIMEBase, MIMENonMultipart } from "./mime/base.js";
export { MIMEApplication, MIMEImage, MIMEAudio } from "./mime/binary.js";
export { MIMEMessage } from "./mime/message.js";
export { Header, decode_header, make_header } from "./header.js";
export { Charset } from "./charset.js";
export * as utils from "./utils.js";
export * as encoders from "./encoders.js";
export { compat32 } from "./policybase.js";
