"""NNTP with Python's nntplib (3.11 still has it): over() of the group, or article() one at a time."""

import warnings

warnings.simplefilter("ignore", DeprecationWarning)
import nntplib  # noqa: E402

from common import clock, params, report  # noqa: E402

p = params()
t0 = clock()
s = nntplib.NNTP(p["host"], p["port"], usenetrc=False, timeout=120)
resp, count, first, last, name = s.group(p["group"])
total = 0
ops = 0
if p["op"] == "over":
    resp, entries = s.over((first, last))
    ops = len(entries)
else:
    for n in range(first, first + p["count"]):
        resp, info = s.article(n)
        total += sum(len(line) + 2 for line in info.lines)
        ops += 1
seconds = clock() - t0
s.quit()
report(seconds, total, ops)
