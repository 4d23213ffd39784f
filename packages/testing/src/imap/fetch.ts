// FETCH (RFC 3501 6.4.5, 7.4.2): the items asked for, and one message's response.
import { bodystructure, envelope, section } from "./mime.js";
import type { StoredMessage } from "./store.js";
import { type Arg, CommandSyntaxError, literal } from "./syntax.js";

/** FetchItem is one item to return: its name in the response and how to make its value. */
interface FetchItem {
  name: string;
  /** Section spec inside the brackets, for BODY[...]; partial range. */
  section?: string;
  partial?: [number, number] | null;
  peek?: boolean;
}

const MACROS: Record<string, string[]> = {
  ALL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"],
  FAST: ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
  FULL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"],
};

const SIMPLE = new Set([
  "FLAGS",
  "UID",
  "INTERNALDATE",
  "RFC822.SIZE",
  "ENVELOPE",
  "BODYSTRUCTURE",
  "BODY",
  "RFC822",
  "RFC822.HEADER",
  "RFC822.TEXT",
]);

/** fetchItems parses the items of a FETCH ("(UID FLAGS BODY.PEEK[HEADER])", "ALL"); UID FETCH adds UID. */
export function fetchItems(spec: Arg, uid: boolean): FetchItem[] {
  const words = Array.isArray(spec) ? spec : [spec];
  const names: string[] = [];
  for (const w of words) {
    if (typeof w !== "string") throw new CommandSyntaxError("bad fetch item");
    const macro = MACROS[w.toUpperCase()];
    if (macro && !Array.isArray(spec)) names.push(...macro);
    else names.push(w);
  }
  const items = names.map(item);
  if (uid && !items.some((i) => i.name === "UID")) items.unshift({ name: "UID" });
  return items;
}

function item(word: string): FetchItem {
  const upper = word.toUpperCase();
  if (SIMPLE.has(upper)) return { name: upper };
  const m = /^(BODY|BODY\.PEEK|BINARY|BINARY\.PEEK)\[([^\]]*)\](?:<(\d+)\.(\d+)>)?$/i.exec(word);
  if (!m) throw new CommandSyntaxError(`unknown fetch item ${word}`);
  return {
    name: m[1]!.toUpperCase().replace(".PEEK", ""),
    section: m[2]!,
    partial: m[3] !== undefined ? [Number(m[3]), Number(m[4])] : null,
    peek: m[1]!.toUpperCase().endsWith(".PEEK"),
  };
}

/** sets tells whether fetching the items sets \Seen (a non-PEEK body section, RFC822, RFC822.TEXT). */
export function setsSeen(items: FetchItem[]): boolean {
  return items.some(
    (i) =>
      i.name === "RFC822" ||
      i.name === "RFC822.TEXT" ||
      ((i.name === "BODY" || i.name === "BINARY") && i.section !== undefined && !i.peek),
  );
}

/** fetchResponse returns "* seq FETCH (...)" with CRLF, as latin1 text holding the bytes. */
export function fetchResponse(
  msg: StoredMessage,
  seq: number,
  items: FetchItem[],
  seenChanged: boolean,
): string {
  const parts: string[] = [];
  for (const it of items) {
    switch (it.name) {
      case "FLAGS":
        parts.push(`FLAGS (${[...msg.flags].join(" ")})`);
        break;
      case "UID":
        parts.push(`UID ${msg.uid}`);
        break;
      case "INTERNALDATE":
        parts.push(`INTERNALDATE "${internalDate(msg.internalDate)}"`);
        break;
      case "RFC822.SIZE":
        parts.push(`RFC822.SIZE ${msg.data.length}`);
        break;
      case "ENVELOPE":
        parts.push(`ENVELOPE ${envelope(msg.mime)}`);
        break;
      case "BODYSTRUCTURE":
        parts.push(`BODYSTRUCTURE ${bodystructure(msg.mime, true)}`);
        break;
      case "RFC822":
        parts.push(`RFC822 ${literal(msg.data)}`);
        break;
      case "RFC822.HEADER":
        parts.push(`RFC822.HEADER ${literal(msg.mime.header)}`);
        break;
      case "RFC822.TEXT":
        parts.push(`RFC822.TEXT ${literal(msg.mime.body)}`);
        break;
      case "BODY":
      case "BINARY":
        if (it.section === undefined) {
          parts.push(`BODY ${bodystructure(msg.mime, false)}`);
          break;
        }
        parts.push(bodySection(msg, it));
        break;
    }
  }
  if (seenChanged && !items.some((i) => i.name === "FLAGS"))
    parts.push(`FLAGS (${[...msg.flags].join(" ")})`);
  return `* ${seq} FETCH (${parts.join(" ")})\r\n`;
}

function bodySection(msg: StoredMessage, it: FetchItem): string {
  const data = section(msg.mime, msg.data, it.section!);
  const spec = it.section!.toUpperCase();
  if (data === null) return `${it.name}[${spec}] NIL`;
  if (!it.partial) return `${it.name}[${spec}] ${literal(data)}`;
  const [start, length] = it.partial;
  return `${it.name}[${spec}]<${start}> ${literal(data.subarray(start, start + length))}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** internalDate formats a Date as INTERNALDATE in UTC: "01-Jan-2024 00:01:00 +0000". */
export function internalDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** parseInternalDate reads an APPEND date-time ("17-Jul-1996 02:44:25 -0700"), or null. */
export function parseInternalDate(s: string): Date | null {
  const m = /^ ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([-+])(\d{2})(\d{2})$/.exec(s);
  const mon = m ? MONTHS.findIndex((x) => x.toLowerCase() === m[2]!.toLowerCase()) : -1;
  if (!m || mon < 0) return null;
  const zone = (Number(m[8]) * 60 + Number(m[9])) * (m[7] === "-" ? -1 : 1);
  return new Date(
    Date.UTC(Number(m[3]), mon, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - zone * 60000,
  );
}
