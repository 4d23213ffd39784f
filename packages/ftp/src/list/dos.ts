// DOS / IIS style LIST lines:
//
//	01-16-02  11:14AM       <DIR>          epsgroup
//	06-05-2003  15:19                 1973 readme.txt
import { entry, type FileInfo } from "./types.js";

const LINE = /^(\d{2})-(\d{2})-(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])?\s+(<DIR>|\d+)\s+(.+)$/;

/**
 * parseDosLine parses one LIST line in DOS format (month-day-year, 12- or 24-hour clock);
 * null for anything else. Two-digit years below 70 are 20xx.
 */
export function parseDosLine(line: string): FileInfo | null {
  const raw = line.replace(/[\r\n]+$/, "");
  const m = LINE.exec(raw);
  if (!m) return null;
  const [, mo, d, y, h, mi, ampm, sizeOrDir, name] = m;
  let year = Number(y);
  if (y!.length === 2) year += year < 70 ? 2000 : 1900;
  let hour = Number(h);
  if (ampm) {
    const pm = ampm.toUpperCase() === "PM";
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  }
  const date = new Date(Date.UTC(year, Number(mo) - 1, Number(d), hour, Number(mi)));
  const valid = !Number.isNaN(date.getTime()) && date.getUTCDate() === Number(d);
  const dir = sizeOrDir === "<DIR>";
  return entry(name!, raw, {
    type: dir ? "dir" : "file",
    size: dir ? null : Number(sizeOrDir),
    modify: valid ? date : null,
  });
}
