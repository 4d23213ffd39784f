// Building the one line a gopher client sends (RFC 1436; Gopher+ 2.4, 2.5, 2.7):
//
//	selector CRLF
//	selector TAB search CRLF                 a type-7 search
//	selector TAB gopher+ CRLF                "+", "+view", "!", "!+ADMIN", "$", "$+VIEWS"
//	selector TAB search TAB gopher+ CRLF
//	selector TAB + TAB 1 CRLF data-block     a form's answers (Gopher+ 2.8)
//
// Each field is checked before anything is encoded: a CR or LF would end the request early and
// a TAB would start a search or a Gopher+ request the caller did not ask for.
import { checkArgument, encodeText, ValueError } from "@inetlib/socket";

/** Selector is a selector as text (encoded with the client's encoding) or as the exact bytes to send. */
export type Selector = string | Uint8Array;

/** SelectorEncoding is how text selectors are encoded and menus decoded. */
export type SelectorEncoding = "utf8" | "latin1";

/** RequestOptions add the optional fields after the selector. */
export interface RequestOptions {
  /** The words of a type-7 search; "" sends an empty search (a Gopher+ attribute request on an index). */
  query?: string | Uint8Array | null;
  /** A Gopher+ request: "+" (optionally with a view), "!" or "$" (optionally with attribute names). */
  plus?: string | null;
  /** A data block follows the request (TAB "1" after the Gopher+ string: a form's answers). */
  data?: boolean;
  encoding?: SelectorEncoding;
}

const CRLF = Buffer.from("\r\n");
const TAB = Buffer.from("\t");

/**
 * checkField throws ValueError when `field` holds CR, LF, NUL or TAB; `what` names it in the
 * message ("selector", "query", "Gopher+ string").
 */
export function checkField(field: string | Uint8Array, what = "selector"): void {
  checkArgument(field);
  const tab = typeof field === "string" ? field.includes("\t") : field.includes(9);
  if (tab) throw new ValueError(`a TAB character should not be contained in a gopher ${what}`);
}

/** checkPlus throws ValueError unless `plus` is a Gopher+ request string ("+...", "!..." or "$..."). */
export function checkPlus(plus: string): void {
  checkField(plus, "Gopher+ string");
  if (!/^[+!$]/.test(plus))
    throw new ValueError(`a Gopher+ string starts with "+", "!" or "$", not ${JSON.stringify(plus)}`);
}

/** encodeField returns the bytes of a selector or search as they go on the wire. */
export function encodeField(field: string | Uint8Array, encoding: SelectorEncoding = "utf8"): Buffer {
  if (typeof field !== "string") return Buffer.from(field.buffer, field.byteOffset, field.byteLength);
  return encodeText(field, encoding);
}

/**
 * encodeRequest returns the request line, CRLF included:
 *
 *	encodeRequest("/words", { query: "alpha" })   ->  "/words\talpha\r\n"
 *	encodeRequest("/doc", { plus: "!" })          ->  "/doc\t!\r\n"
 *
 * Nothing is returned (ValueError) when a field holds CR, LF, NUL or TAB.
 */
export function encodeRequest(selector: Selector, options: RequestOptions = {}): Buffer {
  const { query = null, plus = null, encoding = "utf8", data = false } = options;
  if (data && plus === null) throw new ValueError("a data block follows a Gopher+ request only");
  checkField(selector, "selector");
  if (query !== null) checkField(query, "search");
  if (plus !== null) checkPlus(plus);
  const parts: Buffer[] = [encodeField(selector, encoding)];
  if (query !== null) parts.push(TAB, encodeField(query, encoding));
  if (plus !== null) parts.push(TAB, encodeText(plus, encoding));
  if (data) parts.push(TAB, Buffer.from("1"));
  parts.push(CRLF);
  return Buffer.concat(parts);
}
