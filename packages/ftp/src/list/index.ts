// Listing parsers: pure functions from lines to FileInfo, tested without a socket.
import { parseDosLine } from "./dos.js";
import { mlsdEntry } from "./mlsd.js";
import type { FileInfo } from "./types.js";
import { parseUnixLine } from "./unix.js";

export { parseDosLine } from "./dos.js";
export { mlsdEntry, parseMlsdLine, parseMlsdTime } from "./mlsd.js";
export type { FileInfo, FileType } from "./types.js";
export { parseUnixLine } from "./unix.js";

/**
 * parseList parses the lines of a LIST reply, each as Unix or else as DOS format. Lines in
 * neither ("total 12", blank lines, banners) are skipped.
 */
export function parseList(lines: Iterable<string>, now: Date = new Date()): FileInfo[] {
  const out: FileInfo[] = [];
  for (const line of lines) {
    const info = parseUnixLine(line, now) ?? parseDosLine(line);
    if (info) out.push(info);
  }
  return out;
}

/** parseMlsd parses the lines of an MLSD reply; blank lines are skipped. */
export function parseMlsd(lines: Iterable<string>): FileInfo[] {
  const out: FileInfo[] = [];
  for (const line of lines) if (line.trim() !== "") out.push(mlsdEntry(line));
  return out;
}
