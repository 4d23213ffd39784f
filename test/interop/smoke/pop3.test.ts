import { afterEach, describe, expect, it } from "vitest";
import { ports, seeded, users } from "../env.js";
import { LineConn, pop3Command, readDotBlock } from "../helpers.js";

const open: LineConn[] = [];
async function dial(port: number, tls = false): Promise<LineConn> {
  const c = await LineConn.dial(port, { tls });
  open.push(c);
  return c;
}
// alice and bulk are read-only: end sessions by closing, never QUIT (no \Seen, no deletions).
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe("dovecot POP3", () => {
  it("greets and logs in with USER/PASS", async () => {
    const c = await dial(ports.pop3);
    expect(await c.readLine()).toMatch(/^\+OK /);
    await pop3Command(c, `USER ${users.alice.user}`);
    await pop3Command(c, `PASS ${users.alice.password}`);
    const stat = await pop3Command(c, "STAT");
    const n = Number(stat.split(" ")[1]);
    expect(n).toBeGreaterThanOrEqual(seeded.aliceInboxMessages);
    await pop3Command(c, "UIDL");
    expect((await readDotBlock(c)).length).toBe(n);
  });

  it("rejects a wrong password", async () => {
    const c = await dial(ports.pop3);
    await c.readLine();
    await pop3Command(c, `USER ${users.alice.user}`);
    await pop3Command(c, "PASS wrong-password", "-ERR");
  });

  it("upgrades with STLS, verifying against the project CA", async () => {
    const c = await dial(ports.pop3);
    await c.readLine();
    await pop3Command(c, "CAPA");
    expect(await readDotBlock(c)).toContain("STLS");
    await pop3Command(c, "STLS");
    const ssl = await c.starttls();
    expect(ssl._tls.authorized).toBe(true);
    expect(ssl.discarded).toBe(0);
    await pop3Command(c, `USER ${users.alice.user}`);
    await pop3Command(c, `PASS ${users.alice.password}`);
  });

  it("serves implicit TLS and the bulk mailbox", async () => {
    const c = await dial(ports.pop3s, true);
    expect(c.ssl._tls.authorized).toBe(true);
    expect(await c.readLine()).toMatch(/^\+OK /);
    await pop3Command(c, `USER ${users.bulk.user}`);
    await pop3Command(c, `PASS ${users.bulk.password}`);
    const stat = await pop3Command(c, "STAT");
    expect(Number(stat.split(" ")[1])).toBe(seeded.bulkMessages);
  });
});
