// Pipelining: several commands in one write, each result as its own method gives it.
import { describe, expect, it } from "vitest";
import { error, literal } from "../src/index.js";
import { b, demo, FakeIMAP4, FakeSocket, since, TAG } from "./helpers.js";

describe("pipeline", () => {
  it("sends every command in one write and returns the results in Python's shape", async () => {
    const fake = new FakeSocket([
      b(
        `* PREAUTH [CAPABILITY IMAP4rev1 LITERAL+] hi\r\n* CAPABILITY IMAP4rev1 LITERAL+\r\n${TAG}0 OK d\r\n`,
      ),
      b(
        `* 1 FETCH (FLAGS (\\Seen))\r\n${TAG}1 OK f\r\n* STATUS INBOX (MESSAGES 3)\r\n${TAG}2 OK s\r\n* SEARCH 2 3\r\n${TAG}3 OK u\r\n${TAG}4 OK a\r\n`,
      ),
    ]);
    const M = new FakeIMAP4(fake);
    await M.connect("h");
    M.state = "SELECTED";
    const before = fake.sent.length;
    const results = await M.pipeline([
      ["FETCH", "1", "(FLAGS)"],
      ["status", "INBOX", "(MESSAGES)"],
      ["UID", "SEARCH", "ALL"],
      ["APPEND", "INBOX", literal("hi")],
    ]);
    expect(fake.sent.length - before).toBe(1);
    expect(results).toEqual([
      ["OK", [b("1 (FLAGS (\\Seen))")]],
      ["OK", [b("INBOX (MESSAGES 3)")]],
      ["OK", [b("2 3")]],
      ["OK", [b("a")]],
    ]);
    expect(fake.transcript().slice(`${TAG}0 CAPABILITY\r\n`.length)).toBe(
      `${TAG}1 FETCH 1 (FLAGS)\r\n${TAG}2 STATUS INBOX (MESSAGES)\r\n${TAG}3 UID SEARCH ALL\r\n${TAG}4 APPEND INBOX {2+}\r\nhi\r\n`,
    );
  });

  it("against the in-memory server; refusals send nothing; a BAD is raised after every answer was read", async () => {
    await using p = await demo();
    await p.client.select();
    const mark = p.server.transcript().length;
    const [a, c] = await p.client.pipeline([
      ["FETCH", "4", "(UID)"],
      ["SEARCH", "UNSEEN"],
    ]);
    expect(a).toEqual(["OK", [b("4 (UID 4)")]]);
    expect(c).toEqual(["OK", [b("2 3")]]);
    expect(since(p, mark)).toBe(`${TAG}3 FETCH 4 (UID)\r\n${TAG}4 SEARCH UNSEEN\r\n`);
    await expect(p.client.pipeline([["NOOP"], ["SELECT", "Archive"]])).rejects.toThrow(
      new error("SELECT cannot be pipelined: it changes the state or waits for the server"),
    );
    await expect(p.client.pipeline([["NOOP"], ["LOGIN", "a", "b"]])).rejects.toThrow(/cannot be pipelined/);
    await expect(p.client.pipeline([["NOOP"], ["FETCH", "1", "a\r\nb"]])).rejects.toThrow("illegal newline");
    await expect(p.client.pipeline([["NOOP"], ["GETACL", "INBOX"]])).rejects.toThrow(error);
    expect(since(p, mark)).toBe(
      `${TAG}3 FETCH 4 (UID)\r\n${TAG}4 SEARCH UNSEEN\r\n${TAG}5 NOOP\r\n${TAG}6 GETACL INBOX\r\n`,
    );
    await expect(p.client.pipeline([["FETCH", "1", "(BOGUS)"], ["NOOP"]])).rejects.toThrow(
      /^FETCH command error: BAD/,
    );
    expect((await p.client.noop())[0]).toBe("OK");
    expect(await p.client.pipeline([])).toEqual([]);
  });

  it("refuses a literal that must wait for '+' when the server has no LITERAL+", async () => {
    await using p = await demo({ literalPlus: false });
    await expect(p.client.pipeline([["APPEND", "INBOX", literal("x")]])).rejects.toThrow(
      new error("APPEND has a literal that must wait for the server: it cannot be pipelined"),
    );
  });
});
