// Streaming feeds (RFC 4644): MODE STREAM, then CHECK <id> (may I send it?) and TAKETHIS <id>
// followed at once by the article (here it is). Both may be pipelined: a feeder sends many
// and reads the answers in order, each carrying its message-id. Not-wanted and rejected
// articles are answers, not errors; anything else a 4xx/5xx (480, 500, 501) throws.
//
//	C: CHECK <a@x>            S: 238 <a@x>     (send it)      438 <a@x> (not wanted)
//	C: TAKETHIS <a@x>         S: 239 <a@x>     (transferred)  439 <a@x> (rejected)
//	C: (the article, dot-stuffed, .)
import { ValueError } from "@inetlib/socket";
import { decode } from "./codec.js";
import { NNTPPermanentError, NNTPProtocolError, NNTPReplyError, NNTPTemporaryError } from "./errors.js";
import type { Exchange } from "./pipeline.js";
import { type ArticleSource, articleChunks } from "./post.js";
import type { NNTPTransport } from "./transport.js";
import type { Wire } from "./wire.js";

/** CheckResult is the answer to CHECK: 238 send it, 431 try again later, 438 not wanted. */
export interface CheckResult {
  response: string;
  code: 238 | 431 | 438;
  message_id: string;
  /** The server wants the article (238): TAKETHIS it. */
  wanted: boolean;
  /** The server cannot take it now (431): CHECK it again later. */
  later: boolean;
}

/** TakethisResult is the answer to TAKETHIS: 239 transferred, 439 rejected (do not send again). */
export interface TakethisResult {
  response: string;
  code: 239 | 439;
  message_id: string;
  accepted: boolean;
}

/** FeedOptions tune check_many() and takethis_many(). */
export interface FeedOptions {
  /** Commands in flight (default: the NNTP's pipelineWindow option, else PIPELINE_WINDOW). */
  window?: number;
}

/** checkMessageId refuses what cannot be a message-id on a command line (RFC 3977 3.6). */
export function checkMessageId(message_id: string): void {
  if (!/^<[\x21-\x7e]{1,248}>$/.test(message_id) || message_id.slice(1, -1).includes(">"))
    throw new ValueError(`not a message-id: ${JSON.stringify(message_id)}`);
}

/** modeStream is NNTP.mode_stream's work: MODE STREAM, which must answer 203. */
export async function modeStream(w: Wire): Promise<string> {
  const resp = await w.shortcmd("MODE STREAM");
  if (!resp.startsWith("203")) throw new NNTPReplyError(resp);
  return resp;
}

/** readCheck reads one CHECK answer. */
export async function readCheck(w: Wire, message_id: string): Promise<CheckResult> {
  const [response, code] = await readStreamReply(w, message_id, [238, 431, 438]);
  return {
    response,
    code: code as CheckResult["code"],
    message_id,
    wanted: code === 238,
    later: code === 431,
  };
}

/** readTakethis reads one TAKETHIS answer. */
export async function readTakethis(w: Wire, message_id: string): Promise<TakethisResult> {
  const [response, code] = await readStreamReply(w, message_id, [239, 439]);
  return { response, code: code as TakethisResult["code"], message_id, accepted: code === 239 };
}

/** sendTakethis sends TAKETHIS and the article after it, without waiting for anything. */
export async function sendTakethis(w: Wire, message_id: string, data: ArticleSource): Promise<void> {
  const chunks = articleChunks(data);
  await w.putcmd(`TAKETHIS ${message_id}`);
  await w.conn.sendDotBody(chunks, { fixEols: true });
}

/**
 * takethisMany sends every article with TAKETHIS, up to `window` unanswered, reading the
 * answers while it writes (a server that answers while it reads must never wait on us).
 * Every message-id is checked before anything is sent. A failure midway leaves the stream
 * out of step: the connection is closed.
 */
export async function takethisMany(
  client: NNTPTransport,
  w: Wire,
  articles: Iterable<readonly [string, ArticleSource]>,
  options: FeedOptions = {},
): Promise<TakethisResult[]> {
  const list = [...articles];
  for (const [id] of list) checkMessageId(id);
  const window = Math.max(1, Math.floor(options.window ?? client._pipelineWindow));
  const results: TakethisResult[] = [];
  let sent = 0;
  let failure: { error: unknown } | null = null;
  let waiters: (() => void)[] = [];
  const wakeAll = () => {
    const now = waiters;
    waiters = [];
    for (const f of now) f();
  };
  const waitFor = () => new Promise<void>((resolve) => waiters.push(resolve));
  const writer = async () => {
    for (const [id, data] of list) {
      while (!failure && sent - results.length >= window) await waitFor();
      if (failure) return;
      await sendTakethis(w, id, data);
      sent++;
      wakeAll();
    }
  };
  const reader = async () => {
    while (results.length < list.length) {
      while (!failure && results.length >= sent) await waitFor();
      if (failure) return;
      results.push(await readTakethis(w, list[results.length]![0]));
      wakeAll();
    }
  };
  // The first failure closes the connection, which ends the other side's wait on it.
  const fail = async (error: unknown) => {
    if (failure) return;
    failure = { error };
    wakeAll();
    await client.close();
  };
  await Promise.all([writer().catch(fail), reader().catch(fail)]);
  if (failure) throw (failure as { error: unknown }).error;
  return results;
}

/** checkExchange reads the CHECK answers of check_many(), in the order of `ids`. */
export function checkExchange(ids: readonly string[]): Exchange<CheckResult> {
  let next = 0;
  return {
    read: (w) => readCheck(w, ids[next++]!),
    skip: async (w) => {
      next++;
      await w.getline();
    },
  };
}

// A streaming answer: the code must be one of `codes` (4xx/5xx others throw as getresp does),
// and the message-id, when the server repeats it, must be the one asked about.
async function readStreamReply(w: Wire, message_id: string, codes: number[]): Promise<[string, number]> {
  const resp = decode(await w.getline());
  const code = Number(resp.slice(0, 3));
  if (!codes.includes(code)) {
    if (resp.startsWith("4")) throw new NNTPTemporaryError(resp);
    if (resp.startsWith("5")) throw new NNTPPermanentError(resp);
    throw new NNTPReplyError(resp);
  }
  const echoed = resp.slice(4).split(/\s+/)[0] ?? "";
  if (echoed.startsWith("<") && echoed !== message_id)
    throw new NNTPProtocolError(`answer for ${echoed} where ${message_id} was due: ${resp}`);
  return [resp, code];
}
