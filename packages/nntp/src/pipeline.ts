// Many articles in one go (RFC 3977 3.5 lets a client pipeline): commands go out in batches up
// to a window, responses are read in order, and the next batch leaves while earlier responses
// are still being read, so the server's round-trip time is paid once rather than per article.
import { encodeCommand } from "@inetlib/socket";
import { decode, encode } from "./codec.js";
import { NNTPPermanentError, NNTPTemporaryError } from "./errors.js";
import { PIPELINE_BYTES } from "./limits.js";
import { _statparse, articleInfo, type StatResponse } from "./replies.js";
import type { NNTPTransport } from "./transport.js";
import type { ArticleInfo } from "./tuples.js";
import type { Wire } from "./wire.js";

/** PipelineOptions tune articles(), heads(), bodies() and stats(). */
export interface PipelineOptions {
  /** Commands in flight (default: the NNTP's pipelineWindow option, else PIPELINE_WINDOW). */
  window?: number;
  /** Leave out articles the server does not have (423, 430) instead of throwing at them. */
  skipMissing?: boolean;
}

/** Exchange is how to read one command's response, and how to read and drop it. */
export interface Exchange<T> {
  read(w: Wire): Promise<T>;
  skip(w: Wire): Promise<void>;
}

/**
 * pipelined yields the responses to `commands` in order. Every command is checked (CR, LF,
 * NUL) before anything is sent. A 4xx or 5xx throws once the responses already asked for are
 * read (nothing more is sent), so the connection stays usable; so does leaving the loop early.
 * Any other failure (end of stream, timeout, malformed data) leaves responses unread: the
 * connection is closed.
 */
export async function* pipelined<T>(
  client: NNTPTransport,
  w: Wire,
  commands: readonly string[],
  exchange: Exchange<T>,
  options: PipelineOptions = {},
): AsyncGenerator<T, void, undefined> {
  const encoded = commands.map((line) => encodeCommand(encode(line)));
  const window = Math.max(1, Math.floor(options.window ?? client._pipelineWindow));
  let sent = 0;
  let received = 0;
  let bytesInFlight = 0;
  let broken = false;
  let failure: unknown = null;
  try {
    while (received < encoded.length) {
      // Refill once half the window (in commands and in bytes) has been answered.
      if (sent < encoded.length && sent - received <= window >> 1 && bytesInFlight <= PIPELINE_BYTES >> 1) {
        const batch: Buffer[] = [];
        let size = 0;
        while (
          sent + batch.length < encoded.length &&
          sent + batch.length - received < window &&
          (batch.length === 0 ||
            bytesInFlight + size + encoded[sent + batch.length]!.length <= PIPELINE_BYTES)
        ) {
          const data = encoded[sent + batch.length]!;
          batch.push(data);
          size += data.length;
        }
        broken = true; // until the batch is out: a failed send leaves the stream in an unknown state
        await w.conn.sendBatch(batch.map((data) => [data.subarray(0, data.length - 2)]));
        broken = false;
        sent += batch.length;
        bytesInFlight += size;
      }
      let value: T;
      try {
        value = await exchange.read(w);
      } catch (err) {
        // A 4xx or 5xx took one line: the responses behind it are still due.
        if (err instanceof NNTPTemporaryError || err instanceof NNTPPermanentError) {
          bytesInFlight -= encoded[received]!.length;
          received++;
          const code = err.code;
          if (options.skipMissing && (code === 423 || code === 430)) continue;
        } else broken = true;
        failure = err;
        break;
      }
      bytesInFlight -= encoded[received]!.length;
      received++;
      yield value;
    }
  } finally {
    if (broken) await client.close();
    else for (; received < sent; received++) await exchange.skip(w);
  }
  if (failure !== null) throw failure;
}

/**
 * hold takes the connection's lock and keeps it until release() is called: for exchanges whose
 * reading the caller paces (the async iterators).
 */
export function hold(client: NNTPTransport): Promise<[Wire, () => void]> {
  return new Promise((resolve, reject) => {
    client._exclusive((wire) => new Promise<void>((release) => resolve([wire, release]))).catch(reject);
  });
}

/** articleExchange reads an ARTICLE, HEAD or BODY response: [resp, ArticleInfo]. */
export const articleExchange: Exchange<[string, ArticleInfo]> = {
  read: async (w) => {
    const [resp, lines] = await w.getlongresp();
    return articleInfo(resp, lines);
  },
  skip: async (w) => {
    const code = decode(await w.getline()).slice(0, 3);
    if (code === "220" || code === "221" || code === "222") await w.skipbody();
  },
};

/** statExchange reads a STAT response: [resp, number, message_id]. */
export const statExchange: Exchange<StatResponse> = {
  read: async (w) => _statparse(await w.getresp()),
  skip: async (w) => void (await w.getline()),
};
