// What every FTP example runs against: the server named on the command line, or else the demo
// site of @inetlib/testing served on a free loopback port for the run (AUTH TLS on the test
// certificate).
//
//   tsx examples/ftp/FILE.ts                                   the demo site
//   tsx examples/ftp/FILE.ts ftp://user:secret@ftp.example.org/path     a real server
//   tsx examples/ftp/FILE.ts ftps://user:secret@ftp.example.org/path    the same with AUTH TLS and PROT P
import { fileURLToPath } from "node:url";
import { FTP, FTP_TLS } from "@inetlib/ftp";
import { create_default_context, type SSLContext } from "@inetlib/socket";
import { demoFileTree, demoFileTreeUsers, FTPServer, ftpTestCA } from "@inetlib/testing";

export type Log = (...args: unknown[]) => void;

/** Site is a server, an account on it and a path to work on. */
export interface Site {
  host: string;
  port: number;
  user: string;
  password: string;
  /** AUTH TLS and PROT P (ftps://). */
  tls: boolean;
  /** The path the URL names ("" for the login directory). */
  path: string;
  /** The TLS settings: default verification for a real server, the test CA for the demo. */
  context: SSLContext;
}

/** An example: given a site and a log, it does its job and returns what it found. */
export type FTPExample<T> = (site: Site, log: Log) => Promise<T>;

/** parseSite reads ftp://user:password@host[:port]/path and ftps://... (anonymous without a user). */
export function parseSite(url: string): Site {
  const u = new URL(url);
  if (u.protocol !== "ftp:" && u.protocol !== "ftps:")
    throw new TypeError(`not an ftp:// or ftps:// URL: ${url}`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : 21,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    tls: u.protocol === "ftps:",
    path: decodeURIComponent(u.pathname.slice(1)),
    context: create_default_context(),
  };
}

/** withSite runs `example` against `url`, or against a fresh demo site (as alice, over TLS) when url is undefined. */
export async function withSite<T>(example: FTPExample<T>, log: Log, url?: string, path = ""): Promise<T> {
  if (url) return example(parseSite(url), log);
  await using server = await FTPServer.open({ tree: demoFileTree(), users: demoFileTreeUsers, tls: true });
  return await example(
    {
      host: "127.0.0.1",
      port: server.port,
      user: "alice",
      password: demoFileTreeUsers.alice,
      tls: true,
      path,
      context: create_default_context({ cafile: ftpTestCA }),
    },
    log,
  );
}

/** login connects and logs in; over TLS it also protects the data connections. */
export async function login(site: Site, log: Log): Promise<FTP> {
  const options = { port: site.port, timeout: 30 };
  const ftp = site.tls
    ? await FTP_TLS.open(site.host, "", "", "", { ...options, context: site.context })
    : await FTP.open(site.host, "", "", "", options);
  log(ftp.getwelcome());
  log(await ftp.login(site.user, site.password));
  if (ftp instanceof FTP_TLS) log(await ftp.prot_p());
  return ftp;
}

/** runIfMain runs an example as a program: `tsx examples/ftp/FILE.ts [ftp://user:password@host/path]`. */
export async function runIfMain<T>(moduleUrl: string, example: FTPExample<T>, demoPath = ""): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  await withSite(example, (...args) => console.log(...args), process.argv[2], demoPath);
}
