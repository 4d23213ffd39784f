// email._parseaddr: the RFC 2822 address-list scanner behind parseaddr and getaddresses, and the
// date parser behind parsedate_tz, ported line for line so that odd input gives Python's answers.

const MONTHNAMES = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const DAYNAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const TIMEZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  AST: -400,
  ADT: -300,
  EST: -500,
  EDT: -400,
  CST: -600,
  CDT: -500,
  MST: -700,
  MDT: -600,
  PST: -800,
  PDT: -700,
};

/** A time tuple: year, month, day, hour, minute, second, 0, 1, -1, offset (seconds east or null). */
export type TimeTuple10 = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number | null,
];

const pyInt = (s: string | number): number | null => {
  if (typeof s === "number") return s;
  const t = s.trim().replace(/_/g, "");
  return /^[+-]?\d+$/.test(t) ? Number.parseInt(t, 10) : null;
};

export function _parsedate_tz(input: string | null | undefined): TimeTuple10 | null {
  if (!input) return null;
  let data = input.split(/\s+/).filter((x) => x);
  if (!data.length) return null;
  if (data[0]!.endsWith(",") || DAYNAMES.includes(data[0]!.toLowerCase())) data.shift();
  else {
    const i = data[0]!.lastIndexOf(",");
    if (i >= 0) data[0] = data[0]!.slice(i + 1);
  }
  if (data.length === 3) {
    const stuff = data[0]!.split("-");
    if (stuff.length === 3) data = [...stuff, ...data.slice(1)];
  }
  if (data.length === 4) {
    const s = data[3]!;
    let i = s.indexOf("+");
    if (i === -1) i = s.indexOf("-");
    if (i > 0) data.splice(3, 1, s.slice(0, i), s.slice(i));
    else data.push("");
  }
  if (data.length < 5) return null;
  let [dd, mm, yy, tm, tz] = data.slice(0, 5) as [string, string, string, string, string];
  if (!(dd && mm && yy)) return null;
  mm = mm.toLowerCase();
  if (!MONTHNAMES.includes(mm)) {
    [dd, mm] = [mm, dd.toLowerCase()];
    if (!MONTHNAMES.includes(mm)) return null;
  }
  let month = MONTHNAMES.indexOf(mm) + 1;
  if (month > 12) month -= 12;
  if (dd.endsWith(",")) dd = dd.slice(0, -1);
  if (yy.indexOf(":") > 0) [yy, tm] = [tm, yy];
  if (yy.endsWith(",")) {
    yy = yy.slice(0, -1);
    if (!yy) return null;
  }
  if (!/^\d/.test(yy)) [yy, tz] = [tz, yy];
  if (tm.endsWith(",")) tm = tm.slice(0, -1);
  let parts = tm.split(":");
  let thh: string;
  let tmm: string;
  let tss: string = "0";
  if (parts.length === 2) [thh, tmm] = parts as [string, string];
  else if (parts.length === 3) [thh, tmm, tss] = parts as [string, string, string];
  else if (parts.length === 1 && parts[0]!.includes(".")) {
    parts = parts[0]!.split(".");
    if (parts.length === 2) [thh, tmm] = parts as [string, string];
    else if (parts.length === 3) [thh, tmm, tss] = parts as [string, string, string];
    else return null;
  } else return null;
  const nums = [yy, dd, thh, tmm, tss].map(pyInt);
  if (nums.some((n) => n === null)) return null;
  let [y, d, h, mi, se] = nums as number[];
  if (y! < 100) y! += y! > 68 ? 1900 : 2000;
  let tzoffset: number | null = null;
  tz = tz.toUpperCase();
  if (tz in TIMEZONES) tzoffset = TIMEZONES[tz]!;
  else {
    tzoffset = pyInt(tz);
    if (tzoffset === 0 && tz.startsWith("-")) tzoffset = null;
  }
  if (tzoffset) {
    const sign = tzoffset < 0 ? -1 : 1;
    const off = Math.abs(tzoffset);
    tzoffset = sign * (Math.floor(off / 100) * 3600 + (off % 100) * 60);
  }
  return [y!, month, d!, h!, mi!, se!, 0, 1, -1, tzoffset];
}

/** parsedate_tz converts a date string to a 10-tuple (offset 0 when the zone is unknown). */
export function parsedate_tz(data: string | null | undefined): TimeTuple10 | null {
  const res = _parsedate_tz(data);
  if (!res) return null;
  if (res[9] === null) res[9] = 0;
  return res;
}

/** parsedate converts a date string to a 9-tuple. */
export function parsedate(data: string | null | undefined): number[] | null {
  const t = parsedate_tz(data);
  return t ? (t.slice(0, 9) as number[]) : null;
}

/** mktime_tz turns a parsedate_tz() tuple into a POSIX timestamp. */
export function mktime_tz(data: TimeTuple10): number {
  if (data[9] === null)
    return new Date(data[0], data[1] - 1, data[2], data[3], data[4], data[5]).getTime() / 1000;
  return Date.UTC(data[0], data[1] - 1, data[2], data[3], data[4], data[5]) / 1000 - data[9];
}

/** quote escapes backslashes and double quotes for a quoted string. */
export function quote(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

const SPECIALS = '()<>@,:;."[]';
const LWS = " \t";
const CR = "\r\n";
const FWS = LWS + CR;
const ATOMENDS = SPECIALS + LWS + CR;
const PHRASEENDS = ATOMENDS.replace(".", "");

/** AddrlistClass scans an address list (email._parseaddr.AddrlistClass). */
export class AddrlistClass {
  pos = 0;
  commentlist: string[] = [];
  constructor(public field: string) {}

  private at(): string {
    return this.field[this.pos]!;
  }

  gotonext(): string {
    const ws: string[] = [];
    while (this.pos < this.field.length) {
      const c = this.at();
      if (LWS.includes(c) || c === "\n" || c === "\r") {
        if (!"\n\r".includes(c)) ws.push(c);
        this.pos++;
      } else if (c === "(") this.commentlist.push(this.getcomment());
      else break;
    }
    return ws.join("");
  }

  getaddrlist(): [string, string][] {
    const result: [string, string][] = [];
    while (this.pos < this.field.length) {
      const ad = this.getaddress();
      if (ad.length) result.push(...ad);
      else result.push(["", ""]);
    }
    return result;
  }

  getaddress(): [string, string][] {
    this.commentlist = [];
    this.gotonext();
    const oldpos = this.pos;
    const oldcl = this.commentlist;
    const plist = this.getphraselist();
    this.gotonext();
    let ret: [string, string][] = [];
    if (this.pos >= this.field.length) {
      if (plist.length) ret = [[this.commentlist.join(" "), plist[0]!]];
    } else if (".@".includes(this.at())) {
      this.pos = oldpos;
      this.commentlist = oldcl;
      const addrspec = this.getaddrspec();
      ret = [[this.commentlist.join(" "), addrspec]];
    } else if (this.at() === ":") {
      const fieldlen = this.field.length;
      this.pos++;
      while (this.pos < this.field.length) {
        this.gotonext();
        if (this.pos < fieldlen && this.at() === ";") {
          this.pos++;
          break;
        }
        ret = ret.concat(this.getaddress());
      }
    } else if (this.at() === "<") {
      const routeaddr = this.getrouteaddr();
      if (this.commentlist.length) ret = [[`${plist.join(" ")} (${this.commentlist.join(" ")})`, routeaddr]];
      else ret = [[plist.join(" "), routeaddr]];
    } else if (plist.length) ret = [[this.commentlist.join(" "), plist[0]!]];
    else if (SPECIALS.includes(this.at())) this.pos++;
    this.gotonext();
    if (this.pos < this.field.length && this.at() === ",") this.pos++;
    return ret;
  }

  getrouteaddr(): string {
    if (this.at() !== "<") return "";
    let expectroute = false;
    this.pos++;
    this.gotonext();
    let adlist = "";
    while (this.pos < this.field.length) {
      if (expectroute) {
        this.getdomain();
        expectroute = false;
      } else if (this.at() === ">") {
        this.pos++;
        break;
      } else if (this.at() === "@") {
        this.pos++;
        expectroute = true;
      } else if (this.at() === ":") this.pos++;
      else {
        adlist = this.getaddrspec();
        this.pos++;
        break;
      }
      this.gotonext();
    }
    return adlist;
  }

  getaddrspec(): string {
    const aslist: string[] = [];
    this.gotonext();
    while (this.pos < this.field.length) {
      let preserve_ws = true;
      const c = this.at();
      if (c === ".") {
        if (aslist.length && !aslist[aslist.length - 1]!.trim()) aslist.pop();
        aslist.push(".");
        this.pos++;
        preserve_ws = false;
      } else if (c === '"') aslist.push(`"${quote(this.getquote())}"`);
      else if (ATOMENDS.includes(c)) {
        if (aslist.length && !aslist[aslist.length - 1]!.trim()) aslist.pop();
        break;
      } else aslist.push(this.getatom());
      const ws = this.gotonext();
      if (preserve_ws && ws) aslist.push(ws);
    }
    if (this.pos >= this.field.length || this.at() !== "@") return aslist.join("");
    aslist.push("@");
    this.pos++;
    this.gotonext();
    const domain = this.getdomain();
    if (!domain) return "";
    return aslist.join("") + domain;
  }

  getdomain(): string {
    const sd: string[] = [];
    while (this.pos < this.field.length) {
      const c = this.at();
      if (LWS.includes(c)) this.pos++;
      else if (c === "(") this.commentlist.push(this.getcomment());
      else if (c === "[") sd.push(this.getdomainliteral());
      else if (c === ".") {
        this.pos++;
        sd.push(".");
      } else if (c === "@") return "";
      else if (ATOMENDS.includes(c)) break;
      else sd.push(this.getatom());
    }
    return sd.join("");
  }

  getdelimited(beginchar: string, endchars: string, allowcomments = true): string {
    if (this.at() !== beginchar) return "";
    const sl: string[] = [""];
    let q = false;
    this.pos++;
    while (this.pos < this.field.length) {
      const c = this.at();
      if (q) {
        sl.push(c);
        q = false;
      } else if (endchars.includes(c)) {
        this.pos++;
        break;
      } else if (allowcomments && c === "(") {
        sl.push(this.getcomment());
        continue;
      } else if (c === "\\") q = true;
      else sl.push(c);
      this.pos++;
    }
    return sl.join("");
  }

  getquote(): string {
    return this.getdelimited('"', '"\r', false);
  }
  getcomment(): string {
    return this.getdelimited("(", ")\r", true);
  }
  getdomainliteral(): string {
    return `[${this.getdelimited("[", "]\r", false)}]`;
  }
  getatom(atomends = ATOMENDS): string {
    const start = this.pos;
    while (this.pos < this.field.length && !atomends.includes(this.at())) this.pos++;
    return this.field.slice(start, this.pos);
  }
  getphraselist(): string[] {
    const plist: string[] = [];
    while (this.pos < this.field.length) {
      const c = this.at();
      if (FWS.includes(c)) this.pos++;
      else if (c === '"') plist.push(this.getquote());
      else if (c === "(") this.commentlist.push(this.getcomment());
      else if (PHRASEENDS.includes(c)) break;
      else plist.push(this.getatom(PHRASEENDS));
    }
    return plist;
  }
}

/** addressList is AddressList(field).addresslist. */
export function addressList(field: string | null): [string, string][] {
  return field ? new AddrlistClass(field).getaddrlist() : [];
}
