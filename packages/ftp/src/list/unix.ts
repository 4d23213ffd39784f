// Unix `ls -l` style LIST lines, as vsftpd, proftpd, pure-ftpd and most servers send them:
//
//	drwxr-xr-x    2 ftp      ftp          4096 Sep  5 13:43 incoming
//	-rw-r--r--    1 0        0        104857600 Jan  3  1994 100mb.bin
//	lrwxrwxrwx    1 root     root            7 Jan  1  2020 latest -> v1.2.3
//	crw-rw-rw-    1 root     root       1,   3 Jan  1  2020 null
import { entry, type FileInfo, type FileType } from "./types.js";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

// Owner and group are each optional (some servers print neither or only one); the size and the
// date that follow anchor the match, so names with spaces stay whole. The name starts one space
// after the date column, as ls pads the time to five characters.
const LINE = new RegExp(
  [
    String.raw`^([\-bcdlpsDn?])([\-rwxsStTlL]{9})[+@.]?\s+`, // type, mode, ACL/xattr mark
    String.raw`(\d+)\s+`, // links
    String.raw`(?:(\S+)\s+)?(?:(\S+)\s+)?`, // owner, group
    String.raw`(\d+|\d+,\s*\d+)\s+`, // size, or a device's "major, minor"
    String.raw`(?:([A-Za-z]{3})\s+(\d{1,2})|(\d{1,2})\s+([A-Za-z]{3})\.?)\s+`, // "Jan  3" or "3 Jan"
    String.raw`(\d{4}|\d{1,2}:\d{2}) `, // year or time
    "(.+)$",
  ].join(""),
);

// ls --time-style=long-iso / full-iso: "2024-01-31 12:34".
const ISO_LINE = new RegExp(
  [
    String.raw`^([\-bcdlpsDn?])([\-rwxsStTlL]{9})[+@.]?\s+(\d+)\s+`,
    String.raw`(?:(\S+)\s+)?(?:(\S+)\s+)?(\d+|\d+,\s*\d+)\s+`,
    String.raw`(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s+[+-]\d{4})? `,
    "(.+)$",
  ].join(""),
);

/**
 * parseUnixLine parses one LIST line in Unix format; null for anything else (the "total N"
 * line, blank lines, other formats). `now` decides the year of dates listed without one: the
 * latest that is not more than a day in the future.
 */
export function parseUnixLine(line: string, now: Date = new Date()): FileInfo | null {
  const raw = line.replace(/[\r\n]+$/, "");
  const iso = ISO_LINE.exec(raw);
  if (iso) {
    const [, t, mode, , owner, group, size, y, mo, d, h, mi, s, rest] = iso;
    const modify = utc(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
    return build(raw, t!, mode!, owner, group, size!, modify, rest!);
  }
  const m = LINE.exec(raw);
  if (!m) return null;
  const [, t, mode, , owner, group, size, mon1, day1, day2, mon2, yearOrTime, rest] = m;
  const month = MONTHS.indexOf((mon1 ?? mon2 ?? "").toLowerCase());
  if (month === -1) return null;
  const day = Number(day1 ?? day2);
  let modify: Date | null;
  if (yearOrTime!.includes(":")) {
    const [h, mi] = yearOrTime!.split(":").map(Number) as [number, number];
    let year = now.getUTCFullYear();
    modify = utc(year, month, day, h, mi, 0);
    if (modify && modify.getTime() > now.getTime() + 86_400_000) {
      year -= 1;
      modify = utc(year, month, day, h, mi, 0);
    }
  } else modify = utc(Number(yearOrTime), month, day, 0, 0, 0);
  return build(raw, t!, mode!, owner, group, size!, modify, rest!);
}

function build(
  raw: string,
  t: string,
  mode: string,
  owner: string | undefined,
  group: string | undefined,
  size: string,
  modify: Date | null,
  rest: string,
): FileInfo {
  const type: FileType = t === "d" ? "dir" : t === "l" ? "link" : t === "-" ? "file" : "other";
  let name = rest;
  let target: string | null = null;
  if (type === "link") {
    const arrow = rest.indexOf(" -> ");
    if (arrow !== -1) {
      name = rest.slice(0, arrow);
      target = rest.slice(arrow + 4);
    }
  }
  return entry(name, raw, {
    type,
    size: size.includes(",") ? null : Number(size),
    modify,
    permissions: mode,
    // With one of the two missing, ls -g/-o style: what is there is the owner.
    owner: owner ?? group ?? null,
    group: owner !== undefined ? (group ?? null) : null,
    target,
  });
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | null {
  const date = new Date(Date.UTC(y, mo, d, h, mi, s));
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== d ? null : date;
}
