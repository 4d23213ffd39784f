// @inetlib/pop3 against dovecot as test/daemons/up.sh configures and seeds it (see
// test/daemons/README.md): USER/PASS, APOP when the greeting offers it, STLS and POP3S, SASL,
// CAPA, STAT/LIST/UIDL/TOP/RETR/DELE/RSET over the 1,000-message bulk mailbox checked byte for
// byte against the seeded maildir, pipelining, streaming, and a message sent through postfix
// read back byte for byte.
//
// alice and bulk are read-only for every test suite, and dovecot sets \Seen on RETR whether
// or not the session QUITs: RETR goes only to messages seeded \Seen, TOP (which sets nothing)
// to the others, and nothing is deleted. Round trips go to bob.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { error_proto, POP3, POP3_SSL, type POP3Options } from "@inetlib/pop3";
import { create_default_context, SSLCertVerificationError, SSLSocket } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, host6, mailAddress, paths, ports, seeded, stateDir, tlsServername, users } from "./env.js";
import { smtpSend } from "./helpers.js";

const b = (s: string) => Buffer.from(s, "latin1");
const ctx = () => create_default_context({ cafile: paths.ca });
const opts: POP3Options = { timeout: 30 };

/** The seeded maildir file of message `i` (the seed writes M<i>P1 into its name), as dovecot serves it. */
function seededMessage(user: string, i: number): Buffer {
  const dir = join(stateDir, "mail", user, "Maildir");
  const re = new RegExp(`^\\d+\\.M${i}P1\\.`);
  for (const sub of ["cur", "new"]) {
    const name = readdirSync(join(dir, sub)).find((n) => re.test(n));
    if (name) return readFileSync(join(dir, sub, name));
  }
  throw new Error(`no seeded message ${i} for ${user}`);
}

/** The lines poplib returns for a CRLF message: split at CRLF, dot-stuffing undone by the server and the client. */
function linesOf(data: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let at = data.indexOf("\r\n"); at !== -1; at = data.indexOf("\r\n", start)) {
    lines.push(data.subarray(start, at));
    start = at + 2;
  }
  return lines;
}

async function caught(p: Promise<unknown>): Promise<error_proto> {
  try {
    await p;
  } catch (err) {
    if (err instanceof error_proto) return err;
    throw err;
  }
  throw new Error("expected error_proto");
}

async function login(user: { user: string; password: string }, options: POP3Options = opts): Promise<POP3> {
  const pop = await POP3.open(host, ports.pop3, options);
  await pop.user(user.user);
  await pop.pass_(user.password);
  return pop;
}

describe("dovecot POP3: logins", () => {
  it("USER/PASS, CAPA, and a wrong password", async () => {
    await using pop = await POP3.open(host, ports.pop3, opts);
    expect(pop.getwelcome().subarray(0, 4)).toEqual(b("+OK "));
    const caps = await pop.capa();
    for (const cap of ["TOP", "UIDL", "USER", "PIPELINING", "STLS", "RESP-CODES"])
      expect(caps).toHaveProperty(cap);
    expect(caps.SASL).toEqual(expect.arrayContaining(["PLAIN", "LOGIN"]));
    expect((await pop.user(users.alice.user)).subarray(0, 3)).toEqual(b("+OK"));
    const err = await caught(pop.pass_("wrong"));
    expect(err.resp?.toString()).toMatch(/^-ERR \[AUTH\] /);
    await pop.user(users.alice.user);
    expect((await pop.pass_(users.alice.password)).subarray(0, 3)).toEqual(b("+OK"));
    expect((await pop.stat())[0]).toBe(seeded.aliceInboxMessages);
  });

  it("APOP when the greeting has a timestamp, else refused before sending", async () => {
    await using pop = await POP3.open(host, ports.pop3, opts);
    if (/<[^>]*>/.test(pop.getwelcome().toString("latin1"))) {
      expect((await pop.apop(users.alice.user, users.alice.password)).subarray(0, 3)).toEqual(b("+OK"));
      expect((await pop.stat())[0]).toBe(seeded.aliceInboxMessages);
    } else {
      await expect(pop.apop(users.alice.user, users.alice.password)).rejects.toThrow(
        "-ERR APOP not supported by server",
      );
      expect((await pop.noop().catch((e: error_proto) => e.resp))?.subarray(0, 4)).toEqual(b("-ERR"));
    }
  });

  it("SASL PLAIN and LOGIN", async () => {
    {
      await using pop = await POP3.open(host, ports.pop3, opts);
      expect((await pop.auth_plain(users.alice.user, users.alice.password)).subarray(0, 3)).toEqual(b("+OK"));
      expect((await pop.stat())[0]).toBe(seeded.aliceInboxMessages);
    }
    await using pop = await POP3.open(host, ports.pop3, opts);
    expect((await pop.auth_login(users.alice.user, users.alice.password)).subarray(0, 3)).toEqual(b("+OK"));
    expect((await pop.stat())[0]).toBe(seeded.aliceInboxMessages);
    await using bad = await POP3.open(host, ports.pop3, opts);
    await expect(bad.auth_plain(users.alice.user, "wrong")).rejects.toThrow(error_proto);
  });

  it("STLS, verified against the interop CA; CAPA no longer offers it", async () => {
    await using pop = await POP3.open(host, ports.pop3, opts);
    expect((await pop.stls(ctx())).subarray(0, 3)).toEqual(b("+OK"));
    expect(pop.sock).toBeInstanceOf(SSLSocket);
    expect("STLS" in (await pop.capa())).toBe(false);
    await pop.user(users.alice.user);
    await pop.pass_(users.alice.password);
    expect((await pop.retr(1))[1]).toEqual(linesOf(seededMessage("alice", 1))); // seeded \Seen
  });

  it("STLS with the default trust store fails closed", async () => {
    const pop = await POP3.open(host, ports.pop3, opts);
    await expect(pop.stls()).rejects.toThrow(SSLCertVerificationError);
    expect(pop.sock).toBeNull();
  });

  it("POP3S (POP3_SSL), also over IPv6 with the host name checked", async () => {
    {
      await using pop = await POP3_SSL.open(host, ports.pop3s, { ...opts, context: ctx() });
      await expect(pop.stls()).rejects.toThrow("-ERR TLS session already established");
      await pop.user(users.alice.user);
      await pop.pass_(users.alice.password);
      expect((await pop.stat())[0]).toBe(seeded.aliceInboxMessages);
    }
    await using pop6 = await POP3_SSL.open(host6, ports.pop3s, { ...opts, context: ctx() });
    expect(pop6.sock!.getpeername()[0]).toBe("::1");
    await using named = await POP3_SSL.open(tlsServername, ports.pop3s, { ...opts, context: ctx() });
    expect((await named.noop().catch((e: error_proto) => e.resp))?.subarray(0, 4)).toEqual(b("-ERR"));
  });
});

describe("dovecot POP3: the 1,000-message bulk mailbox", () => {
  const n = seeded.bulkMessages;
  const all = Array.from({ length: n }, (_, i) => i + 1);
  const files = () => all.map((i) => seededMessage(users.bulk.user, i));

  it("STAT, LIST and UIDL agree with the maildir", async () => {
    const data = files();
    await using pop = await login(users.bulk);
    const total = data.reduce((s, d) => s + d.length, 0);
    expect(await pop.stat()).toEqual([n, total]);
    const [resp, lines] = await pop.list();
    expect(resp.subarray(0, 3)).toEqual(b("+OK"));
    expect(lines).toEqual(data.map((d, i) => b(`${i + 1} ${d.length}`)));
    expect(await pop.list(n)).toEqual(b(`+OK ${n} ${data[n - 1]!.length}`));
    // pop3_uidl_format = %08Xu%08Xv: the UID and UIDVALIDITY 1700000004 (0x6553f104) in hex
    const uidl = (i: number) => `${i} ${i.toString(16).padStart(8, "0")}6553f104`;
    const [, uidls] = await pop.uidl();
    expect(uidls.map((l) => l.toString().toLowerCase())).toEqual(all.map(uidl));
    expect((await pop.uidl(n)).toString().toLowerCase()).toBe(`+ok ${uidl(n)}`);
    expect(await pop.list_many(all)).toEqual(data.map((d, i) => b(`+OK ${i + 1} ${d.length}`)));
  });

  // dovecot sets \Seen on RETR (even without QUIT): bulk is read-only, so RETR goes only to
  // the messages the seed already marked \Seen (every third); TOP, which sets nothing, reads
  // every message whole.
  const seenBySeed = all.filter((i) => i % 3 === 0);

  it("RETR, pipelined, byte for byte", async () => {
    const data = files();
    await using pop = await login(users.bulk);
    expect("PIPELINING" in (await pop.capa())).toBe(true);
    const msgs = await pop.retr_many(seenBySeed);
    expect(msgs).toHaveLength(seenBySeed.length);
    msgs.forEach(([resp, lines, octets], k) => {
      const i = seenBySeed[k]!;
      expect(resp.subarray(0, 3)).toEqual(b("+OK"));
      expect(lines).toEqual(linesOf(data[i - 1]!));
      expect(octets).toBe(data[i - 1]!.length);
    });
    // the same through one-by-one retr(), iter_retr_many() and the stream
    expect(await pop.retr(999)).toEqual(msgs.at(-1));
    const msg = await pop.retr_iter(999);
    const chunks: Buffer[] = [];
    for await (const chunk of msg.stream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(data[998]);
    let k = 0;
    for await (const [, lines] of pop.iter_retr_many(seenBySeed.slice(0, 50)))
      expect(lines).toEqual(linesOf(data[seenBySeed[k++]! - 1]!));
    expect(k).toBe(50);
  });

  it("TOP of every message, whole, byte for byte", async () => {
    const data = files();
    await using pop = await login(users.bulk);
    for (const i of all) {
      const [, lines, octets] = await pop.top(i, 100_000);
      expect(lines).toEqual(linesOf(data[i - 1]!));
      expect(octets).toBe(data[i - 1]!.length);
    }
  });

  it("TOP gives the header and the first body lines", async () => {
    const data = seededMessage(users.bulk.user, 7);
    const lines = linesOf(data);
    const blank = lines.findIndex((l) => l.length === 0);
    await using pop = await login(users.bulk);
    expect((await pop.top(7, 0))[1]).toEqual(lines.slice(0, blank + 1));
    expect((await pop.top(7, 1))[1]).toEqual(lines.slice(0, blank + 2));
  });

  it("DELE then RSET leaves the mailbox as it was (closed without QUIT)", async () => {
    await using pop = await login(users.bulk);
    expect(await pop.dele_many([1, 2, 3, 4, 5])).toHaveLength(5);
    expect((await pop.stat())[0]).toBe(n - 5);
    const err = await caught(pop.retr(3));
    expect(err.resp?.subarray(0, 4)).toEqual(b("-ERR"));
    expect((await pop.rset()).subarray(0, 3)).toEqual(b("+OK"));
    expect((await pop.stat())[0]).toBe(n);
    await pop.close();
    await using again = await login(users.bulk);
    expect((await again.stat())[0]).toBe(n);
  });
});

describe("postfix -> dovecot -> POP3", () => {
  it("a message sent by SMTP reads back byte for byte, then is deleted with QUIT", async () => {
    const id = `pop3-interop-${randomBytes(8).toString("hex")}@${"inetlib.test"}`;
    const body = [
      `From: Alice <${mailAddress(users.alice)}>`,
      `To: Bob <${mailAddress(users.bob)}>`,
      "Subject: POP3 read-back",
      "Date: Mon, 01 Jan 2024 00:00:00 +0000",
      `Message-ID: <${id}>`,
      "",
      "A line.",
      ".a line starting with a dot",
      "..two dots",
      ".",
      `long ${"y".repeat(900)}`,
      "",
      "end",
      "",
    ].join("\r\n");
    await smtpSend(mailAddress(users.alice), mailAddress(users.bob), b(body), "pop3-interop.inetlib.test");

    const deadline = Date.now() + 30_000;
    for (;;) {
      const pop = await login(users.bob);
      try {
        const [count] = await pop.stat();
        // Found by its header (TOP sets no flag), so bob's other messages stay as they are.
        for (let i = count; i >= 1; i--) {
          const [, head] = await pop.top(i, 0);
          if (!head.some((line) => line.includes(id))) continue;
          const msg = await pop.retr_iter(i);
          const chunks: Buffer[] = [];
          for await (const chunk of msg.stream()) chunks.push(chunk as Buffer);
          const got = Buffer.concat(chunks);
          expect(got.subarray(got.length - body.length)).toEqual(b(body));
          expect(msg.octets).toBe(got.length);
          expect((await pop.dele(i)).subarray(0, 3)).toEqual(b("+OK"));
          expect((await pop.quit()).subarray(0, 3)).toEqual(b("+OK"));
          expect(pop.sock).toBeNull();
          return;
        }
      } finally {
        await pop.close();
      }
      if (Date.now() > deadline) throw new Error(`message ${id} did not arrive in bob's mailbox`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
});
