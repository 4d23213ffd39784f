"""POP3 with Python's poplib: retr() in a loop, then close() without QUIT (nothing committed)."""

import poplib

from common import clock, params, report

p = params()
t0 = clock()
pop = poplib.POP3(p["host"], p["port"], timeout=120)
pop.user(p["user"])
pop.pass_(p["password"])
total = 0
for i in range(1, p["count"] + 1):
    resp, lines, octets = pop.retr(i)
    total += octets
seconds = clock() - t0
pop.close()
report(seconds, total, p["count"])
