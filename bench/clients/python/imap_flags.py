"""Keeps the read-only bulk mailbox as it was around the POP3 runs: dovecot sets \\Seen on every
message a POP3 session RETRieved when the session ends, QUIT or not.

  imap_flags.py save PARAMS FILE      the UID of every \\Seen message, to FILE
  imap_flags.py restore PARAMS FILE   \\Seen set back to exactly that (only the differences are stored)
"""

import imaplib
import json
import sys

mode, p, path = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
m = imaplib.IMAP4(p["host"], p["port"], timeout=60)
m.login(p["user"], p["password"])
m.select(p["mailbox"], readonly=(mode == "save"))
typ, data = m.uid("SEARCH", None, "SEEN")
seen = set(int(u) for u in data[0].split())
if mode == "save":
    with open(path, "w") as f:
        json.dump(sorted(seen), f)
else:
    with open(path) as f:
        want = set(json.load(f))

    def ranges(uids):
        return ",".join(str(u) for u in sorted(uids))

    extra, missing = seen - want, want - seen
    if extra:
        m.uid("STORE", ranges(extra), "-FLAGS.SILENT", r"(\Seen)")
    if missing:
        m.uid("STORE", ranges(missing), "+FLAGS.SILENT", r"(\Seen)")
    print(json.dumps({"unset": len(extra), "set": len(missing)}))
m.logout()
