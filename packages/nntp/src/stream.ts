// Overview data: the format (LIST OVERVIEW.FMT, cached), the OVER/XOVER command a message_spec
// makes, and over_iter(): a large range's overview read line by line in constant memory.
import { decode } from "./codec.js";
import { NNTPPermanentError, NNTPReplyError } from "./errors.js";
import {
  _DEFAULT_OVERVIEW_FMT,
  _parse_overview_fmt,
  type OverviewEntry,
  parseOverviewLine,
} from "./overview.js";
import { hold } from "./pipeline.js";
import { _LONGRESP } from "./replies.js";
import type { NNTPTransport } from "./transport.js";
import { translate, type Wire } from "./wire.js";

/**
 * MessageSpec is over()'s message_spec: [start, end] (end null: to the newest article), a
 * message-id, or null for the current article.
 */
export type MessageSpec =
  | readonly [start: number | string, end: number | string | null]
  | string
  | number
  | null;

/** getOverviewFmt returns the overview format: cached, else LIST OVERVIEW.FMT, else the default. */
export async function getOverviewFmt(client: NNTPTransport, w: Wire): Promise<string[]> {
  if (client._cachedoverviewfmt) return client._cachedoverviewfmt;
  let fmt: string[];
  try {
    const [, lines] = await w.longcmdstring("LIST OVERVIEW.FMT");
    fmt = _parse_overview_fmt(lines);
  } catch (err) {
    // Not supported by the server.
    if (!(err instanceof NNTPPermanentError)) throw err;
    fmt = [..._DEFAULT_OVERVIEW_FMT];
  }
  client._cachedoverviewfmt = fmt;
  return fmt;
}

/** overCommand is the OVER (or, without the OVER capability, XOVER) line for `message_spec`. */
export function overCommand(client: NNTPTransport, message_spec: MessageSpec): string {
  return (client._caps && "OVER" in client._caps ? "OVER" : "XOVER") + specArgument(message_spec);
}

/** specArgument is " start-end", " start-", " <id>" or "" (nntplib's formatting of message_spec). */
export function specArgument(message_spec: MessageSpec): string {
  if (Array.isArray(message_spec)) {
    const [start, end] = message_spec as readonly [number | string, number | string | null];
    return ` ${start}-${end || ""}`;
  }
  return message_spec !== null && message_spec !== undefined ? ` ${message_spec}` : "";
}

/**
 * overIter sends OVER (or XOVER) and yields each article's overview as it is read. The
 * connection is held until the loop ends; leaving it early reads and drops the rest.
 */
export async function* overIter(
  client: NNTPTransport,
  message_spec: MessageSpec,
): AsyncGenerator<OverviewEntry, void, undefined> {
  const [w, release] = await hold(client);
  try {
    const fmt = await getOverviewFmt(client, w);
    await w.putcmd(overCommand(client, message_spec));
    const resp = await w.getresp();
    if (!_LONGRESP.has(resp.slice(0, 3))) throw new NNTPReplyError(resp);
    const lines = w.bodylines(false);
    let failed = false;
    try {
      for (;;) {
        let next: IteratorResult<Buffer, undefined>;
        try {
          next = await lines.next();
        } catch (err) {
          failed = true;
          throw translate(err);
        }
        if (next.done) break;
        let entry: OverviewEntry;
        try {
          entry = parseOverviewLine(decode(next.value), fmt);
        } catch (err) {
          await lines.drain();
          throw err;
        }
        yield entry;
      }
    } finally {
      // Early exit: the rest is read and dropped so that the connection stays in step.
      if (!failed && !lines.done) await lines.drain();
    }
  } finally {
    release();
  }
}
