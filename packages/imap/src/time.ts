// imaplib's module functions: INTERNALDATE both ways, the A-P tag prefix and FLAGS. Pure.
import { ValueError } from "@inetlib/socket";

/** Months as imaplib spells them in INTERNALDATE (index 1 is January). */
export const Months: readonly string[] = [
  "",
  ..."Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" "),
];

/**
 * struct_time is Python's time.struct_time: a 9-item array (year, month, day, hour, minute,
 * second, weekday with Monday 0, day of year, isdst) with the named fields as well.
 */
export interface struct_time extends ReadonlyArray<number> {
  readonly tm_year: number;
  readonly tm_mon: number;
  readonly tm_mday: number;
  readonly tm_hour: number;
  readonly tm_min: number;
  readonly tm_sec: number;
  readonly tm_wday: number;
  readonly tm_yday: number;
  readonly tm_isdst: number;
  /** Seconds east of UTC. */
  readonly tm_gmtoff: number;
  readonly tm_zone: string;
}

/** TimeTuple is a 9-tuple of local time as Python accepts it (time.localtime() or a plain tuple). */
export type TimeTuple = readonly number[] | struct_time;

/** DateTimeArg is what Time2Internaldate accepts. */
export type DateTimeArg = number | TimeTuple | Date | string;

// INTERNALDATE "dd-Mon-yyyy hh:mm:ss +zzzz", anywhere after ".*INTERNALDATE " on the first line.
const InternalDate =
  /^[^\n]*INTERNALDATE "([ 0123][0-9])-([A-Z][a-z][a-z])-([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([-+])([0-9]{2})([0-9]{2})"/;
const Flags = /^[^\n]*FLAGS \(([^)]*)\)/;

/**
 * Internaldate2tuple parses the INTERNALDATE in a FETCH response and returns it as local time
 * (time.localtime of the instant), or null when there is none or it is malformed.
 *
 *	Internaldate2tuple(b'25 (INTERNALDATE "01-Jan-2000 11:30:00 +1130")')
 */
export function Internaldate2tuple(resp: Buffer | string): struct_time | null {
  const text = typeof resp === "string" ? resp : resp.toString("latin1");
  const m = InternalDate.exec(text);
  if (!m) return null;
  const mon = Months.indexOf(m[2]!);
  if (mon < 1) return null;
  let zone = (Number(m[8]) * 60 + Number(m[9])) * 60;
  if (m[7] === "-") zone = -zone;
  const utc = Date.UTC(Number(m[3]), mon - 1, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  return localtime(utc - zone);
}

/** localtime(seconds) is Python's time.localtime(): the instant in the local time zone. */
export function localtime(seconds: number): struct_time {
  const d = new Date(Math.floor(seconds) * 1000);
  const year = d.getFullYear();
  const yday = Math.round((Date.UTC(year, d.getMonth(), d.getDate()) - Date.UTC(year, 0, 1)) / 86400000) + 1;
  const offset = d.getTimezoneOffset();
  const [jan, jul] = zoneOffsets(year);
  // Standard time is the larger offset west of UTC; anything less is daylight saving time.
  const isdst = jan !== jul && offset < Math.max(jan, jul) ? 1 : 0;
  return makeStruct(
    [
      year,
      d.getMonth() + 1,
      d.getDate(),
      d.getHours(),
      d.getMinutes(),
      d.getSeconds(),
      (d.getDay() + 6) % 7,
      yday,
      isdst,
    ],
    -offset * 60,
    zoneName(d),
  );
}

/** Int2AP converts an integer to imaplib's tag prefix letters, 0-15 as A-P: Int2AP(4096) is b'BAAA'. */
export function Int2AP(num: number): Buffer {
  const AP = "ABCDEFGHIJKLMNOP";
  let n = Math.trunc(Math.abs(num));
  let val = "";
  while (n) {
    val = AP[n % 16]! + val;
    n = Math.floor(n / 16);
  }
  return Buffer.from(val, "latin1");
}

/**
 * ParseFlags returns the flags of a FETCH response's FLAGS item, as a list of bytes (Python's
 * tuple); an empty list when there is none.
 *
 *	ParseFlags(b'1 (FLAGS (\\Seen \\Answered))')  ->  [b'\\Seen', b'\\Answered']
 */
export function ParseFlags(resp: Buffer | string): Buffer[] {
  const bytes = typeof resp === "string" ? Buffer.from(resp, "latin1") : resp;
  const m = Flags.exec(bytes.toString("latin1"));
  if (!m) return [];
  return m[1]!
    .split(/[ \t\n\r\v\f]+/)
    .filter((f) => f.length > 0)
    .map((f) => Buffer.from(f, "latin1"));
}

/**
 * Time2Internaldate converts a time to IMAP's INTERNALDATE, double quotes included:
 * '"18-May-2033 05:33:20 +0200"'. It takes seconds since the epoch, a Date (an instant, shown
 * in the local time zone), a 9-tuple of local time (Python's struct_time; its tm_gmtoff is
 * used when present, else the isdst item picks standard or daylight time), or a string already
 * in double quotes, returned as it is.
 */
export function Time2Internaldate(date_time: DateTimeArg): string {
  let fields: number[];
  let gmtoff: number;
  if (typeof date_time === "number") {
    if (!Number.isFinite(date_time)) throw new ValueError("date_time not of a known type");
    const t = localtime(date_time);
    fields = [...t];
    gmtoff = t.tm_gmtoff;
  } else if (date_time instanceof Date) {
    if (Number.isNaN(date_time.getTime())) throw new ValueError("date_time not of a known type");
    const t = localtime(Math.floor(date_time.getTime() / 1000));
    fields = [...t];
    gmtoff = t.tm_gmtoff;
  } else if (typeof date_time === "string") {
    if (date_time.length >= 1 && date_time[0] === '"' && date_time[date_time.length - 1] === '"')
      return date_time;
    throw new ValueError("date_time not of a known type");
  } else if (Array.isArray(date_time) || isStruct(date_time)) {
    fields = [...date_time];
    if (fields.length < 9 || fields.some((f) => !Number.isInteger(f)))
      throw new ValueError("date_time not of a known type");
    gmtoff = isStruct(date_time) ? date_time.tm_gmtoff : tupleOffset(fields);
  } else {
    throw new ValueError("date_time not of a known type");
  }
  const [year, mon, day, hour, min, sec] = fields as [number, number, number, number, number, number];
  if (mon < 1 || mon > 12) throw new ValueError("month must be in 1..12");
  const sign = gmtoff < 0 ? "-" : "+";
  const abs = Math.abs(gmtoff);
  const zone = `${sign}${two(Math.floor(abs / 3600))}${two(Math.floor((abs % 3600) / 60))}${abs % 60 ? two(abs % 60) : ""}`;
  return `"${two(day)}-${Months[mon]}-${String(year).padStart(4, "0")} ${two(hour)}:${two(min)}:${two(sec)} ${zone}"`;
}

// Python: tm_gmtoff when the tuple has one; else time.altzone or time.timezone by the isdst
// item, asking mktime/localtime when it is -1.
function tupleOffset(f: number[]): number {
  const [jan, jul] = zoneOffsets(new Date().getFullYear());
  const daylight = jan !== jul;
  if (!daylight) return -jan * 60;
  let dst = f[8]!;
  if (dst === -1) {
    const d = new Date(f[0]!, f[1]! - 1, f[2]!, f[3]!, f[4]!, f[5]!);
    return -d.getTimezoneOffset() * 60;
  }
  // CPython's init_timezone: standard time is the smaller offset east of UTC.
  const std = Math.max(jan, jul);
  const alt = Math.min(jan, jul);
  dst = dst > 0 ? 1 : 0;
  return -(dst ? alt : std) * 60;
}

// [January, July] offsets of the local zone in `year`, in minutes west of UTC (getTimezoneOffset).
function zoneOffsets(year: number): [number, number] {
  return [new Date(year, 0, 1).getTimezoneOffset(), new Date(year, 6, 1).getTimezoneOffset()];
}

function zoneName(d: Date): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
      .formatToParts(d)
      .find((p) => p.type === "timeZoneName");
    return part?.value ?? "";
  } catch {
    return "";
  }
}

function makeStruct(fields: number[], gmtoff: number, zone: string): struct_time {
  const names = [
    "tm_year",
    "tm_mon",
    "tm_mday",
    "tm_hour",
    "tm_min",
    "tm_sec",
    "tm_wday",
    "tm_yday",
    "tm_isdst",
  ];
  const out = [...fields] as number[] & Record<string, unknown>;
  for (const [i, name] of names.entries())
    Object.defineProperty(out, name, { value: fields[i], enumerable: false });
  Object.defineProperty(out, "tm_gmtoff", { value: gmtoff, enumerable: false });
  Object.defineProperty(out, "tm_zone", { value: zone, enumerable: false });
  return Object.freeze(out) as unknown as struct_time;
}

function isStruct(value: unknown): value is struct_time {
  return Array.isArray(value) && typeof (value as { tm_gmtoff?: unknown }).tm_gmtoff === "number";
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}
