// Python 2's gopherlib, function for function. send_selector() and send_query() return the
// file Python returned (socket.makefile('rb')); the get_* functions read one from it. Lines
// come back as text (decoded with `encoding`, UTF-8 by default) and binaries as Buffers.
// gopherlib printed its complaints about a server ("(Bad line from server: ...)") to stdout;
// so do these, through `log`, which a caller can replace or silence with null.
import {
  type ByteSource,
  pyrepr,
  Reader,
  ResponseTooLarge,
  type SocketIO,
  stripEOL,
  ValueError,
} from "@inetlib/socket";
import {
  MAX_BINARY_BYTES,
  MAX_MENU_BYTES,
  MAX_MENU_LINES,
  MAX_TEXT_BYTES,
  MAXLINE,
  TEXT_MAXLINE,
} from "./limits.js";
import { encodeRequest, type Selector, type SelectorEncoding } from "./selector.js";
import { textLines } from "./text.js";
import { type ConnectOptions, sendRequest } from "./transport.js";
import { DEF_PORT, type_to_name } from "./types.js";

/** GopherFile is what the get_* functions read: send_selector()'s file, or any binary file like it. */
export interface GopherFile {
  readline(limit?: number): Promise<Buffer>;
  read(n?: number): Promise<Buffer>;
}

/** Log receives gopherlib's messages ("(Unexpected EOF from server)"); null silences them. */
export type Log = ((message: string) => void) | null;

const printLog: Log = (message) => void process.stdout.write(`${message}\n`);

/** ReadOptions are the keyword arguments the get_* functions add to gopherlib's. */
export interface ReadOptions {
  /** How lines are decoded (default "utf8"; "latin1" keeps every byte). */
  encoding?: SelectorEncoding;
  /** Where gopherlib's messages go (default: stdout, as gopherlib printed them). */
  log?: Log;
  /** Per-line limit in bytes (MAXLINE for menus, TEXT_MAXLINE for texts): LineTooLong beyond it. */
  maxline?: number;
  /** A bound on what is collected in memory (ResponseTooLarge beyond it); null lifts it. */
  maxBytes?: number | null;
  /** get_directory: at most this many lines; null lifts it. */
  maxLines?: number | null;
}

/** SendOptions are send_selector()'s and send_query()'s options beyond gopherlib's arguments. */
export interface SendOptions extends ConnectOptions {
  encoding?: SelectorEncoding;
}

/**
 * send_selector(selector, host, port=0): connects, sends the selector and CRLF, shuts down the
 * sending side and returns the file to read the reply from. With port 0 (or omitted) a
 * "host:port" host gives the port, else 70; a string port is converted as int() would.
 * A selector holding CR, LF, NUL or TAB is refused (ValueError) before connecting.
 */
export async function send_selector(
  selector: Selector,
  host: string,
  port: number | string = 0,
  options: SendOptions = {},
): Promise<SocketIO<Buffer>> {
  return sendRequest(
    encodeRequest(selector, { encoding: options.encoding ?? "utf8" }),
    ...hostPort(host, port),
    options,
  );
}

/** send_query(selector, query, host, port=0): send_selector() for a type-7 search: selector TAB query. */
export async function send_query(
  selector: Selector,
  query: string | Uint8Array,
  host: string,
  port: number | string = 0,
  options: SendOptions = {},
): Promise<SocketIO<Buffer>> {
  return sendRequest(
    encodeRequest(selector, { query, encoding: options.encoding ?? "utf8" }),
    ...hostPort(host, port),
    options,
  );
}

function hostPort(host: string, port: number | string): [string, number] {
  let h = host;
  let p: number | string = port;
  if (!p) {
    // gopherlib split at the first ":"; an IPv6 literal has to be bracketed to carry a port.
    const m =
      /^\[([^\]]*)\](?::(.*))?$/.exec(host) ??
      (host.split(":").length === 2 ? /^([^:]*):(.*)$/.exec(host) : null);
    if (m) {
      h = m[1]!;
      if (m[2] !== undefined) p = pyint(m[2]);
    }
  }
  if (!p) return [h, DEF_PORT];
  return [h, typeof p === "string" ? pyint(p) : p];
}

function pyint(text: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text))
    throw new ValueError(`invalid literal for int() with base 10: ${pyrepr(text)}`);
  return Number.parseInt(text, 10);
}

/** path_to_selector(path): the selector of a gopher URL path "/<type><selector>" ("/" stays "/"). */
export function path_to_selector(path: string): string {
  return path === "/" ? "/" : path.slice(2);
}

/** path_to_datatype_name(path): type_to_name() of the type in a gopher URL path; "TYPE='unknown'" for "/". */
export function path_to_datatype_name(path: string): string {
  return path === "/" ? "TYPE='unknown'" : type_to_name(path.charAt(1));
}

/**
 * lineReader reads a GopherFile line by line: it asks the file for one line at a time, so
 * nothing after the reply's last line is taken from the file.
 */
function lineReader(f: GopherFile): Reader {
  const source: ByteSource = { recv: (bufsize) => f.readline(bufsize) };
  return new Reader(source);
}

/**
 * get_directory(f): reads a menu into a list of items [type, display, selector, host, port,
 * extra], stopping at the lone "." line. A line without four fields is reported and skipped;
 * extra fields beyond "+" are reported and kept (gopherlib's behaviour). The sixth member is
 * "" when the server sent only four fields.
 */
export async function get_directory(f: GopherFile, options: ReadOptions = {}): Promise<string[][]> {
  const { encoding = "utf8", log = printLog, maxline = MAXLINE } = options;
  const maxLines =
    options.maxLines === undefined ? MAX_MENU_LINES : (options.maxLines ?? Number.POSITIVE_INFINITY);
  const maxBytes =
    options.maxBytes === undefined ? MAX_MENU_BYTES : (options.maxBytes ?? Number.POSITIVE_INFINITY);
  const reader = lineReader(f);
  const entries: string[][] = [];
  let lines = 0;
  let bytes = 0;
  for (;;) {
    const raw = await reader.readline(maxline);
    if (raw.length === 0) {
      log?.("(Unexpected EOF from server)");
      break;
    }
    if (++lines > maxLines) throw new ResponseTooLarge(maxLines, "lines");
    bytes += raw.length;
    if (bytes > maxBytes) throw new ResponseTooLarge(maxBytes, "bytes");
    const line = stripEOL(raw).toString(encoding);
    if (line === ".") break;
    if (!line) {
      log?.("(Empty line from server)");
      continue;
    }
    const gtype = line.charAt(0);
    const parts = line.slice(gtype.length).split("\t");
    if (parts.length < 4) {
      log?.(`(Bad line from server: ${pyrepr(line)})`);
      continue;
    }
    if (parts.length > 4) {
      if (!(parts.length === 5 && parts[4] === "+"))
        log?.(`(Extra info from server: ${pyrepr(parts.slice(4))} )`);
    } else parts.push("");
    entries.push([gtype, ...parts]);
  }
  return entries;
}

/** get_textfile(f): the lines of a text item, unstuffed, without terminators (bounded by maxBytes). */
export async function get_textfile(f: GopherFile, options: ReadOptions = {}): Promise<string[]> {
  const maxBytes =
    options.maxBytes === undefined ? MAX_TEXT_BYTES : (options.maxBytes ?? Number.POSITIVE_INFINITY);
  const lines: string[] = [];
  let bytes = 0;
  await get_alt_textfile(
    f,
    (line) => {
      bytes += Buffer.byteLength(line) + 2;
      if (bytes > maxBytes) throw new ResponseTooLarge(maxBytes, "bytes");
      lines.push(line);
    },
    options,
  );
  return lines;
}

/**
 * get_alt_textfile(f, func): calls func with each line of a text item, unstuffed and without
 * its terminator, until the lone "." line (or end of stream, which gopherlib reported). A
 * Promise returned by func is awaited before the next line is read.
 */
export async function get_alt_textfile(
  f: GopherFile,
  func: (line: string) => void | Promise<void>,
  options: ReadOptions = {},
): Promise<void> {
  const { encoding = "utf8", log = printLog, maxline = TEXT_MAXLINE } = options;
  const lines = textLines(lineReader(f), { maxline });
  for await (const line of lines) await func(line.toString(encoding));
  if (!lines.complete) log?.("(Unexpected EOF from server)");
}

/** get_binary(f): everything up to the end of the connection (bounded by maxBytes; stream with get_alt_binary). */
export async function get_binary(
  f: GopherFile,
  options: Pick<ReadOptions, "maxBytes"> = {},
): Promise<Buffer> {
  const maxBytes = options.maxBytes === undefined ? MAX_BINARY_BYTES : options.maxBytes;
  if (maxBytes === null) return f.read();
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    const data = await f.read(Math.min(65536, maxBytes + 1 - total));
    if (data.length === 0) return Buffer.concat(parts, total);
    total += data.length;
    if (total > maxBytes) throw new ResponseTooLarge(maxBytes, "bytes");
    parts.push(data);
  }
}

/**
 * get_alt_binary(f, func, blocksize): calls func with each block of up to blocksize bytes until
 * the end of the connection, in constant memory. A Promise returned by func is awaited.
 */
export async function get_alt_binary(
  f: GopherFile,
  func: (data: Buffer) => void | Promise<void>,
  blocksize: number,
): Promise<void> {
  for (;;) {
    const data = await f.read(blocksize);
    if (data.length === 0) break;
    await func(data);
  }
}
