// Byte identity with Python: each message here is built the same way by golden/cases.py, and
// the bytes must be equal (MIMEText in each charset, Header, compat32 folding, EmailMessage's
// set_content / add_attachment / add_alternative with fixed boundaries, policy.default folding
// of subjects and addresses, SMTP and SMTPUTF8 policies), plus a parse-and-generate round trip
// of every CPython test message under three policies.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BytesParser,
  EmailMessage,
  Header,
  type Message,
  MIMEApplication,
  MIMEAudio,
  MIMEImage,
  MIMEMessage,
  MIMEMultipart,
  MIMEText,
  policy,
  utils,
} from "../src/index.js";
import { cpythonTestData, python } from "./python.js";

const DATA = cpythonTestData();
const LONG =
  "The quick brown fox jumps over the lazy dog, again and again, until the line is much longer than seventy-eight characters";
const cases: Record<string, () => Message> = {};

const JP = "日本語のテキスト\n";
const texts: Record<string, string> = {
  "koi8-r": "Привет, мир\n",
  "iso-8859-5": "Привет, мир\n",
  big5: "中文測試\n",
  gb2312: "中文测试\n",
  "euc-kr": "한국어\n",
  "euc-jp": JP,
  shift_jis: JP,
  "iso-2022-jp": JP,
};
for (const cs of [
  "us-ascii",
  "utf-8",
  "iso-8859-1",
  "iso-8859-15",
  "latin-1",
  "windows-1252",
  "koi8-r",
  "iso-8859-5",
  "big5",
  "gb2312",
  "euc-kr",
  "euc-jp",
  "shift_jis",
  "iso-2022-jp",
]) {
  const text = texts[cs] ?? (cs !== "us-ascii" ? "Café crème\n" : "plain\n");
  cases[`mimetext-${cs}`] = () => new MIMEText(text, "plain", cs);
}
cases["mimetext-default-ascii"] = () => new MIMEText("hello\n");
cases["mimetext-default-utf8"] = () => new MIMEText("héllo ☃\n");
cases["mimetext-html"] = () => new MIMEText("<p>x</p>", "html");
cases["mimetext-qp-long"] = () =>
  new MIMEText(`${"déjà vu ".repeat(20)} \n`.repeat(3), "plain", "iso-8859-1");
cases["mimetext-utf8-long"] = () => new MIMEText("über ".repeat(100), "plain", "utf-8");

cases["compat32-headers"] = () => {
  const m = new MIMEText("body\n", "plain", "utf-8");
  m.set(
    "Subject",
    new Header("Grüße aus Köln und noch viel mehr Text, damit die Zeile gefaltet werden muss", "utf-8"),
  );
  m.set("From", utils.formataddr(["Jörg Müller", "joerg@example.com"]));
  m.set("To", "a@example.com, b@example.com");
  m.set("X-Long", LONG);
  m.set("X-Latin", new Header("café", "iso-8859-1"));
  const h = new Header("mixed ", "us-ascii");
  h.append("été", "iso-8859-1");
  h.append(" and more", "us-ascii");
  m.set("X-Mixed", h);
  m.set("X-JP", new Header("日本語の件名", "iso-2022-jp"));
  m.set("Date", utils.formatdate(1704067200));
  return m;
};
cases["compat32-as_string"] = () => {
  const m = new MIMEText("body\nFrom here\n");
  m.set("Subject", LONG);
  return m;
};
cases["multipart-compat32"] = () => {
  const outer = new MIMEMultipart("mixed", "===BOUNDARY===");
  outer.set("Subject", "Files");
  outer.preamble = "You will not see this in a MIME-aware mail reader.\n";
  const alt = new MIMEMultipart("alternative", "alt");
  alt.attach(new MIMEText("plain", "plain"));
  alt.attach(new MIMEText("<b>html</b>", "html", "utf-8"));
  outer.attach(alt);
  outer.attach(new MIMEImage(readFileSync(join(DATA, "python.gif"))));
  outer.attach(new MIMEAudio(readFileSync(join(DATA, "sndhdr.au"))));
  const att = new MIMEApplication(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), "octet-stream");
  att.add_header("Content-Disposition", "attachment", { filename: "bytes.bin" });
  outer.attach(att);
  const inner = new MIMEText("forwarded\n");
  inner.set("Subject", "fwd");
  outer.attach(new MIMEMessage(inner));
  return outer;
};
cases["email-subjects"] = () => {
  const m = new EmailMessage();
  m.set("Subject", `${LONG} ${LONG}`);
  m.set("X-Short-Non-ASCII", "Grüße");
  m.set(
    "X-Non-ASCII",
    "Grüße aus Köln, schöne Grüße an alle die hier mitlesen und noch viel mehr Text damit es lang wird",
  );
  m.set("X-CJK", "日本語の件名です。とても長い件名を書いてみます。折り返しが必要です");
  m.set("X-Emoji", "Party 🎉 time");
  m.set("X-Encoded-In", "=?utf-8?q?caf=C3=A9?= ok");
  m.set_content("x\n");
  return m;
};
cases["email-addresses"] = () => {
  const m = new EmailMessage();
  m.set("From", "Jörg Müller <joerg@example.com>");
  m.set(
    "To",
    'Ann <ann@example.com>, Bob Smith <bob@example.com>, Carol Christmas <carol@example.com>, dave@example.com, "Doe, John" <jd@example.com>',
  );
  m.set("Cc", '"Müller, Hans" <h@x.de>');
  m.set("Reply-To", "François <f@example.fr>, Zoë <z@example.fr>");
  m.set("Bcc", "undisclosed-recipients:;");
  m.set_content("x\n");
  return m;
};
cases["email-set_content-variants"] = () => {
  const m = new EmailMessage();
  m.set("Subject", "variants");
  m.set_content("7bit text\n");
  m.add_attachment("8bit téxt\n", { filename: "a.txt" });
  m.add_attachment(`${"x".repeat(100)}\ncafé\n`, { filename: "long.txt" });
  m.add_attachment("Привет мир\n".repeat(3), { filename: "cyr.txt" });
  m.add_attachment("forced qp\n", { cte: "quoted-printable", filename: "qp.txt" });
  m.add_attachment("forced b64\n", { cte: "base64", filename: "b64.txt" });
  m.add_attachment(Buffer.from("\x00\x01binary".repeat(40), "latin1"), "application", "octet-stream", {
    filename: "data.bin",
  });
  m.add_attachment(Buffer.from("qp bytes\n"), "application", "x-thing", { cte: "quoted-printable" });
  m.add_attachment(Buffer.from("PDF"), "application", "pdf", { filename: "résumé.pdf" });
  m.add_attachment(Buffer.from("PDF"), "application", "pdf", {
    filename: `${"a-very-long-file-name-".repeat(5)}.pdf`,
  });
  m.add_attachment(Buffer.from("PDF"), "application", "pdf", { filename: `${"é".repeat(60)}.pdf` });
  m.set_boundary("OUTER");
  return m;
};
cases["email-alternative"] = () => {
  const m = new EmailMessage();
  m.set("Subject", "Report");
  m.set("From", "a@example.com");
  m.set_content("plain body\n");
  m.add_alternative("<p>html body</p>\n", { subtype: "html" });
  m.add_attachment(Buffer.from("PDFDATA".repeat(30)), {
    maintype: "application",
    subtype: "pdf",
    filename: "report.pdf",
  });
  m.set_boundary("OUTER");
  (m.get_payload(0) as Message).set_boundary("INNER");
  return m;
};
cases["email-related"] = () => {
  const m = new EmailMessage();
  m.set_content("<img src='cid:img1'>", { subtype: "html" });
  m.add_related(Buffer.from("GIF89a"), "image", "gif", { cid: "<img1>" });
  m.set_boundary("REL");
  return m;
};
cases["email-message-rfc822"] = () => {
  const inner = new EmailMessage();
  inner.set("Subject", "inner");
  inner.set_content("inner body\n");
  const m = new EmailMessage();
  m.set_content("see attached\n");
  m.add_attachment(inner);
  m.set_boundary("FWD");
  return m;
};
cases["email-policy-SMTP"] = () => {
  const m = new EmailMessage(policy.SMTP);
  m.set("Subject", `CRLF ${LONG}`);
  m.set_content("line one\nline two\n");
  return m;
};
cases["email-policy-SMTPUTF8"] = () => {
  const m = new EmailMessage(policy.SMTPUTF8);
  m.set("Subject", "Grüße");
  m.set("To", "Jörg <jörg@example.com>");
  m.set_content("Grüße\n");
  return m;
};

// Headers whose folding under policy.default is intricate (golden/folding.json, shared with cases.py).
const folding: [string, string][] = JSON.parse(
  readFileSync(join(import.meta.dirname, "golden/folding.json"), "utf8"),
);
for (const [i, [name, value]] of folding.entries())
  cases[`folding-${i}`] = () => {
    const m = new EmailMessage();
    m.set(name, value);
    return m;
  };

const render = (name: string, m: Message): Buffer =>
  name.endsWith("as_string") ? Buffer.from(m.as_string(), "utf8") : m.as_bytes();

const golden: Record<string, string> = JSON.parse(python(["golden/cases.py"]));
const roundtrips = readdirSync(DATA).filter((f) => /^msg_.*\.txt$/.test(f));

describe("generated bytes match Python's", () => {
  it("has Python's output for every case", () => {
    for (const name of Object.keys(cases)) expect(golden[name], name).toBeTypeOf("string");
  });

  it.each(Object.keys(cases))("%s", (name) => {
    const ours = render(name, cases[name]!());
    expect(ours.toString("latin1")).toBe(Buffer.from(golden[name]!, "base64").toString("latin1"));
  });

  it.each(roundtrips.flatMap((f) => (["compat32", "default", "SMTP"] as const).map((p) => [p, f] as const)))(
    "round trip under %s: %s",
    (p, f) => {
      const msg = new BytesParser({ policy: policy[p] }).parsebytes(readFileSync(join(DATA, f)));
      expect(msg.as_bytes().toString("latin1")).toBe(
        Buffer.from(golden[`roundtrip-${p}-${f}`]!, "base64").toString("latin1"),
      );
    },
  );
});
