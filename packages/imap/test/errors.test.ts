// Every error path: the state table (nothing sent), NO, BAD and BYE where they can come,
// responses that are not IMAP, READ-ONLY, broken connections, timeouts and AbortSignal.
import { AbortError, oserror, TimeoutError } from "@inetlib/socket";
import { demoMailstore } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { abort, Commands, error, type IMAP4, readonly } from "../src/index.js";
import { b, caught, demo, eventually, FakeIMAP4, FakeSocket, pair, since, TAG } from "./helpers.js";

type Call = [name: string, (M: IMAP4) => Promise<unknown>];

const AUTH_CALLS: Call[] = [
  ["APPEND", (M) => M.append("INBOX", null, null, "x")],
  ["CREATE", (M) => M.create("x")],
  ["DELETE", (M) => M.delete("x")],
  ["DELETEACL", (M) => M.deleteacl("x", "y")],
  ["EXAMINE", (M) => M.select("INBOX", true)],
  ["GETACL", (M) => M.getacl("x")],
  ["GETANNOTATION", (M) => M.getannotation("x", "y", "z")],
  ["GETQUOTA", (M) => M.getquota("x")],
  ["GETQUOTAROOT", (M) => M.getquotaroot("x")],
  ["MYRIGHTS", (M) => M.myrights("x")],
  ["LIST", (M) => M.list()],
  ["LSUB", (M) => M.lsub()],
  ["NAMESPACE", (M) => M.namespace()],
  ["RENAME", (M) => M.rename("x", "y")],
  ["SELECT", (M) => M.select()],
  ["SETACL", (M) => M.setacl("x", "y", "z")],
  ["SETANNOTATION", (M) => M.setannotation("x")],
  ["SETQUOTA", (M) => M.setquota("x", "()")],
  ["STATUS", (M) => M.status("x", "(MESSAGES)")],
  ["SUBSCRIBE", (M) => M.subscribe("x")],
  ["UNSUBSCRIBE", (M) => M.unsubscribe("x")],
  ["IDLE", (M) => M.idle()],
  ["PROXYAUTH", (M) => M.proxyauth("x")],
];
const SELECTED_CALLS: Call[] = [
  ["CHECK", (M) => M.check()],
  ["COPY", (M) => M.copy("1", "x")],
  ["EXPUNGE", (M) => M.expunge()],
  ["FETCH", (M) => M.fetch("1", "(UID)")],
  ["PARTIAL", (M) => M.partial("1", "BODY[]", 0, 1)],
  ["SEARCH", (M) => M.search(null, "ALL")],
  ["SORT", (M) => M.sort("DATE", "UTF-8", "ALL")],
  ["STORE", (M) => M.store("1", "+FLAGS", "\\Seen")],
  ["THREAD", (M) => M.thread("REFERENCES", "UTF-8", "ALL")],
  ["FETCH", (M) => M.uid("FETCH", "1", "(UID)")],
  ["UID", (M) => M.xatom("UID", "FETCH", "1", "(UID)")],
  ["FETCH", (M) => M.fetch_messages("1", "(UID)")],
  ["SEARCH", (M) => M.search_messages({ all: true })],
];
const NONAUTH_CALLS: Call[] = [
  ["LOGIN", (M) => M.login("alice", "alice-pass")],
  ["AUTHENTICATE", (M) => M.authenticate("PLAIN", () => "x")],
  ["AUTHENTICATE", (M) => M.login_cram_md5("alice", "x")],
  ["STARTTLS", (M) => M.starttls()],
];

const states = (name: string) => Commands[name]!.join(", ");

describe("the state table", () => {
  it("refuses every command outside its states with imaplib's message, before a byte is sent", async () => {
    await using p = await demo({ tls: true }, {}, false);
    const M = p.client;
    const check = async (calls: Call[]) => {
      for (const [name, call] of calls) {
        const before = p.server.transcript();
        const err = await caught(call(M));
        expect(err).toBeInstanceOf(error);
        expect(err.message).toBe(
          `command ${name} illegal in state ${M.state}, only allowed in states ${states(name)}`,
        );
        expect(p.server.transcript()).toBe(before);
      }
    };
    await check([...AUTH_CALLS, ...SELECTED_CALLS]);
    await M.login("alice", "alice-pass");
    await check([...NONAUTH_CALLS, ...SELECTED_CALLS]);
    await M.select();
    await check([
      ...NONAUTH_CALLS,
      ["ENABLE", (M) => M.enable("UTF8=ACCEPT")],
      ["PROXYAUTH", (M) => M.proxyauth("x")],
    ]);
    await M.logout();
    expect(M.state).toBe("LOGOUT");
    await check([...AUTH_CALLS, ...SELECTED_CALLS, ...NONAUTH_CALLS]);
  });

  it("close() and unselect() leave the state AUTH even when refused, as imaplib's finally does", async () => {
    await using p = await demo({}, {}, false);
    await expect(p.client.close()).rejects.toThrow("command CLOSE illegal in state NONAUTH");
    expect(p.client.state).toBe("AUTH");
    p.client.state = "NONAUTH";
    await expect(p.client.unselect()).rejects.toThrow("command UNSELECT illegal in state NONAUTH");
    expect(p.client.state).toBe("AUTH");
  });

  it("uid() checks the command name, then its state; xatom() adds what the table does not know", async () => {
    await using p = await demo();
    await expect(p.client.uid("BOGUS", "1")).rejects.toThrow(new error("Unknown IMAP4 UID command: BOGUS"));
    await expect(p.client.uid("fetch", "1", "(UID)")).rejects.toThrow("command FETCH illegal in state AUTH");
    expect(Object.hasOwn(Commands, "XFOO")).toBe(false);
    await expect(p.client.xatom("xfoo", "bar")).rejects.toThrow(
      new error("XFOO command error: BAD [b'Unknown command XFOO']"),
    );
    expect(Commands.XFOO).toEqual(["AUTH"]);
    delete Commands.XFOO;
  });
});

describe("what the server says", () => {
  it("NO is a result (select also falls back to AUTH); login's NO raises error with the server's bytes", async () => {
    await using p = await demo({}, {}, false);
    const err = await caught(p.client.login("alice", "wrong"));
    expect(err.args).toEqual([b("[AUTHENTICATIONFAILED] Authentication failed.")]);
    expect(err.message).toBe("b'[AUTHENTICATIONFAILED] Authentication failed.'");
    expect(p.client.response("AUTHENTICATIONFAILED")).toEqual(["AUTHENTICATIONFAILED", [b("")]]);
    await p.client.login("alice", "alice-pass");
    await p.client.select();
    expect(await p.client.select("Nope")).toEqual(["NO", [b("[NONEXISTENT] Mailbox doesn't exist: Nope")]]);
    expect(p.client.state).toBe("AUTH");
    expect(await p.client.status("Nope", "(MESSAGES)")).toEqual([
      "NO",
      [b("[NONEXISTENT] Mailbox doesn't exist: Nope")],
    ]);
  });

  it("BAD raises error('<NAME> command error: BAD [text]')", async () => {
    await using p = await demo();
    await p.client.select();
    await expect(p.client.fetch("1", "(NOSUCHITEM)")).rejects.toThrow(
      new error("FETCH command error: BAD [b'Error in IMAP command FETCH: unknown fetch item NOSUCHITEM']"),
    );
    await expect(p.client.status("INBOX", "(BOGUS)")).rejects.toThrow(/^STATUS command error: BAD/);
    expect((await p.client.noop())[0]).toBe("OK");
  });

  it("BYE while a command runs raises abort; a BYE kept from before raises it at the next command", async () => {
    await using p = await demo({
      respond: (c) =>
        c.name === "NOOP"
          ? "* BYE shutting down\r\n"
          : c.name === "CHECK"
            ? `* BYE later\r\n${c.tag} OK done\r\n`
            : undefined,
    });
    await p.client.select();
    await expect(p.client.noop()).rejects.toThrow(new abort("command: NOOP => shutting down"));
    delete p.client.untagged_responses.BYE;
    // the BYE came before CHECK's own OK: raised while waiting for it
    await expect(p.client.check()).rejects.toThrow(new abort("command: CHECK => later"));
    // kept: the next command raises it as soon as it is sent
    const mark = p.server.transcript().length;
    await expect(p.client.expunge()).rejects.toThrow(new abort("later"));
    await eventually(() => expect(since(p, mark)).toBe(`${TAG}5 EXPUNGE\r\n`));
  });

  it("LOGOUT takes BYE as its answer even without the tagged OK", async () => {
    await using p = await demo({ respond: (c) => (c.name === "LOGOUT" ? "* BYE gone\r\n" : undefined) });
    expect(await p.client.logout()).toEqual(["BYE", [b("gone")]]);
  });

  it("responses that are not IMAP raise abort", async () => {
    for (const [reply, message] of [
      ["ZZZZ1 OK what\r\n", "command: NOOP => unexpected response: b'ZZZZ1 OK what'"],
      [`${TAG}99 OK not yours\r\n`, `command: NOOP => unexpected tagged response: b'${TAG}99 OK not yours'`],
      [`${TAG}2 OK\r\n`, `command: NOOP => unexpected response: b'${TAG}2 OK'`],
      ["* lowercase\r\n", "command: NOOP => unexpected response: b'* lowercase'"],
      ["\r\n", "command: NOOP => unexpected response: b''"],
    ] as const) {
      await using p = await demo({ respond: (c) => (c.name === "NOOP" ? reply : undefined) });
      await expect(p.client.noop()).rejects.toThrow(new abort(message));
    }
  });

  it("READ-ONLY: select raises readonly when writing was asked; later it raises at the next command", async () => {
    await using p = await demo({
      respond: (c) =>
        c.name === "SELECT"
          ? `* 2 EXISTS\r\n${c.tag} OK [READ-ONLY] selected\r\n`
          : c.name === "CHECK"
            ? `* OK [READ-ONLY] now read-only\r\n${c.tag} OK done\r\n`
            : undefined,
    });
    const err = await caught(p.client.select("INBOX"));
    expect(err).toBeInstanceOf(readonly);
    expect(err.message).toBe("INBOX is not writable");
    expect(p.client.state).toBe("SELECTED");
    await p.client.select("INBOX", true).catch(() => {});
    p.client.untagged_responses = Object.create(null);
    p.client.is_readonly = false;
    await p.client.check();
    const mark = p.server.transcript().length;
    await expect(p.client.noop()).rejects.toThrow(new readonly("mailbox status changed to READ-ONLY"));
    expect(since(p, mark)).toBe("");
  });
});

describe("the connection", () => {
  it("a failed send raises abort('socket error: ...')", async () => {
    class Broken extends FakeSocket {
      override async sendall(): Promise<void> {
        throw oserror("EPIPE");
      }
    }
    const M = new FakeIMAP4(new Broken([b(`* PREAUTH hi\r\n`)]));
    await expect(M.connect("h")).rejects.toThrow(new abort("socket error: [Errno 32] Broken pipe"));
  });

  it("a server that stops answering: TimeoutError after `timeout` seconds", async () => {
    await using p = await pair(
      { store: demoMailstore(), respond: (c) => (c.name === "NOOP" ? "" : undefined) },
      { timeout: 0.05 },
    );
    await expect(p.client.noop()).rejects.toThrow(TimeoutError);
  });

  it("AbortSignal: aborting closes the connection; the pending call and later ones reject with AbortError", async () => {
    const controller = new AbortController();
    await using p = await pair(
      { store: demoMailstore(), respond: (c) => (c.name === "NOOP" ? "" : undefined) },
      { timeout: null, signal: controller.signal },
    );
    const pending = p.client.noop();
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toThrow(AbortError);
    await expect(p.client.capability()).rejects.toThrow(AbortError);
  });

  it("calls made at once are serialized: each gets its own answer", async () => {
    await using p = await demo();
    await p.client.select();
    const [a, c, d] = await Promise.all([
      p.client.search(null, "UNSEEN"),
      p.client.fetch("4", "(UID)"),
      p.client.status("Archive", "(MESSAGES)"),
    ]);
    expect(a).toEqual(["OK", [b("2 3")]]);
    expect(c).toEqual(["OK", [b("4 (UID 4)")]]);
    expect(d).toEqual(["OK", [b("Archive (MESSAGES 2)")]]);
  });

  it("overlapping calls go out one whole exchange at a time, in call order", async () => {
    // A synchronizing literal: APPEND waits for "+" inside its exchange, and nothing may cut in.
    await using p = await demo({}, { literalPlus: false });
    await p.client.select();
    const mark = p.server.transcript().length;
    const [appended, fetched, noop] = await Promise.all([
      p.client.append("Archive", null, null, "Subject: x\r\n\r\nhi\r\n"),
      p.client.fetch("4", "(UID)"),
      p.client.noop(),
    ]);
    expect([appended[0], fetched, noop[0]]).toEqual(["OK", ["OK", [b("4 (UID 4)")]], "OK"]);
    expect(since(p, mark)).toBe(
      `${TAG}3 APPEND Archive {18}\r\nSubject: x\r\n\r\nhi\r\n\r\n${TAG}4 FETCH 4 (UID)\r\n${TAG}5 NOOP\r\n`,
    );
  });

  it("a closed client raises OSError for any command", async () => {
    await using p = await demo();
    await p.client.shutdown();
    await expect(p.client.noop()).rejects.toThrow(/Bad file descriptor|EBADF/);
  });
});
