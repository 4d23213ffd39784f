// The TLS side the test servers share: the test certificate (packages/testing/certs, shipped
// with the package; valid for localhost, 127.0.0.1 and ::1) and the server context their `tls`
// option asks for.
import { fileURLToPath } from "node:url";
import { PROTOCOL_TLS_SERVER, SSLContext } from "@inetlib/socket";

/** ServerCredentials are a server's certificate chain and key, as PEM file paths. */
export interface ServerCredentials {
  certfile: string;
  keyfile?: string;
}

/** TestCertificate names a file of the shipped test certificates (certs/README.md). */
export type TestCertificate =
  | "ca.pem"
  | "server.pem"
  | "server-key.pem"
  | "server-keycert.pem"
  | "selfsigned.pem"
  | "selfsigned-key.pem";

/**
 * testCertificate is the path of `name` among the test certificates. Test-only: their private
 * keys are public, so never trust ca.pem outside tests.
 */
export function testCertificate(name: TestCertificate): string {
  // One level up from src/ (the repository) and from dist/ (the installed package) alike.
  return fileURLToPath(new URL(`../certs/${name}`, import.meta.url));
}

/** testCredentials returns the test certificate and key (a fresh object each call). */
export function testCredentials(): ServerCredentials {
  return { certfile: testCertificate("server.pem"), keyfile: testCertificate("server-key.pem") };
}

/** testCA is the CA file that verifies testCredentials(). */
export const testCA: string = testCertificate("ca.pem");

/**
 * serverContext returns the server-side context for a `tls` option (true: `defaults`), or null
 * without one; `implicit` TLS without credentials throws TypeError.
 */
export function serverContext(
  tls: ServerCredentials | true | undefined,
  defaults: ServerCredentials,
  implicit: boolean,
): SSLContext | null {
  const creds = tls === true ? defaults : tls;
  let context: SSLContext | null = null;
  if (creds) {
    context = new SSLContext(PROTOCOL_TLS_SERVER);
    context.load_cert_chain(creds.certfile, creds.keyfile ?? null);
  }
  if (implicit && !context) throw new TypeError("implicitTLS needs the tls option");
  return context;
}
