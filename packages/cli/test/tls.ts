// The test certificate (localhost, 127.0.0.1, ::1) and its CA, from @inetlib/testing.
import { PROTOCOL_TLS_SERVER, SSLContext } from "@inetlib/socket";
import { pop3TestCA, pop3TestCredentials } from "@inetlib/testing";

/** CA is the PEM file that verifies the test servers' certificate. */
export const CA: string = pop3TestCA;

/** serverContext is a server-side context with the test certificate. */
export function serverContext(): SSLContext {
  const ctx = new SSLContext(PROTOCOL_TLS_SERVER);
  ctx.load_cert_chain(pop3TestCredentials.certfile, pop3TestCredentials.keyfile ?? null);
  return ctx;
}
