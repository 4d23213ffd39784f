// IDLE (RFC 2177) as Python 3.14's Idler: entering, responses as they arrive (a message added
// to the store reaches the client at once), duration, burst(), exit with DONE, leftovers,
// and every way it can fail.
import { describe, expect, it } from "vitest";
import { abort, error, type IdleResponse } from "../src/index.js";
import { b, caught, demo, since, TAG } from "./helpers.js";

const NEW_MAIL = "From: Dave <dave@example.org>\r\nSubject: news\r\n\r\nfresh\r\n";

describe("idle", () => {
  it("delivers EXISTS for mail that arrives, and sends DONE at exit", async () => {
    await using p = await demo();
    await p.client.select();
    const mark = p.server.transcript().length;
    const got: IdleResponse[] = [];
    {
      await using idler = await p.client.idle(10);
      expect(p.client.state).toBe("IDLING");
      p.server.store.add("alice", "INBOX", NEW_MAIL);
      for await (const resp of idler) {
        got.push(resp);
        break;
      }
      await expect(p.client.noop()).rejects.toThrow(
        new error(
          "command NOOP illegal in state IDLING, only allowed in states NONAUTH, AUTH, SELECTED, LOGOUT",
        ),
      );
    }
    expect(got).toEqual([["EXISTS", [b("5")]]]);
    expect(p.client.state).toBe("SELECTED");
    expect(since(p, mark)).toBe(`${TAG}3 IDLE\r\nDONE\r\n`);
    expect((await p.client.fetch("5", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))[1][0]).toEqual([
      b("5 (BODY[HEADER.FIELDS (SUBJECT)] {17}"),
      b("Subject: news\r\n\r\n"),
    ]);
  });

  it("ends the iteration when `duration` runs out", async () => {
    await using p = await demo();
    await p.client.select();
    await using idler = await p.client.idle(0.05);
    const got: IdleResponse[] = [];
    for await (const resp of idler) got.push(resp);
    expect(got).toEqual([]);
    await idler.exit();
    await idler.exit(); // a second exit does nothing
    expect(p.client.state).toBe("SELECTED");
    expect((await p.client.noop())[0]).toBe("OK");
  });

  it("burst() gathers responses arriving close together", async () => {
    await using p = await demo();
    await p.client.select();
    await using idler = await p.client.idle();
    p.server.store.add("alice", "INBOX", NEW_MAIL);
    const box = p.server.store.mailbox("alice", "INBOX")!;
    const batch: IdleResponse[] = [];
    for await (const resp of idler.burst(0.2)) {
      batch.push(resp);
      if (batch.length === 1) {
        box.messages.splice(0, 1);
        p.server.store.changed("alice", "INBOX");
      }
    }
    expect(batch).toEqual([
      ["EXISTS", [b("5")]],
      ["EXPUNGE", [b("1")]],
    ]);
  });

  it("responses that came before the '+' are delivered first; those not iterated end in untagged_responses", async () => {
    const script = (c: { name: string; tag: string }) =>
      c.name === "IDLE"
        ? {
            send: "* 7 EXISTS\r\n* 8 EXISTS\r\n+ idling\r\n* 3 RECENT\r\n",
            next: () => `${c.tag} OK done\r\n`,
          }
        : undefined;
    await using p = await demo({ respond: script });
    await p.client.select();
    p.client.untagged_responses = Object.create(null);
    {
      await using idler = await p.client.idle(5);
      expect(await idler.next()).toEqual({ done: false, value: ["EXISTS", [b("7")]] });
    }
    expect(p.client._idle_capture).toBe(false);
    expect(p.client._idle_responses).toEqual([]);
    // EXISTS 8 was read before the "+" and not iterated; RECENT came after and was read by DONE's wait
    expect(p.client.untagged_responses.EXISTS).toEqual([b("8")]);
    expect(p.client.untagged_responses.RECENT).toEqual([b("3")]);
  });

  it("a response with a literal is delivered whole", async () => {
    await using p = await demo({
      respond: (c) =>
        c.name === "IDLE"
          ? {
              send: "+ idling\r\n* 1 FETCH (BODY[] {5}\r\nhello FLAGS (\\Seen))\r\n",
              next: () => `${c.tag} OK done\r\n`,
            }
          : undefined,
    });
    await p.client.select();
    await using idler = await p.client.idle(5);
    expect((await idler.next()).value).toEqual([
      "FETCH",
      [[b("1 (BODY[] {5}"), b("hello")], b(" FLAGS (\\Seen))")],
    ]);
  });

  it("refusals: no IDLE capability, a NO, a BAD, a server that ends IDLE by itself", async () => {
    await using p = await demo({ idle: false });
    expect(p.client.capabilities.includes("IDLE")).toBe(false);
    await expect(p.client.idle()).rejects.toThrow(new error("Server does not support IMAP4 IDLE"));

    await using q = await demo({
      respond: (c) => (c.name === "IDLE" ? `${c.tag} NO [LIMIT] too many\r\n` : undefined),
    });
    const no = await caught(q.client.idle());
    expect(no.message).toBe("idle denied: [b'[LIMIT] too many']");
    expect(q.client._idle_capture).toBe(false);
    expect(q.client.state).toBe("AUTH");

    await using r = await demo({ respond: (c) => (c.name === "IDLE" ? `${c.tag} BAD what\r\n` : undefined) });
    const bad = await caught(r.client.idle());
    expect(bad).toBeInstanceOf(abort);
    expect(bad.message).toBe(`unexpected status response: b'${TAG}2 BAD what'`);

    await using s = await demo({
      respond: (c) =>
        c.name === "IDLE" ? `+ idling\r\n* 2 EXISTS\r\n${c.tag} OK timed out, IDLE over\r\n` : undefined,
    });
    const mark = s.server.transcript().length;
    const idler = await s.client.idle();
    const got: IdleResponse[] = [];
    for await (const resp of idler) got.push(resp);
    expect(got).toEqual([["EXISTS", [b("2")]]]);
    await idler.exit();
    expect(since(s, mark)).toBe(`${TAG}2 IDLE\r\n`);
    expect((await s.client.noop())[0]).toBe("OK");
  });

  it("_pop only works during IDLE; the connection's end ends the iteration with abort", async () => {
    await using p = await demo();
    const idler = await p.client.idle(5);
    await idler.exit();
    await expect(idler._pop(0)).rejects.toThrow(new error("_pop() only works during IDLE"));
    await using q = await demo({
      respond: (c) => (c.name === "IDLE" ? "+ idling\r\n* BYE going down\r\n" : undefined),
    });
    const gone = await q.client.idle(5);
    expect(await gone.next()).toEqual({ done: false, value: ["BYE", [b("going down")]] });
    await q.server.close();
    await expect(gone.next()).rejects.toThrow(abort);
  });
});
