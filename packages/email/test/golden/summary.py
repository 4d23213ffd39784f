#!/usr/bin/python3
"""Print what Python's email package finds in each message file given on the command line:
the part tree, headers, payloads (raw and decoded), defects, and policy.default's view
(header text, get_body, iter_attachments, get_content). test/parse.test.ts compares
@inetlib/email's summary (test/summary.ts) with this one, message by message.

  summary.py FILE...        JSON list, one entry a file
  summary.py --seed DIR     write test/daemons/seed.py's mail messages into DIR first
"""
import base64
import json
import os
import sys
from email import policy
from email.parser import BytesParser


def b64(b):
    return None if b is None else base64.b64encode(b).decode("ascii")


def part_compat32(p):
    payload = p.get_payload()
    return {
        "type": p.get_content_type(),
        "default_type": p.get_default_type(),
        "multipart": p.is_multipart(),
        "unixfrom": p.get_unixfrom(),
        "headers": [[k, str(v)] for k, v in p.items()],
        "preamble": p.preamble,
        "epilogue": p.epilogue,
        "defects": [type(d).__name__ for d in p.defects],
        "payload": payload if isinstance(payload, str) else None,
        "decoded": b64(p.get_payload(decode=True)),
        "filename": p.get_filename(),
        "charset": p.get_content_charset(),
        "disposition": p.get_content_disposition(),
        "boundary": p.get_boundary(),
    }


def content(p):
    try:
        c = p.get_content()
    except Exception as e:  # noqa: BLE001 - the kind of failure is what is compared
        return {"error": type(e).__name__}
    if isinstance(c, str):
        return {"text": c}
    if isinstance(c, bytes):
        return {"bytes": b64(c)}
    return {"message": c.get_content_type()}


def part_default(p):
    return {
        "type": p.get_content_type(),
        "headers": [[k, str(v)] for k, v in p.items()],
        "content": None if p.is_multipart() else content(p),
        "attachment": p.is_attachment(),
    }


def summarize(path):
    with open(path, "rb") as f:
        data = f.read()
    m32 = BytesParser(policy=policy.compat32).parsebytes(data)
    md = BytesParser(policy=policy.default).parsebytes(data)
    body = md.get_body()
    return {
        "file": os.path.basename(path),
        "compat32": [part_compat32(p) for p in m32.walk()],
        "default": [part_default(p) for p in md.walk()],
        "body": None if body is None else body.get_content_type(),
        "attachments": [[a.get_content_type(), a.get_filename()] for a in md.iter_attachments()],
    }


def seed(dir):
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "test", "daemons"))
    import seed as s

    os.makedirs(dir, exist_ok=True)
    for i, (data, _) in enumerate(s.alice_inbox("inetlib.test"), start=1):
        with open(os.path.join(dir, f"seed-alice-{i}.eml"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--seed"]:
        seed(args[1])
        args = args[2:]
    json.dump([summarize(a) for a in args], sys.stdout)
