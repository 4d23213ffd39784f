// inetlib get imap:// and imaps:// (RFC 5092) against the in-memory mail store.
import { demoMailstore, IMAPServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imapTarget } from "../src/schemes/imap.js";
import { parseUrl } from "../src/url.js";
import { run } from "./run.js";
import { CA } from "./tls.js";

const store = demoMailstore();
let server: IMAPServer;
let secure: IMAPServer;
let h: string;
beforeAll(async () => {
  server = await IMAPServer.open({ store, tls: true });
  secure = await IMAPServer.open({ store, tls: true, implicitTLS: true });
  h = `alice:alice-pass@127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await secure.close();
});

const stored = (uid: number) => store.mailbox("alice", "INBOX")!.messages.find((m) => m.uid === uid)!.data;

describe("inetlib get imap://", () => {
  it("lists the mailboxes", async () => {
    expect(await run(["get", `imap://${h}/`])).toMatchObject({
      code: 0,
      stdout: "INBOX\nArchive\n",
      stderr: "",
    });
  });

  it("lists a mailbox's messages read-only: UID, flags, date, from, subject (decoded)", async () => {
    const r = await run(["get", `imap://${h}/INBOX`]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "1\t\\Seen\t01-Jan-2024 09:30:00 +0000\tBob <bob@inetlib.test>\tWelcome",
      "2\t\t02-Jan-2024 09:30:00 +0000\tRenée <renee@example.org>\tRéunion notes",
      "3\t\t03-Jan-2024 09:30:00 +0000\tCarol <carol@example.org>\tQuarterly report",
      "4\t\\Seen \\Flagged\t04-Jan-2024 09:30:00 +0000\tBob <bob@inetlib.test>\tLunch?",
      "",
    ]);
    expect(server.transcript()).toContain(" EXAMINE INBOX\r\n");
  });

  it("runs the URL's search (RFC 5092: IMAP SEARCH syntax)", async () => {
    const r = await run(["get", `imap://${h}/INBOX?UNSEEN`]);
    expect(
      r.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0]),
    ).toEqual(["2", "3"]);
    const subject = await run(["get", `imap://${h}/INBOX?SUBJECT%20report`]);
    expect(subject.stdout).toMatch(/^3\t.*\tQuarterly report\n$/);
    expect((await run(["get", `imap://${h}/INBOX?SUBJECT%20nothing-like-this`])).stdout).toBe("");
  });

  it("prints a message by UID as stored, a part with ;SECTION=, a range with ;PARTIAL=", async () => {
    const whole = await run(["get", `imap://${h}/INBOX/;UID=2`]);
    expect(whole.code).toBe(0);
    expect(whole.stdoutBytes).toEqual(stored(2));
    const part = await run(["get", `imap://${h}/INBOX/;UID=3/;SECTION=1`]);
    expect(part.stdout).toBe("The report is attached.");
    const range = await run(["get", `imap://${h}/INBOX/;UID=1/;PARTIAL=0.20`]);
    expect(range.stdoutBytes).toEqual(stored(1).subarray(0, 20));
  });

  it("exits 7 for a missing mailbox, UID or a changed UIDVALIDITY", async () => {
    expect(await run(["get", `imap://${h}/Nope`])).toMatchObject({
      code: 7,
      stderr: "inetlib: not found: [NONEXISTENT] Mailbox doesn't exist: Nope\n",
    });
    expect(await run(["get", `imap://${h}/INBOX/;UID=99`])).toMatchObject({
      code: 7,
      stderr: "inetlib: not found: no message with UID 99 in INBOX\n",
    });
    const stale = await run(["get", `imap://${h}/INBOX;UIDVALIDITY=1/;UID=1`]);
    expect(stale.code).toBe(7);
    expect(stale.stderr).toMatch(/UIDVALIDITY is \d+, not 1: its UIDs changed/);
  });

  it("exits 5 for a wrong password; the trace masks the password", async () => {
    const r = await run(["get", "--trace", `imap://alice:wrong-pass@127.0.0.1:${server.port}/`]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/ LOGIN alice \*+'/);
    expect(r.stderr).not.toContain("wrong-pass");
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(
      "inetlib: login failed: [AUTHENTICATIONFAILED] Authentication failed.",
    );
  });

  it("logs in with ;AUTH=PLAIN", async () => {
    const r = await run(["get", `imap://alice;AUTH=PLAIN:alice-pass@127.0.0.1:${server.port}/`]);
    expect(r.code).toBe(0);
    expect(server.transcript()).toMatch(/ AUTHENTICATE PLAIN/);
  });

  it("upgrades with --starttls and speaks implicit TLS for imaps://", async () => {
    expect(
      (await run(["get", "--starttls", "--cacert", CA, `imap://alice:alice-pass@localhost:${server.port}/`]))
        .stdout,
    ).toBe("INBOX\nArchive\n");
    expect(
      (await run(["get", "--cacert", CA, `imaps://alice:alice-pass@localhost:${secure.port}/`])).code,
    ).toBe(0);
    expect((await run(["get", `imaps://alice:alice-pass@localhost:${secure.port}/`])).code).toBe(4);
  });
});

describe("imapTarget (RFC 5092)", () => {
  const t = (url: string) => imapTarget(parseUrl(url));
  it("reads mailboxes, searches, UIDs, sections and partials", () => {
    expect(t("imap://h/")).toEqual({ kind: "mailboxes" });
    expect(t("imap://h/Lists/inetlib%20dev")).toEqual({
      kind: "messages",
      mailbox: "Lists/inetlib dev",
      uidvalidity: null,
      search: null,
    });
    expect(t("imap://h/INBOX?FROM%20bob%20UNSEEN")).toMatchObject({ search: "FROM bob UNSEEN" });
    expect(t("imap://h/INBOX;UIDVALIDITY=385759045/;UID=20/;SECTION=1.2/;PARTIAL=0.1024")).toEqual({
      kind: "message",
      mailbox: "INBOX",
      uidvalidity: 385759045,
      uid: 20,
      section: "1.2",
      partial: [0, 1024],
    });
    expect(() => t("imap://h/?ALL")).toThrow(/needs a mailbox/);
  });
});
