// Shared by the protocol tests: CPython's DummyPOP3Handler as a `respond` script, and a
// server + client pair that is always closed.
import {
  type ClientServerPair,
  Maildrop,
  openPair,
  POP3Server,
  type POP3ServerListen,
  type POP3ServerOptions,
  type Respond,
} from "@inetlib/testing";
import { error_proto, POP3, type POP3Options } from "../src/index.js";

// test_poplib.py's LIST_RESP and RETR_RESP.
export const LIST_RESP = "1 1\r\n2 2\r\n3 3\r\n4 4\r\n5 5\r\n.\r\n";
export const RETR_RESP =
  "From: postmaster@python.org\r\nContent-Type: text/plain\r\nMIME-Version: 1.0\r\nSubject: Dummy\r\n\r\nline1\r\nline2\r\nline3\r\n.\r\n";
export const DUMMY_GREETING = "+OK dummy pop3 server ready. <timestamp>";

/**
 * dummy answers as test_poplib.py's DummyPOP3Handler (without its double reply to a bad
 * USER or PASS). STLS is left to the server.
 */
export function dummy(options: { utf8?: boolean } = {}): Respond {
  const push = (s: string) => `${s}\r\n`;
  return (command, arg, session) => {
    switch (command) {
      case "ECHO":
        return push(arg);
      case "USER":
        return push(arg === "guido" ? "+OK password required" : "-ERR no such user");
      case "PASS":
        return push(arg === "python" ? "+OK 10 messages" : "-ERR wrong password");
      case "STAT":
        return push("+OK 10 100");
      case "LIST":
      case "UIDL":
        return arg ? push(`+OK ${arg} ${arg}`) : push("+OK") + LIST_RESP;
      case "RETR":
      case "TOP":
        return push(`+OK ${RETR_RESP.length} bytes`) + RETR_RESP;
      case "DELE":
        return push("+OK message marked for deletion.");
      case "NOOP":
      case "RPOP":
      case "APOP":
        return push("+OK done nothing.");
      case "QUIT":
        return push("+OK closing.");
      case "CAPA":
        return (
          push("+OK Capability list follows") +
          push("UIDL") +
          push("IMPLEMENTATION python-testlib-pop-server") +
          (session.tls ? "" : push("STLS")) +
          push(".")
        );
      case "UTF8":
        return push(options.utf8 ? "+OK I know RFC6856" : "-ERR What is UTF8?!");
      case "STLS":
        return undefined;
      default:
        return push(`-ERR unrecognized POP3 command "${command.toLowerCase()}".`);
    }
  };
}

/** Pair is a server and a client connected to it; both closed by dispose. */
export type Pair = ClientServerPair<POP3Server, POP3>;

/** pair starts a server with `options` and connects a POP3 client to it. */
export function pair(
  options: POP3ServerOptions & POP3ServerListen = {},
  clientOptions: POP3Options = {},
): Promise<Pair> {
  return openPair(
    () => POP3Server.open(options),
    (server) => POP3.open(options.host ?? "127.0.0.1", server.port, { timeout: 10, ...clientOptions }),
  );
}

/** dummyServer is a pair with CPython's dummy handler and its greeting. */
export function dummyServer(
  extra: POP3ServerOptions & POP3ServerListen = {},
  clientOptions: POP3Options = {},
) {
  return pair({ greeting: DUMMY_GREETING, respond: dummy(), ...extra }, clientOptions);
}

/** mailbox returns a Maildrop with alice (3 messages) and bob (none). */
export function mailbox(): Maildrop {
  const drop = new Maildrop({ alice: "alice-pass", bob: { password: "bob-pass", token: "bob-token" } });
  drop.add("alice", "From: a@inetlib.test\r\nSubject: one\r\n\r\nfirst\r\n", { uid: "uid-1" });
  drop.add("alice", "Subject: two\n\n.dotted\n..two dots\n.\nend\n", { uid: "uid-2" });
  drop.add("alice", "Subject: three\r\n\r\nl1\r\nl2\r\nl3\r\nl4\r\n", { uid: "uid-3" });
  return drop;
}

/** caught returns the error_proto `p` rejects with (anything else is rethrown; success fails). */
export async function caught(p: Promise<unknown>): Promise<error_proto> {
  try {
    await p;
  } catch (err) {
    if (err instanceof error_proto) return err;
    throw err;
  }
  throw new Error("expected error_proto");
}
