// Turning fetched bytes into what they mean: Content-Transfer-Encoding (RFC 2045 6), encoded
// words in header fields (RFC 2047) and MIME parameter values (RFC 2231). Pure.

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

/**
 * decodeParams decodes MIME parameters as BODYSTRUCTURE lists them (names lower-cased): RFC
 * 2231 continuations (`name*0`, `name*1*`, ...) joined in order, `name*` values decoded from
 * their charset ("UTF-8''%E2%82%AC.pdf"), then RFC 2047 words in what is left. An extended
 * value wins over a plain one of the same name; an unknown charset keeps the bytes as latin1.
 *
 *	{ "filename*": "UTF-8''r%C3%A9sum%C3%A9.pdf" }  ->  { filename: "résumé.pdf" }
 */
export function decodeParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const plain: Record<string, string> = {};
  const extended: Record<string, string> = {};
  const pieces: Record<string, { index: number; value: string; encoded: boolean }[]> = {};
  for (const [key, value] of Object.entries(params)) {
    const m = /^(.*?)\*(\d+)(\*?)$/.exec(key);
    if (m) {
      const list = pieces[m[1]!] ?? [];
      list.push({ index: Number(m[2]), value, encoded: m[3] === "*" });
      pieces[m[1]!] = list;
    } else if (key.endsWith("*")) extended[key.slice(0, -1)] = decodeExtended(value);
    else plain[key] = decodeWords(value);
  }
  for (const [name, parts] of Object.entries(pieces)) {
    parts.sort((a, b) => a.index - b.index);
    // The charset is named once, in the first piece; the others are percent-encoded in it.
    const first = parts[0]!;
    const charset = first.encoded ? /^([^']*)'[^']*'/.exec(first.value)?.[1] : undefined;
    const bytes: Buffer[] = parts.map((p, i) => {
      if (!p.encoded) return Buffer.from(p.value, "utf8");
      const raw = i === 0 && charset !== undefined ? p.value.replace(/^[^']*'[^']*'/, "") : p.value;
      return percentDecode(raw);
    });
    const joined = Buffer.concat(bytes);
    extended[name] = charset ? decodeCharset(joined, charset) : decodeWords(joined.toString("utf8"));
  }
  return { ...plain, ...extended };
}

// charset'language'value (RFC 2231 4) with the value percent-encoded.
function decodeExtended(value: string): string {
  const m = /^([^']*)'[^']*'(.*)$/s.exec(value);
  if (!m) return decodeWords(value);
  return decodeCharset(percentDecode(m[2]!), m[1] || "us-ascii");
}

function percentDecode(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else for (const byte of Buffer.from(text[i]!, "utf8")) out.push(byte);
  }
  return Buffer.from(out);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString("latin1");
  }
}
