"""HTTP with Python's http.client: readinto() a 1 MiB buffer for the download; keep-alive GETs."""

import http.client

from common import clock, params, report

p = params()
t0 = clock()
conn = http.client.HTTPConnection(p["host"], p["port"], timeout=120)
total = 0
ops = 0
if p["op"] == "get":
    conn.request("GET", p["path"])
    resp = conn.getresponse()
    if resp.status != 200:
        raise SystemExit(f"HTTP {resp.status}")
    buf = bytearray(p["blocksize"])
    while True:
        n = resp.readinto(buf)
        if not n:
            break
        total += n
    ops = 1
else:
    for _ in range(p["count"]):
        conn.request("GET", p["path"])
        resp = conn.getresponse()
        total += len(resp.read())
        if resp.status != 200:
            raise SystemExit(f"HTTP {resp.status}")
        ops += 1
seconds = clock() - t0
conn.close()
report(seconds, total, ops)
