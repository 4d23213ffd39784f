// Pieces the protocol case files share.
import { create_default_context, type SSLContext } from "@inetlib/socket";

/** HOST is where every fault server listens. */
export const HOST = "127.0.0.1";
/** T is the clients' timeout, in seconds. */
export const T = 3;

/** trusting is a client context that verifies the test certificate (the CA path comes from the runner). */
export function trusting(): SSLContext {
  return create_default_context({ cafile: process.env.FAULTS_CA ?? null });
}

/** LONG is a line far over every line limit (2 MiB), without its end. */
export const LONG = "x".repeat(2 * 1024 * 1024);

/** BAD_BYTES is a NUL and invalid UTF-8. */
export const BAD_BYTES = Buffer.from([0x00, 0xff, 0xfe, 0xc3, 0x28]).toString("latin1");
