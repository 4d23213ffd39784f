#!/usr/bin/python3
"""email.utils and email.header results for the inputs in stdin (JSON), for test/utils.test.ts."""
import base64
import json
import sys
from email import utils
from email.header import Header, decode_header, make_header

inp = json.load(sys.stdin)


def enc(x):
    if isinstance(x, bytes):
        return {"b": base64.b64encode(x).decode()}
    if isinstance(x, (list, tuple)):
        return [enc(v) for v in x]
    return x


out = {
    "parseaddr": [list(utils.parseaddr(a)) for a in inp["addresses"]],
    "getaddresses": [[list(p) for p in utils.getaddresses([a])] for a in inp["addresses"]],
    "formataddr": [utils.formataddr(tuple(p)) for p in inp["pairs"]],
    "decode_header": [enc(decode_header(h)) for h in inp["headers"]],
    "make_header": [str(make_header(decode_header(h))) for h in inp["headers"]],
    "parsedate_tz": [utils.parsedate_tz(d) and list(utils.parsedate_tz(d)) for d in inp["dates"]],
    "formatdate": [[utils.formatdate(t), utils.formatdate(t, usegmt=True)] for t in inp["times"]],
    "unquote": [utils.unquote(s) for s in inp["quoted"]],
    "quote": [utils.quote(s) for s in inp["quoted"]],
    "encode_rfc2231": [utils.encode_rfc2231(s, "utf-8", "en") for s in inp["quoted"]],
    "header_str": [str(Header(s, c)) for s, c in inp["header_texts"]],
    "header_encode": [Header(s, c, header_name="Subject").encode() for s, c in inp["header_texts"]],
}
json.dump(out, sys.stdout)
