#!/usr/bin/python3
"""Deterministic test data for the interop daemons.

  seed.py files STATE   FTP/HTTP/gopher trees (small files, a 100 MB file, 5,000 files)
  seed.py mail STATE    dovecot maildirs (alice, bob, bulk)
  seed.py news STATE    feed articles to innd over NNTP streaming (TAKETHIS)

Sizes come from config.env (read from the environment set by up.sh).
Everything is reproducible: same names, same bytes, same dates on every run.
"""

import email.utils
import hashlib
import os
import random
import socket
import sys
import time

ENV = os.environ


def num(key: str, default: int) -> int:
    return int(ENV.get(key, default))


def write(path: str, data, mode: int = 0o644) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    os.chmod(path, mode)


BASE_TIME = 1704067200  # 2024-01-01T00:00:00Z


def rfcdate(t: int) -> str:
    return email.utils.formatdate(t, usegmt=True)


# --------------------------------------------------------------------------
# Files: FTP anonymous tree, FTP user home, nginx docroot, gopher roots
# --------------------------------------------------------------------------

HELLO = "Hello, world!\r\n"  # CRLF on purpose: ASCII-mode transfer tests.
README = """inetlib interop test data
=========================

hello.txt        14 bytes + CRLF
big/100mb.bin    deterministic pseudo-random bytes (sha256 in big/100mb.bin.sha256)
many/            5,000 small files file-0000.txt .. file-4999.txt
pub/             a few small text files
"""


def seed_files(state: str) -> None:
    big_bytes = num("BIG_FILE_BYTES", 104857600)
    many = num("MANY_FILES_COUNT", 5000)
    anon = os.path.join(state, "ftp", "anon")
    write(os.path.join(anon, "hello.txt"), HELLO)
    write(os.path.join(anon, "README.txt"), README)
    write(os.path.join(anon, "pub", "lorem.txt"), LOREM)
    write(os.path.join(anon, "pub", "numbers.txt"), "".join(f"{i}\n" for i in range(1, 1001)))
    write(os.path.join(anon, "pub", "unicode-\u00e9t\u00e9.txt"), "\u00e9t\u00e9 \u2014 summer\n")
    write(os.path.join(anon, "pub", "with space.txt"), "a file name with a space\n")
    os.makedirs(os.path.join(anon, "pub", "empty-dir"), exist_ok=True)

    big = os.path.join(anon, "big", "100mb.bin")
    data = random.Random(20240101).randbytes(big_bytes)
    write(big, data)
    write(big + ".sha256", f"{hashlib.sha256(data).hexdigest()}  100mb.bin\n")
    del data

    many_dir = os.path.join(anon, "many")
    os.makedirs(many_dir, exist_ok=True)
    for i in range(many):
        with open(os.path.join(many_dir, f"file-{i:04d}.txt"), "w") as f:
            f.write(f"file {i}\n")

    # nginx docroot: hard links to the FTP data (same filesystem), plus a few pages.
    www = os.path.join(state, "www")
    write(os.path.join(www, "index.html"), INDEX_HTML)
    write(os.path.join(www, "hello.txt"), HELLO)
    write(os.path.join(www, "data.json"), '{"name":"inetlib","ok":true,"n":42}\n')
    write(os.path.join(www, "utf8.txt"), "gr\u00fc\u00dfe \u2713 \u65e5\u672c\n")
    write(os.path.join(www, "private", "secret.txt"), "top secret\n")
    os.makedirs(os.path.join(www, "big"), exist_ok=True)
    for name in ("100mb.bin", "100mb.bin.sha256"):
        dst = os.path.join(www, "big", name)
        if os.path.exists(dst):
            os.unlink(dst)
        os.link(os.path.join(anon, "big", name), dst)

    seed_gopher(state)


LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n"
    "tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim\n"
    "veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea\n"
    "commodo consequat.\n"
)

INDEX_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>inetlib test server</title></head>
<body><h1>inetlib test server</h1>
<ul><li><a href="/hello.txt">hello.txt</a></li><li><a href="/data.json">data.json</a></li>
<li><a href="/big/100mb.bin">big/100mb.bin</a></li></ul>
</body></html>
"""

# Smallest valid GIF (1x1 transparent).
GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def seed_gopher(state: str) -> None:
    host = "127.0.0.1"
    port = ENV.get("GOPHER_PORT", "21070")
    root = os.path.join(state, "gopher")
    # gophernicus gophermap: lines without a TAB are info text; "=" etc. unused.
    write(
        os.path.join(root, "gophermap"),
        "inetlib gophernicus test server\n"
        "\n"
        "0Hello text\t/hello.txt\n"
        "0About this server\t/about.txt\n"
        "1Documents\t/docs\n"
        "9Binary file\t/files/binary.bin\n"
        "gA GIF image\t/files/pixel.gif\n"
        "7Search the word list\t/cgi-bin/search\n"
        f"hWeb page\tURL:http://127.0.0.1:{ENV.get('HTTP_PORT', '21080')}/\n"
        "This is an info line (no TAB: gophernicus shows it as type i)\n",
    )
    write(os.path.join(root, "hello.txt"), "Hello, gopher!\n")
    write(os.path.join(root, "about.txt"), "This gopher server is part of the inetlib interop tests.\n")
    for i in range(1, 4):
        write(os.path.join(root, "docs", f"doc{i}.txt"), f"Document {i}\n")
    write(os.path.join(root, "files", "binary.bin"), bytes(range(256)) * 16)
    write(os.path.join(root, "files", "pixel.gif"), GIF)
    # Type-7 search: gophernicus runs /cgi-bin/ programs; the query is in $QUERY_STRING.
    write(
        os.path.join(root, "cgi-bin", "search"),
        "#!/bin/sh\n"
        f"# Gopher full-text search over a fixed word list.\n"
        'q="${QUERY_STRING:-$SEARCHREQUEST}"\n'
        'printf "iResults for: %s\\t\\tnull.host\\t1\\r\\n" "$q"\n'
        "for w in alpha bravo charlie delta echo foxtrot golf hotel india juliet; do\n"
        '  case "$w" in *"$q"*) printf "0%s\\t/words/%s.txt\\t%s\\t%s\\r\\n" "$w" "$w" '
        f'"{host}" "{port}";; esac\n'
        "done\n"
        'printf ".\\r\\n"\n',
        0o755,
    )
    for w in "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split():
        write(os.path.join(root, "words", f"{w}.txt"), f"The word is {w}.\n")

    # pygopherd root: plain directory listing plus a Bucktooth gophermap in a subdir.
    proot = os.path.join(state, "pygopherd")
    write(os.path.join(proot, "hello.txt"), "Hello from pygopherd!\n")
    write(os.path.join(proot, "about.txt"), "pygopherd test server for inetlib.\n")
    write(os.path.join(proot, "files", "binary.bin"), bytes(range(256)) * 16)
    write(os.path.join(proot, "files", "pixel.gif"), GIF)
    write(
        os.path.join(proot, "menu", "gophermap"),
        "A hand-written menu\n"
        "0Hello\t/hello.txt\n"
        "1Back to root\t/\n",
    )


# --------------------------------------------------------------------------
# Mail: maildirs with a pre-written dovecot-uidlist (stable UIDs/UIDVALIDITY)
# --------------------------------------------------------------------------


def msg(frm, to, subject, body, t, msgid, extra_headers="", content_type="text/plain; charset=us-ascii"):
    headers = (
        f"Return-Path: <{email.utils.parseaddr(frm)[1]}>\r\n"
        f"From: {frm}\r\n"
        f"To: {to}\r\n"
        f"Subject: {subject}\r\n"
        f"Date: {rfcdate(t)}\r\n"
        f"Message-ID: <{msgid}>\r\n"
        f"MIME-Version: 1.0\r\n"
        f"{extra_headers}"
    )
    if content_type:
        headers += f"Content-Type: {content_type}\r\n"
    return (headers + "\r\n" + body.replace("\r\n", "\n").replace("\n", "\r\n")).encode()


def alice_inbox(dom):
    a, b, c = f"Alice <alice@{dom}>", f"Bob <bob@{dom}>", f"Carol <carol@example.org>"
    t = BASE_TIME
    return [
        (msg(b, a, "Welcome", "Hi Alice,\n\nwelcome to the inetlib test mailbox.\n\nBob\n", t, f"welcome@{dom}"), "S"),
        (
            msg(c, a, "Meeting notes", ALT_BODY, t + 3600, f"notes@example.org",
                content_type='multipart/alternative; boundary="alt-boundary"'),
            "FS",
        ),
        (
            msg(b, a, "Report attached", MIXED_BODY, t + 7200, f"report@{dom}",
                content_type='multipart/mixed; boundary="mixed-boundary"'),
            "S",
        ),
        (
            msg(c, a, "=?UTF-8?B?" + __import__("base64").b64encode("Grüße aus Köln ✓".encode()).decode() + "?=",
                "Gr=C3=BC=C3=9Fe!\n\nViele Gr=C3=BC=C3=9Fe aus K=C3=B6ln.\n", t + 10800, f"gruesse@example.org",
                extra_headers="Content-Transfer-Encoding: quoted-printable\r\n",
                content_type="text/plain; charset=utf-8"),
            "",
        ),
        (
            msg(a.replace("Alice", "Bob").replace("alice", "bob"), a, "Re: Welcome", "> welcome\n\nThanks!\n",
                t + 14400, f"re-welcome@{dom}",
                extra_headers=f"In-Reply-To: <welcome@{dom}>\r\nReferences: <welcome@{dom}>\r\n"),
            "",
        ),
    ]


ALT_BODY = """This is a multi-part message in MIME format.
--alt-boundary
Content-Type: text/plain; charset=us-ascii

Agenda: 1. ports 2. certificates 3. tests
--alt-boundary
Content-Type: text/html; charset=us-ascii

<html><body><ol><li>ports</li><li>certificates</li><li>tests</li></ol></body></html>
--alt-boundary--
"""

MIXED_BODY = """This is a multi-part message in MIME format.
--mixed-boundary
Content-Type: text/plain; charset=us-ascii

The report is attached.
--mixed-boundary
Content-Type: application/octet-stream; name="report.bin"
Content-Disposition: attachment; filename="report.bin"
Content-Transfer-Encoding: base64

AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
--mixed-boundary--
"""


def write_maildir(folder: str, messages, uidvalidity: int, host: str = "inetlib") -> None:
    """messages: list of (bytes, flags). Unflagged, unseen ones go to new/."""
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    lines = []
    for i, (data, flags) in enumerate(messages, start=1):
        t = BASE_TIME + i * 60
        base = f"{t}.M{i}P1.{host},S={len(data)}"
        if flags or i % 2 == 0:
            path = os.path.join(folder, "cur", f"{base}:2,{flags}")
        else:
            path = os.path.join(folder, "new", base)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (t, t))
        lines.append(f"{i} :{base}\n")
    with open(os.path.join(folder, "dovecot-uidlist"), "w") as f:
        f.write(f"3 V{uidvalidity} N{len(messages) + 1}\n")
        f.writelines(lines)


def seed_mail(state: str) -> None:
    dom = ENV.get("MAIL_DOMAIN", "inetlib.test")
    mail = os.path.join(state, "mail")
    alice = os.path.join(mail, "alice", "Maildir")
    write_maildir(alice, alice_inbox(dom), 1700000001)
    archive = [
        (msg(f"Bob <bob@{dom}>", f"alice@{dom}", f"Archived {i}", f"Archived message {i}.\n",
             BASE_TIME - 86400 * (10 - i), f"archived-{i}@{dom}"), "S")
        for i in range(1, num("ALICE_ARCHIVE_MESSAGES", 3) + 1)
    ]
    write_maildir(os.path.join(alice, ".Archive"), archive, 1700000002)
    bob = [
        (msg(f"Alice <alice@{dom}>", f"bob@{dom}", f"Hello Bob {i}", f"Message {i} for Bob.\n",
             BASE_TIME + i * 60, f"bob-{i}@{dom}"), "")
        for i in range(1, num("BOB_INBOX_MESSAGES", 2) + 1)
    ]
    write_maildir(os.path.join(mail, "bob", "Maildir"), bob, 1700000003)
    n = num("BULK_MESSAGES", 1000)
    bulk = [
        (msg(f"Sender {i % 7} <sender{i % 7}@example.org>", f"bulk@{dom}", f"Bulk message {i}",
             f"This is bulk message number {i}.\n" + "x" * (i % 50) + "\n",
             BASE_TIME + i * 60, f"bulk-{i}@{dom}"), "S" if i % 3 == 0 else "")
        for i in range(1, n + 1)
    ]
    write_maildir(os.path.join(mail, "bulk", "Maildir"), bulk, 1700000004)


# --------------------------------------------------------------------------
# News: TAKETHIS over a streaming feed to innd
# --------------------------------------------------------------------------


def article(group: str, i: int, dom: str, refs: str = "") -> tuple:
    mid = f"<{group.split('.')[-1]}-{i}@{dom}>"
    t = BASE_TIME + i * 60
    subj = f"{group} article {i}"
    hdr = (
        f"Path: news.{dom}!not-for-mail\r\n"
        f"From: Tester <tester@{dom}>\r\n"
        f"Newsgroups: {group}\r\n"
        f"Subject: {subj}\r\n"
        f"Date: {rfcdate(t)}\r\n"
        f"Message-ID: {mid}\r\n"
    )
    if refs:
        hdr += f"References: {refs}\r\n"
    body = f"This is article {i} in {group}.\r\n\r\n.A line starting with a dot.\r\n"
    # Dot-stuffing for the wire.
    lines = (hdr + "\r\n" + body).split("\r\n")
    wire = "\r\n".join(("." + l) if l.startswith(".") else l for l in lines)
    return mid, wire.encode()


def seed_news(state: str) -> None:
    dom = ENV.get("NEWS_DOMAIN", "inetlib.test")
    port = int(ENV.get("NNTP_FEED_PORT", "21433"))
    arts = []
    for i in range(1, num("NNTP_TEST_ARTICLES", 20) + 1):
        # Articles 2k+1 start threads, 2k reply to 2k-1.
        refs = f"<test-{i - 1}@{dom}>" if i % 2 == 0 else ""
        arts.append(article("local.test", i, dom, refs))
    for i in range(1, num("NNTP_BIG_ARTICLES", 2000) + 1):
        arts.append(article("local.big", i, dom))

    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    f = s.makefile("rb")

    def line() -> str:
        l = f.readline()
        if not l:
            raise SystemExit("innd closed the connection")
        return l.decode("utf-8", "replace").rstrip("\r\n")

    greet = line()
    if not greet.startswith("200"):
        raise SystemExit(f"innd greeting: {greet}")
    s.sendall(b"MODE STREAM\r\n")
    r = line()
    if not r.startswith("203"):
        raise SystemExit(f"MODE STREAM: {r}")
    bad = 0
    batch = 100
    for start in range(0, len(arts), batch):
        chunk = arts[start:start + batch]
        s.sendall(b"".join(b"TAKETHIS " + mid.encode() + b"\r\n" + wire + b"\r\n.\r\n" for mid, wire in chunk))
        for _ in chunk:
            r = line()
            if not r.startswith("239"):
                bad += 1
                print(f"seed news: {r}", file=sys.stderr)
    s.sendall(b"QUIT\r\n")
    s.close()
    if bad:
        raise SystemExit(f"{bad} articles rejected")


if __name__ == "__main__":
    what, state = sys.argv[1], sys.argv[2]
    t0 = time.time()
    {"files": seed_files, "mail": seed_mail, "news": seed_news}[what](state)
    print(f"seeded {what} in {time.time() - t0:.1f}s", file=sys.stderr)
