#!/usr/bin/python3
"""Tiny XML-RPC server for the interop tests (stdlib xmlrpc.server).

  xmlrpc-server.py --port 21800

Served directly on 127.0.0.1:PORT at /RPC2 (and /), and proxied by nginx at
http(s)://localhost:HTTP(S)_PORT/RPC2.  Methods: add(a, b), echo(x),
fail(code, message) (raises a Fault), now() (a DateTime), bytes(n) (Binary of
n bytes 0..255 repeating), plus system.listMethods / methodHelp /
methodSignature / multicall.  allow_none and use_builtin_types are on.
"""

import argparse
import datetime
import xmlrpc.client
from socketserver import ThreadingMixIn
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2", "/")

    def log_message(self, format, *args):  # quiet
        pass


class Server(ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    server = Server((args.host, args.port), requestHandler=Handler, allow_none=True,
                    use_builtin_types=True, logRequests=False)
    server.register_introspection_functions()
    server.register_multicall_functions()

    def add(a, b):
        """add(a, b) -> a + b"""
        return a + b

    def echo(x):
        """echo(x) -> x"""
        return x

    def fail(code, message):
        """fail(code, message) raises Fault(code, message)"""
        raise xmlrpc.client.Fault(code, message)

    def now():
        """now() -> current UTC time as dateTime.iso8601"""
        return datetime.datetime.utcnow().replace(microsecond=0)

    def bytes_(n):
        """bytes(n) -> base64 of n bytes 0..255 repeating"""
        return bytes(i % 256 for i in range(n))

    for f in (add, echo, fail, now):
        server.register_function(f)
    server.register_function(bytes_, "bytes")
    print(f"xmlrpc listening on {args.host}:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
