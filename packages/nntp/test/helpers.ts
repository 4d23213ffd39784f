// Shared by the protocol tests: a server and a client that are always closed, and ways to
// look at what the client sent.

import { create_default_context, type SSLContext } from "@inetlib/socket";
import {
  type ClientServerPair,
  NNTPServer,
  type NNTPServerListen,
  type NNTPServerOptions,
  nntpTestCA,
  openPair,
} from "@inetlib/testing";
import { NNTP, type NNTPOptions } from "../src/index.js";
import type { PyHandler } from "./handlers.js";

/** Pair is a server and a client connected to it; both closed by dispose. */
export type Pair = ClientServerPair<NNTPServer, NNTP>;

/** pair starts a server with `options` and opens an NNTP client to it. */
export function pair(
  options: NNTPServerOptions & NNTPServerListen = {},
  clientOptions: NNTPOptions = {},
): Promise<Pair> {
  return openPair(
    () => NNTPServer.open(options),
    (server) => NNTP.open(options.host ?? "127.0.0.1", server.port, { timeout: 10, ...clientOptions }),
  );
}

/** pyPair serves CPython's scripted handler `handler`. */
export function pyPair(handler: PyHandler, clientOptions: NNTPOptions = {}): Promise<Pair> {
  return pair({ greeting: handler.welcome, respond: handler.respond }, clientOptions);
}

/** sent returns the lines the client of the server's last connection sent, CRLF included. */
export function sent(server: NNTPServer, index = server.connections.length - 1): string[] {
  return (server.connections[index]?.received ?? []).map((b) => b.toString("latin1"));
}

/** postedBody returns the raw lines (stuffing kept) the client sent after its last POST or IHAVE. */
export function postedBody(server: NNTPServer): string[] {
  const lines = sent(server);
  let start = -1;
  lines.forEach((l, i) => {
    if (/^(POST|IHAVE)\b/.test(l)) start = i;
  });
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    out.push(l);
    if (l === ".\r\n") break;
  }
  return out;
}

/** trusting is a client context that trusts the test CA. */
export function trusting(): SSLContext {
  return create_default_context({ cafile: nntpTestCA });
}

/** caught returns what `p` rejects with (a fulfilled promise fails the test). */
export async function caught<E = Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (err) {
    return err as E;
  }
  throw new Error("expected a rejection");
}
