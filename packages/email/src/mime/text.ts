// email.mime.text.MIMEText: us-ascii when the text is ASCII, else utf-8 (base64), unless a
// charset is given; the body encoded as email.charset's table says.
import type { Charset } from "../charset.js";
import type { Policy } from "../policybase.js";
import { isAscii } from "../strings.js";
import { MIMENonMultipart } from "./base.js";

/** MIMEText is a text/* part: new MIMEText("hello", "plain", "utf-8"). */
export class MIMEText extends MIMENonMultipart {
  constructor(
    _text: string,
    _subtype = "plain",
    _charset: string | Charset | null = null,
    options: { policy?: Policy | null } = {},
  ) {
    const charset = _charset ?? (isAscii(_text) ? "us-ascii" : "utf-8");
    super("text", _subtype, { policy: options.policy ?? null, charset: String(charset) });
    this.set_payload(_text, charset);
  }
}
