"""IMAP with Python's imaplib: EXAMINE (select readonly), then one FETCH of BODY.PEEK[HEADER] or BODY.PEEK[]."""

import imaplib

from common import clock, params, report

p = params()
t0 = clock()
m = imaplib.IMAP4(p["host"], p["port"], timeout=120)
m.login(p["user"], p["password"])
typ, _ = m.select(p["mailbox"], readonly=True)
if typ != "OK":
    raise SystemExit("EXAMINE failed")
item = "(BODY.PEEK[HEADER])" if p["op"] == "headers" else "(BODY.PEEK[])"
typ, data = m.fetch("1:%d" % p["count"], item)
if typ != "OK":
    raise SystemExit("FETCH failed")
total = 0
ops = 0
for part in data:
    if isinstance(part, tuple):
        total += len(part[1])
        ops += 1
seconds = clock() - t0
m.logout()
report(seconds, total, ops)
