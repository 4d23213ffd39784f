// email.mime.multipart.MIMEMultipart.
import type { Message } from "../message.js";
import { MIMEBase, type MIMEOptions } from "./base.js";

/** MIMEMultipart is a multipart/* message: new MIMEMultipart("alternative"). */
export class MIMEMultipart extends MIMEBase {
  constructor(
    _subtype = "mixed",
    boundary: string | null = null,
    _subparts: Iterable<Message> | null = null,
    options: MIMEOptions = {},
  ) {
    super("multipart", _subtype, options);
    this._payload = [];
    if (_subparts) for (const p of _subparts) this.attach(p);
    if (boundary) this.set_boundary(boundary);
  }
}
