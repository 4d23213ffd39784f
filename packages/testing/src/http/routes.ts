// The test server's built-in routes. Each path shows one HTTP behaviour:
//
//	/hello                 "Hello, world!\n"
//	/echo                  the request's exact bytes as the body (X-Method, X-Target headers)
//	/chunked?n=3&size=..   a chunked body of n chunks ("chunk 0\n" ... or size bytes each)
//	/bytes/N[?chunked=1]   N deterministic bytes (httpBytes), generated in 64 KiB pieces
//	/redirect/CODE?to=P    a CODE redirect to P (default /hello)
//	/redirect-chain/N      N redirects, then /hello
//	/loop                  redirects to itself
//	/basic/...             Basic auth (users, realm); the body names the user
//	/digest/...            Digest auth (MD5, qop=auth)
//	/status/CODE           that status, body "status CODE\n"
//	/close                 a reply with Connection: close
//	/until-close           a body without length, ended by closing
//	/headers/N             N header fields X-H-0 ... X-H-(N-1)
//	/head-bytes?size=N     a body of N bytes (for HEAD)
//	/files/NAME            the server's files
//	/RPC2, /xmlrpc         the XML-RPC endpoint
//	/cookies/set?k=v&to=P  Set-Cookie k=v (Path=/) for each parameter, then a 302 to P if given
//	/cookies               the Cookie header received, as the body
//	/hang                  never answers (timeouts)
import { createHash, randomBytes } from "node:crypto";
import type { HTTPTestServer } from "./server.js";
import type { Reply, RequestView } from "./wire.js";

/** REASONS: the reason phrases the server sends. */
export const REASONS: Readonly<Record<number, string>> = {
  100: "Continue",
  200: "OK",
  201: "Created",
  204: "No Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  407: "Proxy Authentication Required",
  418: "I'm a Teapot",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** httpBytes(start, n): the deterministic bytes /bytes/N serves from offset start (byte i is i % 251). */
export function httpBytes(start: number, n: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = (start + i) % 251;
  return out;
}

const PIECE = 65536;
// One period of the pattern, long enough to slice any piece from.
const PATTERN = httpBytes(0, PIECE + 251);

function* pieces(length: number): Generator<Buffer> {
  for (let at = 0; at < length; at += PIECE) {
    const n = Math.min(PIECE, length - at);
    const off = at % 251;
    yield PATTERN.subarray(off, off + n);
  }
}

const digestNonce = randomBytes(16).toString("hex");

/** builtinRoutes answers the paths listed at the top of this file. */
export async function builtinRoutes(req: RequestView, server: HTTPTestServer): Promise<Reply> {
  const path = req.path;
  const seg = path.split("/").filter((s) => s !== "");
  const text = (body: string, status = 200, headers: Array<[string, string]> = []): Reply => ({
    status,
    headers: [["Content-Type", "text/plain; charset=utf-8"], ...headers],
    body: Buffer.from(body, "utf8"),
  });
  switch (seg[0]) {
    case "hello":
      return text("Hello, world!\n");
    case "echo":
      return {
        headers: [
          ["Content-Type", "application/octet-stream"],
          ["X-Method", req.method],
          ["X-Target", req.target],
        ],
        body: req.raw,
      };
    case "chunked": {
      const n = Number(req.query.get("n") ?? 3);
      const size = req.query.get("size");
      const chunks = Array.from({ length: n }, (_, i) =>
        size ? httpBytes(i * Number(size), Number(size)) : Buffer.from(`chunk ${i}\n`),
      );
      return { headers: [["Content-Type", "text/plain"]], chunks };
    }
    case "bytes": {
      const n = Number(seg[1] ?? 0);
      if (req.query.get("chunked"))
        return { headers: [["Content-Type", "application/octet-stream"]], chunks: pieces(n) };
      return {
        headers: [["Content-Type", "application/octet-stream"]],
        stream: { length: n, pieces: () => pieces(n) },
      };
    }
    case "head-bytes":
      return { body: httpBytes(0, Number(req.query.get("size") ?? 10)) };
    case "redirect": {
      const code = Number(seg[1] ?? 302);
      const to = req.query.get("to") ?? "/hello";
      return { status: code, headers: [["Location", to]], body: `redirect to ${to}\n` };
    }
    case "redirect-chain": {
      const n = Number(seg[1] ?? 1);
      const to = n <= 1 ? "/hello" : `/redirect-chain/${n - 1}`;
      return { status: 302, headers: [["Location", to]], body: "" };
    }
    case "loop":
      return { status: 302, headers: [["Location", "/loop"]], body: "" };
    case "basic":
      return basic(req, server) ?? text(`hello ${basicUser(req) ?? ""}\n`);
    case "digest":
      return digest(req, server);
    case "status": {
      const code = Number(seg[1] ?? 200);
      return text(`status ${code}\n`, code);
    }
    case "close":
      return { ...text("bye\n"), close: true };
    case "until-close":
      return { headers: [["Content-Type", "text/plain"]], body: "body until close\n", noLength: true };
    case "headers": {
      const n = Number(seg[1] ?? 0);
      return {
        headers: Array.from({ length: n }, (_, i): [string, string] => [`X-H-${i}`, String(i)]),
        body: "",
      };
    }
    case "files": {
      const name = decodeURIComponent(path.slice("/files/".length));
      const file = server.options.files?.[name];
      if (file === undefined) return text("not found\n", 404);
      return { headers: [["Content-Type", "application/octet-stream"]], body: Buffer.from(file) };
    }
    case "RPC2":
    case "xmlrpc": {
      const endpoint = server.options.xmlrpc;
      if (!endpoint) return text("no XML-RPC endpoint\n", 404);
      if (req.method !== "POST") return text("POST only\n", 501);
      const out = await endpoint(req.body, req);
      return {
        headers: [["Content-Type", "text/xml"]],
        body: typeof out === "string" ? Buffer.from(out) : out,
      };
    }
    case "cookies": {
      if (seg[1] === "set") {
        const headers: Array<[string, string]> = [];
        for (const [k, v] of req.query) if (k !== "to") headers.push(["Set-Cookie", `${k}=${v}; Path=/`]);
        const to = req.query.get("to");
        if (to) return { status: 302, headers: [...headers, ["Location", to]], body: "" };
        return { headers, body: "cookies set\n" };
      }
      return text(`${req.header("cookie") ?? ""}\n`);
    }
    case "hang":
      return new Promise<Reply>(() => {});
    default:
      return text("not found\n", 404);
  }
}

function basicUser(req: RequestView): string | null {
  const auth = req.header("authorization");
  if (!auth?.startsWith("Basic ")) return null;
  const [user, ...rest] = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":");
  return user !== undefined ? `${user}:${rest.join(":")}` : null;
}

function basic(req: RequestView, server: HTTPTestServer): Reply | null {
  const users = server.options.users ?? { user: "pass" };
  const got = basicUser(req);
  if (got) {
    const i = got.indexOf(":");
    if (users[got.slice(0, i)] === got.slice(i + 1)) return null;
  }
  return {
    status: 401,
    headers: [["WWW-Authenticate", `Basic realm="${server.options.realm ?? "inetlib"}"`]],
    body: "authentication required\n",
  };
}

function md5(s: string): string {
  return createHash("md5").update(s).digest("hex");
}

function digest(req: RequestView, server: HTTPTestServer): Reply {
  const users = server.options.users ?? { user: "pass" };
  const realm = server.options.realm ?? "inetlib";
  const challenge: Reply = {
    status: 401,
    headers: [
      [
        "WWW-Authenticate",
        `Digest realm="${realm}", nonce="${digestNonce}", qop="auth", algorithm=MD5, opaque="inetlib"`,
      ],
    ],
    body: "authentication required\n",
  };
  const auth = req.header("authorization");
  if (!auth?.startsWith("Digest ")) return challenge;
  const fields: Record<string, string> = {};
  for (const m of auth.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g))
    fields[m[1]!] = m[2] ?? m[3] ?? "";
  const password = users[fields.username ?? ""];
  if (password === undefined || fields.nonce !== digestNonce) return challenge;
  const ha1 = md5(`${fields.username}:${realm}:${password}`);
  const ha2 = md5(`${req.method}:${fields.uri}`);
  const expected = md5(`${ha1}:${fields.nonce}:${fields.nc}:${fields.cnonce}:${fields.qop}:${ha2}`);
  if (expected !== fields.response) return challenge;
  return { headers: [["Content-Type", "text/plain"]], body: `digest ok ${fields.username}\n` };
}
