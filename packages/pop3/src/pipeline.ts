// Several commands in flight (RFC 2449 6.6 PIPELINING): commands go out in batches of up to
// a window, replies are read in order, and the next batch leaves while earlier replies are
// still being read. Without PIPELINING the same loop sends one command at a time.
import { checkArgument } from "@inetlib/socket";
import { error_proto } from "./errors.js";
import type { POP3Transport } from "./transport.js";
import type { Wire } from "./wire.js";

/** Exchange is how to read one command's reply, and how to skip it unread. */
export interface Exchange<T> {
  read(w: Wire): Promise<T>;
  skip(w: Wire): Promise<void>;
}

/**
 * pipelined yields the replies to `commands` in order. A -ERR throws error_proto once the
 * replies already asked for are read (no further command is sent); leaving the loop early
 * reads and drops the outstanding ones, so the connection stays usable either way.
 */
export async function* pipelined<T>(
  host: POP3Transport,
  w: Wire,
  commands: readonly string[],
  exchange: Exchange<T>,
): AsyncGenerator<T, void, undefined> {
  // Every command is checked before anything goes out, CAPA included.
  for (const command of commands) checkArgument(command);
  const window = (await host._pipelining(w)) ? host._pipelineWindow : 1;
  let sent = 0;
  let received = 0;
  let broken = false;
  let failure: unknown = null;
  try {
    while (received < commands.length) {
      const inFlight = sent - received;
      if (sent < commands.length && inFlight <= window >> 1) {
        const batch = commands.slice(sent, sent + window - inFlight);
        await w.conn.sendBatch(batch.map((line) => [line]));
        sent += batch.length;
      }
      let value: T;
      try {
        value = await exchange.read(w);
      } catch (err) {
        // A -ERR consumed its one line: the replies behind it are still due.
        if (err instanceof error_proto && err.resp !== null) received++;
        else broken = true;
        failure = err;
        break;
      }
      received++;
      yield value;
    }
  } finally {
    if (!broken) for (; received < sent; received++) await exchange.skip(w);
  }
  if (failure !== null) throw failure;
}

/** shortExchange reads a one-line reply. */
export const shortExchange: Exchange<Buffer> = {
  read: (w) => w.getresp(),
  skip: async (w) => void (await w.getline()),
};

/** longExchange reads a multi-line reply into memory, within the bounds. */
export const longExchange: Exchange<[Buffer, Buffer[], number]> = {
  read: (w) => w.getlongresp(),
  skip: async (w) => {
    const [line] = await w.getline();
    if (line[0] === 0x2b) await w.skipbody();
  },
};
