// MLSD lines (RFC 3659 7): "fact=value;fact=value; name".
import { entry, type FileInfo, type FileType } from "./types.js";

/**
 * parseMlsdLine splits one MLSD line as ftplib's mlsd() does: the facts before the first
 * space (their last character, the closing ";", dropped), then the name, spaces and all. Fact
 * names are lower-cased; values are kept as sent; a later duplicate overrides an earlier one.
 *
 *	type=file;size=12;modify=20240101120000; a b.txt  ->  ["a b.txt", {type: "file", size: "12", modify: "20240101120000"}]
 */
export function parseMlsdLine(line: string): [string, Record<string, string>] {
  const text = line.replace(/[\r\n]+$/, "");
  const space = text.indexOf(" ");
  const factsFound = space === -1 ? text : text.slice(0, space);
  const name = space === -1 ? "" : text.slice(space + 1);
  const facts: Record<string, string> = {};
  for (const fact of factsFound.slice(0, -1).split(";")) {
    const eq = fact.indexOf("=");
    const key = (eq === -1 ? fact : fact.slice(0, eq)).toLowerCase();
    const value = eq === -1 ? "" : fact.slice(eq + 1);
    // defineProperty: a fact named "__proto__" must stay a fact.
    Object.defineProperty(facts, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return [name, facts];
}

/** parseMlsdTime reads RFC 3659's time-val (YYYYMMDDHHMMSS[.sss], UTC); null when malformed. */
export function parseMlsdTime(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3})\d*)?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac ? Number(frac.padEnd(3, "0")) : 0;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  // Date.UTC rolls month 13 into the next year; such a time is malformed, not a date.
  const exact =
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d) &&
    date.getUTCHours() === Number(h);
  return Number.isNaN(date.getTime()) || !exact ? null : date;
}

/** mlsdEntry turns one MLSD line into a FileInfo (type from `type`, size from `size` or `sizd`). */
export function mlsdEntry(line: string): FileInfo {
  const [name, facts] = parseMlsdLine(line);
  const { type, target } = mlsdType(facts.type ?? "");
  const sizeFact = facts.size ?? facts.sizd;
  const size = sizeFact !== undefined && /^\d+$/.test(sizeFact) ? Number(sizeFact) : null;
  const mode = facts["unix.mode"];
  return entry(name, line.replace(/[\r\n]+$/, ""), {
    type,
    size,
    modify: facts.modify ? parseMlsdTime(facts.modify) : null,
    permissions: mode && /^[0-7]{3,4}$/.test(mode) ? mode : null,
    owner: facts["unix.owner"] ?? facts["unix.ownername"] ?? facts["unix.uid"] ?? null,
    group: facts["unix.group"] ?? facts["unix.groupname"] ?? facts["unix.gid"] ?? null,
    target,
    facts,
  });
}

function mlsdType(value: string): { type: FileType; target: string | null } {
  const lower = value.toLowerCase();
  if (lower === "file" || lower === "dir" || lower === "cdir" || lower === "pdir")
    return { type: lower, target: null };
  // Unix servers: "OS.unix=slink:/target" (pure-ftpd, proftpd), "OS.unix=symlink".
  const link = /^os\.unix=s(?:ym)?link(?::(.*))?$/i.exec(value);
  if (link) return { type: "link", target: link[1] ?? null };
  return { type: "other", target: null };
}
