// What http.client checks before a byte is sent: the method, the URL, the host, header names
// and values (CVE-2019-9740, CVE-2019-9947, CVE-2019-18348, CVE-2020-26116), and the latin-1
// and ASCII encodability Python's encode() calls imply.
import { pyrepr, UnicodeEncodeError, ValueError } from "@inetlib/socket";
import { InvalidURL } from "./errors.js";

// Control characters are what these patterns are about (Python's own regular expressions).
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const DISALLOWED_URL_CHAR = /[\x00-\x20\x7f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const DISALLOWED_METHOD_CHAR = /[\x00-\x1f]/;
const LEGAL_HEADER_NAME = /^[^:\s][^:\r\n]*$/;
const ILLEGAL_HEADER_VALUE = /\n(?![ \t])|\r(?![ \t\n])/;

/** _validate_method: no control characters in a method (HTTP header injection, CVE-2020-26116). */
export function validateMethod(method: string): void {
  const m = DISALLOWED_METHOD_CHAR.exec(method);
  if (m)
    throw new ValueError(
      `method can't contain control characters. ${pyrepr(method)} (found at least ${pyrepr(m[0])})`,
    );
}

/** _validate_path: no control characters or spaces in a request target (CVE-2019-9740). */
export function validatePath(url: string): void {
  const m = DISALLOWED_URL_CHAR.exec(url);
  if (m)
    throw new InvalidURL(
      `URL can't contain control characters. ${pyrepr(url)} (found at least ${pyrepr(m[0])})`,
    );
}

/** _validate_host: the same rule for the host (CVE-2019-18348). */
export const validateHost = validatePath;

/** checkAscii: Python's str.encode("ascii") on the request line, as a check. */
export function checkAscii(text: string, what = "request"): void {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f)
      throw new UnicodeEncodeError(
        `'ascii' codec can't encode character ${pyrepr(text[i]!)} in position ${i}: ordinal not in range(128) (${what})`,
      );
  }
}

/** checkLatin1: Python's str.encode("latin-1") on a header value, as a check. */
export function checkLatin1(text: string, what: string): void {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff)
      throw new UnicodeEncodeError(
        `'latin-1' codec can't encode character ${pyrepr(text[i]!)} in position ${i}: ordinal not in range(256) (${what})`,
      );
  }
}

/** validateHeaderName: putheader's _is_legal_header_name; the name must be ASCII as well. */
export function validateHeaderName(name: string): void {
  checkAscii(name, "header name");
  if (!LEGAL_HEADER_NAME.test(name)) throw new ValueError(`Invalid header name ${pyrepr(Buffer.from(name))}`);
}

/** validateHeaderValue: putheader's _is_illegal_header_value (a CR or LF not starting a fold). */
export function validateHeaderValue(value: string): void {
  checkLatin1(value, "header value");
  if (ILLEGAL_HEADER_VALUE.test(value))
    throw new ValueError(`Invalid header value ${pyrepr(Buffer.from(value, "latin1"))}`);
}

/**
 * getHostPort is HTTPConnection._get_hostport: "host:port" and "[v6]:port" split, the default
 * port when none is given, InvalidURL for a port that is not a number.
 */
export function getHostPort(
  host: string,
  port: number | null | undefined,
  defaultPort: number,
): [string, number] {
  if (port === null || port === undefined) {
    const i = host.lastIndexOf(":");
    const j = host.lastIndexOf("]");
    if (i > j) {
      const text = host.slice(i + 1);
      if (text === "") port = defaultPort;
      else if (/^\s*[+-]?\d+\s*$/.test(text)) port = Number.parseInt(text, 10);
      else throw new InvalidURL(`nonnumeric port: '${text}'`);
      host = host.slice(0, i);
    } else port = defaultPort;
    if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  }
  return [host, port];
}
