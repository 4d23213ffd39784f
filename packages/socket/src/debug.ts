// The debug trace behind every protocol's set_debuglevel(): Python's print() and repr() for
// the values protocols print, and masking so that a trace never shows a password.

/** DebugSink receives each printed line, "\n" included, as file.write() would. */
export type DebugSink = (text: string) => void;

export interface DebugTraceOptions {
  level?: number;
  /** Where the default sink writes: ftplib, poplib and nntplib print to stdout, smtplib to stderr. */
  stream?: "stdout" | "stderr";
  /** Replaces the default sink (tests, loggers). */
  sink?: DebugSink;
  /** Start lines with the time of day when level > 1, as smtplib's _print_debug does. */
  timestamps?: boolean;
}

/**
 * DebugTrace holds a protocol's debug level and prints as Python's print() would:
 *
 *	trace.print("*cmd*", pyrepr("PASS ****"))   ->  *cmd* 'PASS ****'
 */
export class DebugTrace {
  level: number;
  sink: DebugSink;
  timestamps: boolean;
  #secrets = 0;

  constructor(options: DebugTraceOptions = {}) {
    this.level = options.level ?? 0;
    const stream = options.stream ?? "stdout";
    this.sink = options.sink ?? ((text) => void process[stream].write(text));
    this.timestamps = options.timestamps ?? false;
  }

  /** set_debuglevel(level): 0 is silent; each protocol decides what 1, 2 and more show. */
  set_debuglevel(level: number | boolean): void {
    this.level = Number(level);
  }

  /** print(...values) writes the values as Python's print() does: str() of each, spaces between. */
  print(...values: unknown[]): void {
    const text = values.map(pystr).join(" ");
    this.sink(this.timestamps && this.level > 1 ? `${pytime(new Date())} ${text}\n` : `${text}\n`);
  }

  /**
   * markSecret makes the next `count` lines a protocol sends print fully masked: SASL
   * responses, IMAP literals, anything maskSecrets cannot recognise on its own.
   */
  markSecret(count = 1): void {
    this.#secrets += count;
  }

  /** takeSecret tells whether the line being sent was marked secret, and uses up the mark. */
  takeSecret(): boolean {
    if (this.#secrets === 0) return false;
    this.#secrets--;
    return true;
  }

  /** sanitize returns `line` fit to print: masked whole when marked secret, else maskSecrets(line). */
  sanitize(line: string): string {
    return this.takeSecret() ? maskAll(line) : maskSecrets(line);
  }
}

const ASTRING = String.raw`(?:"(?:[^"\\]|\\.)*"|\{\d+\+?\}|[^\s"]+)`;

// Each pattern's second group is the secret; the first is kept.
const SECRETS: RegExp[] = [
  /^(PASS )(.+)$/is, // FTP, POP3 (ftplib's sanitize)
  /^(AUTHINFO +PASS +)(.+)$/is, // NNTP, RFC 4643
  /^(AUTHINFO +SASL +\S+ +)(.+)$/is,
  /^(APOP +\S+ +)(.+)$/is, // POP3 APOP name digest
  /^(AUTH +\S+ +)(.+)$/is, // SMTP, POP3 SASL initial response
  /^(\S+ +AUTHENTICATE +\S+ +)(.+)$/is, // IMAP SASL-IR
  new RegExp(String.raw`^(\S+ +LOGIN +${ASTRING} +)(.+)$`, "is"), // IMAP tag LOGIN user password
];

/**
 * maskSecrets replaces the credential in a command line with one "*" per character, keeping
 * the command and any trailing CR/LF, as ftplib's sanitize():
 *
 *	PASS hunter2\r\n        ->  PASS *******\r\n
 *	a1 LOGIN joe "se cret"  ->  a1 LOGIN joe *********
 *	AUTH PLAIN AGpvZQBzZWNyZXQ=  ->  AUTH PLAIN ****************
 *
 * Also AUTHINFO PASS, AUTHINFO SASL, APOP and IMAP AUTHENTICATE; lines it does not know are
 * returned unchanged.
 */
export function maskSecrets(line: string): string {
  const [body, tail] = splitEOL(line);
  for (const re of SECRETS) {
    const m = re.exec(body);
    if (m) return m[1]! + stars(m[2]!) + tail;
  }
  return line;
}

/** maskAll replaces every character of `line` but its trailing CR/LF with "*". */
export function maskAll(line: string): string {
  const [body, tail] = splitEOL(line);
  return stars(body) + tail;
}

function splitEOL(line: string): [string, string] {
  const m = /[\r\n]*$/.exec(line)!;
  return [line.slice(0, m.index), line.slice(m.index)];
}

function stars(text: string): string {
  return "*".repeat([...text].length);
}

/** PyTuple is a value that prints as a Python tuple: (250, b'OK'). */
export class PyTuple {
  readonly items: readonly unknown[];
  constructor(items: readonly unknown[]) {
    this.items = items;
  }
}

/** pytuple(...items) makes a PyTuple, for print() calls that show a tuple as smtplib's do. */
export function pytuple(...items: unknown[]): PyTuple {
  return new PyTuple(items);
}

/** pystr(value) is Python's str(): text as it is, anything else as pyrepr(). */
export function pystr(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.message;
  return pyrepr(value);
}

/**
 * pyrepr(value) is Python's repr(): a string as a str ('a\r\n' or "it's"), a Uint8Array as
 * bytes (b'\x00a\r\n'), integral numbers as int, booleans as True/False, null and undefined as
 * None, arrays as lists, PyTuple as tuples, plain objects and Maps as dicts. Whether a non-ASCII
 * character is printable is decided by the Unicode version of Node's ICU, which may be newer
 * than Python's.
 */
export function pyrepr(value: unknown): string {
  if (typeof value === "string") return reprStr(value);
  if (value instanceof Uint8Array) return reprBytes(value);
  if (typeof value === "number") return reprNumber(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null || value === undefined) return "None";
  if (Array.isArray(value)) return `[${value.map(pyrepr).join(", ")}]`;
  if (value instanceof PyTuple) {
    const items = value.items.map(pyrepr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  if (value instanceof Map) return reprDict([...value.entries()]);
  if (isPlainObject(value)) return reprDict(Object.entries(value));
  return String(value);
}

// A plain object (a prototype-less one included: results such as sendmail()'s refused map)
// stands for Python's dict; class instances keep their own toString().
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

function reprDict(entries: Array<[unknown, unknown]>): string {
  return `{${entries.map(([k, v]) => `${pyrepr(k)}: ${pyrepr(v)}`).join(", ")}}`;
}

const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function reprStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (c < 0x7f && c >= 0x20) out += ch;
    else if (c < 0x80) out += escapeControl(c);
    else if (!NOT_PRINTABLE.test(ch)) out += ch;
    else if (c <= 0xff) out += `\\x${hex(c, 2)}`;
    else if (c <= 0xffff) out += `\\u${hex(c, 4)}`;
    else out += `\\U${hex(c, 8)}`;
  }
  return out + quote;
}

function reprBytes(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? 0x22 : 0x27;
  let out = "";
  for (const c of bytes) {
    if (c === quote || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c < 0x7f && c >= 0x20) out += String.fromCharCode(c);
    else out += escapeControl(c);
  }
  const q = String.fromCharCode(quote);
  return `b${q}${out}${q}`;
}

function escapeControl(c: number): string {
  if (c === 9) return "\\t";
  if (c === 10) return "\\n";
  if (c === 13) return "\\r";
  return `\\x${hex(c, 2)}`;
}

function hex(c: number, width: number): string {
  return c.toString(16).padStart(width, "0");
}

function reprNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  return String(n);
}

/** Python's str(datetime.time): HH:MM:SS, then .ffffff unless the microseconds are 0. */
function pytime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const base = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const ms = d.getMilliseconds();
  return ms === 0 ? base : `${base}.${String(ms * 1000).padStart(6, "0")}`;
}
