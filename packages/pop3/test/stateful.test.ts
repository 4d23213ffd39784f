// The stateful server's maildrop read by the client, checked against what CPython 3.11's
// poplib returned for the same session (run once against this server; results pasted below).
import { describe, expect, it } from "vitest";
import type { error_proto } from "../src/index.js";
import { caught, mailbox, pair } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");

describe("a session with the stateful server, as CPython's poplib saw it", () => {
  it("gives Python's results and sends Python's bytes", async () => {
    const drop = mailbox();
    await using p = await pair({
      maildrop: drop,
      respond: (c) => (c === "XLF" ? "+OK lf\n..\n...\nx\n.\n" : undefined),
    });
    const c = p.client;
    expect(c.getwelcome().subarray(0, 3)).toEqual(b("+OK"));
    expect(await c.capa()).toEqual({
      TOP: [],
      UIDL: [],
      USER: [],
      SASL: ["PLAIN", "LOGIN", "XOAUTH2"],
      "RESP-CODES": [],
      "AUTH-RESP-CODE": [],
      PIPELINING: [],
      IMPLEMENTATION: ["inetlib-testing"],
    });
    expect(await c.user("alice")).toEqual(b("+OK"));
    expect(await c.pass_("alice-pass")).toEqual(b("+OK Logged in."));
    expect(await c.stat()).toEqual([3, 124]);
    expect(await c.list()).toEqual([b("+OK 3 messages (124 octets)"), [b("1 45"), b("2 45"), b("3 34")], 18]);
    expect(await c.list(2)).toEqual(b("+OK 2 45"));
    expect(await c.uidl()).toEqual([b("+OK"), [b("1 uid-1"), b("2 uid-2"), b("3 uid-3")], 27]);
    expect(await c.uidl(3)).toEqual(b("+OK 3 uid-3"));
    expect(await c.retr(1)).toEqual([
      b("+OK 45 octets"),
      [b("From: a@inetlib.test"), b("Subject: one"), b(""), b("first")],
      45,
    ]);
    expect(await c.retr(2)).toEqual([
      b("+OK 45 octets"),
      [b("Subject: two"), b(""), b(".dotted"), b("..two dots"), b("."), b("end")],
      45,
    ]);
    expect(await c.retr(3)).toEqual([
      b("+OK 34 octets"),
      [b("Subject: three"), b(""), b("l1"), b("l2"), b("l3"), b("l4")],
      34,
    ]);
    expect(await c.top(3, 2)).toEqual([b("+OK"), [b("Subject: three"), b(""), b("l1"), b("l2")], 26]);
    expect(await c.top(3, 0)).toEqual([b("+OK"), [b("Subject: three"), b("")], 18]);
    expect(await c.dele(1)).toEqual(b("+OK Marked to be deleted."));
    const err = await caught(c.retr(1));
    expect((err as error_proto).args).toEqual([b("-ERR Message is deleted.")]);
    expect(await c.rset()).toEqual(b("+OK"));
    expect(await c.noop()).toEqual(b("+OK"));
    expect(await c._longcmd("XLF")).toEqual([b("+OK lf"), [b("."), b(".."), b("x")], 7]);
    expect(await c.dele(2)).toEqual(b("+OK Marked to be deleted."));
    expect(await c.quit()).toEqual(b("+OK Logging out, messages deleted."));
    expect(p.server.transcript()).toBe(
      [
        "CAPA",
        "USER alice",
        "PASS alice-pass",
        "STAT",
        "LIST",
        "LIST 2",
        "UIDL",
        "UIDL 3",
        "RETR 1",
        "RETR 2",
        "RETR 3",
        "TOP 3 2",
        "TOP 3 0",
        "DELE 1",
        "RETR 1",
        "RSET",
        "NOOP",
        "XLF",
        "DELE 2",
        "QUIT",
        "",
      ].join("\r\n"),
    );
    // QUIT committed the deletion; the maildrop can be fed from outside meanwhile.
    expect(drop.messages("alice").map((m) => m.uid)).toEqual(["uid-1", "uid-3"]);
    drop.add("alice", "Subject: later\r\n\r\nhi\r\n", { uid: "uid-4" });
    expect(drop.locked("alice")).toBe(false);
  });

  it("a second session is refused while the first holds the lock, and sees new mail after", async () => {
    const drop = mailbox();
    await using first = await pair({ maildrop: drop });
    await first.client.user("alice");
    await first.client.pass_("alice-pass");
    await using second = await pair({ maildrop: drop });
    await second.client.user("alice");
    const err = await caught(second.client.pass_("alice-pass"));
    expect((err as error_proto).resp).toEqual(b("-ERR [IN-USE] Mailbox is locked by another POP3 session."));
    drop.add("alice", "Subject: new\r\n\r\nnew\r\n");
    expect((await first.client.stat())[0]).toBe(3); // a session sees the maildrop as it was at login
    await first.client.quit();
    await second.client.user("alice");
    await second.client.pass_("alice-pass");
    expect((await second.client.stat())[0]).toBe(4);
  });

  it("APOP with the server's timestamp", async () => {
    await using p = await pair({ maildrop: mailbox() });
    expect(await p.client.apop("alice", "alice-pass")).toEqual(b("+OK Logged in."));
    expect(p.server.transcript()).toMatch(/^APOP alice [0-9a-f]{32}\r\n$/);
    expect(p.server.transcript()).not.toContain("alice-pass");
  });
});
