// What every POP3 example runs against: the server named on the command line, or else the
// in-memory maildrop of @inetlib/testing served on a free loopback port for the run (with
// STLS and POP3S, on the test certificate).
//
//   tsx examples/pop3/FILE.ts                                        the in-memory maildrop
//   tsx examples/pop3/FILE.ts pop3://alice:secret@mail.example.org   a real server (STLS if offered)
//   tsx examples/pop3/FILE.ts pop3s://alice:secret@mail.example.org  POP3 over TLS (port 995)
import { fileURLToPath } from "node:url";
import { POP3, POP3_PORT, POP3_SSL, POP3_SSL_PORT } from "@inetlib/pop3";
import { create_default_context, type SSLContext } from "@inetlib/socket";
import {
  type DemoMaildropOptions,
  demoMaildrop,
  demoMaildropUsers,
  POP3Server,
  pop3TestCA,
} from "@inetlib/testing";

export type Log = (...args: unknown[]) => void;

/** Target is a server and an account on it. */
export interface Target {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Implicit TLS (pop3s://). */
  ssl: boolean;
  /** The TLS settings: default verification for a real server, the test CA for the demo. */
  context: SSLContext;
  /** Accounts of the demo maildrop, when running against it. */
  demo: boolean;
}

/** An example: given a target and a log, it does its job and returns what it found. */
export type POP3Example<T> = (target: Target, log: Log) => Promise<T>;

/** parseTarget reads pop3://user:password@host[:port] and pop3s://... */
export function parseTarget(url: string): Target {
  const u = new URL(url);
  const ssl = u.protocol === "pop3s:";
  if (!ssl && u.protocol !== "pop3:") throw new TypeError(`not a pop3:// or pop3s:// URL: ${url}`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : ssl ? POP3_SSL_PORT : POP3_PORT,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ssl,
    context: create_default_context(),
    demo: false,
  };
}

/**
 * withMailbox runs `example` against `url`, or against a fresh in-memory maildrop (as alice,
 * or as `user` of demoMaildropUsers) when url is undefined.
 */
export async function withMailbox<T>(
  example: POP3Example<T>,
  log: Log,
  url?: string,
  demo: { user?: keyof typeof demoMaildropUsers; ssl?: boolean } & DemoMaildropOptions = {},
): Promise<T> {
  if (url) return example(parseTarget(url), log);
  const ssl = demo.ssl ?? false;
  const account = demoMaildropUsers[demo.user ?? "alice"];
  await using server = await POP3Server.open({ maildrop: demoMaildrop(demo), tls: true, implicitTLS: ssl });
  return await example(
    {
      host: "127.0.0.1",
      port: server.port,
      user: account.user,
      password: account.password,
      ssl,
      context: create_default_context({ cafile: pop3TestCA }),
      demo: true,
    },
    log,
  );
}

/**
 * login connects to the target, starts TLS (POP3S, or STLS when the server offers it) and
 * logs in with USER/PASS.
 */
export async function login(t: Target, log: Log): Promise<POP3> {
  const pop = t.ssl
    ? await POP3_SSL.open(t.host, t.port, { context: t.context, timeout: 30 })
    : await POP3.open(t.host, t.port, { timeout: 30 });
  log(pop.getwelcome().toString());
  if (!t.ssl && "STLS" in (await pop.capa())) log((await pop.stls(t.context)).toString());
  await pop.user(t.user);
  await pop.pass_(t.password);
  return pop;
}

/** runIfMain runs an example as a program: `tsx examples/pop3/FILE.ts [pop3://user:password@host]`. */
export async function runIfMain<T>(
  moduleUrl: string,
  example: POP3Example<T>,
  demo: Parameters<typeof withMailbox>[3] = {},
): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  await withMailbox(example, (...args) => console.log(...args), process.argv[2], demo);
}
