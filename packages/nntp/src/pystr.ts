// Python's str.split(), str.strip() and int() as nntplib applies them to response text: the
// whitespace set is Python's (str.isspace), not JavaScript's \s, so results match byte for byte.
import { pyint, pyrepr, ValueError } from "@inetlib/socket";

const WS = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const RUNS = new RegExp(`[${WS}]+`);
const LEAD = new RegExp(`^[${WS}]+`);
const TRAIL = new RegExp(`[${WS}]+$`);
const ALL = new RegExp(`^[${WS}]+$`);
const DIGITS = /^[0-9]{1,15}$/;

/** split is str.split() without arguments: runs of whitespace separate, none at either end. */
export function split(text: string): string[] {
  const trimmed = strip(text);
  return trimmed === "" ? [] : trimmed.split(RUNS);
}

/** strip is str.strip(). */
export function strip(text: string): string {
  return text.replace(LEAD, "").replace(TRAIL, "");
}

/** lstrip is str.lstrip(). */
export function lstrip(text: string): string {
  return text.replace(LEAD, "");
}

/** isspace is str.isspace(): not empty, and whitespace only. */
export function isspace(text: string): boolean {
  return ALL.test(text);
}

/** toInt is int(text), or null where Python's int() raises ValueError. */
export function toInt(text: string | undefined): number | null {
  // Plain decimal digits (an article number, a count) are int() of themselves; up to 15 digits
  // the double is exact. Anything else (signs, spaces, underscores) takes Python's rules below.
  if (text !== undefined && DIGITS.test(text)) return Number(text);
  if (text === undefined || [...text].some((c) => c.charCodeAt(0) > 0x7f)) return null;
  return pyint(Buffer.from(text, "latin1"));
}

/** int is Python's int(text): ValueError "invalid literal for int() with base 10: '...'" where it fails. */
export function int(text: string): number {
  const n = toInt(text);
  if (n === null) throw new ValueError(`invalid literal for int() with base 10: ${pyrepr(text)}`);
  return n;
}
