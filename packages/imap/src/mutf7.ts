// IMAP's modified UTF-7 for mailbox names (RFC 3501 5.1.3): how non-ASCII names travel when
// UTF8=ACCEPT is not enabled. Pure.

/**
 * encode_utf7 encodes a mailbox name: "&" becomes "&-", and each run of characters outside
 * printable ASCII becomes "&" + modified base64 of its UTF-16 + "-".
 *
 *	encode_utf7("Entwürfe")  ->  "Entw&APw-rfe"
 */
export function encode_utf7(name: string): string {
  let out = "";
  let run = "";
  const flush = () => {
    if (!run) return;
    const units = Buffer.alloc(run.length * 2);
    for (let i = 0; i < run.length; i++) units.writeUInt16BE(run.charCodeAt(i), i * 2);
    out += `&${units.toString("base64").replace(/=+$/, "").replace(/\//g, ",")}-`;
    run = "";
  };
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c <= 0x7e) {
      flush();
      out += ch === "&" ? "&-" : ch;
    } else run += ch;
  }
  flush();
  return out;
}

/**
 * decode_utf7 decodes a mailbox name as LIST returns it: decode_utf7("Entw&APw-rfe") is
 * "Entwürfe". Malformed runs are left as they are.
 */
export function decode_utf7(name: string): string {
  return name.replace(/&([A-Za-z0-9+,]*)-/g, (whole, b64: string) => {
    if (b64 === "") return "&";
    const bytes = Buffer.from(b64.replace(/,/g, "/"), "base64");
    if (bytes.length % 2 !== 0) return whole;
    let s = "";
    for (let i = 0; i < bytes.length; i += 2) s += String.fromCharCode(bytes.readUInt16BE(i));
    return s;
  });
}
