"""What every Python client program shares: parameters (one JSON argument), a clock, the result line."""

import json
import sys
import time


def params():
    return json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")


clock = time.perf_counter


def report(seconds, bytes=0, ops=0):
    sys.stdout.write(json.dumps({"seconds": seconds, "bytes": bytes, "ops": ops}) + "\n")
    sys.stdout.flush()
