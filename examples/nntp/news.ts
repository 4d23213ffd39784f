// What every NNTP example runs against: the server named on the command line, or else the
// in-memory news spool of @inetlib/testing served on a free loopback port for the run (with
// STARTTLS on the test certificate, and the same groups as the interop INN).
//
//   tsx examples/nntp/FILE.ts                                         the in-memory spool
//   tsx examples/nntp/FILE.ts nntp://news.example.org                  a real server (STARTTLS if offered)
//   tsx examples/nntp/FILE.ts nntps://user:secret@news.example.org     NNTP over TLS (port 563), logged in
import { fileURLToPath } from "node:url";
import { NNTP, NNTP_PORT, NNTP_SSL, NNTP_SSL_PORT } from "@inetlib/nntp";
import { create_default_context, type SSLContext } from "@inetlib/socket";
import { demoSpool, NNTPServer, nntpTestCA } from "@inetlib/testing";

export type Log = (...args: unknown[]) => void;

/** Target is a news server, and a login if it needs one. */
export interface Target {
  host: string;
  port: number;
  user: string | null;
  password: string | null;
  /** Implicit TLS (nntps://). */
  ssl: boolean;
  /** The TLS settings: default verification for a real server, the test CA for the demo. */
  context: SSLContext;
}

/** An example: given a target and a log, it does its job and returns what it found. */
export type NNTPExample<T> = (target: Target, log: Log) => Promise<T>;

/** parseTarget reads nntp://[user:password@]host[:port] and nntps://... */
export function parseTarget(url: string): Target {
  const u = new URL(url);
  const ssl = u.protocol === "nntps:";
  if (!ssl && u.protocol !== "nntp:" && u.protocol !== "news:")
    throw new TypeError(`not an nntp:// URL: ${url}`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : ssl ? NNTP_SSL_PORT : NNTP_PORT,
    user: u.username ? decodeURIComponent(u.username) : null,
    password: u.password ? decodeURIComponent(u.password) : null,
    ssl,
    context: create_default_context(),
  };
}

/**
 * connect opens the target: over TLS from the start (nntps), or with STARTTLS when the server
 * offers it; then logs in if the target has a user.
 */
export async function connect(target: Target): Promise<NNTP> {
  const options = { timeout: 30, readermode: true };
  const s = target.ssl
    ? await NNTP_SSL.open(target.host, target.port, { ...options, ssl_context: target.context })
    : await NNTP.open(target.host, target.port, options);
  try {
    if (!s.tls_on && "STARTTLS" in (await s.getcapabilities())) await s.starttls(target.context);
    if (target.user) await s.login(target.user, target.password, false);
    return s;
  } catch (err) {
    await s.close();
    throw err;
  }
}

/** withNews runs `example` against `url`, or against a fresh in-memory spool when url is undefined. */
export async function withNews<T>(example: NNTPExample<T>, log: Log, url?: string): Promise<T> {
  if (url) return example(parseTarget(url), log);
  await using server = await NNTPServer.open({ spool: demoSpool({ bigArticles: 200 }), tls: true });
  return await example(
    {
      host: "localhost",
      port: server.port,
      user: null,
      password: null,
      ssl: false,
      context: create_default_context({ cafile: nntpTestCA }),
    },
    log,
  );
}

/** runIfMain runs an example as a program: `tsx examples/nntp/FILE.ts [nntp://host[:port]] [args...]`. */
export async function runIfMain<T>(moduleUrl: string, example: NNTPExample<T>): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  await withNews(example, (...args) => console.log(...args), process.argv[2]);
}
