// The exception tree, args and messages are Python's (str() is the repr of args).
import { OSError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { newRefused } from "../src/errors.js";
import {
  SMTPAuthenticationError,
  SMTPConnectError,
  SMTPDataError,
  SMTPException,
  SMTPHeloError,
  SMTPNotSupportedError,
  SMTPRecipientsRefused,
  SMTPResponseException,
  SMTPSenderRefused,
  SMTPServerDisconnected,
} from "../src/index.js";

const b = (s: string) => Buffer.from(s);

describe("exceptions", () => {
  it("form Python's hierarchy, with SMTPException an OSError", () => {
    expect(new SMTPException("x")).toBeInstanceOf(OSError);
    for (const e of [
      new SMTPNotSupportedError("x"),
      new SMTPServerDisconnected("x"),
      new SMTPRecipientsRefused({}),
    ])
      expect(e).toBeInstanceOf(SMTPException);
    for (const e of [
      new SMTPSenderRefused(550, b("no"), "a@b"),
      new SMTPDataError(554, b("no")),
      new SMTPConnectError(554, b("no")),
      new SMTPHeloError(501, b("no")),
      new SMTPAuthenticationError(535, b("no")),
    ]) {
      expect(e).toBeInstanceOf(SMTPResponseException);
      expect(e).toBeInstanceOf(SMTPException);
    }
    expect(new SMTPRecipientsRefused({})).not.toBeInstanceOf(SMTPResponseException);
  });

  it("carry smtp_code, smtp_error and Python's args and str()", () => {
    const e = new SMTPResponseException(421, b("closing"));
    expect([e.smtp_code, e.smtp_error, e.args]).toEqual([421, b("closing"), [421, b("closing")]]);
    expect(e.message).toBe("(421, b'closing')");
    expect(e.errno).toBeNull();
    expect(e.strerror).toBeNull();
    expect(new SMTPResponseException(500, "Line too long.").message).toBe("(500, 'Line too long.')");
    const s = new SMTPSenderRefused(550, b("no"), "a@b");
    expect([s.sender, s.args, s.message]).toEqual(["a@b", [550, b("no"), "a@b"], "(550, b'no', 'a@b')"]);
    expect(new SMTPException("x").message).toBe("x");
    expect(new SMTPException("x").args).toEqual(["x"]);
    expect(new SMTPDataError(-1, b("")).message).toBe("(-1, b'')");
    expect(new SMTPServerDisconnected("Connection unexpectedly closed").name).toBe("SMTPServerDisconnected");
  });

  it("SMTPRecipientsRefused holds the refused map and prints as Python's dict", () => {
    const refused = newRefused();
    refused.a = [550, b("no")];
    refused["it's"] = [421, b("closing")];
    const e = new SMTPRecipientsRefused(refused);
    expect(e.recipients).toBe(refused);
    expect(e.args).toEqual([refused]);
    expect(e.message).toBe(`{'a': (550, b'no'), "it's": (421, b'closing')}`);
  });

  it("newRefused() has no prototype: any address is a key", () => {
    const r = newRefused();
    expect("constructor" in r).toBe(false);
    const key = "__proto__";
    r[key] = [550, b("x")];
    expect(Object.keys(r)).toEqual(["__proto__"]);
  });
});
