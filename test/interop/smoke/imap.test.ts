import { afterEach, describe, expect, it } from "vitest";
import { ports, seeded, users } from "../env.js";
import { imapCommand, imapOk, LineConn } from "../helpers.js";

const open: LineConn[] = [];
async function dial(port: number, tls = false): Promise<LineConn> {
  const c = await LineConn.dial(port, { tls });
  open.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

function exists(untagged: string[]): number {
  const line = untagged.find((l) => / EXISTS$/.test(l));
  if (!line) throw new Error(`no EXISTS in ${JSON.stringify(untagged)}`);
  return Number(line.split(" ")[1]);
}

describe("dovecot IMAP", () => {
  it("greets, advertises STARTTLS and logs in over plain text", async () => {
    const c = await dial(ports.imap);
    const greeting = await c.readLine();
    expect(greeting).toMatch(/^\* OK /);
    expect(greeting).toContain("STARTTLS");
    await imapOk(c, `LOGIN ${users.alice.user} ${users.alice.password}`);
    const inbox = await imapOk(c, "EXAMINE INBOX");
    expect(exists(inbox.untagged)).toBeGreaterThanOrEqual(seeded.aliceInboxMessages);
    const list = await imapOk(c, 'LIST "" "*"');
    expect(list.untagged.join("\n")).toMatch(/\\Archive\) "\/" Archive/);
    const archive = await imapOk(c, "EXAMINE Archive");
    expect(exists(archive.untagged)).toBe(seeded.aliceArchiveMessages);
    await imapOk(c, "LOGOUT");
  });

  it("rejects a wrong password quickly", async () => {
    const c = await dial(ports.imap);
    await c.readLine();
    const t0 = Date.now();
    const r = await imapCommand(c, `LOGIN ${users.alice.user} wrong-password`);
    expect(r.status).toBe("NO");
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it("upgrades with STARTTLS, verifying against the project CA", async () => {
    const c = await dial(ports.imap);
    await c.readLine();
    await imapOk(c, "STARTTLS");
    const ssl = await c.starttls();
    expect(ssl._tls.authorized).toBe(true);
    expect(ssl.discarded).toBe(0);
    const caps = await imapOk(c, "CAPABILITY");
    expect(caps.untagged.join(" ")).toContain("AUTH=PLAIN");
    await imapOk(c, `LOGIN ${users.bob.user} ${users.bob.password}`);
    await imapOk(c, "LOGOUT");
  });

  it("serves implicit TLS and the bulk mailbox", async () => {
    const c = await dial(ports.imaps, true);
    expect(c.ssl._tls.authorized).toBe(true);
    expect(await c.readLine()).toMatch(/^\* OK /);
    await imapOk(c, `LOGIN ${users.bulk.user} ${users.bulk.password}`);
    const r = await imapOk(c, "EXAMINE INBOX");
    expect(exists(r.untagged)).toBe(seeded.bulkMessages);
    await imapOk(c, "LOGOUT");
  });
});
