// Item types: gopherlib's A_* constants and type_to_name, then what RFC 1436 and the gopher
// of today add (the de-facto "i" info lines, "h" with URL: selectors, and a few more), sorted
// into the kinds a client acts on.
import { pyrepr } from "@inetlib/socket";

/** DEF_SELECTOR is gopherlib's default selector ("1/"). */
export const DEF_SELECTOR = "1/";
/** DEF_HOST is gopherlib's default host, the University of Minnesota's first gopher. */
export const DEF_HOST = "gopher.micro.umn.edu";
/** DEF_PORT is the gopher port (RFC 1436). */
export const DEF_PORT = 70;

export const A_TEXT = "0";
export const A_MENU = "1";
export const A_CSO = "2";
export const A_ERROR = "3";
export const A_MACBINHEX = "4";
export const A_PCBINHEX = "5";
export const A_UUENCODED = "6";
export const A_INDEX = "7";
export const A_TELNET = "8";
export const A_BINARY = "9";
export const A_DUPLICATE = "+";
export const A_SOUND = "s";
export const A_EVENT = "e";
export const A_CALENDAR = "c";
export const A_HTML = "h";
export const A_TN3270 = "T";
export const A_MIME = "M";
export const A_IMAGE = "I";
export const A_WHOIS = "w";
export const A_QUERY = "q";
export const A_GIF = "g";
export const A_WWW = "w";
export const A_PLUS_IMAGE = ":";
export const A_PLUS_MOVIE = ";";
export const A_PLUS_SOUND = "<";
/** A_INFO is the de-facto informational line ("i"): display text only, not selectable. */
export const A_INFO = "i";

// gopherlib builds its map from dir(): names in sorted order, a later name winning a shared
// code, so 'w' is WWW (not WHOIS). 'i' was never in gopherlib and stays out of it here.
const PYTHON_NAMES: ReadonlyMap<string, string> = new Map(
  (
    [
      ["BINARY", A_BINARY],
      ["CALENDAR", A_CALENDAR],
      ["CSO", A_CSO],
      ["DUPLICATE", A_DUPLICATE],
      ["ERROR", A_ERROR],
      ["EVENT", A_EVENT],
      ["GIF", A_GIF],
      ["HTML", A_HTML],
      ["IMAGE", A_IMAGE],
      ["INDEX", A_INDEX],
      ["MACBINHEX", A_MACBINHEX],
      ["MENU", A_MENU],
      ["MIME", A_MIME],
      ["PCBINHEX", A_PCBINHEX],
      ["PLUS_IMAGE", A_PLUS_IMAGE],
      ["PLUS_MOVIE", A_PLUS_MOVIE],
      ["PLUS_SOUND", A_PLUS_SOUND],
      ["QUERY", A_QUERY],
      ["SOUND", A_SOUND],
      ["TELNET", A_TELNET],
      ["TEXT", A_TEXT],
      ["TN3270", A_TN3270],
      ["UUENCODED", A_UUENCODED],
      ["WHOIS", A_WHOIS],
      ["WWW", A_WWW],
    ] as const
  ).map(([name, code]) => [code, name] as const),
);

/**
 * type_to_name(gtype) returns gopherlib's name for an item type ("TEXT" for "0"), or
 * "TYPE='x'" (Python's repr of the code) for a type gopherlib did not know.
 */
export function type_to_name(gtype: string): string {
  return PYTHON_NAMES.get(gtype) ?? `TYPE=${pyrepr(gtype)}`;
}

/**
 * ItemKind is what a client does with an item type: fetch a menu, a text, a binary; ask for a
 * search; show an info line; or hand it to another program (telnet, a web browser, CSO).
 */
export type ItemKind = "menu" | "text" | "binary" | "search" | "info" | "error" | "telnet" | "url" | "cso";

interface TypeInfo {
  kind: ItemKind;
  /** The short label a terminal menu shows. */
  label: string;
}

const TYPES: ReadonlyMap<string, TypeInfo> = new Map([
  [A_TEXT, { kind: "text", label: "TXT" }],
  [A_MENU, { kind: "menu", label: "DIR" }],
  [A_CSO, { kind: "cso", label: "CSO" }],
  [A_ERROR, { kind: "error", label: "ERR" }],
  [A_MACBINHEX, { kind: "text", label: "HQX" }],
  [A_PCBINHEX, { kind: "binary", label: "DOS" }],
  [A_UUENCODED, { kind: "text", label: "UUE" }],
  [A_INDEX, { kind: "search", label: "FND" }],
  [A_TELNET, { kind: "telnet", label: "TEL" }],
  [A_BINARY, { kind: "binary", label: "BIN" }],
  [A_DUPLICATE, { kind: "binary", label: "DUP" }],
  [A_SOUND, { kind: "binary", label: "SND" }],
  [A_EVENT, { kind: "text", label: "EVT" }],
  [A_CALENDAR, { kind: "text", label: "CAL" }],
  [A_HTML, { kind: "text", label: "HTM" }],
  [A_TN3270, { kind: "telnet", label: "3270" }],
  [A_MIME, { kind: "text", label: "MIM" }],
  [A_IMAGE, { kind: "binary", label: "IMG" }],
  [A_WHOIS, { kind: "text", label: "WHO" }],
  [A_QUERY, { kind: "search", label: "QRY" }],
  [A_GIF, { kind: "binary", label: "GIF" }],
  [A_PLUS_IMAGE, { kind: "binary", label: "IMG" }],
  [A_PLUS_MOVIE, { kind: "binary", label: "MOV" }],
  [A_PLUS_SOUND, { kind: "binary", label: "SND" }],
  [A_INFO, { kind: "info", label: "" }],
  ["d", { kind: "binary", label: "DOC" }],
  ["p", { kind: "binary", label: "PNG" }],
  ["P", { kind: "binary", label: "PDF" }],
  ["x", { kind: "text", label: "XML" }],
  ["r", { kind: "binary", label: "RTF" }],
]);

/**
 * itemKind(type, selector) tells what an item of that type is for. An "h" item whose selector
 * starts with "URL:" points outside gopher ("url"); any other "h" is an HTML text. Unknown
 * types are treated as binary, the safe way to fetch what one cannot interpret.
 */
export function itemKind(type: string, selector = ""): ItemKind {
  if (type === A_HTML && selector.startsWith("URL:")) return "url";
  return TYPES.get(type)?.kind ?? "binary";
}

/** typeLabel(type) is the short label a terminal menu shows ("TXT", "DIR", ...; "?" for an unknown type). */
export function typeLabel(type: string): string {
  return TYPES.get(type)?.label ?? "?";
}
