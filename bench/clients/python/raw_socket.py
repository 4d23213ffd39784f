"""The raw loopback TCP limit for Python: a forked sender writing 1 MiB buffers, a reader using recv_into."""

import os
import socket

from common import clock, params, report

p = params()
listener = socket.create_server(("127.0.0.1", 0))
port = listener.getsockname()[1]
pid = os.fork()
if pid == 0:
    conn, _ = listener.accept()
    block = b"\x5a" * p["blocksize"]
    left = p["bytes"]
    while left > 0:
        n = min(left, len(block))
        conn.sendall(block if n == len(block) else block[:n])
        left -= n
    conn.close()
    os._exit(0)
listener.close()
buf = bytearray(p["blocksize"])
total = 0
t0 = clock()
with socket.create_connection(("127.0.0.1", port)) as s:
    while True:
        n = s.recv_into(buf)
        if not n:
            break
        total += n
seconds = clock() - t0
os.waitpid(pid, 0)
report(seconds, total, 1)
