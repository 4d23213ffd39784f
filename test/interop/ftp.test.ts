// @inetlib/ftp against vsftpd, pure-ftpd and proftpd (test/daemons/up.sh starts them on
// 127.0.0.1): anonymous and user logins, the file commands, listings including the 5,000-file
// directory, 100 MB down and up in bounded memory, resume, active and passive, AUTH TLS with
// PROT P (session reuse checked) and PROT C, and vsftpd's implicit FTPS.
import { createHash } from "node:crypto";
import { error_perm, FTP, FTP_TLS } from "@inetlib/ftp";
import { AbortError, create_default_context, type SSLContext, SSLSocket, TLSVersion } from "@inetlib/socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { host, paths, ports, seeded, users } from "./env.js";

const servers = [
  { name: "vsftpd", port: ports.ftpVsftpd, mlsd: false },
  { name: "pure-ftpd", port: ports.ftpPureftpd, mlsd: true },
  { name: "proftpd", port: ports.ftpProftpd, mlsd: true },
] as const;

const HELLO = "Hello, world!\r\n";
const MIB = 1 << 20;

let context: SSLContext;
let tls12: SSLContext;
beforeAll(() => {
  context = create_default_context({ cafile: paths.ca });
  tls12 = create_default_context({ cafile: paths.ca });
  tls12.maximum_version = TLSVersion.TLSv1_2;
});

/** `n` bytes of a pattern that differs from block to block, produced as it is sent. */
async function* pattern(n: number, block = MIB): AsyncGenerator<Buffer> {
  for (let at = 0; at < n; at += block) {
    const b = Buffer.alloc(Math.min(block, n - at), (at / block) % 251);
    b.writeUInt32BE(at / block, 0);
    yield b;
  }
}

function patternHash(n: number): string {
  const h = createHash("sha256");
  for (let at = 0, i = 0; at < n; at += MIB, i++) {
    const b = Buffer.alloc(Math.min(MIB, n - at), i % 251);
    b.writeUInt32BE(i, 0);
    h.update(b);
  }
  return h.digest("hex");
}

/** Everything a data connection carries, as a transfercmd() caller reads it (to the server's end). */
async function readAll(sock: { recv(n: number): Promise<Buffer> }): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let b = await sock.recv(8192); b.length > 0; b = await sock.recv(8192)) parts.push(b);
  return Buffer.concat(parts);
}

/** Memory in use that a transfer could grow: the JS heap and Buffers. */
function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe.each(servers)("$name", ({ name, port, mlsd }) => {
  const dir = `inetlib-ftp-${name}-${process.pid}`;
  let ftp: FTP;

  beforeAll(async () => {
    ftp = await FTP.open(host, users.system.user, users.system.password, "", { port, timeout: 30 });
    await ftp.mkd(dir);
    await ftp.cwd(dir);
  });

  afterAll(async () => {
    if (!ftp?.sock) return;
    await ftp.cwd("..");
    for (const f of await ftp.nlst(dir).catch(() => [])) {
      const base = f.split("/").pop()!;
      if (base !== "." && base !== "..") await ftp.delete(`${dir}/${base}`).catch(() => {});
    }
    await ftp.rmd(dir).catch(() => {});
    await ftp.quit();
  });

  it("anonymous login and a download", async () => {
    const anon = await FTP.open(host, "", "", "", { port, timeout: 30 });
    expect(anon.getwelcome()).toMatch(/^220[ -]/);
    expect(anon.lastresp).toBe("220");
    expect(await anon.login()).toMatch(/^230/);
    const lines: string[] = [];
    await anon.retrlines("RETR /hello.txt", (l) => void lines.push(l));
    // pure-ftpd's ASCII mode puts a CR before every LF, CRLF or not; Python reads the same two lines.
    expect(lines).toEqual(name === "pure-ftpd" ? ["Hello, world!", ""] : ["Hello, world!"]);
    // proftpd answers SIZE in binary mode only.
    await anon.voidcmd("TYPE I");
    expect(await anon.size("/hello.txt")).toBe(HELLO.length);
    expect(await anon.quit()).toMatch(/^221/);
  });

  it("cwd, pwd, mkd, rmd, storbinary, size, rename, delete", async () => {
    expect(await ftp.pwd()).toBe(`${paths.systemHome}/${dir}`);
    const made = await ftp.mkd("sub");
    expect(made.endsWith("sub")).toBe(true);
    expect(await ftp.cwd("sub")).toMatch(/^250/);
    expect(await ftp.cwd("..")).toMatch(/^2/);
    expect(await ftp.rmd("sub")).toMatch(/^250/);
    await ftp.storbinary("STOR a.txt", Buffer.from(HELLO));
    expect(await ftp.size("a.txt")).toBe(HELLO.length);
    expect(await ftp.rename("a.txt", "b.txt")).toMatch(/^250/);
    await expect(ftp.size("a.txt")).rejects.toThrow(error_perm);
    expect(await ftp.delete("b.txt")).toMatch(/^250/);
    await expect(ftp.delete("b.txt")).rejects.toThrow(error_perm);
  });

  it("nlst, dir, mlsd where the server has it, list() everywhere", async () => {
    await ftp.storbinary("STOR listed.txt", Buffer.from("x"));
    expect((await ftp.nlst()).map((n) => n.split("/").pop())).toContain("listed.txt");
    const lines: string[] = [];
    await ftp.dir((l: string) => void lines.push(l));
    expect(lines.some((l) => l.endsWith(" listed.txt"))).toBe(true);
    if (mlsd) {
      const facts = new Map<string, Record<string, string>>();
      for await (const [n, f] of ftp.mlsd("", ["type", "size"])) facts.set(n, f);
      expect(facts.get("listed.txt")).toMatchObject({ type: "file", size: "1" });
    } else {
      await expect(ftp.mlsd().next()).rejects.toThrow(error_perm);
    }
    const entries = await ftp.list();
    expect(entries.find((e) => e.name === "listed.txt")).toMatchObject({ type: "file", size: 1 });
    await ftp.delete("listed.txt");
  });

  it(`the ${seeded.manyFilesCount}-file directory`, async () => {
    const many = `${paths.ftpAnon}/many`;
    const names = (await ftp.nlst(many)).map((n) => n.split("/").pop()!).filter((n) => n.startsWith("file-"));
    expect(names).toHaveLength(seeded.manyFilesCount);
    const entries = await ftp.list(many);
    expect(entries.filter((e) => e.type === "file")).toHaveLength(seeded.manyFilesCount);
    expect(entries.find((e) => e.name === "file-4999.txt")?.size).toBe("file 4999\n".length);
  });

  it("100 MB down with retrbinary, in bounded memory, hash checked", async () => {
    const sums: string[] = [];
    await ftp.retrlines(`RETR ${paths.ftpAnon}/big/100mb.bin.sha256`, (l) => void sums.push(l));
    const expected = sums[0]!.split(" ")[0];
    const hash = createHash("sha256");
    const before = memory();
    let peak = before;
    let bytes = 0;
    await ftp.retrbinary(
      `RETR ${paths.ftpAnon}/big/100mb.bin`,
      (b) => {
        hash.update(b);
        bytes += b.length;
        peak = Math.max(peak, memory());
      },
      MIB,
    );
    expect(bytes).toBe(seeded.bigFileBytes);
    expect(hash.digest("hex")).toBe(expected);
    expect(peak - before).toBeLessThan(64 * MIB);
  });

  it("100 MB up with storbinary, in bounded memory, then down again", async () => {
    const size = seeded.bigFileBytes;
    const before = memory();
    let peak = before;
    await ftp.storbinary("STOR big.bin", pattern(size), {
      blocksize: MIB,
      progress: () => {
        peak = Math.max(peak, memory());
      },
    });
    expect(peak - before).toBeLessThan(64 * MIB);
    expect(await ftp.size("big.bin")).toBe(size);
    const hash = createHash("sha256");
    await ftp.retrbinary("RETR big.bin", (b) => void hash.update(b), MIB);
    expect(hash.digest("hex")).toBe(patternHash(size));
    await ftp.delete("big.bin");
  });

  it("resume: REST for a download, APPE and REST for uploads (where the server allows them)", async () => {
    const data = Buffer.from("0123456789".repeat(10_000));
    await ftp.storbinary("STOR r.bin", data.subarray(0, 30_000));
    await ftp.storbinary("STOR s.bin", data.subarray(0, 45_000));
    if (name === "proftpd") {
      // proftpd refuses APPE and REST + STOR unless configured with AllowStoreRestart.
      await expect(ftp.upload(data, "r.bin", { resume: true })).rejects.toThrow(/^451 .*not permitted/);
      await ftp.storbinary("STOR s.bin", data);
    } else {
      await ftp.upload(data, "r.bin", { resume: true });
      expect(await ftp.size("r.bin")).toBe(data.length);
      await ftp.upload(data, "s.bin", { resume: true, method: "REST" });
    }
    expect(await ftp.size("s.bin")).toBe(data.length);
    const got: Buffer[] = [];
    await ftp.retrbinary("RETR s.bin", (b) => void got.push(b), 8192, 12_345);
    expect(Buffer.concat(got).equals(data.subarray(12_345))).toBe(true);
    await ftp.delete("r.bin");
    await ftp.delete("s.bin");
  });

  it("active (PORT) and passive (PASV) data connections", async () => {
    await ftp.storbinary("STOR mode.txt", Buffer.from(HELLO));
    for (const passive of [false, true]) {
      ftp.set_pasv(passive);
      const got: Buffer[] = [];
      await ftp.retrbinary("RETR mode.txt", (b) => void got.push(b));
      expect(Buffer.concat(got).toString()).toBe(HELLO);
      expect((await ftp.nlst()).map((n) => n.split("/").pop())).toContain("mode.txt");
    }
    await ftp.delete("mode.txt");
  });

  it("an aborted download leaves the connection usable", async () => {
    const controller = new AbortController();
    let blocks = 0;
    const run = ftp.retrbinary(
      `RETR ${paths.ftpAnon}/big/100mb.bin`,
      () => {
        if (++blocks === 3) controller.abort();
      },
      { signal: controller.signal },
    );
    await expect(run).rejects.toThrow(AbortError);
    expect(await ftp.voidcmd("NOOP")).toMatch(/^200/);
    expect(await ftp.size(`${paths.ftpAnon}/hello.txt`)).toBe(HELLO.length);
  });

  it("AUTH TLS: PROT P data connections resume the control session; PROT C back to clear", async () => {
    // pure-ftpd resumes TLS 1.2 sessions on data connections but not TLS 1.3 ones;
    // vsftpd and proftpd resume both.
    const tls = await FTP_TLS.open(host, users.system.user, users.system.password, "", {
      port,
      timeout: 30,
      context: name === "pure-ftpd" ? tls12 : context,
    });
    try {
      expect(tls.sock).toBeInstanceOf(SSLSocket);
      expect(await tls.prot_p()).toMatch(/^200/);
      await tls.voidcmd("TYPE I");
      for (const passive of [true, false]) {
        tls.set_pasv(passive);
        const sock = await tls.transfercmd(`RETR ${paths.ftpAnon}/hello.txt`);
        try {
          expect(sock).toBeInstanceOf(SSLSocket);
          expect((sock as SSLSocket).session_reused).toBe(true);
          expect((await readAll(sock)).toString()).toBe(HELLO);
        } finally {
          await sock.close();
        }
        expect(await tls.voidresp()).toMatch(/^226/);
      }
      const hash = createHash("sha256");
      await tls.retrbinary(`RETR ${paths.ftpAnon}/big/100mb.bin`, (b) => void hash.update(b), MIB);
      expect(hash.digest("hex")).toBe("f77290072d7a7b4f46ac4f230409697f1d9ef6751c877e20de05ffcf3cf5bc8a");
      await tls.storbinary(`STOR ${dir}/tls.txt`, Buffer.from(HELLO));
      expect(await tls.size(`${dir}/tls.txt`)).toBe(HELLO.length);
      await tls.prot_c();
      const sock = await tls.transfercmd(`RETR ${dir}/tls.txt`);
      expect(sock).not.toBeInstanceOf(SSLSocket);
      expect((await readAll(sock)).toString()).toBe(HELLO);
      await sock.close();
      await tls.voidresp();
      await tls.delete(`${dir}/tls.txt`);
      await expect(tls.ccc()).rejects.toThrow(/cannot return a TLS connection to clear text/);
      expect(await tls.voidcmd("NOOP")).toMatch(/^200/);
    } finally {
      await tls.quit();
    }
  });
});

describe("vsftpd implicit FTPS", () => {
  it("TLS from the first byte, PROT P transfers", async () => {
    const ftp = await FTP_TLS.open(host, users.anonymousFtp.user, users.anonymousFtp.password, "", {
      port: ports.ftpsVsftpd,
      implicit_tls: true,
      context,
      timeout: 30,
    });
    try {
      expect(ftp.sock).toBeInstanceOf(SSLSocket);
      expect(ftp.getwelcome()).toMatch(/^220/);
      await ftp.prot_p();
      const lines: string[] = [];
      await ftp.retrlines("RETR /hello.txt", (l) => void lines.push(l));
      expect(lines).toEqual(["Hello, world!"]);
      expect((await ftp.list("/pub")).map((e) => e.name)).toContain("lorem.txt");
    } finally {
      await ftp.quit();
    }
  });
});
