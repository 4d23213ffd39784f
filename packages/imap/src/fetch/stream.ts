// fetch_iter: one body section per message, streamed as it arrives. The FETCH response's
// literal is handed to the caller in pieces instead of being read whole, so a body of any size
// takes constant memory and is not bound by maxLiteralSize. Everything else in the response
// stream is handled as _get_response handles it.
import { Readable } from "node:stream";
import type { IMAP4Core } from "../core.js";
import { abort, error } from "../errors.js";
import { Literal, match, Untagged_status } from "../response.js";
import type { Arg } from "../wire.js";
import { parseFetchResponse } from "./fetch.js";

/** FetchIterOptions: UID FETCH instead of FETCH, and the largest piece handed out. */
export interface FetchIterOptions {
  uid?: boolean;
  /** Largest chunk a FetchBody yields (default 65536). */
  chunkSize?: number;
}

type ReadSome = (max: number) => Promise<Buffer>;

/**
 * FetchBody is one message's body section as it arrives: iterate over it for its bytes in
 * chunks, or use stream(), buffer() or drain(). It must be read (or is drained) before the
 * next message's comes; once the iteration moved on it is finished.
 */
export class FetchBody implements AsyncIterable<Buffer>, AsyncDisposable {
  /** The message sequence number. */
  readonly seq: number;
  /** The UID (fetch_iter asks for it): known from the start when the server sends it ahead of the body, else once the body has been read. */
  uid: number | null;
  /** The item as the server named it: "BODY[]", "BODY[1]", "RFC822". */
  readonly item: string;
  /** The section's size in octets (the literal's announced size). */
  readonly size: number;
  #remaining: number;
  readonly #read: ReadSome | null;
  readonly #inline: Buffer | null;
  readonly #chunkSize: number;
  readonly #end: (body: FetchBody) => Promise<void>;
  #ended = false;
  #finished = false;

  constructor(
    seq: number,
    uid: number | null,
    item: string,
    size: number,
    source: ReadSome | Buffer,
    chunkSize: number,
    end: (body: FetchBody) => Promise<void> = async () => {},
  ) {
    this.seq = seq;
    this.uid = uid;
    this.item = item;
    this.size = size;
    this.#remaining = size;
    this.#read = typeof source === "function" ? source : null;
    this.#inline = Buffer.isBuffer(source) ? source : null;
    this.#chunkSize = chunkSize;
    this.#end = end;
  }

  /** received is how many bytes have been read so far. */
  get received(): number {
    return this.size - this.#remaining;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer, void, undefined> {
    for (let chunk = await this.#next(); chunk !== null; chunk = await this.#next()) yield chunk;
  }

  /** buffer reads the rest into one Buffer (the whole section if nothing was read yet). */
  async buffer(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let chunk = await this.#next(); chunk !== null; chunk = await this.#next()) parts.push(chunk);
    return Buffer.concat(parts);
  }

  /** stream returns the rest as a Readable; destroying it early drains what is left. */
  stream(): Readable {
    const self = this;
    async function* chunks(): AsyncGenerator<Buffer> {
      try {
        yield* self;
      } finally {
        await self.drain();
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  /** drain reads and drops the rest (nothing once the iteration moved on). */
  async drain(): Promise<void> {
    if (this.#finished) return;
    while ((await this.#next()) !== null) {}
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.drain();
  }

  /** _finish: the iteration moved on; the body was drained by then. */
  _finish(): void {
    this.#finished = true;
  }

  async #next(): Promise<Buffer | null> {
    if (this.#finished) throw new error("this body was passed over: read it before the next message");
    if (this.#remaining === 0) {
      await this.#finishLine();
      return null;
    }
    let chunk: Buffer;
    if (this.#inline) chunk = this.#inline;
    else chunk = await this.#read!(Math.min(this.#chunkSize, this.#remaining));
    this.#remaining -= chunk.length;
    // The rest of the response line (a UID sent after the body, say) is read with the last piece.
    if (this.#remaining === 0) await this.#finishLine();
    return chunk;
  }

  async #finishLine(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#end(this);
  }
}

/** fetchIter is IMAP4.fetch_iter's work. */
export async function* fetchIter(
  imap: IMAP4Core,
  set: Arg,
  section: string,
  options: FetchIterOptions,
): AsyncGenerator<FetchBody, void, undefined> {
  const uid = options.uid ?? false;
  const name = uid ? "UID" : "FETCH";
  imap._check_state("FETCH");
  imap._check_state(name);
  const wanted = normalize(section);
  const chunkSize = Math.max(1, options.chunkSize ?? 65536);
  const items = `(UID ${section})`;
  const hold = await imap._hold("FETCH");
  const readSome: ReadSome = (max) => hold.run(() => imap._read_some_unlocked(max));
  let tag: string | null = null;
  let current: FetchBody | null = null;
  try {
    tag = await hold.run(() =>
      uid ? imap._command_unlocked("UID", "FETCH", set, items) : imap._command_unlocked("FETCH", set, items),
    );
    while (!imap.tagged_commands.get(tag)) {
      current = await nextBody(imap, hold.run, wanted, readSome, chunkSize);
      if (!current) continue;
      yield current;
      await current.drain();
      current._finish();
      current = null;
    }
    const [typ, data] = await hold.run(() => imap._command_complete_unlocked(name, tag!));
    tag = null;
    if (typ !== "OK") throw imap._refused(data);
  } finally {
    if (tag !== null) {
      // Broken out of the loop: read the rest of the response, dropping the bodies.
      try {
        if (current) {
          await current.drain();
          current._finish();
        }
        while (!imap.tagged_commands.get(tag)) {
          const fb = await nextBody(imap, hold.run, wanted, readSome, chunkSize);
          if (fb) {
            await fb.drain();
            fb._finish();
          }
        }
        await hold.run(() => imap._command_complete_unlocked(name, tag!));
      } catch {
        // The iteration ended with an error already, or the connection is gone: nothing to add.
      } finally {
        hold.release();
      }
    } else hold.release();
  }
}

// Reads responses until one carries the wanted body (returned) or is handled otherwise (null).
async function nextBody(
  imap: IMAP4Core,
  run: <T>(fn: () => Promise<T>) => Promise<T>,
  wanted: string,
  read: ReadSome,
  chunkSize: number,
): Promise<FetchBody | null> {
  const resp = await run(() => imap._get_line_unlocked());
  const found = bodyOf(resp, wanted, read, chunkSize, (fb) => run(() => trailer(imap, fb)));
  if (!found) await run(() => imap._process_response_unlocked(resp));
  return found;
}

// The rest of a streamed message's FETCH line: its UID if it came after the body, and any
// further literal (read within the bound and dropped: only one section was asked for).
async function trailer(imap: IMAP4Core, fb: FetchBody): Promise<void> {
  let dat = await imap._get_line_unlocked();
  for (let lit = match(Literal, dat); lit; lit = match(Literal, dat)) {
    await imap._read_literal(Number(lit.groups[0]!.toString("latin1")));
    dat = await imap._get_line_unlocked();
  }
  if (fb.uid === null) {
    const m = /\bUID (\d+)/i.exec(dat.toString("latin1"));
    if (m) fb.uid = Number(m[1]);
  }
}

// "* 12 FETCH (UID 55 BODY[] {12345}" -> a FetchBody for the 12345 bytes that follow, when the
// item before the literal is the one asked for. A body sent inline (quoted, NIL) is parsed.
function bodyOf(
  resp: Buffer,
  wanted: string,
  read: ReadSome,
  chunkSize: number,
  end: (body: FetchBody) => Promise<void>,
): FetchBody | null {
  const m = match(Untagged_status, resp);
  if (!m || m.groups[1]!.toString("latin1") !== "FETCH" || !m.groups[2]) return null;
  const seq = Number(m.groups[0]!.toString("latin1"));
  const rest = m.groups[2];
  const lit = match(Literal, rest);
  const text = rest.toString("latin1");
  if (lit) {
    const before = text.slice(0, text.lastIndexOf("{")).replace(/~$/, "").trimEnd();
    if (!normalize(before).endsWith(wanted)) return null;
    const size = Number(lit.groups[0]!.toString("latin1"));
    if (!Number.isSafeInteger(size)) throw new abort(`literal too large: ${size} bytes announced`);
    const uid = /\bUID (\d+)/i.exec(before);
    return new FetchBody(seq, uid ? Number(uid[1]) : null, wanted, size, read, chunkSize, end);
  }
  if (!normalize(text).includes(`${wanted} `)) return null;
  const msg = parseFetchResponse([Buffer.concat([m.groups[0]!, Buffer.from(" "), rest])]);
  const key = Object.keys(msg.sections).find((k) => normalize(k) === wanted);
  if (key === undefined) return null;
  const data = msg.sections[key] ?? Buffer.alloc(0);
  return new FetchBody(seq, msg.uid, wanted, data.length, data, chunkSize);
}

// BODY.PEEK[HEADER]<0.100> -> BODY[HEADER]<0>: the name the response carries.
function normalize(item: string): string {
  return item
    .toUpperCase()
    .replace(/\.PEEK\[/, "[")
    .replace(/<(\d+)\.\d+>$/, "<$1>")
    .replace(/\s+/g, " ");
}
