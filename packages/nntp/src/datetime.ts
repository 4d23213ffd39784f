// Dates on the wire (RFC 3977 7.1 DATE, 7.3 NEWGROUPS, 7.4 NEWNEWS): "yyyymmddhhmmss" from the
// server, "[yy]yymmdd hhmmss [GMT]" to it. nntplib's two helpers, pure.
import { ValueError } from "@inetlib/socket";
import { int } from "./pystr.js";

/**
 * NaiveDate is Python's naive datetime.date (no hour) or datetime.datetime: its fields are
 * sent as they are, without "GMT", exactly as nntplib sends them (the server reads them in
 * its own time zone). A JavaScript Date is an instant instead: it is sent in UTC, with "GMT".
 */
export interface NaiveDate {
  year: number;
  /** 1 to 12, as in Python (not JavaScript's 0 to 11). */
  month: number;
  day: number;
  /** Leave out hour, minute and second for a date (midnight, as Python's date). */
  hour?: number;
  minute?: number;
  second?: number;
}

/** NNTPDate is what newgroups() and newnews() take. */
export type NNTPDate = Date | NaiveDate;

/**
 * _parse_datetime turns "19990623135624" (DATE's answer), or a date and a time
 * ("990623", "135624"), into a Date in UTC. Two-digit years are 19xx from 70, else 20xx.
 */
export function _parse_datetime(date_str: string, time_str: string | null = null): Date {
  if (time_str === null) {
    time_str = date_str.slice(-6);
    date_str = date_str.slice(0, -6);
  }
  const hours = int(time_str.slice(0, 2));
  const minutes = int(time_str.slice(2, 4));
  const seconds = int(time_str.slice(4));
  let year = int(date_str.slice(0, -4));
  const month = int(date_str.slice(-4, -2));
  const day = int(date_str.slice(-2));
  // RFC 3977 doesn't say how to read two-digit years; there are no dates before 1970 on Usenet.
  if (year < 70) year += 2000;
  else if (year < 100) year += 1900;
  check(year, 1, 9999, "year");
  check(month, 1, 12, "month");
  check(day, 1, daysIn(year, month), "day");
  check(hours, 0, 23, "hour");
  check(minutes, 0, 59, "minute");
  check(seconds, 0, 59, "second");
  const d = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
  d.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  return d;
}

/**
 * _unparse_datetime formats a date for NEWGROUPS and NEWNEWS: ["yyyymmdd", "hhmmss"], or with
 * `legacy` (RFC 977 servers) ["yymmdd", "hhmmss"]. A NaiveDate without hour gives "000000".
 */
export function _unparse_datetime(dt: NNTPDate, legacy = false): [string, string] {
  const f =
    dt instanceof Date
      ? {
          year: dt.getUTCFullYear(),
          month: dt.getUTCMonth() + 1,
          day: dt.getUTCDate(),
          hour: dt.getUTCHours(),
          minute: dt.getUTCMinutes(),
          second: dt.getUTCSeconds(),
        }
      : dt;
  const time_str =
    f.hour === undefined ? "000000" : `${two(f.hour)}${two(f.minute ?? 0)}${two(f.second ?? 0)}`;
  const y = legacy ? f.year % 100 : f.year;
  const date_str = `${String(y).padStart(legacy ? 2 : 4, "0")}${two(f.month)}${two(f.day)}`;
  return [date_str, time_str];
}

/** isInstant tells whether `dt` is a Date (sent in UTC with "GMT") rather than a NaiveDate. */
export function isInstant(dt: NNTPDate): dt is Date {
  return dt instanceof Date;
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

function check(value: number, lo: number, hi: number, what: string): void {
  if (value < lo || value > hi)
    throw new ValueError(
      what === "day" ? "day is out of range for month" : `${what} must be in ${lo}..${hi}`,
    );
}

function daysIn(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
