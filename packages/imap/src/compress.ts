// COMPRESS=DEFLATE (RFC 4978): after the tagged OK, everything both ways is raw DEFLATE over
// the connection (over TLS when TLS is on), through the core's DeflateSocket, the same layer
// NNTP's COMPRESS (RFC 8054) uses.
//
//	C: A3 COMPRESS DEFLATE
//	S: A3 OK DEFLATE active
//	(compressed from the next byte on, both ways)
import { DeflateSocket } from "@inetlib/socket";
import type { IMAP4Core } from "./core.js";
import { abort, error } from "./errors.js";
import { isPair, type Response } from "./response.js";
import { decode } from "./wire.js";

/**
 * compress is IMAP4.compress's work: refused when compression is already on (nothing sent) or
 * the server does not offer COMPRESS=DEFLATE. Servers often offer it only after login (dovecot
 * does) and imaplib never reads capabilities again, so when the known ones lack it, CAPABILITY
 * is asked once more before refusing. On OK the connection is layered, what the server sent
 * after its OK inflated first. Corrupt compressed data later raises abort.
 */
export function compress(imap: IMAP4Core): Promise<Response> {
  if (imap._compressed) return Promise.reject(new error("compression already active"));
  return imap._run("COMPRESS", async () => {
    if (!imap.capabilities.includes("COMPRESS=DEFLATE")) await imap._get_capabilities();
    if (!imap.capabilities.includes("COMPRESS=DEFLATE"))
      throw new error("COMPRESS=DEFLATE not supported by server");
    const [typ, dat] = await imap._simple_command_unlocked("COMPRESS", "DEFLATE");
    if (typ !== "OK") {
      const last = dat[dat.length - 1];
      throw new error(last ? decode(isPair(last) ? last[0] : last, "utf8", "replace") : "COMPRESS refused");
    }
    await imap._layer(
      (inner, leftover) =>
        new DeflateSocket(inner, leftover, {
          error: (message, cause) => new abort(message, ...(cause ? [{ cause }] : [])),
        }),
    );
    return [typ, dat];
  });
}
