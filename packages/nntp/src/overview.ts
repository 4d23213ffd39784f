// The overview database (RFC 3977 8.3, 8.4): LIST OVERVIEW.FMT names the fields, and each OVER
// or XOVER line holds an article's fields separated by TABs. nntplib's parsers, pure.
import { NNTPDataError } from "./errors.js";
import { int } from "./pystr.js";

/**
 * Overview is one article's fields by name: the header names in lower case ("subject",
 * "from", ...) and the metadata names (":bytes", ":lines"). The seven default fields are always
 * strings, as in Python (an empty field is ""); an extra field (from LIST OVERVIEW.FMT) is null
 * when the line leaves it wholly empty, as in Python.
 */
export type Overview = {
  subject: string;
  from: string;
  date: string;
  "message-id": string;
  references: string;
  ":bytes": string;
  ":lines": string;
  [extra: string]: string | null;
};

/** OverviewEntry is [article number, fields], one element of over()'s list. */
export type OverviewEntry = [number, Overview];

/** _DEFAULT_OVERVIEW_FMT: the fields every server has, in order, used when LIST OVERVIEW.FMT is refused. */
export const _DEFAULT_OVERVIEW_FMT: readonly string[] = Object.freeze([
  "subject",
  "from",
  "date",
  "message-id",
  "references",
  ":bytes",
  ":lines",
]);

/** _OVERVIEW_FMT_ALTERNATIVES: the old names LIST OVERVIEW.FMT may give for the metadata. */
export const _OVERVIEW_FMT_ALTERNATIVES: Readonly<Record<string, string>> = Object.freeze({
  bytes: ":bytes",
  lines: ":lines",
});

/**
 * _parse_overview_fmt turns LIST OVERVIEW.FMT's lines into field names ("Xref:full" -> "xref",
 * "Bytes:" -> ":bytes"). NNTPDataError when the seven default fields are not first.
 */
export function _parse_overview_fmt(lines: readonly string[]): string[] {
  const fmt: string[] = [];
  for (const line of lines) {
    let name: string;
    if (line[0] === ":") name = `:${partition(line.slice(1))}`;
    else name = partition(line);
    name = name.toLowerCase();
    fmt.push(Object.hasOwn(_OVERVIEW_FMT_ALTERNATIVES, name) ? _OVERVIEW_FMT_ALTERNATIVES[name]! : name);
  }
  const defaults = _DEFAULT_OVERVIEW_FMT;
  if (fmt.length < defaults.length) throw new NNTPDataError("LIST OVERVIEW.FMT response too short");
  if (defaults.some((name, i) => fmt[i] !== name))
    throw new NNTPDataError("LIST OVERVIEW.FMT redefines default fields");
  return fmt;
}

/** _parse_overview parses OVER or XOVER lines with the field names `fmt`. */
export function _parse_overview(lines: readonly string[], fmt: readonly string[]): OverviewEntry[] {
  return lines.map((line) => parseOverviewLine(line, fmt));
}

/**
 * parseOverviewLine parses one overview line: "3000234\tI am just a test article\t...".
 * Fields beyond the defaults are headers given in full ("Xref: host group:1"), the name is
 * removed; fields beyond `fmt` are ignored, as Python does.
 */
export function parseOverviewLine(line: string, fmt: readonly string[]): OverviewEntry {
  const tokens = line.split("\t");
  const number = int(tokens[0]!);
  // A line that stops before the last default fields leaves them empty (Python would raise
  // KeyError on reading one); the type promises a string for each. One literal: every entry
  // shares its shape, where defining the fields one by one made each object on its own.
  const fields: Record<string, string | null> = {
    subject: "",
    from: "",
    date: "",
    "message-id": "",
    references: "",
    ":bytes": "",
    ":lines": "",
  };
  const nDefaults = _DEFAULT_OVERVIEW_FMT.length;
  const count = Math.min(tokens.length - 1, fmt.length);
  for (let i = 0; i < count; i++) {
    const name = fmt[i]!;
    const token = tokens[i + 1]!;
    let value: string | null = token;
    if (i >= nDefaults && !name.startsWith(":")) {
      // Non-default headers come with their name, unless the field is wholly empty.
      const h = `${name}: `;
      if (token && token.slice(0, h.length).toLowerCase() !== h)
        throw new NNTPDataError("OVER/XOVER response doesn't include names of additional headers");
      value = token ? token.slice(h.length) : null;
    }
    setField(fields, name, value);
  }
  return [number, fields as Overview];
}

/** setField sets an own property even for names such as "__proto__". */
export function setField<T>(target: Record<string, T>, name: string, value: T): void {
  // Only "__proto__" is not an own property when assigned (a plain object's one setter).
  if (name !== "__proto__") target[name] = value;
  else Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

// str.partition(':')[0]
function partition(text: string): string {
  const at = text.indexOf(":");
  return at === -1 ? text : text.slice(0, at);
}
