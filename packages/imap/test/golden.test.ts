// Golden transcripts: every method's exact bytes on the wire, and its result in Python's
// shape, against the stateful in-memory server (and a scripted one for the extensions it does
// not implement: ACL, QUOTA, ANNOTATE, SORT, THREAD, PARTIAL, PROXYAUTH).
import type { IMAPRespond } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { error } from "../src/index.js";
import { b, demo, pair, since, TAG } from "./helpers.js";

describe("every method, on the wire and in Python's shape", () => {
  it("session, mailbox and message commands against the in-memory server", async () => {
    await using p = await demo({}, {}, false);
    const M = p.client;
    const inbox = p.server.store.mailbox("alice", "INBOX")!;
    const size = (i: number) => inbox.messages[i]!.data.length;
    const caps = M.capabilities.join(" ");
    expect(M.capabilities.slice(0, 3)).toEqual(["IMAP4REV1", "LITERAL+", "SASL-IR"]);

    expect(await M.capability()).toEqual([
      "OK",
      [b(`IMAP4rev1 ${caps.slice(10).replace("IMAP4REV1", "IMAP4rev1")}`)],
    ]);
    expect(await M.login("alice", "alice-pass")).toEqual(["OK", [expect.any(Buffer)]]);
    expect(M.state).toBe("AUTH");
    expect(await M.noop()).toEqual(["OK", [b("NOOP completed")]]);
    expect(await M.namespace()).toEqual(["OK", [b('(("" "/")) NIL NIL')]]);
    expect(await M.list()).toEqual([
      "OK",
      [b('(\\HasNoChildren) "/" INBOX'), b('(\\HasNoChildren \\Archive) "/" Archive')],
    ]);
    expect(await M.list('""', "Arch%")).toEqual(["OK", [b('(\\HasNoChildren \\Archive) "/" Archive')]]);
    expect(await M.lsub()).toEqual([
      "OK",
      [b('(\\HasNoChildren) "/" INBOX'), b('(\\HasNoChildren) "/" Archive')],
    ]);
    expect(await M.create("Projects 2024")).toEqual(["OK", [b("CREATE completed")]]);
    expect(await M.rename("Projects 2024", "Projects")).toEqual(["OK", [b("RENAME completed")]]);
    expect(await M.subscribe("Projects")).toEqual(["OK", [b("SUBSCRIBE completed")]]);
    expect(await M.unsubscribe("Projects")).toEqual(["OK", [b("UNSUBSCRIBE completed")]]);
    expect(await M.status("INBOX", "(MESSAGES UNSEEN UIDNEXT)")).toEqual([
      "OK",
      [b("INBOX (MESSAGES 4 UNSEEN 2 UIDNEXT 5)")],
    ]);
    expect(await M.delete("Projects")).toEqual(["OK", [b("DELETE completed")]]);
    expect(await M.append("Archive", "\\Seen", '"01-Jan-2024 00:00:00 +0000"', "Subject: a\n\nb\n")).toEqual([
      "OK",
      [b("[APPENDUID 1700000002 3] APPEND completed")],
    ]);
    expect(await M.select("Archive", true)).toEqual(["OK", [b("3")]]);
    expect(M.state).toBe("SELECTED");
    expect(M.is_readonly).toBe(true);
    expect(M.response("READ-ONLY")).toEqual(["READ-ONLY", [b("")]]);
    expect(await M.select()).toEqual(["OK", [b("4")]]);
    expect(M.response("UIDVALIDITY")).toEqual(["UIDVALIDITY", [b("1700000001")]]);
    expect(M.response("UIDVALIDITY")).toEqual(["UIDVALIDITY", [null]]);
    expect(M.response("unseen")).toEqual(["unseen", [b("2")]]);
    expect(await M.recent()).toEqual(["OK", [b("0")]]);
    expect(await M.check()).toEqual(["OK", [b("CHECK completed")]]);
    expect(await M.search(null, "UNSEEN")).toEqual(["OK", [b("2 3")]]);
    expect(await M.search("UTF-8", "SUBJECT", '"Lunch"')).toEqual(["OK", [b("4")]]);
    expect(await M.fetch("1", "(FLAGS RFC822.SIZE)")).toEqual([
      "OK",
      [b(`1 (FLAGS (\\Seen) RFC822.SIZE ${size(0)})`)],
    ]);
    expect(await M.fetch(4, "(BODY.PEEK[TEXT])")).toEqual([
      "OK",
      [[b("4 (BODY[TEXT] {26}"), b("Noon at the usual place?\r\n")], b(")")],
    ]);
    expect(await M.store("2", "+FLAGS", "\\Seen")).toEqual(["OK", [b("2 (FLAGS (\\Seen))")]]);
    expect(await M.store("2", "-FLAGS", ["\\Seen"])).toEqual(["OK", [b("2 (FLAGS ())")]]);
    expect(await M.copy("1:2", "Archive")).toEqual([
      "OK",
      [b("[COPYUID 1700000002 1,2 4,5] COPY completed")],
    ]);
    expect(await M.uid("SEARCH", "ALL")).toEqual(["OK", [b("1 2 3 4")]]);
    expect(await M.uid("fetch", "4", "(FLAGS)")).toEqual(["OK", [b("4 (UID 4 FLAGS (\\Seen \\Flagged))")]]);
    expect(await M.uid("STORE", "3", "+FLAGS.SILENT", "(\\Deleted)")).toEqual(["OK", [null]]);
    expect(await M.uid("COPY", "3", "Archive")).toEqual(["OK", [null]]);
    expect(await M.uid("MOVE", "1", "Archive")).toEqual(["OK", [null]]);
    expect(M.response("EXPUNGE")).toEqual(["EXPUNGE", [b("1")]]);
    expect(await M.expunge()).toEqual(["OK", [b("2")]]);
    expect(await M.fetch("1:*", "(UID)")).toEqual(["OK", [b("1 (UID 2)"), b("2 (UID 4)")]]);
    expect(await M.xatom("NAMESPACE")).toEqual(["OK", [b("NAMESPACE completed")]]);
    expect(await M.close()).toEqual(["OK", [b("CLOSE completed")]]);
    expect(M.state).toBe("AUTH");
    expect(await M.enable("X-NOTHING")).toEqual(["OK", [b("ENABLE completed")]]);
    expect(await M.select()).toEqual(["OK", [b("2")]]);
    expect(await M.unselect()).toEqual(["OK", [b("UNSELECT completed")]]);
    expect(await M.logout()).toEqual(["BYE", [b("inetlib IMAP server logging out")]]);

    expect(p.server.transcript()).toBe(
      [
        `${TAG}0 CAPABILITY`,
        `${TAG}1 CAPABILITY`,
        `${TAG}2 LOGIN alice "alice-pass"`,
        `${TAG}3 NOOP`,
        `${TAG}4 NAMESPACE`,
        `${TAG}5 LIST "" *`,
        `${TAG}6 LIST "" Arch%`,
        `${TAG}7 LSUB "" *`,
        `${TAG}8 CREATE "Projects 2024"`,
        `${TAG}9 RENAME "Projects 2024" Projects`,
        `${TAG}10 SUBSCRIBE Projects`,
        `${TAG}11 UNSUBSCRIBE Projects`,
        `${TAG}12 STATUS INBOX (MESSAGES UNSEEN UIDNEXT)`,
        `${TAG}13 DELETE Projects`,
        `${TAG}14 APPEND Archive (\\Seen) "01-Jan-2024 00:00:00 +0000" {17+}\r\nSubject: a\r\n\r\nb\r\n`,
        `${TAG}15 EXAMINE Archive`,
        `${TAG}16 SELECT INBOX`,
        `${TAG}17 CHECK`,
        `${TAG}18 SEARCH UNSEEN`,
        `${TAG}19 SEARCH CHARSET UTF-8 SUBJECT "Lunch"`,
        `${TAG}20 FETCH 1 (FLAGS RFC822.SIZE)`,
        `${TAG}21 FETCH 4 (BODY.PEEK[TEXT])`,
        `${TAG}22 STORE 2 +FLAGS (\\Seen)`,
        `${TAG}23 STORE 2 -FLAGS (\\Seen)`,
        `${TAG}24 COPY 1:2 Archive`,
        `${TAG}25 UID SEARCH ALL`,
        `${TAG}26 UID FETCH 4 (FLAGS)`,
        `${TAG}27 UID STORE 3 +FLAGS.SILENT (\\Deleted)`,
        `${TAG}28 UID COPY 3 Archive`,
        `${TAG}29 UID MOVE 1 Archive`,
        `${TAG}30 EXPUNGE`,
        `${TAG}31 FETCH 1:* (UID)`,
        `${TAG}32 NAMESPACE`,
        `${TAG}33 CLOSE`,
        `${TAG}34 ENABLE X-NOTHING`,
        `${TAG}35 SELECT INBOX`,
        `${TAG}36 UNSELECT`,
        `${TAG}37 LOGOUT`,
        "",
      ].join("\r\n"),
    );
  });

  it("APPEND waits for the continuation without LITERAL+, and uses it for LITERAL- only up to 4096 bytes", async () => {
    for (const [literalPlus, big] of [
      [false, "{5000}"],
      ["LITERAL-", "{5000}"],
      ["LITERAL+", "{5000+}"],
    ] as const) {
      await using p = await demo({ literalPlus });
      const mark = p.server.transcript().length;
      await p.client.append(null, null, null, b("x\r\n"));
      await p.client.append("INBOX", null, null, Buffer.alloc(5000, 0x61));
      const small = literalPlus ? "{3+}" : "{3}";
      expect(since(p, mark)).toBe(
        `${TAG}2 APPEND INBOX ${small}\r\nx\r\n\r\n${TAG}3 APPEND INBOX ${big}\r\n${"a".repeat(5000)}\r\n`,
      );
      expect(p.server.store.mailbox("alice", "INBOX")!.messages).toHaveLength(6);
    }
  });

  it("a client told not to use LITERAL+ waits anyway; a NO instead of '+' ends the command", async () => {
    await using p = await demo({}, { literalPlus: false });
    const mark = p.server.transcript().length;
    expect(await p.client.append("Nowhere", null, null, b("x"))).toEqual([
      "NO",
      [b("[TRYCREATE] Mailbox doesn't exist: Nowhere")],
    ]);
    expect(since(p, mark)).toBe(`${TAG}2 APPEND Nowhere {1}\r\nx\r\n`);
    await using q = await pair({
      respond: (c) => (c.name === "APPEND" ? `${c.tag} NO [OVERQUOTA] no room\r\n` : undefined),
      literalPlus: false,
      store: (await import("@inetlib/testing")).demoMailstore(),
    });
    await q.client.login("alice", "alice-pass");
    expect(await q.client.append("INBOX", null, null, b("x"))).toEqual(["NO", [b("[OVERQUOTA] no room")]]);
    expect(q.client.response("OVERQUOTA")).toEqual(["OVERQUOTA", [b("")]]);
  });

  it("names that need it are quoted; a non-ASCII password goes as a literal; ASCII mode refuses non-ASCII names", async () => {
    await using p = await demo({}, {}, false);
    await p.client.login("alice", "alice-pass");
    const mark = p.server.transcript().length;
    expect((await p.client.create('odd "name" \\ here'))[0]).toBe("OK");
    expect((await p.client.status('odd "name" \\ here', "(MESSAGES)"))[1]).toEqual([
      b('"odd \\"name\\" \\\\ here" (MESSAGES 0)'),
    ]);
    await expect(p.client.create("Entwürfe")).rejects.toThrow(
      "'ascii' codec can't encode character '\\xfc' in position 4",
    );
    expect(since(p, mark)).toBe(
      `${TAG}2 CREATE "odd \\"name\\" \\\\ here"\r\n${TAG}3 STATUS "odd \\"name\\" \\\\ here" (MESSAGES)\r\n`,
    );
    p.server.store.addUser("jürgen", "pässwort");
    await using q = await pair({ store: p.server.store });
    expect((await q.client.login("jürgen", "pässwort"))[0]).toBe("OK");
    expect(q.server.transcript()).toBe(
      `${TAG}0 CAPABILITY\r\n${TAG}1 LOGIN {7+}\r\nj\xc3\xbcrgen {9+}\r\np\xc3\xa4sswort\r\n`,
    );
  });

  it("extension commands, as Python returns their data", async () => {
    const script: IMAPRespond = ({ tag, name }) => {
      const ok = (untagged: string) => `${untagged}${tag} OK ${name} completed\r\n`;
      switch (name) {
        case "GETACL":
          return ok('* ACL INBOX alice lrswipkxtea "bob smith" lr\r\n');
        case "MYRIGHTS":
          return ok("* MYRIGHTS INBOX lrswipkxtea\r\n");
        case "GETQUOTA":
        case "SETQUOTA":
          return ok('* QUOTA "" (STORAGE 10 512)\r\n');
        case "GETQUOTAROOT":
          return ok('* QUOTAROOT INBOX ""\r\n* QUOTA "" (STORAGE 10 512)\r\n');
        case "GETANNOTATION":
        case "SETANNOTATION":
          return ok('* ANNOTATION INBOX "/comment" ("value.priv" "hi")\r\n');
        case "SORT":
        case "UID":
          return ok("* SORT 2 3 1\r\n");
        case "THREAD":
          return ok("* THREAD (2)(3 6 (4 23)(44 7 96))\r\n");
        case "PARTIAL":
          return ok("* 1 FETCH (BODY[TEXT]<0> {3}\r\nabc)\r\n");
        case "SELECT":
          return ok("* 3 EXISTS\r\n");
        case "SETACL":
        case "DELETEACL":
          return ok("");
        default:
          return undefined;
      }
    };
    await using p = await demo({ respond: script });
    const M = p.client;
    const mark = p.server.transcript().length;
    expect(await M.getacl("INBOX")).toEqual(["OK", [b('INBOX alice lrswipkxtea "bob smith" lr')]]);
    expect(await M.setacl("INBOX", "bob smith", "lr")).toEqual(["OK", [b("SETACL completed")]]);
    expect(await M.deleteacl("INBOX", "bob")).toEqual(["OK", [b("DELETEACL completed")]]);
    expect(await M.myrights("INBOX")).toEqual(["OK", [b("INBOX lrswipkxtea")]]);
    expect(await M.getquota('""')).toEqual(["OK", [b('"" (STORAGE 10 512)')]]);
    expect(await M.getquotaroot("INBOX")).toEqual(["OK", [[b('INBOX ""')], [b('"" (STORAGE 10 512)')]]]);
    expect(await M.setquota('""', "(STORAGE 512)")).toEqual(["OK", [b('"" (STORAGE 10 512)')]]);
    expect(await M.getannotation("INBOX", '"/comment"', '"value.priv"')).toEqual([
      "OK",
      [b('INBOX "/comment" ("value.priv" "hi")')],
    ]);
    expect(await M.setannotation("INBOX", '"/comment"', '("value.priv" "hi")')).toEqual([
      "OK",
      [b('INBOX "/comment" ("value.priv" "hi")')],
    ]);
    expect(await M.select()).toEqual(["OK", [b("3")]]);
    expect(await M.sort("DATE", "UTF-8", "ALL")).toEqual(["OK", [b("2 3 1")]]);
    expect(await M.uid("SORT", "(REVERSE DATE)", "UTF-8", "ALL")).toEqual(["OK", [b("2 3 1")]]);
    expect(await M.thread("REFERENCES", "UTF-8", "ALL")).toEqual(["OK", [b("(2)(3 6 (4 23)(44 7 96))")]]);
    expect(await M.partial(1, "BODY[TEXT]", 0, 3)).toEqual([
      "OK",
      [[b("1 (BODY[TEXT]<0> {3}"), b("abc")], b(")")],
    ]);
    expect(since(p, mark)).toBe(
      [
        `${TAG}2 GETACL INBOX`,
        `${TAG}3 SETACL INBOX "bob smith" lr`,
        `${TAG}4 DELETEACL INBOX bob`,
        `${TAG}5 MYRIGHTS INBOX`,
        `${TAG}6 GETQUOTA ""`,
        `${TAG}7 GETQUOTAROOT INBOX`,
        `${TAG}8 SETQUOTA "" (STORAGE 512)`,
        `${TAG}9 GETANNOTATION INBOX "/comment" "value.priv"`,
        `${TAG}10 SETANNOTATION INBOX "/comment" ("value.priv" "hi")`,
        `${TAG}11 SELECT INBOX`,
        `${TAG}12 SORT (DATE) UTF-8 ALL`,
        `${TAG}13 UID SORT (REVERSE DATE) UTF-8 ALL`,
        `${TAG}14 THREAD REFERENCES UTF-8 ALL`,
        `${TAG}15 PARTIAL 1 BODY[TEXT] 0 3`,
        "",
      ].join("\r\n"),
    );
  });

  it("proxyauth, and login_cram_md5 / AUTHENTICATE PLAIN against the server's own SASL", async () => {
    await using p = await demo(
      { respond: (c) => (c.name === "PROXYAUTH" ? `${c.tag} OK proxied\r\n` : undefined) },
      {},
      false,
    );
    expect(await p.client.login_cram_md5("alice", "alice-pass")).toEqual(["OK", [expect.any(Buffer)]]);
    expect(await p.client.proxyauth("bob")).toEqual(["OK", [b("proxied")]]);
    expect(p.server.transcript()).toMatch(
      new RegExp(
        `^${TAG}0 CAPABILITY\r\n${TAG}1 AUTHENTICATE CRAM-MD5\r\n[A-Za-z0-9+/=]+\r\n${TAG}2 PROXYAUTH bob\r\n$`,
      ),
    );
    await using q = await demo({}, {}, false);
    const { plain } = await import("../src/index.js");
    expect((await q.client.authenticate("plain", plain("alice", "alice-pass")))[0]).toBe("OK");
    expect(q.server.transcript()).toBe(
      `${TAG}0 CAPABILITY\r\n${TAG}1 AUTHENTICATE PLAIN\r\nAGFsaWNlAGFsaWNlLXBhc3M=\r\n`,
    );
    await using r = await demo({}, {}, false);
    await expect(r.client.authenticate("PLAIN", plain("alice", "wrong"))).rejects.toThrow(
      new error("[AUTHENTICATIONFAILED] Authentication failed."),
    );
  });
});
