/**
 * Where the interop daemons are and how to log in to them.
 *
 * Everything comes from test/daemons/config.env (the single source of truth
 * shared with up.sh) and the state directory up.sh fills
 * ($INETLIB_DAEMONS_DIR, default /tmp/inetlib-daemons).  See
 * test/daemons/README.md for the full table.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** test/daemons (scripts and config.env). */
export const daemonsDir: string = join(here, "..", "daemons");

function parseEnvFile(path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    out.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return out;
}

const config = parseEnvFile(join(daemonsDir, "config.env"));

function str(key: string): string {
  const v = config.get(key);
  if (v === undefined) throw new Error(`test/daemons/config.env has no ${key}`);
  return v;
}

function num(key: string): number {
  const v = Number(str(key));
  if (!Number.isInteger(v)) throw new Error(`test/daemons/config.env: ${key} is not an integer`);
  return v;
}

/** State directory written by up.sh. */
export const stateDir: string = process.env.INETLIB_DAEMONS_DIR || "/tmp/inetlib-daemons";

/** Every daemon listens on 127.0.0.1; those marked "v6" in the README also on ::1. */
export const host = "127.0.0.1";
export const host6 = "::1";
/** Name to verify certificates against (the certificate's SAN has localhost, 127.0.0.1 and ::1). */
export const tlsServername: string = str("TLS_SERVERNAME");

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

function range(prefix: string): PortRange {
  return { min: num(`${prefix}_MIN`), max: num(`${prefix}_MAX`) };
}

export const ports = {
  /** dovecot IMAP, STARTTLS available (v4 + v6). */
  imap: num("IMAP_PORT"),
  /** dovecot IMAP over implicit TLS (v4 + v6). */
  imaps: num("IMAPS_PORT"),
  /** dovecot POP3, STLS available (v4 + v6). */
  pop3: num("POP3_PORT"),
  /** dovecot POP3 over implicit TLS (v4 + v6). */
  pop3s: num("POP3S_PORT"),
  /** postfix SMTP: STARTTLS optional, AUTH only after STARTTLS, relays from loopback (v4 + v6). */
  smtp: num("SMTP_PORT"),
  /** postfix submission: STARTTLS required, AUTH required (v4 + v6). */
  submission: num("SUBMISSION_PORT"),
  /** postfix SMTP over implicit TLS, AUTH available (v4 + v6). */
  smtps: num("SMTPS_PORT"),
  /** aiosmtpd recorder: writes every message to paths.recorderMessages. */
  smtpRecorder: num("SMTP_RECORDER_PORT"),
  /** INN nnrpd reader, STARTTLS available (v4 + v6). */
  nntp: num("NNTP_PORT"),
  /** INN nnrpd reader over implicit TLS (v4 + v6). */
  nntps: num("NNTPS_PORT"),
  /** innd itself (transit: IHAVE, MODE STREAM, CHECK/TAKETHIS) (v4 + v6). */
  nntpFeed: num("NNTP_FEED_PORT"),
  /** vsftpd, AUTH TLS available. */
  ftpVsftpd: num("FTP_VSFTPD_PORT"),
  /** vsftpd over implicit TLS. */
  ftpsVsftpd: num("FTPS_VSFTPD_PORT"),
  /** pure-ftpd, AUTH TLS available. */
  ftpPureftpd: num("FTP_PUREFTPD_PORT"),
  /** proftpd, AUTH TLS available. */
  ftpProftpd: num("FTP_PROFTPD_PORT"),
  /** telnetd with /bin/login (log in as users.system). */
  telnetLogin: num("TELNET_LOGIN_PORT"),
  /** telnetd running a fixed program: prompt "cmd> ", echoes lines upper-cased, "quit" ends. */
  telnetProgram: num("TELNET_PROGRAM_PORT"),
  /** gophernicus. */
  gopher: num("GOPHER_PORT"),
  /** pygopherd. */
  gopherPygopherd: num("GOPHER_PYGOPHERD_PORT"),
  /** nginx HTTP/1.1 (v4 + v6). */
  http: num("HTTP_PORT"),
  /** nginx HTTPS, HTTP/2 via ALPN (v4 + v6). */
  https: num("HTTPS_PORT"),
  /** python xmlrpc.server, also proxied by nginx at /RPC2. */
  xmlrpc: num("XMLRPC_PORT"),
} as const;

/** FTP passive data port ranges. */
export const pasvRanges = {
  vsftpd: range("PASV_VSFTPD"),
  vsftpdImplicit: range("PASV_VSFTPS"),
  pureftpd: range("PASV_PUREFTPD"),
  proftpd: range("PASV_PROFTPD"),
} as const;

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export const mailDomain: string = str("MAIL_DOMAIN");
export const newsDomain: string = str("NEWS_DOMAIN");

export const users = {
  /** System account: telnet login, FTP login on vsftpd/pure-ftpd/proftpd. */
  system: { user: str("SYSTEM_USER"), password: str("SYSTEM_PASSWORD") },
  /** Mail user with a seeded INBOX and Archive; treat as read-only. */
  alice: { user: str("MAIL_USER_ALICE"), password: str("MAIL_PASSWORD_ALICE") },
  /** Mail user for delivery and mutation tests (round trips land here). */
  bob: { user: str("MAIL_USER_BOB"), password: str("MAIL_PASSWORD_BOB") },
  /** Mail user whose INBOX holds seeded.bulkMessages messages; treat as read-only. */
  bulk: { user: str("MAIL_USER_BULK"), password: str("MAIL_PASSWORD_BULK") },
  /** NNTP AUTHINFO user. */
  nntp: { user: str("NNTP_USER"), password: str("NNTP_PASSWORD") },
  /** HTTP basic auth for /private/. */
  http: { user: str("HTTP_USER"), password: str("HTTP_PASSWORD") },
  /** Anonymous FTP (any password). */
  anonymousFtp: { user: "anonymous", password: "guest@example.org" },
} as const satisfies Record<string, Credentials>;

/** Address of a mail user, e.g. mailAddress(users.bob) = "bob@inetlib.test". */
export function mailAddress(c: Credentials): string {
  return `${c.user}@${mailDomain}`;
}

export const seeded = {
  bigFileBytes: num("BIG_FILE_BYTES"),
  manyFilesCount: num("MANY_FILES_COUNT"),
  bulkMessages: num("BULK_MESSAGES"),
  aliceInboxMessages: num("ALICE_INBOX_MESSAGES"),
  aliceArchiveMessages: num("ALICE_ARCHIVE_MESSAGES"),
  bobInboxMessages: num("BOB_INBOX_MESSAGES"),
  nntpTestArticles: num("NNTP_TEST_ARTICLES"),
  nntpBigArticles: num("NNTP_BIG_ARTICLES"),
} as const;

export const paths = {
  /** CA certificate that signed every daemon's certificate: trust this, keep verification on. */
  ca: join(stateDir, "tls", "ca.pem"),
  /** The server certificate (leaf) all daemons present. */
  serverCert: join(stateDir, "tls", "server.pem"),
  /** Directory where the SMTP recorder writes NNNNNN.eml + NNNNNN.json per message. */
  recorderMessages: join(stateDir, "smtp-recorder", "messages"),
  /** Anonymous FTP root (same tree on all three FTP servers). */
  ftpAnon: join(stateDir, "ftp", "anon"),
  /** Home (and FTP login directory) of users.system. */
  systemHome: join(stateDir, "home", str("SYSTEM_USER")),
  /** nginx document root. */
  www: join(stateDir, "www"),
  logs: join(stateDir, "log"),
} as const;

let caCache: Buffer | undefined;

/** The project CA certificate (PEM), read from the state directory. */
export function caCert(): Buffer {
  if (caCache === undefined) {
    try {
      caCache = readFileSync(paths.ca);
    } catch (e) {
      throw new Error(`cannot read ${paths.ca}: are the daemons up? (bash test/daemons/up.sh)`, { cause: e });
    }
  }
  return caCache;
}
