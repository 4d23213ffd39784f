// Message's header multi-map and parameter handling, and EmailMessage's header objects, with
// the answers Python gives (checked in a Python 3.11 session).
import { describe, expect, it } from "vitest";
import {
  type AddressHeader,
  BytesParser,
  type ContentTypeHeader,
  type DateHeader,
  EmailMessage,
  errors,
  HeaderParser,
  Message,
  MIMEText,
  message_from_bytes,
  message_from_string,
  policy,
} from "../src/index.js";

describe("Message headers: a case-insensitive ordered multi-map", () => {
  it("msg[name] = value appends; get returns the first; get_all all of them", () => {
    const m = new Message();
    m.__setitem__("Received", "one");
    m.set("received", "two").set("X-Other", "x");
    expect(m.get("RECEIVED")).toBe("one");
    expect(m.__getitem__("missing")).toBeNull();
    expect(m.get("missing", "default")).toBe("default");
    expect(m.get_all("Received")).toEqual(["one", "two"]);
    expect(m.get_all("missing")).toBeNull();
    expect(m.keys()).toEqual(["Received", "received", "X-Other"]);
    expect(m.values()).toEqual(["one", "two", "x"]);
    expect(m.items()).toEqual([
      ["Received", "one"],
      ["received", "two"],
      ["X-Other", "x"],
    ]);
    expect([...m]).toEqual(m.keys());
    expect(m.__len__()).toBe(3);
    expect(m.has("x-other") && m.__contains__("X-OTHER")).toBe(true);
  });

  it("del msg[name] removes every such header, and a missing one silently", () => {
    const m = message_from_string("A: 1\nB: 2\na: 3\n\nbody\n");
    m.__delitem__("a");
    m.del("nope");
    expect(m.items()).toEqual([["B", "2"]]);
  });

  it("replace_header changes the first in place, KeyError when there is none", () => {
    const m = message_from_string("A: 1\nB: 2\nA: 3\n\n");
    m.replace_header("a", "x");
    expect(m.items()).toEqual([
      ["A", "x"],
      ["B", "2"],
      ["A", "3"],
    ]);
    expect(() => m.replace_header("C", "y")).toThrow(errors.KeyError);
  });

  it("parameters: get_param, set_param, del_param, get_filename with RFC 2231", () => {
    const m = new MIMEText("x");
    expect(m.get_param("charset")).toBe("us-ascii");
    m.set_param("format", "flowed");
    expect(String(m.get("Content-Type"))).toBe('text/plain; charset="us-ascii"; format="flowed"');
    m.del_param("format");
    expect(String(m.get("Content-Type"))).toBe('text/plain; charset="us-ascii"');
    m.add_header("Content-Disposition", "attachment", { filename: ["utf-8", "", "résumé.pdf"] });
    expect(String(m.get("Content-Disposition"))).toBe("attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf");
    expect(m.get_filename()).toBe("résumé.pdf");
    // As Python: the raw value is the bytes as latin-1 until collapse_rfc2231_value decodes it.
    expect(m.get_param("filename", null, "content-disposition")).toEqual(["utf-8", "", "rÃ©sumÃ©.pdf"]);
  });

  it("get_payload(decode=true) undoes quoted-printable, base64 and uuencode", () => {
    const qp = message_from_string("Content-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9=\n au lait\n");
    expect(qp.get_payload({ decode: true })!.toString()).toBe("café au lait\n");
    const b64 = message_from_string("Content-Transfer-Encoding: base64\n\nY2Fmw6k=\n");
    expect(b64.get_payload(null, true)!.toString()).toBe("café");
    const bad = message_from_string("Content-Transfer-Encoding: base64\n\nY2Fmw6k\n");
    expect(bad.get_payload(null, true)!.toString()).toBe("café");
    expect(bad.defects.map((d) => d.name)).toEqual(["InvalidBase64PaddingDefect"]);
    const uu = message_from_string("Content-Transfer-Encoding: x-uuencode\n\nbegin 666 f\n#8V%T\n`\nend\n");
    expect(uu.get_payload(null, true)!.toString()).toBe("cat");
  });

  it("walk, is_multipart, get_content_type and the default type", () => {
    const m = message_from_string(
      'Content-Type: multipart/digest; boundary="B"\n\n--B\n\nA: 1\n\ninner\n--B--\n',
    );
    expect(m.is_multipart()).toBe(true);
    expect([...m.walk()].map((p) => p.get_content_type())).toEqual([
      "multipart/digest",
      "message/rfc822",
      "text/plain",
    ]);
  });
});

describe("parsers", () => {
  it("HeaderParser leaves the body as text, even of a multipart (headersonly)", () => {
    const m = new HeaderParser().parsestr('Content-Type: multipart/mixed; boundary="B"\n\n--B\n\nx\n--B--\n');
    expect(m.is_multipart()).toBe(false);
    expect(m.get_payload()).toBe("--B\n\nx\n--B--\n");
    expect(m.defects).toEqual([]);
  });

  it("BytesParser keeps undecodable bytes and writes them back unchanged", () => {
    const raw = Buffer.from(
      "Subject: caf\xe9\nContent-Type: text/plain; charset=latin-1\nContent-Transfer-Encoding: 8bit\n\ncaf\xe9\n",
      "latin1",
    );
    const m = new BytesParser().parsebytes(raw);
    expect(m.get_payload()).toBe("café\n");
    expect(m.get_payload(null, true)).toEqual(Buffer.from("caf\xe9\n", "latin1"));
    expect(m.as_bytes()).toEqual(raw);
    expect(String(m.get("Subject"))).toBe("caf\ufffd");
  });

  it("message_from_bytes with policy.default gives an EmailMessage", () => {
    const m = message_from_bytes(Buffer.from("Subject: x\n\nbody\n"), { policy: policy.default });
    expect(m).toBeInstanceOf(EmailMessage);
    expect(m.get_content()).toBe("body\n");
  });
});

describe("EmailMessage header objects (policy.default)", () => {
  it("decode RFC 2047 words and keep the parsed parts", () => {
    const m = message_from_string(
      "From: =?utf-8?q?J=C3=B6rg?= <j@example.de>, Ann <a@example.com>\nDate: Tue, 14 Nov 2023 22:13:20 -0500\nSubject: =?utf-8?b?R3LDvMOfZQ==?= =?utf-8?q?_aus_K=C3=B6ln?=\nContent-Type: text/plain; charset*=utf-8''%C3%A9t%C3%A9; format=flowed\n\nx\n",
      { policy: policy.default },
    ) as EmailMessage;
    expect(String(m.get("Subject"))).toBe("Grüße aus Köln");
    const from = m.get("From") as AddressHeader;
    expect(String(from)).toBe("Jörg <j@example.de>, Ann <a@example.com>");
    expect(from.addresses.map((a) => [a.display_name, a.username, a.domain])).toEqual([
      ["Jörg", "j", "example.de"],
      ["Ann", "a", "example.com"],
    ]);
    expect((m.get("Date") as DateHeader).datetime!.toISOString()).toBe("2023-11-15T03:13:20.000Z");
    const ct = m.get("Content-Type") as ContentTypeHeader;
    expect([ct.content_type, ct.params]).toEqual(["text/plain", { charset: "été", format: "flowed" }]);
  });

  it("refuses a second Subject (max_count) and a value with a line break", () => {
    const m = new EmailMessage();
    m.set("Subject", "one");
    expect(() => m.set("Subject", "two")).toThrow(RangeError);
    expect(() => m.set("X-Evil", "a\r\nBcc: victim@example.com")).toThrow(RangeError);
  });
});
