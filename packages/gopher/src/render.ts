// A menu drawn for a terminal: a pure function from items to text, so the CLI, the tour and
// tests share it. What a server sent is never written to the terminal as it is: control
// characters (an ESC could move the cursor or retitle the window) become U+FFFD.
import type { Menu, MenuEntry, MenuItem, MenuLineError } from "./menu.js";
import { isMenuLineError } from "./menu.js";
import { A_ERROR, A_INFO, itemKind, typeLabel } from "./types.js";

/** RenderOptions shape renderMenu's output. */
export interface RenderOptions {
  /** Columns to fit each line in (default 80; 0: no limit). */
  width?: number;
  /** ANSI colours (default false). */
  color?: boolean;
  /** Number the items one can select, from 1 (default true). */
  numbers?: boolean;
  /** List the malformed lines after the items (default true). */
  errors?: boolean;
}

/** selectable tells whether an item can be chosen (everything but info and error lines). */
export function selectable(item: MenuItem): boolean {
  return item.type !== A_INFO && item.type !== A_ERROR;
}

/** selectableItems are a menu's items that renderMenu numbers, in order: number n is index n - 1. */
export function selectableItems(menu: Menu | readonly MenuEntry[]): MenuItem[] {
  return entriesOf(menu).filter((e): e is MenuItem => !isMenuLineError(e) && selectable(e));
}

/**
 * renderMenu draws a menu, one line per item:
 *
 *	     Welcome to the hole
 *	  1. [TXT] About this server
 *	  2. [DIR] Documents/
 *	  3. [FND] Search <?>
 *	  4. [URL] A web page -> https://example.org/
 *	     [ERR] Not found
 *	     ! line 7: bad port "x"
 *
 * Items on another server show "(host:port)". Items or line errors may be given in any order
 * (as a Menu, or as a mixed list from menuLines()).
 */
export function renderMenu(menu: Menu | readonly MenuEntry[], options: RenderOptions = {}): string {
  const { width = 80, color = false, numbers = true, errors = true } = options;
  const entries = entriesOf(menu);
  const items = entries.filter((e): e is MenuItem => !isMenuLineError(e));
  const total = items.filter(selectable).length;
  const pad = numbers ? String(Math.max(total, 1)).length + 2 : 0;
  const home = items.find(selectable);
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const out: string[] = [];
  let n = 0;
  for (const entry of entries) {
    if (isMenuLineError(entry)) {
      if (errors)
        out.push(fit(`${" ".repeat(pad + 1)}! ${describeError(entry)}`, width, (t) => paint("31", t)));
      continue;
    }
    const display = clean(entry.display);
    if (entry.type === A_INFO) {
      out.push(fit(`${" ".repeat(pad + (numbers ? 1 : 0))}${display}`, width, (t) => paint("2", t)));
      continue;
    }
    const number = !numbers ? "" : selectable(entry) ? `${++n}.`.padStart(pad) : " ".repeat(pad);
    const kind = itemKind(entry.type, entry.selector);
    const label = `[${kind === "url" ? "URL" : typeLabel(entry.type)}]`.padEnd(5);
    let text = display;
    if (kind === "menu") text += "/";
    if (kind === "search") text += " <?>";
    if (kind === "url" && entry.url) text += ` -> ${clean(entry.url)}`;
    if (kind === "telnet") text += ` (telnet ${clean(entry.host)}:${entry.port})`;
    else if (
      home &&
      kind !== "url" &&
      (entry.host !== home.host || entry.port !== home.port) &&
      entry.type !== A_ERROR
    )
      text += ` (${clean(entry.host)}:${entry.port})`;
    const colour = COLOURS[kind] ?? "0";
    out.push(fit(`${number}${numbers ? " " : ""}${label} ${text}`, width, (t) => paint(colour, t)));
  }
  return out.length ? `${out.join("\n")}\n` : "";
}

const COLOURS: Partial<Record<string, string>> = {
  menu: "34",
  search: "35",
  url: "36",
  error: "31",
  telnet: "33",
  binary: "32",
};

function entriesOf(menu: Menu | readonly MenuEntry[]): readonly MenuEntry[] {
  if (Array.isArray(menu)) return menu as readonly MenuEntry[];
  const m = menu as Menu;
  // Put each error back at its line among the items, which carry no line numbers of their own.
  const merged: MenuEntry[] = [...m.items];
  for (const err of [...m.errors].sort((a, b) => a.line - b.line)) {
    merged.splice(Math.min(err.line - 1, merged.length), 0, err);
  }
  return merged;
}

function describeError(err: MenuLineError): string {
  return `line ${err.line}: ${err.reason}: ${clean(err.text)}`;
}

// C0 controls, DEL, C1 controls and the bidi overrides that can disguise text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is being removed
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** clean makes server text safe to print: TAB becomes a space, other control characters U+FFFD. */
export function clean(text: string): string {
  return text.replace(/\t/g, " ").replace(UNSAFE, "\ufffd");
}

function fit(line: string, width: number, paint: (text: string) => string): string {
  if (width <= 0) return paint(line);
  const chars = [...line];
  return paint(chars.length > width ? `${chars.slice(0, width - 1).join("")}…` : line);
}
