"""FTP with Python's ftplib (blocksize as given: 1 MiB for bulk, as a tuned Python user would)."""

import ftplib
import os
import ssl

from common import clock, params, report

p = params()
t0 = clock()
if p.get("tls"):
    ftp = ftplib.FTP_TLS(context=ssl.create_default_context(cafile=p["ca"]))
else:
    ftp = ftplib.FTP()
ftp.connect(p["host"], p["port"], timeout=120)
ftp.login(p["user"], p["password"])
if p.get("tls"):
    ftp.prot_p()
if p.get("active"):
    ftp.set_pasv(False)
total = [0]
ops = 0


def count(block):
    total[0] += len(block)


def line(text):
    total[0] += len(text) + 2


op = p["op"]
if op == "retr":
    ftp.retrbinary("RETR " + p["path"], count, blocksize=p["blocksize"])
    ops = 1
elif op == "stor":
    with open(p["local"], "rb") as f:
        ftp.storbinary("STOR " + p["path"], f, blocksize=p["blocksize"])
    total[0] = os.path.getsize(p["local"])
    ops = 1
elif op == "list":
    for _ in range(p["count"]):
        ftp.retrlines("LIST " + p["path"], line)
        ops += 1
elif op == "nlst":
    for _ in range(p["count"]):
        for name in ftp.nlst(p["path"]):
            total[0] += len(name) + 2
        ops += 1
elif op == "small":
    for path in p["paths"]:
        ftp.retrbinary("RETR " + path, count, blocksize=p["blocksize"])
        ops += 1
seconds = clock() - t0
ftp.quit()
report(seconds, total[0], ops)
