// CPython's test_ftplib.TestFTPClass, case by case, with the bytes the client sent checked
// against what Python sends (golden transcripts).
import { AF_INET, create_connection, socket, ValueError } from "@inetlib/socket";
import { FileTree, type FTPServer } from "@inetlib/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  all_errors,
  error_perm,
  error_proto,
  error_reply,
  error_temp,
  type FTP,
  Error as FTPError,
} from "../src/index.js";
import { client, collect, serve, transcript } from "./helpers.js";

const RETR_DATA = "abcde\u00B9\u00B2\u00B3\u00A4\u00A6\r\n".repeat(1000);

let server: FTPServer;
let ftp: FTP;
let before: number;

/** What the client sent since the test began (the connect and login of beforeEach left out). */
const sent = () => transcript(server).slice(before);

beforeEach(async () => {
  const tree = new FileTree({ "/retr": RETR_DATA, "/pub/a.txt": "a\r\n" });
  server = await serve({
    tree,
    welcome: "220 welcome",
    handlers: { ECHO: (s, arg) => s.reply(arg), LONG: (s, arg) => s.reply(`200 ${"x".repeat(Number(arg))}`) },
  });
  ({ ftp } = await client(server));
  await ftp.login("user", "pass");
  before = transcript(server).length;
});

afterEach(async () => {
  await ftp.close();
  await server.close();
});

describe("TestFTPClass", () => {
  it("getwelcome", () => {
    expect(ftp.getwelcome()).toBe("220 welcome");
  });

  it("sanitize", () => {
    expect(ftp.sanitize("foo")).toBe("'foo'");
    expect(ftp.sanitize("pass 12345")).toBe("'pass *****'");
    expect(ftp.sanitize("PASS 12345")).toBe("'PASS *****'");
    expect(ftp.sanitize("Pass 12345")).toBe("'Pass 12345'");
    expect(ftp.sanitize("PASS 12345\r\n")).toBe("'PASS *****\\r\\n'");
  });

  it("exceptions: CR, LF (and NUL) refused before a byte is sent; 4xx, 5xx, others mapped", async () => {
    for (const cmd of ["echo 40\r\n0", "echo 40\n0", "echo 40\r0"])
      await expect(ftp.sendcmd(cmd)).rejects.toThrow(
        new ValueError("an illegal newline character should not be contained"),
      );
    await expect(ftp.sendcmd("echo 40\x000")).rejects.toThrow(ValueError);
    expect(sent()).toBe("");
    await expect(ftp.sendcmd("echo 400")).rejects.toThrow(error_temp);
    await expect(ftp.sendcmd("echo 499")).rejects.toThrow(error_temp);
    await expect(ftp.sendcmd("echo 500")).rejects.toThrow(error_perm);
    await expect(ftp.sendcmd("echo 599")).rejects.toThrow(error_perm);
    await expect(ftp.sendcmd("echo 999")).rejects.toThrow(error_proto);
    await expect(ftp.sendcmd("echo 099 x")).rejects.toThrow(error_proto);
    await expect(ftp.sendcmd("echo hello")).rejects.toThrow(error_proto);
    const err = await ftp.sendcmd("echo 550 No such file").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(error_perm);
    expect(err).toBeInstanceOf(FTPError);
    expect((err as error_perm).message).toBe("550 No such file");
    expect((err as error_perm).args).toEqual(["550 No such file"]);
    expect((err as error_perm).code).toBe(550);
    expect(ftp.lastresp).toBe("550");
    expect(sent()).toBe(
      "echo 400\r\necho 499\r\necho 500\r\necho 599\r\necho 999\r\necho 099 x\r\necho hello\r\necho 550 No such file\r\n",
    );
  });

  it("all_errors", () => {
    for (const E of [error_reply, error_temp, error_perm, error_proto, FTPError]) {
      const e = new E("exception not included in all_errors set");
      expect(all_errors.some((C) => e instanceof C)).toBe(true);
    }
    expect(all_errors.some((C) => new socket(AF_INET) && C.name === "OSError")).toBe(true);
  });

  it("set_pasv", () => {
    expect(ftp.passiveserver).toBe(true);
    ftp.set_pasv(true);
    expect(ftp.passiveserver).toBe(true);
    ftp.set_pasv(false);
    expect(ftp.passiveserver).toBe(false);
  });

  it("voidcmd", async () => {
    expect(await ftp.voidcmd("echo 200")).toBe("200");
    expect(await ftp.voidcmd("echo 299")).toBe("299");
    await expect(ftp.voidcmd("echo 199")).rejects.toThrow(error_reply);
    await expect(ftp.voidcmd("echo 300")).rejects.toThrow(error_reply);
  });

  it("login: anonymous by default, 'anonymous@' as its password, ACCT after a 3xx", async () => {
    expect(await ftp.login()).toBe("230 Login successful.");
    expect(await ftp.login("anonymous", "-")).toBe("230 Login successful.");
    expect(await ftp.login("ftp", "me@example.org")).toBe("230 Login successful.");
    expect(sent()).toBe(
      "USER anonymous\r\nPASS anonymous@\r\nUSER anonymous\r\nPASS -anonymous@\r\nUSER ftp\r\nPASS me@example.org\r\n",
    );
    await expect(ftp.login("user", "wrong")).rejects.toThrow(new error_perm("530 Login incorrect."));
  });

  it("login with an account: USER, PASS (332), ACCT", async () => {
    await using acctServer = await serve({
      respond: (cmd) =>
        cmd === "PASS" ? "332 Need account for login." : cmd === "ACCT" ? "230 acct ok" : undefined,
    });
    const { ftp: c } = await client(acctServer);
    expect(await c.login("u", "p", "acc")).toBe("230 acct ok");
    expect(acctServer.transcript()).toBe("USER u\r\nPASS p\r\nACCT acc\r\n");
    await c.close();
  });

  it("acct", async () => {
    expect(await ftp.acct("passwd")).toBe("202 ACCT not needed.");
    expect(sent()).toBe("ACCT passwd\r\n");
  });

  it("rename", async () => {
    await ftp.sendcmd("MKD a");
    expect(await ftp.rename("a", "b")).toBe("250 Rename successful.");
    await expect(ftp.rename("nonexistent", "b")).rejects.toThrow(error_perm);
    expect(sent()).toBe("MKD a\r\nRNFR a\r\nRNTO b\r\nRNFR nonexistent\r\n");
  });

  it("rename: a non-3xx answer to RNFR is error_reply", async () => {
    await using s = await serve({ respond: (cmd) => (cmd === "RNFR" ? "200" : undefined) });
    const { ftp: c } = await client(s);
    await c.login("user", "pass");
    await expect(c.rename("a", "b")).rejects.toThrow(new error_reply("200"));
    await c.close();
  });

  it("delete: 250 or 200, else error_reply", async () => {
    expect(await ftp.delete("retr")).toBe("250 Delete operation successful.");
    await using s = await serve({
      respond: (cmd, arg) => (cmd === "DELE" ? (arg === "a" ? "200 ok" : "199 weird") : undefined),
    });
    const { ftp: c } = await client(s);
    await c.login("user", "pass");
    expect(await c.delete("a")).toBe("200 ok");
    await expect(c.delete("foo")).rejects.toThrow(new error_reply("199 weird"));
    await c.close();
  });

  it("size", async () => {
    expect(await ftp.size("retr")).toBe(Buffer.byteLength(RETR_DATA));
    await using s = await serve({
      respond: (cmd, arg) => (cmd === "SIZE" ? (arg === "a" ? "250 1000" : "213 abc") : undefined),
    });
    const { ftp: c } = await client(s);
    expect(await c.size("a")).toBeNull();
    await expect(c.size("b")).rejects.toThrow(
      new ValueError("invalid literal for int() with base 10: 'abc'"),
    );
    await c.close();
  });

  it("mkd, rmd, pwd, cwd", async () => {
    expect(await ftp.mkd("/foo")).toBe("/foo");
    expect(await ftp.cwd("/foo")).toBe("250 Directory successfully changed.");
    expect(await ftp.pwd()).toBe("/foo");
    expect(await ftp.cwd("..")).toBe("250 Directory successfully changed.");
    expect(await ftp.cwd("")).toBe("250 Directory successfully changed.");
    expect(await ftp.rmd("foo")).toBe("250 Remove directory operation successful.");
    expect(sent()).toBe("MKD /foo\r\nCWD /foo\r\nPWD\r\nCDUP\r\nCWD .\r\nRMD foo\r\n");
  });

  it("cwd('..') falls back on CWD .. when CDUP gets a 500; other errors propagate", async () => {
    await using s = await serve({ respond: (cmd) => (cmd === "CDUP" ? "500 CDUP unknown" : undefined) });
    const { ftp: c } = await client(s);
    await c.login("user", "pass");
    expect(await c.cwd("..")).toBe("250 Directory successfully changed.");
    expect(s.transcript()).toBe("USER user\r\nPASS pass\r\nCDUP\r\nCWD ..\r\n");
    await expect(ftp.cwd("nowhere")).rejects.toThrow(error_perm);
    await c.close();
  });

  it("mkd and pwd: a 2xx other than 257 gives ''", async () => {
    await using s = await serve({
      respond: (cmd) => (cmd === "MKD" || cmd === "PWD" ? "250 ok (IIS 2003)" : undefined),
    });
    const { ftp: c } = await client(s);
    expect(await c.mkd("x")).toBe("");
    expect(await c.pwd()).toBe("");
    await c.close();
  });

  it("quit", async () => {
    expect(await ftp.quit()).toBe("221 Goodbye.");
    expect(ftp.sock).toBeNull();
    expect(sent()).toBe("QUIT\r\n");
  });

  it("abort", async () => {
    expect(await ftp.abort()).toBe("225 No transfer to ABOR.");
    expect(sent()).toBe("ABOR\r\n");
  });

  it("retrbinary", async () => {
    const received: Buffer[] = [];
    expect(await ftp.retrbinary("retr retr", (b) => void received.push(b))).toBe("226 Transfer complete.");
    expect(Buffer.concat(received).toString("utf8")).toBe(RETR_DATA);
    expect(received.every((b) => b.length <= 8192)).toBe(true);
    expect(sent()).toBe("TYPE I\r\nPASV\r\nretr retr\r\n");
  });

  it("retrbinary with rest", async () => {
    const data = Buffer.from(RETR_DATA);
    for (const rest of [0, 10, 20]) {
      const received: Buffer[] = [];
      await ftp.retrbinary("RETR retr", (b) => void received.push(b), 8192, rest);
      expect(Buffer.concat(received)).toEqual(data.subarray(rest));
    }
    expect(sent()).toBe(
      "TYPE I\r\nPASV\r\nREST 0\r\nRETR retr\r\n".repeat(1) +
        "TYPE I\r\nPASV\r\nREST 10\r\nRETR retr\r\nTYPE I\r\nPASV\r\nREST 20\r\nRETR retr\r\n",
    );
  });

  it("retrlines", async () => {
    const received: string[] = [];
    expect(await ftp.retrlines("retr retr", (l) => void received.push(l))).toBe("226 Transfer complete.");
    expect(received.join("")).toBe(RETR_DATA.replaceAll("\r\n", ""));
    expect(received).toHaveLength(1000);
    expect(sent()).toBe("TYPE A\r\nPASV\r\nretr retr\r\n");
  });

  it("storbinary, with the callback", async () => {
    const data = Buffer.from(RETR_DATA);
    expect(await ftp.storbinary("stor up", data)).toBe("226 Transfer complete.");
    expect(server.tree.get("/up")).toMatchObject({ content: data });
    const flag: Buffer[] = [];
    await ftp.storbinary("stor up2", data, 8192, (b) => void flag.push(b));
    expect(flag.length).toBe(Math.ceil(data.length / 8192));
    expect(sent()).toBe("TYPE I\r\nPASV\r\nstor up\r\nTYPE I\r\nPASV\r\nstor up2\r\n");
  });

  it("storbinary with rest: the number or string as given", async () => {
    const data = Buffer.from(RETR_DATA.replaceAll("\r\n", "\n"));
    for (const r of [30, "30"]) await ftp.storbinary("stor retr", data, 8192, null, r);
    expect(sent()).toBe("TYPE I\r\nPASV\r\nREST 30\r\nstor retr\r\n".repeat(2));
  });

  it("storlines: every line sent with CRLF; text instead of bytes is a TypeError", async () => {
    const data = Buffer.from(RETR_DATA.replaceAll("\r\n", "\n"));
    await ftp.storlines("stor up", data);
    expect((server.tree.get("/up") as { content: Buffer }).content.toString()).toBe(RETR_DATA);
    const flag: Buffer[] = [];
    await ftp.storlines("stor foo", data, (b) => void flag.push(b));
    expect(flag).toHaveLength(1000);
    expect(flag[0]!.toString("latin1")).toBe(
      Buffer.from("abcde\u00B9\u00B2\u00B3\u00A4\u00A6\r\n").toString("latin1"),
    );
    await expect(ftp.storlines("stor foo", [RETR_DATA] as unknown as Buffer[])).rejects.toThrow(
      new TypeError("a bytes-like object is required, not 'str'"),
    );
  });

  it("nlst", async () => {
    expect(await ftp.nlst()).toEqual(["pub", "retr"]);
    expect(await ftp.nlst("pub")).toEqual(["a.txt"]);
    expect(sent()).toBe("TYPE A\r\nPASV\r\nNLST\r\nTYPE A\r\nPASV\r\nNLST pub\r\n");
  });

  it("dir", async () => {
    const lines: string[] = [];
    await ftp.dir("pub", "", (l: string) => void lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^-rw-r--r-- .* a\.txt$/);
    expect(sent()).toBe("TYPE A\r\nPASV\r\nLIST pub\r\n");
  });

  it("mlsd: lazy, facts requested with OPTS MLST", async () => {
    const gen = ftp.mlsd("pub", ["size", "type"]);
    expect(sent()).toBe("");
    const entries = await collect(gen);
    expect(entries.map(([name]) => name)).toEqual([".", "..", "a.txt"]);
    expect(entries[2]![1]).toMatchObject({ type: "file", size: "3" });
    await collect(ftp.mlsd());
    expect(sent()).toBe("OPTS MLST size;type;\r\nTYPE A\r\nPASV\r\nMLSD pub\r\nTYPE A\r\nPASV\r\nMLSD\r\n");
  });

  it("putline, putcmd, sendport, sendeprt, delete, size, storlines: the exact bytes", async () => {
    await ftp.putline("NOOP");
    expect(await ftp.getresp()).toBe("200 NOOP ok.");
    await ftp.putcmd("SYST");
    expect(await ftp.voidresp()).toBe("215 UNIX Type: L8");
    expect(await ftp.sendport("127.0.0.1", 1)).toBe("200 PORT command successful. Consider using PASV.");
    expect(await ftp.sendeprt("127.0.0.1", 1)).toBe("200 EPRT command successful. Consider using EPSV.");
    expect(await ftp.size("retr")).toBe(Buffer.byteLength(RETR_DATA));
    await ftp.storlines("STOR lines", Buffer.from("a\nb\r\nc\r"));
    expect((server.tree.get("/lines") as { content: Buffer }).content.toString()).toBe("a\r\nb\r\nc\r\n");
    expect(await ftp.delete("lines")).toBe("250 Delete operation successful.");
    expect(server.transcript().slice(before)).toBe(
      "NOOP\r\nSYST\r\nPORT 127,0,0,1,0,1\r\nEPRT |1|127.0.0.1|1|\r\nSIZE retr\r\nTYPE A\r\nPASV\r\nSTOR lines\r\nDELE lines\r\n",
    );
  });

  it("makeport: PORT with the control connection's address, the socket listening there", async () => {
    const sock = await ftp.makeport();
    try {
      const port = (sock.getsockname() as [string, number])[1];
      expect(server.transcript().slice(before)).toBe(`PORT 127,0,0,1,${port >> 8},${port & 255}\r\n`);
      expect((sock.getsockname() as [string, number])[0]).toBe("127.0.0.1");
      expect(sock.gettimeout()).toBe(10);
    } finally {
      await sock.close();
    }
  });

  it("makepasv", async () => {
    const [host, port] = await ftp.makepasv();
    const conn = await create_connection([host, port], 10);
    await conn.close();
    expect(sent()).toBe("PASV\r\n");
  });

  it("makepasv ignores the address PASV names (CVE-2021-4189); trust_server_pasv_ipv4_address restores it", async () => {
    await using s = await serve({ pasvAddress: "252.253.254.255" });
    const { ftp: c } = await client(s);
    await c.login("user", "pass");
    expect(c.trust_server_pasv_ipv4_address).toBe(false);
    const [trusted] = await c.makepasv();
    expect(trusted).toBe("127.0.0.1");
    expect(await c.nlst()).toEqual(["empty", "hello.txt", "pub"]);
    c.trust_server_pasv_ipv4_address = true;
    const [bad] = await c.makepasv();
    expect(bad).toBe("252.253.254.255");
    await c.close();
  });

  it("await using: QUIT on the way out", async () => {
    {
      await using c = (await client(server)).ftp;
      await c.sendcmd("noop");
    }
    expect(server.transcript()).toBe("noop\r\nQUIT\r\n");
  });

  it("await using: an error reply to QUIT propagates, and the connection is closed", async () => {
    await using s = await serve({ respond: (cmd) => (cmd === "QUIT" ? "550 error on quit" : undefined) });
    let c: FTP | null = null;
    const run = async () => {
      await using inner = (await client(s)).ftp;
      c = inner;
      await inner.sendcmd("noop");
    };
    await expect(run()).rejects.toThrow(new error_perm("550 error on quit"));
    expect(c!.sock).toBeNull();
    expect(s.transcript()).toBe("noop\r\nQUIT\r\n");
  });

  it("source_address, for the control and passive data connections", async () => {
    // 127.0.0.2 and a chosen port: what a client that ignored source_address would not use.
    const free = async () => {
      const probe = new socket(AF_INET);
      await probe.bind(["127.0.0.2", 0]);
      const port = (probe.getsockname() as [string, number])[1];
      await probe.close();
      return port;
    };
    const controlPort = await free();
    const { ftp: c } = await client(server, { source_address: ["127.0.0.2", controlPort] });
    expect(c.sock!.getsockname()).toEqual(["127.0.0.2", controlPort]);
    await c.close();
    const port = await free();
    ftp.source_address = ["127.0.0.2", port];
    const data = await ftp.transfercmd("list");
    expect(data.getsockname()).toEqual(["127.0.0.2", port]);
    await data.close();
    await ftp.voidresp();
  });

  it("a reply line too long: Error('got more than 8192 bytes')", async () => {
    await expect(ftp.sendcmd(`LONG ${ftp.maxline * 2}`)).rejects.toThrow(
      new FTPError("got more than 8192 bytes"),
    );
  });

  it("retrlines: a line too long", async () => {
    server.tree.write("/long", Buffer.from("x".repeat(ftp.maxline * 2)));
    await expect(ftp.retrlines("retr long", () => {})).rejects.toThrow(
      new FTPError("got more than 8192 bytes"),
    );
  });

  it("storlines: a line too long, nothing of it sent", async () => {
    await expect(ftp.storlines("stor long", Buffer.from("x".repeat(ftp.maxline * 2)))).rejects.toThrow(
      new FTPError("got more than 8192 bytes"),
    );
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
  });
});

describe("encoding", () => {
  for (const encoding of ["latin-1", "utf-8"] as const) {
    it(`${encoding}: transfers, and names both ways`, async () => {
      await using s = await serve({
        encoding,
        tree: new FileTree({ "/retr": Buffer.from(RETR_DATA, encoding === "latin-1" ? "latin1" : "utf8") }),
      });
      const { ftp: c } = await client(s, { encoding });
      await c.login("user", "pass");
      expect(c.encoding).toBe(encoding);
      const lines: string[] = [];
      await c.retrlines("RETR retr", (l) => void lines.push(l));
      expect(lines.join("")).toBe(RETR_DATA.replaceAll("\r\n", ""));
      expect(await c.mkd("/non-ascii dir \u00AE")).toBe("/non-ascii dir \u00AE");
      await c.close();
    });
  }

  it("utf-8 by default; invalid bytes raise UnicodeDecodeError as Python's strict codec", async () => {
    await using s = await serve({
      encoding: "latin-1",
      tree: new FileTree({ "/x": Buffer.from("caf\u00e9\r\n", "latin1") }),
    });
    const { ftp: c } = await client(s);
    expect(c.encoding).toBe("utf-8");
    await c.login("user", "pass");
    await expect(c.retrlines("RETR x", () => {})).rejects.toThrow(/utf-8' codec can't decode/);
    expect(await c.voidcmd("NOOP")).toBe("200 NOOP ok.");
    await c.close();
  });
});
