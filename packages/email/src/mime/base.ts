// email.mime.base and email.mime.nonmultipart: MIMEBase (Content-Type and MIME-Version set) and
// MIMENonMultipart (attach() refused).
import { MultipartConversionError } from "../errors.js";
import { Message } from "../message.js";
import { compat32, type Policy } from "../policybase.js";
import type { ParamValue } from "../utils.js";

/** MIMEOptions: the policy keyword, and any other keyword becomes a Content-Type parameter. */
export type MIMEOptions = { policy?: Policy | null } & Record<string, ParamValue | Policy | null | undefined>;

export function splitOptions(o: MIMEOptions): [Policy, Record<string, ParamValue | null>] {
  const { policy, ...params } = o;
  return [policy ?? compat32, params as Record<string, ParamValue | null>];
}

/** MIMEBase is the base of the MIME classes: MIMEBase("application", "pdf", { name: "a.pdf" }). */
export class MIMEBase extends Message {
  constructor(_maintype: string, _subtype: string, options: MIMEOptions = {}) {
    const [policy, params] = splitOptions(options);
    super(policy);
    this.add_header("Content-Type", `${_maintype}/${_subtype}`, params);
    this.__setitem__("MIME-Version", "1.0");
  }
}

/** MIMENonMultipart is a MIMEBase that cannot have sub-parts. */
export class MIMENonMultipart extends MIMEBase {
  override attach(_payload: Message): void {
    throw new MultipartConversionError("Cannot attach additional subparts to non-multipart/*");
  }
}
