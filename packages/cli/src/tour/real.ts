// The tour against the real daemons of `pnpm test:interop`: where they listen and as whom to
// log in, read from test/daemons/config.env (the file up.sh and the interop tests share) and
// the CA from the state directory up.sh fills.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CliError, EXIT } from "../exit.js";
import type { TourTargets } from "./types.js";

/** findDaemonsConfig looks for test/daemons/config.env from `cwd` upwards. */
export function findDaemonsConfig(cwd: string): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, "test", "daemons", "config.env");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** parseConfigEnv reads KEY=VALUE lines (no quotes, no expansion), as test/interop/env.ts does. */
export function parseConfigEnv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq > 0) out.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return out;
}

/**
 * realTargets are the interop daemons: `configPath` is test/daemons/config.env, `stateDir`
 * up.sh's state directory (INETLIB_DAEMONS_DIR, default /tmp/inetlib-daemons).
 */
export function realTargets(configPath: string, stateDir: string): TourTargets {
  const config = parseConfigEnv(readFileSync(configPath, "utf8"));
  const str = (key: string): string => {
    const v = config.get(key);
    if (v === undefined) throw new CliError(EXIT.USAGE, `${configPath} has no ${key}`);
    return v;
  };
  const num = (key: string): number => Number(str(key));
  const cafile = join(stateDir, "tls", "ca.pem");
  if (!existsSync(cafile))
    throw new CliError(
      EXIT.CONNECTION,
      `${cafile} is missing: are the daemons up? (bash test/daemons/up.sh, as root)`,
    );
  const host = "127.0.0.1";
  const domain = str("MAIL_DOMAIN");
  const bob = { user: str("MAIL_USER_BOB"), password: str("MAIL_PASSWORD_BOB") };
  const system = { user: str("SYSTEM_USER"), password: str("SYSTEM_PASSWORD") };
  return {
    where: "the interop daemons of `pnpm test:interop` (test/daemons/README.md)",
    cafile,
    tlsHost: str("TLS_SERVERNAME"),
    gopher: { host, port: num("GOPHER_PORT") },
    news: { host, port: num("NNTP_PORT"), group: "local.test" },
    mail: {
      // postfix relays from loopback and delivers @MAIL_DOMAIN through dovecot LMTP.
      smtp: { host, port: num("SMTP_PORT"), login: null },
      pop3: { host, port: num("POP3_PORT"), ...bob },
      imap: { host, port: num("IMAP_PORT"), ...bob },
      from: `tour@${domain}`,
      to: `${bob.user}@${domain}`,
      deliveryTimeout: 20,
    },
    ftp: { host, port: num("FTP_VSFTPD_PORT"), ...system, uploadDir: "upload" },
    telnet: { host, port: num("TELNET_LOGIN_PORT"), ...system, command: "echo hello from $(uname -s)" },
    http: {
      url: `http://${host}:${num("HTTP_PORT")}/hello.txt`,
      xmlrpc: `http://${host}:${num("XMLRPC_PORT")}/RPC2`,
    },
  };
}
