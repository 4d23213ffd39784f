"""SMTP with Python's smtplib: sendmail() in a loop on one connection."""

import smtplib

from common import clock, params, report

p = params()
with open(p["message"], "rb") as f:
    msg = f.read()
t0 = clock()
s = smtplib.SMTP(p["host"], p["port"], local_hostname="bench.inetlib.test", timeout=120)
s.ehlo()
for _ in range(p["count"]):
    s.sendmail(p["from"], [p["to"]], msg)
seconds = clock() - t0
s.quit()
report(seconds, len(msg) * p["count"], p["count"])
