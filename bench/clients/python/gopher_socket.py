"""Gopher from Python: the stdlib lost gopherlib with Python 3, so a socket and Python 2's
gopherlib.get_directory() parsing (split at tabs, stop at the "." line)."""

import socket

from common import clock, params, report

p = params()
items = 0
t0 = clock()
for _ in range(p["count"]):
    with socket.create_connection((p["host"], p["port"]), timeout=60) as s:
        s.sendall(p["selector"].encode() + b"\r\n")
        f = s.makefile("rb")
        entries = []
        complete = False
        for raw in f:
            line = raw.rstrip(b"\r\n").decode("utf-8", "replace")
            if line == ".":
                complete = True
                break
            if not line:
                continue
            parts = line[1:].split("\t")
            entries.append([line[0]] + parts)
        f.close()
        if not complete:
            raise SystemExit("menu cut short")
        items += len(entries)
seconds = clock() - t0
report(seconds, items, p["count"])
