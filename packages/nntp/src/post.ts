// What post() and ihave() accept as an article, turned into the chunks the line layer
// dot-stuffs and sends (with every line ending made CRLF).
import type { DotBodySource } from "@inetlib/socket";
import { NNTPReplyError } from "./errors.js";
import type { Wire } from "./wire.js";

/**
 * ArticleSource is an article to send: bytes; a sync iterable of lines (each given its CRLF
 * as Python's _post does: trailing CR and LF characters replaced by one CRLF); or an async
 * iterable of bytes, such as a Readable of a file (split into lines wherever its bytes say).
 */
export type ArticleSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

const CRLF = Buffer.from("\r\n");

/** articleChunks checks `data` and returns it as chunks for Writer.writeDotBody(). */
export function articleChunks(data: ArticleSource): DotBodySource {
  if (data instanceof Uint8Array) return data;
  if (typeof data === "string")
    throw new TypeError(
      "post() and ihave() take bytes, an iterable of bytes lines or a readable stream, not str",
    );
  if (Symbol.asyncIterator in data) return data as AsyncIterable<Uint8Array>;
  if (Symbol.iterator in data) return lines(data as Iterable<Uint8Array>);
  throw new TypeError("post() and ihave() take bytes, an iterable of bytes lines or a readable stream");
}

/**
 * sendArticle is nntplib's _post: the command, a 3xx go-ahead (any 4xx or 5xx, posting not
 * allowed or article not wanted, has been thrown by then), the article, the final response.
 */
export async function sendArticle(w: Wire, command: string, chunks: DotBodySource): Promise<string> {
  const resp = await w.shortcmd(command);
  if (!resp.startsWith("3")) throw new NNTPReplyError(resp);
  await w.conn.sendDotBody(chunks, { fixEols: true });
  return w.getresp();
}

function* lines(data: Iterable<Uint8Array>): Iterable<Uint8Array> {
  for (const line of data) {
    if (!(line instanceof Uint8Array)) throw new TypeError("each line of the article must be bytes");
    yield endsWithCRLF(line) ? line : Buffer.concat([rstripEOL(line), CRLF]);
  }
}

function endsWithCRLF(line: Uint8Array): boolean {
  const n = line.length;
  return n >= 2 && line[n - 2] === 13 && line[n - 1] === 10;
}

// bytes.rstrip(b"\r\n")
function rstripEOL(line: Uint8Array): Uint8Array {
  let n = line.length;
  while (n > 0 && (line[n - 1] === 13 || line[n - 1] === 10)) n--;
  return line.subarray(0, n);
}
