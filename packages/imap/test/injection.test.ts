// CR, LF and NUL in any argument of any method are refused (ValueError) before a byte is
// sent: no second command can ride in an argument (CVE-2025-15366), and the session goes on.
import { ValueError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import type { IMAP4 } from "../src/index.js";
import { demo } from "./helpers.js";

type Call = (M: IMAP4, x: string) => Promise<unknown>;

const SELECTED: Call[] = [
  (M, x) => M.select(x),
  (M, x) => M.select(x, true),
  (M, x) => M.create(x),
  (M, x) => M.delete(x),
  (M, x) => M.rename(x, "b"),
  (M, x) => M.rename("a", x),
  (M, x) => M.subscribe(x),
  (M, x) => M.unsubscribe(x),
  (M, x) => M.list(x),
  (M, x) => M.list('""', x),
  (M, x) => M.lsub(x),
  (M, x) => M.lsub('""', x),
  (M, x) => M.status(x, "(MESSAGES)"),
  (M, x) => M.status("INBOX", x),
  (M, x) => M.append(x, null, null, "m"),
  (M, x) => M.append("INBOX", x, null, "m"),
  (M, x) => M.append("INBOX", [x], null, "m"),
  (M, x) => M.append("INBOX", null, `"${x}"`, "m"),
  (M, x) => M.fetch(x, "(UID)"),
  (M, x) => M.fetch("1", x),
  (M, x) => M.partial(x, "BODY[]", 0, 1),
  (M, x) => M.partial("1", x, 0, 1),
  (M, x) => M.partial("1", "BODY[]", x, 1),
  (M, x) => M.store(x, "+FLAGS", "\\Seen"),
  (M, x) => M.store("1", x, "\\Seen"),
  (M, x) => M.store("1", "+FLAGS", x),
  (M, x) => M.copy(x, "Archive"),
  (M, x) => M.copy("1", x),
  (M, x) => M.search(x, "ALL"),
  (M, x) => M.search(null, x),
  (M, x) => M.search(null, "ALL", Buffer.from(x)),
  (M, x) => M.sort(x, "UTF-8", "ALL"),
  (M, x) => M.sort("DATE", x, "ALL"),
  (M, x) => M.sort("DATE", "UTF-8", x),
  (M, x) => M.thread(x, "UTF-8", "ALL"),
  (M, x) => M.thread("REFERENCES", x, "ALL"),
  (M, x) => M.thread("REFERENCES", "UTF-8", x),
  (M, x) => M.uid("FETCH", x, "(UID)"),
  (M, x) => M.uid("FETCH", "1", x),
  (M, x) => M.uid("COPY", "1", x),
  (M, x) => M.getacl(x),
  (M, x) => M.setacl(x, "a", "b"),
  (M, x) => M.setacl("INBOX", x, "b"),
  (M, x) => M.setacl("INBOX", "a", x),
  (M, x) => M.deleteacl(x, "a"),
  (M, x) => M.deleteacl("INBOX", x),
  (M, x) => M.myrights(x),
  (M, x) => M.getquota(x),
  (M, x) => M.getquotaroot(x),
  (M, x) => M.setquota(x, "()"),
  (M, x) => M.setquota('""', x),
  (M, x) => M.getannotation(x, '"/c"', '"v"'),
  (M, x) => M.getannotation("INBOX", x, '"v"'),
  (M, x) => M.getannotation("INBOX", '"/c"', x),
  (M, x) => M.setannotation("INBOX", x),
  (M, x) => M.xatom(x),
  (M, x) => M.xatom("NOOP", x),
  (M, x) => M.fetch_messages("1", x),
  (M, x) => M.search_messages({ subject: x }),
  (M, x) => M.search_messages({ header: ["X-Test", x] }),
  (M, x) => M.search_messages({ keyword: x }),
  async (M, x) => {
    for await (const _ of M.fetch_iter("1", x)) {
    }
  },
];
const NONAUTH: Call[] = [
  (M, x) => M.login(x, "p"),
  (M, x) => M.login("alice", x),
  (M, x) => M.authenticate(x, () => "y"),
];

const BAD = ["a\r\nZZ1 DELETE INBOX", "a\rb", "a\nb", "a\0b", "\r\n", "tail\n"];

describe("CR, LF and NUL are refused in every argument", () => {
  it("of every command in the authenticated and selected states", async () => {
    await using p = await demo();
    await p.client.select();
    for (const [i, call] of SELECTED.entries()) {
      for (const x of BAD) {
        const sent = p.server.transcript();
        const tag = p.client.tagnum;
        const err = await call(p.client, x).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, `call ${i} with ${JSON.stringify(x)}`).toBeInstanceOf(ValueError);
        expect(p.server.transcript()).toBe(sent);
        expect(p.client.tagnum).toBe(tag);
        if (p.client.state !== "SELECTED") await p.client.select();
      }
    }
    expect(p.server.store.mailbox("alice", "INBOX")).not.toBeNull();
    expect((await p.client.noop())[0]).toBe("OK");
  });

  it("of LOGIN, AUTHENTICATE and ENABLE", async () => {
    await using p = await demo({}, {}, false);
    for (const call of NONAUTH)
      for (const x of BAD) {
        const sent = p.server.transcript();
        await expect(call(p.client, x)).rejects.toThrow(ValueError);
        expect(p.server.transcript()).toBe(sent);
      }
    await p.client.login("alice", "alice-pass");
    for (const x of BAD) await expect(p.client.enable(x)).rejects.toThrow(ValueError);
    expect(p.client.state).toBe("AUTH");
  });
});
