import { afterEach, describe, expect, it } from "vitest";
import { ports, seeded, users } from "../env.js";
import { command, commandOk, LineConn, type Reply, readDotBlock, readReply } from "../helpers.js";

const open: LineConn[] = [];
async function dial(port: number, tls = false): Promise<LineConn> {
  const c = await LineConn.dial(port, { tls });
  open.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

const ok = (c: LineConn, line: string, code: number): Promise<Reply> => commandOk(c, "nntp", line, code);

describe("INN nnrpd", () => {
  it("greets, lists capabilities and groups, and accepts AUTHINFO", async () => {
    const c = await dial(ports.nntp);
    expect((await readReply(c, "nntp")).code).toBe(200);
    await ok(c, "CAPABILITIES", 101);
    const caps = await readDotBlock(c);
    expect(caps).toContain("STARTTLS");
    expect(caps.some((l) => l.startsWith("AUTHINFO") && l.includes("USER"))).toBe(true);
    expect(caps).toContain("NEWNEWS");

    const big = await ok(c, "GROUP local.big", 211);
    expect(Number(big.lines[0]!.split(" ")[1])).toBeGreaterThanOrEqual(seeded.nntpBigArticles);
    const test = await ok(c, "GROUP local.test", 211);
    expect(Number(test.lines[0]!.split(" ")[1])).toBeGreaterThanOrEqual(seeded.nntpTestArticles);
    const empty = await ok(c, "GROUP local.empty", 211);
    expect(empty.lines[0]!.split(" ")[1]).toBe("0");

    await ok(c, "NEWNEWS local.* 20200101 000000 GMT", 230);
    expect((await readDotBlock(c)).length).toBeGreaterThanOrEqual(seeded.nntpTestArticles);

    await ok(c, `AUTHINFO USER ${users.nntp.user}`, 381);
    await ok(c, `AUTHINFO PASS ${users.nntp.password}`, 281);
    await ok(c, "QUIT", 205);
  });

  it("rejects a wrong AUTHINFO password", async () => {
    const c = await dial(ports.nntp);
    await readReply(c, "nntp");
    await ok(c, `AUTHINFO USER ${users.nntp.user}`, 381);
    expect((await command(c, "nntp", "AUTHINFO PASS wrong-password")).code).toBe(481);
  });

  it("upgrades with STARTTLS, verifying against the project CA", async () => {
    const c = await dial(ports.nntp);
    await readReply(c, "nntp");
    await ok(c, "STARTTLS", 382);
    const ssl = await c.starttls();
    expect(ssl._tls.authorized).toBe(true);
    expect(ssl.discarded).toBe(0);
    await ok(c, `AUTHINFO USER ${users.nntp.user}`, 381);
    await ok(c, `AUTHINFO PASS ${users.nntp.password}`, 281);
    await ok(c, "QUIT", 205);
  });

  it("serves implicit TLS (nntps)", async () => {
    const c = await dial(ports.nntps, true);
    expect(c.ssl._tls.authorized).toBe(true);
    expect((await readReply(c, "nntp")).code).toBe(200);
    await ok(c, "GROUP local.test", 211);
    await ok(c, "ARTICLE 1", 220);
    const art = await readDotBlock(c);
    expect(art).toContain("Subject: local.test article 1");
    expect(art).toContain(".A line starting with a dot.");
    await ok(c, "QUIT", 205);
  });
});

describe("INN innd (feeder port)", () => {
  it("greets a peer from loopback", async () => {
    const c = await dial(ports.nntpFeed);
    expect((await readReply(c, "nntp")).code).toBe(200);
    await ok(c, "MODE STREAM", 203);
    await ok(c, "QUIT", 205);
  });
});
