// The testing package's POP3 server: the maildrop, the session machine without a socket, and
// the options a demo or a test turns.
import { Maildrop, POP3Server, POP3Session, topOf, toWire } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { error_proto, POP3 } from "../src/index.js";
import { caught, mailbox, pair } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");

function talk(session: POP3Session, ...lines: string[]): string[] {
  return lines.map((l) => {
    const step = session.handle(b(l));
    return Buffer.concat([step.reply, ...(step.body ?? [])]).toString("latin1");
  });
}

describe("Maildrop", () => {
  it("stores messages with CRLF endings, and refuses bad or duplicate UIDLs", () => {
    expect(toWire("a\nb\r\nc\rd")).toEqual(b("a\r\nb\r\nc\r\nd\r\n"));
    expect(toWire("a\r\n")).toEqual(b("a\r\n"));
    expect(toWire("a\r\nb")).toEqual(b("a\r\nb\r\n"));
    expect(toWire("")).toEqual(b(""));
    const drop = new Maildrop({ u: "p" });
    expect(() => drop.add("u", "x", { uid: "has space" })).toThrow(RangeError);
    drop.add("u", "x", { uid: "a" });
    expect(() => drop.add("u", "y", { uid: "a" })).toThrow("duplicate UIDL: a");
    const seen: string[] = [];
    const stop = drop.onDelivery((user, m) => seen.push(`${user}:${m.uid}`));
    drop.add("v", "z", { uid: "b" });
    stop();
    drop.add("v", "z", { uid: "c" });
    expect(seen).toEqual(["v:b"]);
    expect(drop.messages("v").map((m) => m.uid)).toEqual(["b", "c"]);
  });

  it("TOP cuts after the header and n body lines", () => {
    const m = b("A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\n");
    expect(topOf(m, 0)).toEqual(b("A: 1\r\nB: 2\r\n\r\n"));
    expect(topOf(m, 1)).toEqual(b("A: 1\r\nB: 2\r\n\r\nl1\r\n"));
    expect(topOf(m, 9)).toEqual(m);
    expect(topOf(b("no body\r\n"), 3)).toEqual(b("no body\r\n"));
  });
});

describe("POP3Session", () => {
  it("answers by state, as RFC 1939 lays it out", () => {
    const s = new POP3Session(mailbox(), { apop: false }, false);
    expect(s.greeting()).toEqual(b("+OK inetlib POP3 server ready\r\n"));
    expect(talk(s, "STAT", "NOOP", "APOP alice x", "PASS x", "USER alice", "PASS nope")).toEqual([
      "-ERR Unknown command: STAT\r\n",
      "-ERR Unknown command: NOOP\r\n",
      "-ERR Unknown command: APOP\r\n",
      "-ERR No username given.\r\n",
      "+OK\r\n",
      "-ERR [AUTH] Authentication failed.\r\n",
    ]);
    expect(talk(s, "AUTH")).toEqual(["+OK\r\nPLAIN\r\nLOGIN\r\nXOAUTH2\r\n.\r\n"]);
    expect(talk(s, "user alice", "pass alice-pass", "USER bob")).toEqual([
      "+OK\r\n",
      "+OK Logged in.\r\n",
      "-ERR Unknown command: USER\r\n",
    ]);
    expect(s.state).toBe("TRANSACTION");
    expect(
      talk(s, "LIST x", "LIST 0", "LIST 4", "TOP 1", "DELE 3", "DELE 3", "STAT", "RSET", "STAT"),
    ).toEqual([
      "-ERR Invalid message number: x\r\n",
      "-ERR There's no message 0.\r\n",
      "-ERR There's no message 4.\r\n",
      "-ERR Invalid number of lines: \r\n",
      "+OK Marked to be deleted.\r\n",
      "-ERR Message is deleted.\r\n",
      "+OK 2 90\r\n",
      "+OK\r\n",
      "+OK 3 124\r\n",
    ]);
    const quit = s.handle(b("QUIT"));
    expect(quit.after).toBe("close");
    expect(s.state).toBe("UPDATE");
  });

  it("CAPA follows the options and the state", () => {
    const s = new POP3Session(
      new Maildrop({ u: "p" }),
      { tls: true, utf8: true, sasl: ["PLAIN"], pipelining: false },
      false,
    );
    expect(s.capabilities()).toEqual([
      "TOP",
      "UIDL",
      "USER",
      "SASL PLAIN",
      "STLS",
      "UTF8",
      "RESP-CODES",
      "AUTH-RESP-CODE",
      "IMPLEMENTATION inetlib-testing",
    ]);
    talk(s, "USER u", "PASS p");
    expect(s.capabilities()).toEqual([
      "TOP",
      "UIDL",
      "RESP-CODES",
      "AUTH-RESP-CODE",
      "IMPLEMENTATION inetlib-testing",
    ]);
  });
});

describe("POP3Server", () => {
  it("replies split into 3-byte writes still read right (reassembly over real TCP)", async () => {
    await using p = await pair({ maildrop: mailbox(), splitReplies: 3 });
    await p.client.user("alice");
    await p.client.pass_("alice-pass");
    expect((await p.client.retr(2))[1]).toEqual([
      b("Subject: two"),
      b(""),
      b(".dotted"),
      b("..two dots"),
      b("."),
      b("end"),
    ]);
  });

  it("UTF8 and users with non-ASCII names", async () => {
    const drop = new Maildrop({ jörg: "pässword" });
    drop.add("jörg", "Subject: ü\r\n\r\nä\r\n");
    await using p = await pair({ maildrop: drop, utf8: true });
    expect(await p.client.utf8()).toEqual(b("+OK UTF8 enabled"));
    await p.client.user("jörg");
    await p.client.pass_("pässword");
    expect((await p.client.retr(1))[1]).toEqual([Buffer.from("Subject: ü"), b(""), Buffer.from("ä")]);
    expect(p.server.transcript()).toBe("UTF8\r\nUSER jörg\r\nPASS pässword\r\nRETR 1\r\n");
  });

  it("a line too long ends the session", async () => {
    await using p = await pair();
    const err = await caught(p.client._shortcmd(`NOOP ${"x".repeat(9000)}`));
    expect(err.resp).toEqual(b("-ERR Line too long"));
    await expect(p.client.noop()).rejects.toThrow(error_proto);
  });

  it("close() ends live sessions and unlocks their maildrops", async () => {
    const drop = mailbox();
    const server = await POP3Server.open({ maildrop: drop });
    const pop = await POP3.open("127.0.0.1", server.port, { timeout: 5 });
    await pop.user("alice");
    await pop.pass_("alice-pass");
    expect(drop.locked("alice")).toBe(true);
    await server.close();
    expect(drop.locked("alice")).toBe(false);
    await expect(pop.noop()).rejects.toThrow(error_proto);
    await pop.close();
  });
});
