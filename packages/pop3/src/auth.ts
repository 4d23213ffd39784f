// The SASL exchange of POP3's AUTH command (RFC 5034):
//
//	C: AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm      (initial response, when it fits)
//	S: +OK Maildrop locked and ready
//
//	C: AUTH LOGIN
//	S: + VXNlcm5hbWU6
//	C: dGlt
//	S: + UGFzc3dvcmQ6
//	C: dGFuc3RhYWY=
//	S: +OK
import { ValueError } from "@inetlib/socket";
import { error_proto } from "./errors.js";
import { SASL_INITIAL_RESPONSE_MAX } from "./limits.js";
import { type AuthObject, decodeChallenge, encodeResponse, toBytes } from "./sasl.js";
import type { Wire } from "./wire.js";

/** AuthOptions are auth()'s keyword arguments (smtplib's). */
export interface AuthOptions {
  /** Send the first response with the AUTH command when it fits in 255 octets (default true). */
  initial_response_ok?: boolean;
}

// A server that never stops challenging must not keep the client in the loop.
const MAX_STEPS = 16;

/**
 * saslExchange runs AUTH `mechanism` with `authobject` answering the challenges and returns
 * the final +OK line. A -ERR throws error_proto(line). When `authobject` throws, or a
 * challenge is not base64, the exchange is cancelled with "*" before the error is rethrown.
 */
export async function saslExchange(
  w: Wire,
  mechanism: string,
  authobject: AuthObject,
  options: AuthOptions = {},
): Promise<Buffer> {
  if (!/^[A-Za-z0-9_-]{1,20}$/.test(mechanism))
    throw new ValueError(`invalid SASL mechanism name: ${mechanism}`);
  let command = `AUTH ${mechanism}`;
  let pending: Buffer | null = null;
  if (options.initial_response_ok ?? true) {
    const first = await authobject(null);
    if (first !== null) {
      const bytes = toBytes(first);
      const encoded = encodeResponse(bytes, true);
      if (command.length + 1 + encoded.length + 2 <= SASL_INITIAL_RESPONSE_MAX) command += ` ${encoded}`;
      else pending = bytes; // RFC 5034 4: send it at the first (empty) challenge instead
    }
  }
  await w.putcmd(command);
  for (let step = 0; ; step++) {
    const [line] = await w.getline();
    if (w.debug.level > 1) w.debug.print("*resp*", line);
    let challenge: Buffer | null;
    try {
      if (step >= MAX_STEPS) throw new error_proto(`-ERR SASL exchange longer than ${MAX_STEPS} steps`);
      challenge = decodeChallenge(line);
    } catch (err) {
      await cancel(w);
      throw err;
    }
    if (challenge === null) {
      if (line[0] === 0x2b) return line;
      throw new error_proto(line);
    }
    let answer: string | Uint8Array | null;
    try {
      answer = pending ?? (await authobject(challenge));
    } catch (err) {
      await cancel(w);
      throw err;
    }
    pending = null;
    await w.putcmd(encodeResponse(toBytes(answer ?? ""), false), true);
  }
}

// RFC 5034 4: "*" cancels; the server answers -ERR, which is read so the connection stays in step.
async function cancel(w: Wire): Promise<void> {
  await w.putcmd("*");
  await w.getline();
}
