// The debug output imaplib prints (its _mesg format on stderr), with credentials masked.
import { describe, expect, it } from "vitest";
import { plain } from "../src/index.js";
import { demo, pair } from "./helpers.js";

const STAMP = /^ {2}\d\d:\d\d\.\d\d /;

describe("debug", () => {
  it("level 4 prints every line sent and received, the password masked, and literal sizes", async () => {
    const lines: string[] = [];
    await using p = await demo({}, { debug: 4, debugSink: (t) => lines.push(t) }, false);
    await p.client.login("alice", "alice-pass");
    await p.client.select();
    await p.client.fetch("4", "(BODY.PEEK[TEXT])");
    await p.client.append("INBOX", null, null, "x");
    for (const l of lines) expect(l).toMatch(STAMP);
    const text = lines.map((l) => l.replace(STAMP, "").replace(/\n$/, ""));
    expect(text.slice(0, 3)).toEqual([
      "imaplib version 2.58",
      "new IMAP4 connection, tag=b'ABCD'",
      expect.stringMatching(/^< b'\* OK \[CAPABILITY /),
    ]);
    expect(text).toContain("> b'ABCD1 LOGIN alice ************'");
    expect(text.join("\n")).not.toContain("alice-pass");
    expect(text).toContain("> b'ABCD3 FETCH 4 (BODY.PEEK[TEXT])'");
    expect(text).toContain("read literal size 26");
    expect(text).toContain("< b')'");
    expect(text).toContain("> b'ABCD4 APPEND INBOX {1+}'");
    expect(text).toContain("write literal size 1");
    expect(text.filter((l) => l.startsWith("CAPABILITIES: "))).toEqual([
      expect.stringMatching(/^CAPABILITIES: \('IMAP4REV1', 'LITERAL\+', .*'AUTH=CRAM-MD5'\)$/),
    ]);
  });

  it("level 1 notes NO, BAD and BYE (not those with a response code, as imaplib); an abort prints the last interactions, masked", async () => {
    const lines: string[] = [];
    await using p = await pair(
      {
        store: (await import("@inetlib/testing")).demoMailstore(),
        respond: (c) =>
          c.name === "CREATE"
            ? `${c.tag} NO cannot\r\n`
            : c.name === "CHECK"
              ? `* BYE going away\r\n${c.tag} OK done\r\n`
              : c.name === "NOOP"
                ? "garbage\r\n"
                : undefined,
      },
      { debug: 1, debugSink: (t) => lines.push(t) },
    );
    await p.client.login("alice", "wrong").catch(() => {});
    await p.client.login("alice", "alice-pass");
    await p.client.create("x");
    await p.client.select();
    await p.client.check().catch(() => {});
    delete p.client.untagged_responses.BYE;
    await p.client.noop().catch(() => {});
    const text = lines.map((l) => l.replace(STAMP, "").replace(/\n$/, ""));
    expect(text.slice(2, 5)).toEqual([
      "NO response: b'cannot'",
      "BYE response: b'going away'",
      "last 10 IMAP4 interactions:",
    ]);
    // the ring of the last 10 lines, oldest first, ending with the one that broke the protocol
    expect(text.slice(5)).toHaveLength(10);
    expect(text.slice(-5)).toEqual([
      "> b'ABCD5 CHECK'",
      "< b'* BYE going away'",
      "> b'ABCD6 NOOP'",
      "< b'ABCD5 OK done'",
      "< b'garbage'",
    ]);
    expect(text.join("\n")).not.toMatch(/alice-pass|"wrong"/);
  });

  it("level 0 is silent; debug can be changed at any time", async () => {
    const lines: string[] = [];
    await using p = await demo({}, { debugSink: (t) => lines.push(t) }, false);
    await p.client.authenticate("PLAIN", plain("alice", "alice-pass"));
    expect(lines).toEqual([]);
    p.client.debug = 4;
    expect(p.client.debug).toBe(4);
    await p.client.noop();
    expect(lines.map((l) => l.replace(STAMP, ""))).toEqual([
      "untagged responses dump:CAPABILITY: [b'IMAP4rev1 LITERAL+ SASL-IR ENABLE IDLE NAMESPACE UNSELECT UIDPLUS MOVE CHILDREN SPECIAL-USE']\n",
      "> b'ABCD2 NOOP'\n",
      "< b'ABCD2 OK NOOP completed'\n",
    ]);
  });
});
