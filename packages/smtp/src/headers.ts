// The header section of an RFC 5322 message, as send_message() needs it: the fields by name
// (Python's msg[name] and msg.get_all(name)), and the bytes without the Bcc fields. The body
// is never parsed; a streamed message is read only as far as its first empty line.
import { MAX_HEADER_BYTES } from "./limits.js";

/** HeaderField is one field: its name as written, its value unfolded, and where its bytes are. */
export interface HeaderField {
  name: string;
  value: string;
  start: number;
  end: number;
}

/**
 * headerEnd returns the length of the header section in `data`, the empty line included, or
 * -1 when the section has not ended yet. A message that starts with an empty line has none.
 */
export function headerEnd(data: Uint8Array, from = 0): number {
  for (let i = Math.max(0, from - 3); i < data.length; i++) {
    if (data[i] !== 10) continue;
    if (i === 0) return 1;
    if (data[i - 1] === 10) return i + 1;
    if (data[i - 1] === 13 && (i === 1 || data[i - 2] === 10)) return i + 1;
  }
  return -1;
}

/**
 * parseHeader returns the fields of a header section (bytes up to and including the empty
 * line). Values are decoded as UTF-8 (RFC 6532) and unfolded; a line that is neither a field
 * nor a continuation ends the section, as Python's parser treats it.
 */
export function parseHeader(header: Uint8Array): HeaderField[] {
  const fields: HeaderField[] = [];
  const bytes = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  let pos = 0;
  while (pos < bytes.length) {
    let eol = bytes.indexOf(10, pos);
    eol = eol === -1 ? bytes.length : eol + 1;
    const line = bytes.subarray(pos, eol).toString("utf8");
    const bare = line.replace(/\r?\n$/, "");
    if (bare === "") break;
    const last = fields[fields.length - 1];
    if ((bare[0] === " " || bare[0] === "\t") && last) {
      last.value += bare;
      last.end = eol;
    } else {
      const colon = bare.indexOf(":");
      if (colon <= 0) break;
      fields.push({ name: bare.slice(0, colon).trim(), value: bare.slice(colon + 1), start: pos, end: eol });
    }
    pos = eol;
  }
  for (const f of fields) f.value = f.value.trim();
  return fields;
}

/** getAll returns the values of every field called `name` (any case), or null: msg.get_all(name). */
export function getAll(fields: readonly HeaderField[], name: string): string[] | null {
  const want = name.toLowerCase();
  const values = fields.filter((f) => f.name.toLowerCase() === want).map((f) => f.value);
  return values.length > 0 ? values : null;
}

/** getFirst returns the first field called `name`, or null: msg[name]. */
export function getFirst(fields: readonly HeaderField[], name: string): string | null {
  return getAll(fields, name)?.[0] ?? null;
}

/** removeFields returns the header bytes without the fields named in `names` (lower case). */
export function removeFields(
  header: Uint8Array,
  fields: readonly HeaderField[],
  names: ReadonlySet<string>,
): Buffer {
  const bytes = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  const parts: Buffer[] = [];
  let pos = 0;
  for (const f of fields) {
    if (!names.has(f.name.toLowerCase())) continue;
    parts.push(bytes.subarray(pos, f.start));
    pos = f.end;
  }
  parts.push(bytes.subarray(pos));
  return Buffer.concat(parts);
}

/** SplitMessage is a message's header section, and the rest of it. */
export interface SplitMessage<Body> {
  header: Buffer;
  body: Body;
}

/** splitMessage splits a message held in memory at the end of its header section. */
export function splitMessage(data: Buffer): SplitMessage<Buffer> {
  const end = headerEnd(data);
  if (end === -1) return { header: data, body: Buffer.alloc(0) };
  return { header: data.subarray(0, end), body: data.subarray(end) };
}

/**
 * splitStream reads a streamed message up to the end of its header section (at most
 * `maxHeaderBytes`, else RangeError) and returns the header and the rest of the stream, which
 * starts with whatever of the body came in the same chunk.
 */
export async function splitStream(
  source: AsyncIterable<Uint8Array>,
  maxHeaderBytes = MAX_HEADER_BYTES,
): Promise<SplitMessage<AsyncIterable<Buffer>>> {
  const iterator = source[Symbol.asyncIterator]();
  let held = Buffer.alloc(0);
  let end = -1;
  let done = false;
  while (end === -1) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const from = held.length;
    held = Buffer.concat([held, next.value]);
    end = headerEnd(held, from);
    if (end === -1 && held.length > maxHeaderBytes)
      throw new RangeError(`message header section longer than ${maxHeaderBytes} bytes`);
  }
  const header = end === -1 ? held : held.subarray(0, end);
  const first = end === -1 ? Buffer.alloc(0) : held.subarray(end);
  async function* rest(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    }
  }
  return { header, body: rest() };
}
