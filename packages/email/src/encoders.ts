// email.encoders: set a non-multipart message's Content-Transfer-Encoding and encode its payload.
import { encodebytes } from "./base64mime.js";
import { Charset, type EncodableMessage } from "./charset.js";
import { b2a_qp } from "./quoprimime.js";

function payloadBytes(msg: EncodableMessage): Buffer | null {
  const p = msg.get_payload(null, true);
  return p === null || p === undefined ? null : Buffer.from(p as Uint8Array);
}

/** encode_base64 encodes the payload in base64 (lines of 76). */
export function encode_base64(msg: EncodableMessage): void {
  const orig = payloadBytes(msg) ?? Buffer.alloc(0);
  msg.set_payload(encodebytes(orig));
  msg.__setitem__("Content-Transfer-Encoding", "base64");
}

/** encode_quopri encodes the payload in quoted-printable, spaces and tabs quoted as Python does. */
export function encode_quopri(msg: EncodableMessage): void {
  const orig = payloadBytes(msg) ?? Buffer.alloc(0);
  const enc = b2a_qp(orig, true).toString("latin1").replace(/ /g, "=20");
  msg.set_payload(enc);
  msg.__setitem__("Content-Transfer-Encoding", "quoted-printable");
}

/** encode_7or8bit sets 7bit or 8bit, leaving the payload alone. */
export function encode_7or8bit(msg: EncodableMessage): void {
  const orig = payloadBytes(msg);
  if (orig === null) {
    msg.__setitem__("Content-Transfer-Encoding", "7bit");
    return;
  }
  msg.__setitem__("Content-Transfer-Encoding", orig.some((b) => b > 0x7f) ? "8bit" : "7bit");
}

/** encode_noop does nothing. */
export function encode_noop(_msg: EncodableMessage): void {}

Charset._encode_7or8bit = encode_7or8bit;
