import { SSLSocket, type socket } from "@inetlib/socket";
import { afterEach, describe, expect, it } from "vitest";
import { type PortRange, pasvRanges, ports, users } from "../env.js";
import { command, commandOk, connect, LineConn, type Reply, readReply, recvAll } from "../helpers.js";

const open: LineConn[] = [];
async function dial(port: number, tls = false): Promise<LineConn> {
  const c = await LineConn.dial(port, { tls });
  open.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

const ok = (c: LineConn, line: string, code: number): Promise<Reply> => commandOk(c, "ftp", line, code);

async function login(c: LineConn, user: string, password: string): Promise<void> {
  const r = await command(c, "ftp", `USER ${user}`);
  if (r.code === 331) await ok(c, `PASS ${password}`, 230);
  else expect(r.code).toBe(230);
}

/** The data address of a 227 reply: "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)". */
function parsePasv(text: string): { host: string; port: number } {
  const m = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(text);
  if (!m) throw new Error(`cannot parse PASV reply: ${text}`);
  return { host: `${m[1]}.${m[2]}.${m[3]}.${m[4]}`, port: Number(m[5]) * 256 + Number(m[6]) };
}

/** PASV + RETR of `path`; the data connection is TLS when `secure` (PROT P), resuming the control session. */
async function retr(c: LineConn, path: string, range: PortRange, secure: boolean): Promise<Buffer> {
  await ok(c, "TYPE I", 200);
  const pasv = await ok(c, "PASV", 227);
  const { host, port } = parsePasv(pasv.last);
  expect(host).toBe(c.sock.getpeername()[0]);
  expect(port).toBeGreaterThanOrEqual(range.min);
  expect(port).toBeLessThanOrEqual(range.max);
  // As ftplib's ntransfercmd: connect, send RETR, read the preliminary reply, and only then
  // handshake on the data connection (servers start TLS there once they act on RETR).
  let data: socket = await connect(port);
  try {
    const prelim = await command(c, "ftp", `RETR ${path}`);
    expect([125, 150]).toContain(prelim.code);
    if (secure) {
      const session = c.ssl.session;
      expect(session).not.toBeNull();
      data = await c.context.wrap_socket(data, { server_hostname: c.serverHostname, session });
    }
    const body = await recvAll(data);
    if (secure) {
      expect(data).toBeInstanceOf(SSLSocket);
      expect((data as SSLSocket)._tls.authorized).toBe(true);
    }
    // As ftplib: close our end first; servers send 226 once the data connection is gone both ways.
    await data.close();
    expect((await readReply(c, "ftp")).code).toBe(226);
    return body;
  } finally {
    await data.close();
  }
}

const servers = [
  { name: "vsftpd", port: ports.ftpVsftpd, range: pasvRanges.vsftpd },
  { name: "pure-ftpd", port: ports.ftpPureftpd, range: pasvRanges.pureftpd },
  { name: "proftpd", port: ports.ftpProftpd, range: pasvRanges.proftpd },
] as const;

describe.each(servers)("$name", ({ port, range }) => {
  it("greets and serves anonymous passive downloads", async () => {
    const c = await dial(port);
    expect((await readReply(c, "ftp")).code).toBe(220);
    await login(c, users.anonymousFtp.user, users.anonymousFtp.password);
    const body = await retr(c, "/hello.txt", range, false);
    expect(body.toString()).toBe("Hello, world!\r\n");
    await ok(c, "QUIT", 221);
  });

  it("logs in the system user with USER/PASS", async () => {
    const c = await dial(port);
    await readReply(c, "ftp");
    await login(c, users.system.user, users.system.password);
    const pwd = await ok(c, "PWD", 257);
    expect(pwd.last).toContain(`/home/${users.system.user}`);
    await ok(c, "QUIT", 221);
  });

  it("upgrades with AUTH TLS and transfers over a protected data channel", async () => {
    const c = await dial(port);
    await readReply(c, "ftp");
    await ok(c, "AUTH TLS", 234);
    const ssl = await c.starttls();
    expect(ssl._tls.authorized).toBe(true);
    expect(ssl.discarded).toBe(0);
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
    expect(c.ssl._tls.authorized).toBe(true);
    expect((await readReply(c, "ftp")).code).toBe(220);
    await login(c, users.anonymousFtp.user, users.anonymousFtp.password);
    await ok(c, "PBSZ 0", 200);
    await ok(c, "PROT P", 200);
    const body = await retr(c, "/hello.txt", pasvRanges.vsftpdImplicit, true);
    expect(body.toString()).toBe("Hello, world!\r\n");
    await ok(c, "QUIT", 221);
  });
});
