// Shared by the protocol tests: a server + client pair that is always closed, CPython's
// SimpleIMAPHandler as a `respond` script, and a socket stand-in that delivers scripted bytes
// in chosen pieces (loopback TCP would merge them at will).

import { AF_INET, AF_INET6, BaseRequestHandler, type socket, TCPServer } from "@inetlib/socket";
import {
  demoMailstore,
  type IMAPArg,
  type IMAPReply,
  type IMAPRespond,
  IMAPServer,
  type IMAPServerListen,
  type IMAPServerOptions,
  Mailstore,
  ScriptedSocket,
} from "@inetlib/testing";
import { type error, IMAP4, type IMAP4Options } from "../src/index.js";

export { splits } from "@inetlib/testing";

/** b is latin1 bytes. */
export const b = (s: string): Buffer => Buffer.from(s, "latin1");

/** TAG is the tag prefix the tests use, so transcripts are fixed. */
export const TAG = "ABCD";

/** Pair is a server and a client connected to it; both closed by dispose. */
export interface Pair extends AsyncDisposable {
  server: IMAPServer;
  client: IMAP4;
}

/** pair starts a server with `options` and connects an IMAP4 client to it. */
export async function pair(
  options: IMAPServerOptions & IMAPServerListen = {},
  clientOptions: IMAP4Options = {},
): Promise<Pair> {
  const server = await IMAPServer.open(options);
  try {
    const client = await IMAP4.open(options.host ?? "127.0.0.1", server.port, {
      timeout: 10,
      tagpre: TAG,
      ...clientOptions,
    });
    return {
      server,
      client,
      async [Symbol.asyncDispose]() {
        await client._close_transport();
        await server.close();
      },
    };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** demo is a pair on the demo mailstore (alice, bob), logged in as alice unless `login` is false. */
export async function demo(
  options: IMAPServerOptions & IMAPServerListen = {},
  clientOptions: IMAP4Options = {},
  login = true,
): Promise<Pair> {
  const p = await pair({ store: demoMailstore(), ...options }, clientOptions);
  if (login) await p.client.login("alice", "alice-pass");
  return p;
}

/** since returns what the client sent after `mark` characters of the transcript. */
export function since(p: Pair, mark: number): string {
  return p.server.transcript().slice(mark);
}

/**
 * simple answers as test_imaplib.py's SimpleIMAPHandler: the greeting "* OK IMAP4rev1",
 * CAPABILITY with `capabilities`, LOGIN, LOGOUT, SELECT (2 EXISTS) and UNSELECT; `extra`
 * answers first (the subclasses' cmd_ methods); everything else "BAD <cmd> unknown".
 */
export function simple(
  capabilities = "",
  extra: Record<string, (tag: string, args: string[]) => IMAPReply> = {},
): {
  options: IMAPServerOptions;
  state: { logged: string | null; selected: boolean; responses: Buffer[] };
} {
  const state = { logged: null as string | null, selected: false, responses: [] as Buffer[] };
  const respond: IMAPRespond = (cmd) => {
    const args = cmd.args.map(show);
    const own = extra[cmd.name];
    if (own) return own(cmd.tag, args);
    switch (cmd.name) {
      case "CAPABILITY":
        return `* CAPABILITY ${capabilities ? `IMAP4rev1 ${capabilities}` : "IMAP4rev1"}\r\n${cmd.tag} OK CAPABILITY completed\r\n`;
      case "LOGOUT":
        state.logged = null;
        return `* BYE IMAP4ref1 Server logging out\r\n${cmd.tag} OK LOGOUT completed\r\n`;
      case "LOGIN":
        state.logged = args[0] ?? null;
        return `${cmd.tag} OK LOGIN completed\r\n`;
      case "SELECT":
        state.selected = true;
        return `* 2 EXISTS\r\n${cmd.tag} OK [READ-WRITE] SELECT completed.\r\n`;
      case "UNSELECT":
        if (!state.selected) return `${cmd.tag} BAD No mailbox selected\r\n`;
        state.selected = false;
        return `${cmd.tag} OK Returned to authenticated state. (Success)\r\n`;
      default:
        return `${cmd.tag} BAD ${cmd.name} unknown\r\n`;
    }
  };
  return { options: { greeting: "* OK IMAP4rev1", respond }, state };
}

// An argument as the handler's split() would see it.
function show(a: IMAPArg): string {
  if (typeof a === "string") return a;
  if (Buffer.isBuffer(a)) return a.toString("latin1");
  return `(${a.map(show).join(" ")})`;
}

/** continuation is a Reply that sends "+ text" and hands the answer line to `then`. */
export function continuation(text: string, then: (line: Buffer) => IMAPReply | undefined): IMAPReply {
  return { send: `${text}\r\n`, next: then };
}

/** caught returns the error `p` rejects with (success fails the test). */
export async function caught<T extends Error = error>(p: Promise<unknown>): Promise<T> {
  try {
    await p;
  } catch (err) {
    return err as T;
  }
  throw new Error("expected a rejection");
}

/** FakeSocket is the shared ScriptedSocket with the shutdown and timeout calls IMAP4 makes. */
export class FakeSocket extends ScriptedSocket {
  #timeout: number | null = null;

  async shutdown(): Promise<void> {}

  override gettimeout(): number | null {
    return this.#timeout;
  }

  settimeout(t: number | null): void {
    this.#timeout = t;
  }
}

/** FakeIMAP4 is an IMAP4 client over a FakeSocket. */
export class FakeIMAP4 extends IMAP4 {
  readonly fake: FakeSocket;
  constructor(fake: FakeSocket, options: IMAP4Options = {}) {
    super({ tagpre: TAG, ...options });
    this.fake = fake;
  }
  protected override async _create_socket(): Promise<socket> {
    return this.fake as unknown as socket;
  }
}

/** store returns a Mailstore with alice's INBOX and Archive, empty. */
export function emptyStore(): Mailstore {
  return new Mailstore({ alice: "alice-pass" });
}

/** RawServer runs `handle` for each connection: for servers that break the protocol. */
export interface RawServer extends AsyncDisposable {
  port: number;
  /** Bytes each connection sent, in order. */
  received: Buffer[][];
}

/** rawServer serves loopback connections with `handle`; the socket is closed when it returns. */
export async function rawServer(
  handle: (sock: socket, index: number) => Promise<void>,
  host = "127.0.0.1",
): Promise<RawServer> {
  const received: Buffer[][] = [];
  let count = 0;
  const live = new Set<socket>();
  class H extends BaseRequestHandler<socket> {
    override async handle(): Promise<void> {
      const i = count++;
      received[i] = [];
      live.add(this.request);
      try {
        await handle(this.request, i);
      } catch {
        // a client that left is not the test's failure; the client side asserts
      } finally {
        live.delete(this.request);
      }
    }
  }
  class S extends TCPServer {
    override address_family: number = host.includes(":") ? AF_INET6 : AF_INET;
    override handle_error(): void {}
  }
  const server = await S.open([host, 0], H);
  const serving = server.serve_forever(0.05).catch(() => {});
  return {
    port: (server.server_address as [string, number])[1],
    received,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await Promise.all([...live].map((s) => s.close()));
      await server.server_close();
      await serving;
    },
  };
}

/** eventually waits (polling, up to 5 s) until `check` passes: for what the server receives after the client is done. */
export async function eventually(check: () => void): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
