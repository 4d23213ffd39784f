#!/usr/bin/python3
"""The messages test/generate.test.ts builds, built by Python's email package: prints a JSON
object {case name: base64 of msg.as_bytes()} (or of as_string() for the *-as_string cases)."""
import base64
import json
import os
import sys
from email import policy
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.application import MIMEApplication
from email.mime.audio import MIMEAudio
from email.mime.image import MIMEImage
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import BytesParser
import email.utils

DATA = os.path.join(os.path.dirname(__import__("test").__file__), "test_email", "data")
LONG = "The quick brown fox jumps over the lazy dog, again and again, until the line is much longer than seventy-eight characters"
cases = {}


def case(name):
    def deco(fn):
        cases[name] = fn
        return fn
    return deco


JP = "日本語のテキスト\n"
TEXTS = {"koi8-r": "Привет, мир\n", "iso-8859-5": "Привет, мир\n", "big5": "中文測試\n", "gb2312": "中文测试\n", "euc-kr": "한국어\n", "euc-jp": JP, "shift_jis": JP, "iso-2022-jp": JP}
for cs in ["us-ascii", "utf-8", "iso-8859-1", "iso-8859-15", "latin-1", "windows-1252", "koi8-r", "iso-8859-5", "big5", "gb2312", "euc-kr", "euc-jp", "shift_jis", "iso-2022-jp"]:
    text = TEXTS.get(cs, "Caf\u00e9 cr\u00e8me\n" if cs != "us-ascii" else "plain\n")
    cases[f"mimetext-{cs}"] = (lambda t=text, c=cs: MIMEText(t, "plain", c))
cases["mimetext-default-ascii"] = lambda: MIMEText("hello\n")
cases["mimetext-default-utf8"] = lambda: MIMEText("h\u00e9llo \u2603\n")
cases["mimetext-html"] = lambda: MIMEText("<p>x</p>", "html")
cases["mimetext-qp-long"] = lambda: MIMEText(("d\u00e9j\u00e0 vu " * 20 + " \n") * 3, "plain", "iso-8859-1")
cases["mimetext-utf8-long"] = lambda: MIMEText("\u00fcber " * 100, "plain", "utf-8")


@case("compat32-headers")
def _():
    m = MIMEText("body\n", "plain", "utf-8")
    m["Subject"] = Header("Gr\u00fc\u00dfe aus K\u00f6ln und noch viel mehr Text, damit die Zeile gefaltet werden muss", "utf-8")
    m["From"] = email.utils.formataddr(("J\u00f6rg M\u00fcller", "joerg@example.com"))
    m["To"] = "a@example.com, b@example.com"
    m["X-Long"] = LONG
    m["X-Latin"] = Header("caf\u00e9", "iso-8859-1")
    h = Header("mixed ", "us-ascii")
    h.append("\u00e9t\u00e9", "iso-8859-1")
    h.append(" and more", "us-ascii")
    m["X-Mixed"] = h
    m["X-JP"] = Header("日本語の件名", "iso-2022-jp")
    m["Date"] = email.utils.formatdate(1704067200)
    return m


@case("compat32-as_string")
def _():
    m = MIMEText("body\nFrom here\n")
    m["Subject"] = LONG
    return m


@case("multipart-compat32")
def _():
    outer = MIMEMultipart("mixed", "===BOUNDARY===")
    outer["Subject"] = "Files"
    outer.preamble = "You will not see this in a MIME-aware mail reader.\n"
    alt = MIMEMultipart("alternative", "alt")
    alt.attach(MIMEText("plain", "plain"))
    alt.attach(MIMEText("<b>html</b>", "html", "utf-8"))
    outer.attach(alt)
    with open(os.path.join(DATA, "python.gif"), "rb") as f:
        outer.attach(MIMEImage(f.read()))
    with open(os.path.join(DATA, "sndhdr.au"), "rb") as f:
        outer.attach(MIMEAudio(f.read()))
    att = MIMEApplication(bytes(range(256)), "octet-stream")
    att.add_header("Content-Disposition", "attachment", filename="bytes.bin")
    outer.attach(att)
    inner = MIMEText("forwarded\n")
    inner["Subject"] = "fwd"
    outer.attach(MIMEMessage(inner))
    return outer


@case("email-subjects")
def _():
    m = EmailMessage()
    m["Subject"] = LONG + " " + LONG
    m["X-Short-Non-ASCII"] = "Gr\u00fc\u00dfe"
    m["X-Non-ASCII"] = "Gr\u00fc\u00dfe aus K\u00f6ln, sch\u00f6ne Gr\u00fc\u00dfe an alle die hier mitlesen und noch viel mehr Text damit es lang wird"
    m["X-CJK"] = "\u65e5\u672c\u8a9e\u306e\u4ef6\u540d\u3067\u3059\u3002\u3068\u3066\u3082\u9577\u3044\u4ef6\u540d\u3092\u66f8\u3044\u3066\u307f\u307e\u3059\u3002\u6298\u308a\u8fd4\u3057\u304c\u5fc5\u8981\u3067\u3059"
    m["X-Emoji"] = "Party \U0001f389 time"
    m["X-Encoded-In"] = "=?utf-8?q?caf=C3=A9?= ok"
    m.set_content("x\n")
    return m


@case("email-addresses")
def _():
    m = EmailMessage()
    m["From"] = "J\u00f6rg M\u00fcller <joerg@example.com>"
    m["To"] = "Ann <ann@example.com>, Bob Smith <bob@example.com>, Carol Christmas <carol@example.com>, dave@example.com, \"Doe, John\" <jd@example.com>"
    m["Cc"] = '"M\u00fcller, Hans" <h@x.de>'
    m["Reply-To"] = "Fran\u00e7ois <f@example.fr>, Zo\u00eb <z@example.fr>"
    m["Bcc"] = "undisclosed-recipients:;"
    m.set_content("x\n")
    return m


@case("email-set_content-variants")
def _():
    m = EmailMessage()
    m["Subject"] = "variants"
    m.set_content("7bit text\n")
    m.add_attachment("8bit t\u00e9xt\n", filename="a.txt")
    m.add_attachment("x" * 100 + "\n" + "caf\u00e9\n", filename="long.txt")
    m.add_attachment("\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440\n" * 3, filename="cyr.txt")
    m.add_attachment("forced qp\n", cte="quoted-printable", filename="qp.txt")
    m.add_attachment("forced b64\n", cte="base64", filename="b64.txt")
    m.add_attachment(b"\x00\x01binary" * 40, "application", "octet-stream", filename="data.bin")
    m.add_attachment(b"qp bytes\n", "application", "x-thing", cte="quoted-printable")
    m.add_attachment(b"PDF", "application", "pdf", filename="r\u00e9sum\u00e9.pdf")
    m.add_attachment(b"PDF", "application", "pdf", filename="a-very-long-file-name-" * 5 + ".pdf")
    m.add_attachment(b"PDF", "application", "pdf", filename="\u00e9" * 60 + ".pdf")
    m.set_boundary("OUTER")
    return m


@case("email-alternative")
def _():
    m = EmailMessage()
    m["Subject"] = "Report"
    m["From"] = "a@example.com"
    m.set_content("plain body\n")
    m.add_alternative("<p>html body</p>\n", subtype="html")
    m.add_attachment(b"PDFDATA" * 30, maintype="application", subtype="pdf", filename="report.pdf")
    m.set_boundary("OUTER")
    m.get_payload(0).set_boundary("INNER")
    return m


@case("email-related")
def _():
    m = EmailMessage()
    m.set_content("<img src='cid:img1'>", subtype="html")
    m.add_related(b"GIF89a", "image", "gif", cid="<img1>")
    m.set_boundary("REL")
    return m


@case("email-message-rfc822")
def _():
    inner = EmailMessage()
    inner["Subject"] = "inner"
    inner.set_content("inner body\n")
    m = EmailMessage()
    m.set_content("see attached\n")
    m.add_attachment(inner)
    m.set_boundary("FWD")
    return m


def smtp_policy():
    m = EmailMessage(policy=policy.SMTP)
    m["Subject"] = "CRLF " + LONG
    m.set_content("line one\nline two\n")
    return m


cases["email-policy-SMTP"] = smtp_policy


def smtputf8():
    m = EmailMessage(policy=policy.SMTPUTF8)
    m["Subject"] = "Gr\u00fc\u00dfe"
    m["To"] = "J\u00f6rg <j\u00f6rg@example.com>"
    m.set_content("Gr\u00fc\u00dfe\n")
    return m


cases["email-policy-SMTPUTF8"] = smtputf8


FOLDING = json.load(open(os.path.join(os.path.dirname(__file__), "folding.json"), encoding="utf-8"))
for i, (hname, hvalue) in enumerate(FOLDING):
    def folding(hname=hname, hvalue=hvalue):
        m = EmailMessage()
        m[hname] = hvalue
        return m
    cases[f"folding-{i}"] = folding


def render(name, m):
    if name.endswith("as_string"):
        return m.as_string().encode("utf-8", "surrogateescape")
    return m.as_bytes()


if __name__ == "__main__":
    out = {name: base64.b64encode(render(name, fn())).decode() for name, fn in cases.items()}
    # Round trips: each of CPython's test messages parsed and generated again, both policies.
    for f in sorted(os.listdir(DATA)):
        if f.startswith("msg_") and f.endswith(".txt"):
            with open(os.path.join(DATA, f), "rb") as fp:
                data = fp.read()
            for pname in ("compat32", "default", "SMTP"):
                p = getattr(policy, pname)
                out[f"roundtrip-{pname}-{f}"] = base64.b64encode(BytesParser(policy=p).parsebytes(data).as_bytes()).decode()
    json.dump(out, sys.stdout)
