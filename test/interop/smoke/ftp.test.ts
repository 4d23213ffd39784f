import net from "node:net";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { host, type PortRange, pasvRanges, ports, users } from "../env.js";
import { type CodeReply, command, LineConn, parsePasv, readCodeReply, tlsOptions } from "../helpers.js";

const open: LineConn[] = [];
async function dial(port: number, tls = false): Promise<LineConn> {
  const c = await LineConn.dial(port, { tls });
  open.push(c);
  return c;
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function ok(c: LineConn, line: string, code: number): Promise<CodeReply> {
  const r = await command(c, line);
  if (r.code !== code) throw new Error(`${line.split(" ")[0]}: expected ${code}, got ${r.lines.join(" | ")}`);
  return r;
}

async function login(c: LineConn, user: string, password: string): Promise<void> {
  const r = await command(c, `USER ${user}`);
  if (r.code === 331) await ok(c, `PASS ${password}`, 230);
  else expect(r.code).toBe(230);
}

/** PASV + RETR of `path`; the data connection is TLS when `secure` (PROT P). */
async function retr(c: LineConn, path: string, range: PortRange, secure: boolean): Promise<Buffer> {
  await ok(c, "TYPE I", 200);
  const pasv = await ok(c, "PASV", 227);
  const { port } = parsePasv(pasv.text);
  expect(port).toBeGreaterThanOrEqual(range.min);
  expect(port).toBeLessThanOrEqual(range.max);
  // Servers start the TLS handshake on the data connection only once they act on RETR:
  // connect, send RETR, and only then wait for the handshake and the data.
  const data: net.Socket = secure
    ? tls.connect({ host, port, ...tlsOptions(), session: (c.socket as tls.TLSSocket).getSession() })
    : net.connect({ host, port });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    data.on("data", (d: Buffer) => chunks.push(d));
    data.on("end", resolve);
    data.on("error", reject);
  });
  const prelim = await command(c, `RETR ${path}`);
  expect([125, 150]).toContain(prelim.code);
  await done;
  if (secure) expect((data as tls.TLSSocket).authorized).toBe(true);
  expect((await readCodeReply(c)).code).toBe(226);
  return Buffer.concat(chunks);
}

const servers = [
  { name: "vsftpd", port: ports.ftpVsftpd, range: pasvRanges.vsftpd },
  { name: "pure-ftpd", port: ports.ftpPureftpd, range: pasvRanges.pureftpd },
  { name: "proftpd", port: ports.ftpProftpd, range: pasvRanges.proftpd },
] as const;

describe.each(servers)("$name", ({ port, range }) => {
  it("greets and serves anonymous passive downloads", async () => {
    const c = await dial(port);
    expect((await readCodeReply(c)).code).toBe(220);
    await login(c, users.anonymousFtp.user, users.anonymousFtp.password);
    const body = await retr(c, "/hello.txt", range, false);
    expect(body.toString()).toBe("Hello, world!\r\n");
    await ok(c, "QUIT", 221);
  });

  it("logs in the system user with USER/PASS", async () => {
    const c = await dial(port);
    await readCodeReply(c);
    await login(c, users.system.user, users.system.password);
    const pwd = await ok(c, "PWD", 257);
    expect(pwd.text).toContain(`/home/${users.system.user}`);
    await ok(c, "QUIT", 221);
  });

  it("upgrades with AUTH TLS and transfers over a protected data channel", async () => {
    const c = await dial(port);
    await readCodeReply(c);
    await ok(c, "AUTH TLS", 234);
    await c.starttls();
    expect(c.tlsSocket.authorized).toBe(true);
    await login(c, users.system.user, users.system.password);
    await ok(c, "PBSZ 0", 200);
    await ok(c, "PROT P", 200);
    const body = await retr(c, "hello.txt", range, true);
    expect(body.toString()).toBe(`Hello, ${users.system.user}!\r\n`);
    await ok(c, "QUIT", 221);
  });
});

describe("vsftpd implicit TLS", () => {
  it("handshakes first, then greets and logs in", async () => {
    const c = await dial(ports.ftpsVsftpd, true);
    expect(c.tlsSocket.authorized).toBe(true);
    expect((await readCodeReply(c)).code).toBe(220);
    await login(c, users.anonymousFtp.user, users.anonymousFtp.password);
    await ok(c, "PBSZ 0", 200);
    await ok(c, "PROT P", 200);
    const body = await retr(c, "/hello.txt", pasvRanges.vsftpdImplicit, true);
    expect(body.toString()).toBe("Hello, world!\r\n");
    await ok(c, "QUIT", 221);
  });
});
