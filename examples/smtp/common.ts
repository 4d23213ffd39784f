// What the SMTP examples share: an in-process server to send to (so that every example runs on
// any machine), the test CA it is certified by, and how an example runs as a program.
import { fileURLToPath } from "node:url";
import type { SMTPRefused } from "@inetlib/smtp";
import { PROTOCOL_TLS_SERVER, pyrepr, pytuple, SSLContext } from "@inetlib/socket";
import { SMTPServer, testCA, testCertificate } from "@inetlib/testing";

export type Log = (...args: unknown[]) => void;

/** Target is where an example sends: the in-process server, or a real one from the command line. */
export interface Target {
  host: string;
  port: number;
  /** The CA file that certifies the server (the test CA for the in-process server). */
  cafile?: string;
  user?: string;
  password?: string;
}

/** The test CA (test-only: its key is public). */
export const CA_CERT = testCA;

/** pydict prints the refused-recipients map as Python prints sendmail()'s dict. */
export function pydict(refused: SMTPRefused): string {
  const items = Object.entries(refused).map(
    ([addr, reply]) => `${pyrepr(addr)}: ${pyrepr(pytuple(...reply))}`,
  );
  return `{${items.join(", ")}}`;
}

/**
 * demoServer starts the in-process SMTP server: STARTTLS with the test certificate, AUTH for
 * alice (password "alice-pass") once TLS is on, every message recorded.
 */
export async function demoServer(): Promise<SMTPServer> {
  const tls = new SSLContext(PROTOCOL_TLS_SERVER);
  tls.load_cert_chain(testCertificate("server.pem"), testCertificate("server-key.pem"));
  return SMTPServer.start({ tls, users: { alice: "alice-pass" }, authRequiresTLS: true });
}

/**
 * runIfMain runs `example` when the file is the program: against a fresh in-process server
 * (printing what it received), or against HOST PORT [USER PASSWORD] from the command line.
 */
export async function runIfMain(
  url: string,
  example: (target: Target, log: Log) => Promise<unknown>,
): Promise<void> {
  if (process.argv[1] !== fileURLToPath(url)) return;
  const [host, port, user, password] = process.argv.slice(2);
  if (host) {
    await example(
      { host, port: Number(port ?? 25), ...(user ? { user, password: password ?? "" } : {}) },
      console.log,
    );
    return;
  }
  const server = await demoServer();
  try {
    await example(
      { host: "localhost", port: server.port, cafile: CA_CERT, user: "alice", password: "alice-pass" },
      console.log,
    );
    for (const m of server.messages) {
      console.log(`--- the server received, from ${m.mail_from} to ${m.rcpt_tos.join(", ")}:`);
      console.log(m.data.toString("utf8").trimEnd());
    }
  } finally {
    await server.close();
  }
}
