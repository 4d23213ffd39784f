// Turning fetched bytes into what they mean: Content-Transfer-Encoding (RFC 2045 6) and
// encoded words in header fields (RFC 2047). Pure.

/**
 * decodeTransferEncoding undoes a part's Content-Transfer-Encoding: base64 and
 * quoted-printable are decoded, 7bit, 8bit, binary and unknown encodings returned as they are.
 */
export function decodeTransferEncoding(data: Buffer, encoding: string | null): Buffer {
  switch ((encoding ?? "").toLowerCase()) {
    case "base64":
      return Buffer.from(data.toString("latin1").replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
    case "quoted-printable":
      return decodeQuotedPrintable(data);
    default:
      return data;
  }
}

/** decodeQuotedPrintable decodes quoted-printable (soft line breaks removed, =XX decoded). */
export function decodeQuotedPrintable(data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c !== 0x3d) {
      out[n++] = c;
      continue;
    }
    if (data[i + 1] === 0x0d && data[i + 2] === 0x0a) i += 2;
    else if (data[i + 1] === 0x0a) i += 1;
    else {
      const hex = data.subarray(i + 1, i + 3).toString("latin1");
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[n++] = Number.parseInt(hex, 16);
        i += 2;
      } else out[n++] = c;
    }
  }
  return out.subarray(0, n);
}

const WORD = /=\?([^?*\s]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * decodeWords decodes the RFC 2047 encoded words in a header value:
 *
 *	decodeWords("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from =?ISO-8859-1?B?Sm9zdA==?=")  ->  "Grüße from Jost"
 *
 * Space between two encoded words is dropped, as the RFC says; a charset the runtime does
 * not know leaves that word as it was.
 */
export function decodeWords(value: string): string {
  let out = "";
  let last = 0;
  let previousWasWord = false;
  for (const m of value.matchAll(WORD)) {
    const between = value.slice(last, m.index);
    if (!(previousWasWord && /^\s*$/.test(between))) out += between;
    const decoded = decodeWord(m[1]!, m[2]!, m[3]!);
    out += decoded ?? m[0];
    previousWasWord = decoded !== null;
    last = m.index + m[0].length;
  }
  return out + value.slice(last);
}

function decodeWord(charset: string, encoding: string, text: string): string | null {
  const bytes =
    encoding.toUpperCase() === "B"
      ? Buffer.from(text, "base64")
      : decodeQuotedPrintable(Buffer.from(text.replace(/_/g, " "), "latin1"));
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return null;
  }
}
