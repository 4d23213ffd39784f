// The stateful servers as a user's tests meet them: through inetlib's own clients, checking
// that the state a test sets up is what a client sees, and that what a client does changes the
// state as a real server would (RFC 1939's UPDATE state, IMAP's APPEND and EXPUNGE, NNTP's
// numbering, SMTP's refusals and delivery, a telnet login and shell, HTTP routes and auth).
import {
  build_opener,
  HTTPBasicAuthHandler,
  HTTPError,
  HTTPPasswordMgrWithDefaultRealm,
  urlopen,
} from "@inetlib/http";
import { IMAP4 } from "@inetlib/imap";
import { NNTP } from "@inetlib/nntp";
import { error_proto, POP3 } from "@inetlib/pop3";
import { SMTP, SMTPRecipientsRefused } from "@inetlib/smtp";
import { Telnet } from "@inetlib/telnet";
import { describe, expect, it } from "vitest";
import {
  HTTPTestServer,
  IMAPServer,
  Maildrop,
  Mailstore,
  NewsError,
  NewsSpool,
  NNTPServer,
  POP3Server,
  SMTPServer,
  TelnetServer,
  toWire,
  upperProgram,
  wildmat,
} from "../src/index.js";

describe("POP3Server and Maildrop", () => {
  it("deletes on QUIT only (the UPDATE state), and RSET undoes DELE", async () => {
    const drop = new Maildrop({ alice: "pw" });
    drop.add("alice", "Subject: one\r\n\r\n1\r\n");
    drop.add("alice", "Subject: two\r\n\r\n2\r\n");
    await using server = await POP3Server.open({ maildrop: drop });
    {
      await using pop = await POP3.open("127.0.0.1", server.port);
      await pop.user("alice");
      await pop.pass_("pw");
      await pop.dele(1);
      await pop.rset();
      await pop.dele(2);
      expect(drop.messages("alice")).toHaveLength(2); // nothing removed before QUIT
      await pop.quit();
    }
    expect(drop.messages("alice").map((m) => m.data.toString())).toEqual(["Subject: one\r\n\r\n1\r\n"]);
  });

  it("a dropped connection removes nothing and releases the lock", async () => {
    const drop = new Maildrop({ alice: "pw" });
    drop.add("alice", "Subject: one\r\n\r\n1\r\n");
    await using server = await POP3Server.open({ maildrop: drop });
    const pop = await POP3.open("127.0.0.1", server.port);
    await pop.user("alice");
    await pop.pass_("pw");
    expect(drop.locked("alice")).toBe(true);
    await pop.dele(1);
    await pop.close(); // no QUIT
    await expect.poll(() => drop.locked("alice")).toBe(false);
    expect(drop.messages("alice")).toHaveLength(1);
  });

  it("refuses a second session while the maildrop is locked (RFC 1939 4)", async () => {
    const drop = new Maildrop({ alice: "pw" });
    await using server = await POP3Server.open({ maildrop: drop });
    await using first = await POP3.open("127.0.0.1", server.port);
    await first.user("alice");
    await first.pass_("pw");
    await using second = await POP3.open("127.0.0.1", server.port);
    await second.user("alice");
    const err = await second.pass_("pw").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(error_proto);
    expect(String((err as error_proto).message)).toMatch(/^-ERR \[IN-USE\]/);
  });

  it("stores messages in wire form, with unique ids, and tells listeners", () => {
    const drop = new Maildrop();
    const seen: string[] = [];
    const stop = drop.onDelivery((user, m) => seen.push(`${user}:${m.uid}`));
    const m = drop.add("bob", "a\nb", { uid: "u-1" });
    expect(m.data.toString()).toBe("a\r\nb\r\n");
    expect(() => drop.add("bob", "x", { uid: "u-1" })).toThrow("duplicate UIDL: u-1");
    expect(() => drop.add("bob", "x", { uid: "has space" })).toThrow(RangeError);
    stop();
    drop.add("bob", "c");
    expect(seen).toEqual(["bob:u-1"]);
    expect(toWire("x\ry\r\n").toString()).toBe("x\r\ny\r\n");
  });
});

describe("IMAPServer and Mailstore", () => {
  it("shows what the store holds, and APPEND and EXPUNGE change it", async () => {
    const store = new Mailstore({ alice: "pw" });
    store.add("alice", "INBOX", "Subject: kept\r\n\r\nhi\r\n", { flags: ["\\Seen"] });
    store.add("alice", "INBOX", "Subject: gone\r\n\r\nbye\r\n");
    const changes: string[] = [];
    store.watch((user, mailbox) => changes.push(`${user}/${mailbox}`));
    await using server = await IMAPServer.open({ store });
    await using M = await IMAP4.open("127.0.0.1", server.port);
    await M.login("alice", "pw");
    const [, exists] = await M.select("INBOX");
    expect(exists).toEqual([Buffer.from("2")]);
    expect(await M.search_messages({ unseen: true })).toEqual([2]);
    await M.append("Archive", "(\\Flagged)", null, Buffer.from("Subject: filed\r\n\r\nx\r\n"));
    expect(store.mailbox("alice", "Archive")?.messages.map((m) => m.data.toString())).toEqual([
      "Subject: filed\r\n\r\nx\r\n",
    ]);
    await M.store("2", "+FLAGS", "\\Deleted");
    await M.expunge();
    expect(store.mailbox("alice", "INBOX")?.messages).toHaveLength(1);
    expect(changes).toContain("alice/INBOX");
    expect(changes).toContain("alice/Archive");
  });

  it("creates, renames and deletes mailboxes for a user", () => {
    const store = new Mailstore({ alice: "pw" });
    expect(store.mailboxes("alice").map((m) => m.name)).toEqual(["INBOX", "Archive"]);
    expect(store.create("alice", "Projects")).toBe(true);
    expect(store.create("alice", "Projects")).toBe(false);
    expect(store.rename("alice", "Projects", "Done")).toBe(true);
    expect(store.mailbox("alice", "Projects")).toBeNull();
    expect(store.delete("alice", "Done")).toBe(true);
    expect(store.checkPassword("alice", "pw")).toBe(true);
    expect(store.checkPassword("alice", "no")).toBe(false);
  });
});

describe("NNTPServer and NewsSpool", () => {
  it("numbers articles per group, finds them by Message-ID, and a post from a client lands there", async () => {
    const spool = new NewsSpool();
    spool.addGroup("local.a");
    spool.addGroup("local.b", { status: "n" });
    const first = spool.post("From: a@b\r\nNewsgroups: local.a\r\nSubject: one\r\n\r\nbody\r\n");
    expect(first.numbers.get("local.a")).toBe(1);
    expect(spool.article(first.messageId)).toBe(first);
    expect(() => spool.post("From: a@b\r\nNewsgroups: local.b\r\nSubject: x\r\n\r\n")).toThrow(
      new NewsError(441, "Posting to this group is not allowed"),
    );
    expect(() => spool.post("From: a@b\r\nSubject: x\r\n\r\n")).toThrow(
      "441 Missing required header Newsgroups",
    );
    await using server = await NNTPServer.open({ spool });
    await using s = await NNTP.open("127.0.0.1", server.port);
    await s.post(Buffer.from("From: c@d\r\nNewsgroups: local.a\r\nSubject: two\r\n\r\nhello\r\n"));
    const [, count, low, high] = await s.group("local.a");
    expect([count, low, high]).toEqual([2, 1, 2]);
    expect(spool.cancel(first.messageId)).toBe(true);
    const [, , low2] = await s.group("local.a");
    expect(low2).toBe(2);
  });

  it("matches groups with RFC 3977 wildmats", () => {
    expect(wildmat("comp.*", "comp.lang.python")).toBe(true);
    expect(wildmat("comp.*,!comp.lang.*", "comp.lang.python")).toBe(false);
    expect(wildmat("a?c", "abc")).toBe(true);
    const spool = new NewsSpool();
    for (const g of ["comp.lang.python", "comp.os", "alt.test"]) spool.addGroup(g);
    expect(spool.groups("comp.*").map((g) => g.name)).toEqual(["comp.lang.python", "comp.os"]);
  });
});

describe("SMTPServer", () => {
  it("records each message with its envelope, refuses as configured, and delivers", async () => {
    const delivered: string[] = [];
    await using server = await SMTPServer.start({
      refuse: { "nobody@inetlib.test": "550 5.1.1 No such user" },
      deliver: (rcpt, message) => void delivered.push(`${rcpt} ${message.data.length}`),
    });
    await using s = await SMTP.open("127.0.0.1", server.port);
    const refused = await s.sendmail(
      "a@inetlib.test",
      ["b@inetlib.test", "nobody@inetlib.test"],
      "Subject: x\r\n\r\nhi\r\n",
    );
    expect(Object.keys(refused)).toEqual(["nobody@inetlib.test"]);
    expect(server.messages[0]).toMatchObject({ mail_from: "a@inetlib.test", rcpt_tos: ["b@inetlib.test"] });
    expect(server.messages[0]?.data.toString()).toBe("Subject: x\r\n\r\nhi\r\n");
    expect(delivered).toEqual(["b@inetlib.test 18"]);
    await expect(s.sendmail("a@inetlib.test", ["nobody@inetlib.test"], "x")).rejects.toBeInstanceOf(
      SMTPRecipientsRefused,
    );
  });
});

describe("TelnetServer", () => {
  it("logs in and runs the shell's commands over files the test gives", async () => {
    await using server = await TelnetServer.open({
      users: { ann: "pw" },
      files: { "notes.txt": "remember\n" },
    });
    await using tn = await Telnet.open("127.0.0.1", server.port, { timeout: 10 });
    await tn.login("ann", "pw");
    expect((await tn.run("whoami")).toString().trim()).toBe("ann");
    expect((await tn.run("cat notes.txt")).toString().trim()).toBe("remember");
    expect(server.connections[0]?.transcript.length).toBeGreaterThan(0);
  });
});

describe("TelnetServer with a program", () => {
  it("runs the program instead of a login: a banner, a prompt, each line answered", async () => {
    await using server = await TelnetServer.open({ program: upperProgram });
    await using tn = await Telnet.open("127.0.0.1", server.port, { timeout: 10 });
    expect((await tn.read_until(Buffer.from("cmd> "), 5)).toString()).toContain(
      "inetlib telnet test program",
    );
    await tn.write(Buffer.from("hello\r\n"));
    expect((await tn.read_until(Buffer.from("cmd> "), 5)).toString()).toContain("HELLO");
    await tn.write(Buffer.from("quit\r\n"));
    expect((await tn.read_all()).toString()).toContain("bye");
  });
});

describe("HTTPTestServer", () => {
  it("asks for Basic credentials under /basic/ and names the user once given", async () => {
    await using server = await HTTPTestServer.start({ users: { ann: "pw" }, realm: "tests" });
    const url = `http://127.0.0.1:${server.port}/basic/x`;
    const err = await urlopen(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HTTPError);
    expect((err as HTTPError).code).toBe(401);
    const passwords = new HTTPPasswordMgrWithDefaultRealm();
    passwords.add_password(null, url, "ann", "pw");
    const opener = build_opener(new HTTPBasicAuthHandler(passwords));
    await using page = await opener.open(url);
    expect((await page.read()).toString()).toBe("hello ann:pw\n");
  });

  it("answers routes by path and records each request", async () => {
    await using server = await HTTPTestServer.start({
      routes: { "/hello": (req) => ({ body: `hello ${req.query.get("name") ?? "you"}\n` }) },
    });
    await using page = await urlopen(`http://127.0.0.1:${server.port}/hello?name=ann`);
    expect((await page.read()).toString()).toBe("hello ann\n");
    expect(server.requests.map((r) => [r.method, r.target])).toEqual([["GET", "/hello?name=ann"]]);
  });
});
