// Pieces the protocol case files share.
import zlib from "node:zlib";
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

/** deflated is `data` raw-deflated and sync-flushed, as a server sends after COMPRESS; each is self-contained. */
export function deflated(data: string | Buffer): Buffer {
  return zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

/** bomb inflates to 16 MiB of "a" (no line end) from a few KiB; sent again and again it never ends. */
export function bomb(): Buffer {
  return Buffer.concat(Array(16).fill(deflated(Buffer.alloc(1024 * 1024, "a"))));
}

/** inflatingTrickle is a line that never ends, each compressed piece inflating to one more byte (latin1). */
export function inflatingTrickle(start: string): string {
  return Buffer.concat([deflated(start), ...Array(64).fill(deflated("x"))]).toString("latin1");
}
