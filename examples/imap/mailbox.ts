// What every IMAP example runs against: the server named on the command line, or else the
// in-memory mailstore of @inetlib/testing served on a free loopback port for the run (with
// STARTTLS and IMAPS, on the test certificate).
//
//   tsx examples/imap/FILE.ts                                        the in-memory mailstore
//   tsx examples/imap/FILE.ts imap://alice:secret@mail.example.org   a real server (STARTTLS if offered)
//   tsx examples/imap/FILE.ts imaps://alice:secret@mail.example.org  IMAP over TLS (port 993)
import { fileURLToPath } from "node:url";
import { IMAP4, IMAP4_PORT, IMAP4_SSL, IMAP4_SSL_PORT } from "@inetlib/imap";
import { create_default_context, type SSLContext } from "@inetlib/socket";
import {
  type DemoMailstoreOptions,
  demoMailstore,
  demoMailstoreUsers,
  IMAPServer,
  imapTestCA,
} from "@inetlib/testing";

export type Log = (...args: unknown[]) => void;

/** Target is a server and an account on it. */
export interface Target {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Implicit TLS (imaps://). */
  ssl: boolean;
  /** The TLS settings: default verification for a real server, the test CA for the demo. */
  context: SSLContext;
  /** In the demo only: delivers a message to the account's INBOX, as new mail arriving. */
  deliver: ((message: string) => void) | null;
}

/** An example: given a target and a log, it does its job and returns what it found. */
export type IMAPExample<T> = (target: Target, log: Log) => Promise<T>;

/** parseTarget reads imap://user:password@host[:port] and imaps://... */
export function parseTarget(url: string): Target {
  const u = new URL(url);
  const ssl = u.protocol === "imaps:";
  if (!ssl && u.protocol !== "imap:") throw new TypeError(`not an imap:// or imaps:// URL: ${url}`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : ssl ? IMAP4_SSL_PORT : IMAP4_PORT,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ssl,
    context: create_default_context(),
    deliver: null,
  };
}

/** withMailbox runs `example` against `url`, or against a fresh demo mailstore (as alice) when url is undefined. */
export async function withMailbox<T>(
  example: IMAPExample<T>,
  log: Log,
  url?: string,
  demo: { ssl?: boolean } & DemoMailstoreOptions = {},
): Promise<T> {
  if (url) return example(parseTarget(url), log);
  const ssl = demo.ssl ?? false;
  const store = demoMailstore(demo);
  await using server = await IMAPServer.open({ store, tls: true, implicitTLS: ssl });
  const account = demoMailstoreUsers.alice;
  return await example(
    {
      host: "127.0.0.1",
      port: server.port,
      user: account.user,
      password: account.password,
      ssl,
      context: create_default_context({ cafile: imapTestCA }),
      deliver: (message) => void store.add(account.user, "INBOX", message),
    },
    log,
  );
}

/** login connects, starts TLS (IMAPS, or STARTTLS when offered) and logs in. */
export async function login(t: Target): Promise<IMAP4> {
  const M = t.ssl
    ? await IMAP4_SSL.open(t.host, t.port, { ssl_context: t.context, timeout: 30 })
    : await IMAP4.open(t.host, t.port, { timeout: 30 });
  if (!t.ssl && M.capabilities.includes("STARTTLS")) await M.starttls(t.context);
  await M.login(t.user, t.password);
  return M;
}

/** runIfMain runs an example as a program: `tsx examples/imap/FILE.ts [imap://user:password@host]`. */
export async function runIfMain<T>(moduleUrl: string, example: IMAPExample<T>): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  await withMailbox(example, (...args) => console.log(...args), process.argv[2]);
}
