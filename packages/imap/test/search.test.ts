// Search criteria built from objects: quoted, literals for non-ASCII, CHARSET as needed; and
// against the in-memory server, the messages they find.
import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { LiteralArg, searchCriteria, searchDate } from "../src/index.js";
import { demo, since } from "./helpers.js";

describe("searchCriteria", () => {
  it("quotes every string and needs no CHARSET for ASCII", () => {
    expect(searchCriteria({ from: 'Bob "B"', unseen: true, larger: 100 })).toEqual({
      charset: null,
      args: ["UNSEEN", "FROM", '"Bob \\"B\\""', "LARGER", "100"],
    });
    expect(searchCriteria({})).toEqual({ charset: null, args: ["ALL"] });
    expect(searchCriteria({ seen: false, flagged: true, deleted: false }).args).toEqual([
      "UNSEEN",
      "FLAGGED",
      "UNDELETED",
    ]);
  });

  it("sends non-ASCII as a UTF-8 literal with CHARSET UTF-8, or quoted in UTF-8 mode", () => {
    const built = searchCriteria({ subject: "Réunion" });
    expect(built.charset).toBe("UTF-8");
    expect(built.args[0]).toBe("SUBJECT");
    expect((built.args[1] as LiteralArg).data).toEqual(Buffer.from("Réunion"));
    expect(searchCriteria({ subject: "Réunion" }, { utf8: true })).toEqual({
      charset: null,
      args: ["SUBJECT", '"Réunion"'],
    });
  });

  it("nests NOT and OR, parenthesizing groups (a literal carries the parenthesis)", () => {
    expect(
      searchCriteria({ or: [{ from: "a" }, { seen: true, to: "b" }], not: { deleted: true } }).args,
    ).toEqual(["NOT", "DELETED", "OR", "FROM", '"a"', "(SEEN", "TO", '"b")']);
    const args = searchCriteria({ not: { subject: "é", body: "x" } }).args;
    expect(args[0]).toBe("NOT");
    expect(args[1]).toBe("(SUBJECT");
    expect(args[2]).toBeInstanceOf(LiteralArg);
    const last = searchCriteria({ not: { from: "x", subject: "é" } }).args;
    expect((last[4] as LiteralArg).suffix).toBe(")");
  });

  it("formats dates, sets and headers, and refuses what is not one", () => {
    expect(
      searchCriteria({ since: new Date(Date.UTC(2024, 0, 5)), before: "1-Feb-2024", uid: [1, 5], seq: "1:*" })
        .args,
    ).toEqual(["SINCE", "5-Jan-2024", "BEFORE", "1-Feb-2024", "UID", "1,5", "1:*"]);
    expect(
      searchCriteria({
        header: [
          ["X-A", "1"],
          ["X-B", "2"],
        ],
      }).args,
    ).toEqual(["HEADER", '"X-A"', '"1"', "HEADER", '"X-B"', '"2"']);
    expect(() => searchDate("2024-01-01")).toThrow(ValueError);
    expect(() => searchCriteria({ uid: "1 OR" })).toThrow(ValueError);
    expect(() => searchCriteria({ larger: -1 })).toThrow(ValueError);
  });
});

describe("search_messages against the in-memory server", () => {
  it("finds by flags, text, decoded subjects and dates; UIDs with uid", async () => {
    await using p = await demo();
    await p.client.select();
    const mark = p.server.transcript().length;
    expect(await p.client.search_messages({ unseen: true })).toEqual([2, 3]);
    expect(await p.client.search_messages({ subject: "Réunion" })).toEqual([2]);
    expect(await p.client.search_messages({ or: [{ from: "carol" }, { flagged: true }] })).toEqual([3, 4]);
    expect(await p.client.search_messages({ since: "3-Jan-2024" }, { uid: true })).toEqual([3, 4]);
    expect(await p.client.search_messages({ body: "nothing like this" })).toEqual([]);
    expect(since(p, mark)).toBe(
      "ABCD3 SEARCH UNSEEN\r\n" +
        "ABCD4 SEARCH CHARSET UTF-8 SUBJECT {8+}\r\nR\xc3\xa9union\r\n" +
        'ABCD5 SEARCH OR FROM "carol" FLAGGED\r\n' +
        "ABCD6 UID SEARCH SINCE 3-Jan-2024\r\n" +
        'ABCD7 SEARCH BODY "nothing like this"\r\n',
    );
  });
});
