#!/usr/bin/python3
"""Recording SMTP server for the interop tests (Debian's python3-aiosmtpd).

Must run with /usr/bin/python3 (Debian's aiosmtpd is not in other Pythons).

  smtp-recorder.py --port 22025 --dir STATE/smtp-recorder --cert C --key K

Every message it accepts is written to DIR/messages/<n>.eml (raw bytes as
received, after dot-unstuffing) with DIR/messages/<n>.json beside it holding
the envelope: {"mail_from", "rcpt_tos", "mail_options", "rcpt_options",
"peer", "auth_user", "tls", "helo"}.  <n> is a zero-padded sequence number
that keeps growing across restarts.

Extensions: STARTTLS (optional, with the project certificate), AUTH PLAIN and
LOGIN (any user from the environment's MAIL_USER_*/MAIL_PASSWORD_* pairs,
allowed without TLS), SMTPUTF8, 8BITMIME, SIZE.
A recipient whose local part is "reject" gets 550; "tempfail" gets 451.
"""

import argparse
import asyncio
import json
import os
import signal
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def users_from_env() -> dict:
    out = {}
    for k, v in os.environ.items():
        if k.startswith("MAIL_USER_"):
            pw = os.environ.get("MAIL_PASSWORD_" + k[len("MAIL_USER_"):])
            if pw is not None:
                out[v] = pw
    out.setdefault("alice", "alice-pass")
    return out


class Recorder:
    def __init__(self, directory: str):
        self.dir = os.path.join(directory, "messages")
        os.makedirs(self.dir, exist_ok=True)
        existing = [int(n.split(".")[0]) for n in os.listdir(self.dir) if n.endswith(".json")]
        self.seq = max(existing, default=0)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local == "reject":
            return "550 5.1.1 Recipient rejected (test)"
        if local == "tempfail":
            return "451 4.3.0 Temporary failure (test)"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.seq += 1
        base = os.path.join(self.dir, f"{self.seq:06d}")
        data = envelope.original_content if envelope.original_content is not None else envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(data)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "rcpt_options": envelope.rcpt_options,
            "peer": list(session.peer) if isinstance(session.peer, tuple) else session.peer,
            "auth_user": session.auth_data if isinstance(session.auth_data, str) else None,
            "tls": session.ssl is not None,
            "helo": session.host_name,
        }
        with open(base + ".json.tmp", "w") as f:
            json.dump(meta, f, indent=1)
        os.rename(base + ".eml.tmp", base + ".eml")
        os.rename(base + ".json.tmp", base + ".json")
        return f"250 OK recorded as {self.seq:06d}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    args = ap.parse_args()

    users = users_from_env()

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user, pw = auth_data.login.decode(), auth_data.password.decode()
            if users.get(user) == pw:
                return AuthResult(success=True, auth_data=user)
        return AuthResult(success=False, handled=False)

    tls_context = None
    if args.cert and args.key:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)

    controller = Controller(
        Recorder(args.dir),
        hostname=args.host,
        port=args.port,
        server_hostname="recorder.inetlib.test",
        ident="inetlib SMTP recorder",
        data_size_limit=64 * 1024 * 1024,
        enable_SMTPUTF8=True,
        decode_data=False,
        tls_context=tls_context,
        require_starttls=False,
        authenticator=authenticator,
        auth_require_tls=False,
        auth_exclude_mechanism=["DONT"],
    )
    controller.start()
    print(f"smtp-recorder listening on {args.host}:{args.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
