// @inetlib/imap against dovecot as test/daemons/up.sh configures and seeds it: LOGIN,
// AUTHENTICATE PLAIN and CRAM-MD5, STARTTLS and IMAPS (IPv4 and IPv6), LIST/STATUS/SELECT/
// EXAMINE, SEARCH, FETCH of the 1,000-message bulk mailbox checked byte for byte against the
// seeded maildir, STORE, COPY/MOVE to Archive, APPEND then FETCH, CREATE/RENAME/DELETE, IDLE
// woken by a message delivered through postfix, and IMAP4_stream over dovecot's imap binary.
//
// alice and bulk are read-only for every test suite: they are only EXAMINEd, and bodies are
// fetched with BODY.PEEK. Changes happen in bob's account, to messages and mailboxes these
// tests create (unique names), and are undone with UID EXPUNGE and DELETE.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  abort,
  error,
  IMAP4,
  IMAP4_SSL,
  IMAP4_stream,
  type IMAP4Options,
  parseFetch,
  plain,
} from "@inetlib/imap";
import { create_default_context, SSLCertVerificationError, SSLSocket } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, host6, mailAddress, paths, ports, seeded, stateDir, tlsServername, users } from "./env.js";
import { smtpSend } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");
const ctx = () => create_default_context({ cafile: paths.ca });
const opts: IMAP4Options = { timeout: 30 };
const unique = (what: string) => `imap-interop-${what}-${randomBytes(6).toString("hex")}`;

/** The seeded maildir file of message `i` (the seed writes M<i>P1 into its name), as dovecot serves it. */
function seededMessage(user: string, i: number, folder = ""): Buffer {
  const dir = join(stateDir, "mail", user, "Maildir", folder);
  const re = new RegExp(`^\\d+\\.M${i}P1\\.`);
  for (const sub of ["cur", "new"]) {
    const name = readdirSync(join(dir, sub)).find((n) => re.test(n));
    if (name) return readFileSync(join(dir, sub, name));
  }
  throw new Error(`no seeded message ${i} for ${user}`);
}

async function login(user: { user: string; password: string }, options: IMAP4Options = opts): Promise<IMAP4> {
  const M = await IMAP4.open(host, ports.imap, options);
  await M.starttls(ctx());
  await M.login(user.user, user.password);
  return M;
}

describe("dovecot IMAP: logins and TLS", () => {
  it("LOGIN in clear (dovecot allows it here), capabilities, a wrong password", async () => {
    await using M = await IMAP4.open(host, ports.imap, opts);
    expect(M.state).toBe("NONAUTH");
    expect(M.PROTOCOL_VERSION).toBe("IMAP4REV1");
    for (const cap of ["STARTTLS", "IDLE", "LITERAL+", "AUTH=PLAIN", "AUTH=CRAM-MD5"])
      expect(M.capabilities).toContain(cap);
    const err = await M.login(users.alice.user, "wrong").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(error);
    expect((err as error).message).toMatch(/AUTHENTICATIONFAILED/);
    expect((await M.login(users.alice.user, users.alice.password))[0]).toBe("OK");
    expect(M.state).toBe("AUTH");
    expect(await M.logout()).toEqual(["BYE", [b("Logging out")]]);
  });

  it("AUTHENTICATE PLAIN and CRAM-MD5", async () => {
    {
      await using M = await IMAP4.open(host, ports.imap, opts);
      expect((await M.authenticate("PLAIN", plain(users.alice.user, users.alice.password)))[0]).toBe("OK");
      expect(M.state).toBe("AUTH");
    }
    await using M = await IMAP4.open(host, ports.imap, opts);
    expect((await M.login_cram_md5(users.alice.user, users.alice.password))[0]).toBe("OK");
    await using bad = await IMAP4.open(host, ports.imap, opts);
    await expect(bad.authenticate("PLAIN", plain(users.alice.user, "wrong"))).rejects.toThrow(
      /AUTHENTICATIONFAILED/,
    );
  });

  it("STARTTLS verified against the interop CA; the capabilities are asked again; fails closed without the CA", async () => {
    await using M = await IMAP4.open(host, ports.imap, opts);
    expect((await M.starttls(ctx()))[0]).toBe("OK");
    expect(M.sock).toBeInstanceOf(SSLSocket);
    expect(M.capabilities).not.toContain("STARTTLS");
    await expect(M.starttls(ctx())).rejects.toThrow(new abort("TLS session already established"));
    await M.login(users.alice.user, users.alice.password);
    const untrusting = await IMAP4.open(host, ports.imap, opts);
    await expect(untrusting.starttls()).rejects.toThrow(SSLCertVerificationError);
    expect(untrusting.sock).toBeNull();
  });

  it("IMAPS over IPv4 and IPv6, the host name checked", async () => {
    for (const h of [host, host6, tlsServername]) {
      await using M = await IMAP4_SSL.open(h, ports.imaps, { ...opts, ssl_context: ctx() });
      expect(M.capabilities).not.toContain("STARTTLS");
      await M.login(users.alice.user, users.alice.password);
      expect((await M.select("INBOX", true))[1]).toEqual([b(String(seeded.aliceInboxMessages))]);
    }
    await expect(IMAP4_SSL.open(host, ports.imaps, opts)).rejects.toThrow(SSLCertVerificationError); // default trust store
  });
});

describe("dovecot IMAP: alice's mailboxes (read only)", () => {
  it("LIST, LSUB, STATUS, NAMESPACE, EXAMINE", async () => {
    await using M = await login(users.alice);
    const [, list] = await M.list();
    const lines = list.map(String);
    expect(lines).toContainEqual(expect.stringMatching(/^\(\\HasNoChildren[^)]*\) "\/" INBOX$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\([^)]*\\Archive\) "\/" Archive$/));
    expect((await M.lsub('""', "Arch*"))[1].map(String)).toEqual(['(\\Archive) "/" Archive']);
    expect((await M.status("INBOX", "(MESSAGES)"))[1]).toEqual([
      b(`INBOX (MESSAGES ${seeded.aliceInboxMessages})`),
    ]);
    expect((await M.namespace())[1]).toEqual([b('(("" "/")) NIL NIL')]);
    expect(await M.select("Archive", true)).toEqual(["OK", [b(String(seeded.aliceArchiveMessages))]]);
    expect(M.response("READ-ONLY")).toEqual(["READ-ONLY", [b("")]]);
    expect(M.is_readonly).toBe(true);
  });

  it("SEARCH, also with built criteria and UTF-8 charset", async () => {
    await using M = await login(users.alice);
    await M.select("INBOX", true);
    const [, all] = await M.search(null, "ALL");
    expect(String(all[0]).split(" ")).toHaveLength(seeded.aliceInboxMessages);
    const welcome = await M.search_messages({ subject: "Welcome" });
    expect(welcome).toContain(1);
    expect((await M.search(null, "SUBJECT", '"Welcome"'))[1]).toEqual([b(welcome.join(" "))]);
    expect(await M.search_messages({ subject: "Wélcome" })).toEqual([]);
    expect(
      await M.search_messages({ from: "bob", not: { subject: "Welcome" } }, { uid: true }),
    ).not.toContain(1);
  });

  it("FETCH parsed: ENVELOPE, BODYSTRUCTURE, flags, sizes; bodies byte for byte", async () => {
    await using M = await login(users.alice);
    await M.select("INBOX", true);
    const msgs = await M.fetch_messages(
      "1:*",
      "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE BODY.PEEK[])",
    );
    expect(msgs).toHaveLength(seeded.aliceInboxMessages);
    for (const [i, msg] of msgs.entries()) {
      const file = seededMessage("alice", i + 1);
      expect(msg.sections["BODY[]"]).toEqual(file);
      expect(msg.rfc822Size).toBe(file.length);
      expect(msg.envelope!.messageId).toMatch(/^<.+@.+>$/);
      expect(msg.bodyStructure!.part).toMatch(/^(1|TEXT)$/);
    }
    expect(msgs[0]!.envelope!.subject).toBe("Welcome");
    expect(msgs[0]!.flags).toContain("\\Seen");
  });
});

describe("dovecot IMAP: the 1,000-message bulk mailbox (read only)", () => {
  const n = seeded.bulkMessages;

  it("headers of every message in one FETCH, byte for byte", async () => {
    await using M = await login(users.bulk);
    expect(await M.select("INBOX", true)).toEqual(["OK", [b(String(n))]]);
    const msgs = parseFetch((await M.fetch("1:*", "(UID RFC822.SIZE BODY.PEEK[HEADER])"))[1]);
    expect(msgs).toHaveLength(n);
    for (const msg of msgs) {
      const file = seededMessage(users.bulk.user, msg.seq);
      const end = file.indexOf("\r\n\r\n") + 4;
      expect(msg.sections["BODY[HEADER]"]).toEqual(file.subarray(0, end));
      expect(msg.rfc822Size).toBe(file.length);
    }
  });

  it("every body, streamed by fetch_iter, byte for byte; UID FETCH gives the same", async () => {
    await using M = await login(users.bulk);
    await M.select("INBOX", true);
    let count = 0;
    for await (const body of M.fetch_iter("1:*")) {
      expect(await body.buffer()).toEqual(seededMessage(users.bulk.user, body.seq));
      expect(body.uid).toBe(body.seq);
      count++;
    }
    expect(count).toBe(n);
    const [, data] = await M.uid("FETCH", "999:1000", "(BODY.PEEK[TEXT])");
    expect(parseFetch(data).map((m) => m.uid)).toEqual([999, 1000]);
    expect((await M.search(null, "SUBJECT", '"Bulk message 1000"'))[1]).toEqual([b("1000")]);
  });

  it("IMAP4_stream: dovecot's imap binary, pre-authenticated, on a pipe", async () => {
    // Node gives a child socket pairs, not pipes; dovecot's imap takes a socket on stdio for
    // inetd and refuses it, so cat makes them pipes.
    const conf = join(stateDir, "dovecot", "dovecot.conf");
    const command = `cat | /usr/lib/dovecot/imap -c ${conf} -u ${users.bulk.user} 2>/dev/null | cat`;
    await using M = await IMAP4_stream.open(command, opts);
    expect(M.state).toBe("AUTH");
    expect(await M.select("INBOX", true)).toEqual(["OK", [b(String(n))]]);
    const [msg] = await M.fetch_messages("7", "(BODY.PEEK[])");
    expect(msg!.sections["BODY[]"]).toEqual(seededMessage(users.bulk.user, 7));
    expect((await M.logout())[0]).toBe("BYE");
  });
});

describe("dovecot IMAP: changes, in bob's account", () => {
  it("CREATE, RENAME, APPEND then FETCH byte for byte, STORE, COPY and MOVE to Archive, DELETE", async () => {
    await using M = await login(users.bob);
    const box = unique("box");
    const renamed = `${box} renamed`;
    expect((await M.create(box))[0]).toBe("OK");
    expect((await M.rename(box, renamed))[0]).toBe("OK");
    const id = `${unique("append")}@inetlib.test`;
    const message = b(
      `From: Bob <bob@inetlib.test>\r\nSubject: append\r\nMessage-ID: <${id}>\r\n\r\nline 1\r\n.line 2\r\n${"z".repeat(5000)}\r\n`,
    );
    const [typ, data] = await M.append(
      renamed,
      "(\\Flagged)",
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      message,
    );
    expect(typ).toBe("OK");
    const uid = /APPENDUID \d+ (\d+)/.exec(String(data[0]))![1]!;
    expect(await M.select(renamed)).toEqual(["OK", [b("1")]]);
    const [got] = await M.fetch_messages(uid, "(UID FLAGS INTERNALDATE BODY.PEEK[])", { uid: true });
    expect(got!.sections["BODY[]"]).toEqual(message);
    expect(got!.flags).toContain("\\Flagged");
    expect(got!.flags).not.toContain("\\Seen");
    expect(got!.internalDate).toEqual(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    const [stored] = parseFetch((await M.uid("STORE", uid, "+FLAGS", "(\\Seen $Interop)"))[1]);
    expect(stored!.uid).toBe(Number(uid));
    expect(stored!.flags).toEqual(expect.arrayContaining(["\\Flagged", "\\Seen", "$Interop"]));
    const [unflagged] = parseFetch((await M.store("1", "-FLAGS", "\\Flagged"))[1]);
    expect(unflagged!.flags).not.toContain("\\Flagged");
    expect(unflagged!.flags).toContain("$Interop");
    // COPY and MOVE to Archive; the copies are found by Message-ID and removed again
    expect((await M.copy("1", "Archive"))[0]).toBe("OK");
    expect((await M.uid("MOVE", uid, "Archive"))[0]).toBe("OK");
    expect((await M.search(null, "ALL"))[1]).toEqual([b("")]);
    await M.select("Archive");
    const copies = await M.search_messages({ header: ["Message-ID", id] }, { uid: true });
    expect(copies).toHaveLength(2);
    await M.uid("STORE", copies.join(","), "+FLAGS.SILENT", "(\\Deleted)");
    expect((await M.uid("EXPUNGE", copies.join(",")))[0]).toBe("OK");
    expect(await M.search_messages({ header: ["Message-ID", id] })).toEqual([]);
    await M.close();
    expect((await M.delete(renamed))[0]).toBe("OK");
    expect((await M.list('""', `${box}*`))[1]).toEqual([null]);
  });

  it("IDLE is woken by a message delivered through postfix", async () => {
    await using M = await login(users.bob);
    await M.select();
    const id = `${unique("idle")}@inetlib.test`;
    const body = b(
      `From: Alice <${mailAddress(users.alice)}>\r\nTo: Bob <${mailAddress(users.bob)}>\r\nSubject: IDLE wake-up\r\nDate: Mon, 01 Jan 2024 00:00:00 +0000\r\nMessage-ID: <${id}>\r\n\r\nwake up\r\n`,
    );
    let woke = false;
    {
      await using idler = await M.idle(30);
      await smtpSend(mailAddress(users.alice), mailAddress(users.bob), body, "imap-interop.inetlib.test");
      for await (const [typ] of idler) {
        if (typ !== "EXISTS") continue;
        woke = true;
        break;
      }
    }
    expect(woke).toBe(true);
    // postfix may deliver it after other mail: find it by its Message-ID
    const uids = await M.search_messages({ header: ["Message-ID", id] }, { uid: true });
    expect(uids).toHaveLength(1);
    const [msg] = await M.fetch_messages(String(uids[0]), "(BODY.PEEK[])", { uid: true });
    const got = msg!.sections["BODY[]"]!;
    expect(got.subarray(got.length - body.length)).toEqual(body);
    await M.uid("STORE", String(uids[0]), "+FLAGS.SILENT", "(\\Deleted)");
    expect((await M.uid("EXPUNGE", String(uids[0])))[0]).toBe("OK");
  });
});
