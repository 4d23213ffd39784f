// email.mime.message.MIMEMessage: a message/rfc822 part holding a whole message.
import { Message } from "../message.js";
import type { Policy } from "../policybase.js";
import { MIMENonMultipart } from "./base.js";

/** MIMEMessage wraps a message as a message/* part (rfc822 by default). */
export class MIMEMessage extends MIMENonMultipart {
  constructor(_msg: Message, _subtype = "rfc822", options: { policy?: Policy | null } = {}) {
    super("message", _subtype, { policy: options.policy ?? null });
    if (!(_msg instanceof Message)) throw new TypeError("Argument is not an instance of Message");
    Message.prototype.attach.call(this, _msg);
    this.set_default_type("message/rfc822");
  }
}
