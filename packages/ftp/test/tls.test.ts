// FTP_TLS: AUTH TLS, PROT P/C, TLS session reuse on data connections, implicit FTPS, and the
// refusals (ccc, auth twice, unverified certificates), as test_ftplib.TestTLS_FTPClass.
import {
  AF_INET6,
  create_default_context,
  SSLCertVerificationError,
  SSLError,
  SSLSocket,
  TimeoutError,
  ValueError,
} from "@inetlib/socket";
import { FileTree, type FTPSession } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { all_errors, error_perm, FTP, FTP_TLS, FTPS_PORT } from "../src/index.js";
import { client, serve, testContext, tlsClient } from "./helpers.js";

const LIST_DATA = ["empty", "hello.txt", "pub"];

describe("TestTLS_FTPClass", () => {
  it("control connection: clear until auth(), TLS after", async () => {
    await using server = await serve({ tls: true });
    const ftp = await tlsClient(server);
    expect(ftp.sock).not.toBeInstanceOf(SSLSocket);
    expect(await ftp.auth()).toBe("234 Proceed with negotiation.");
    expect(ftp.sock).toBeInstanceOf(SSLSocket);
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
    expect(server.connections[0]!.tls).toBe(true);
    await ftp.close();
  });

  it("data connection: clear, then TLS after prot_p(), then clear after prot_c()", async () => {
    await using server = await serve({ tls: true });
    const ftp = await tlsClient(server);
    await ftp.login("user", "pass");
    const expected = Buffer.from(LIST_DATA.map((n) => `${n}\r\n`).join(""));
    for (const [prot, tls] of [
      [null, false],
      ["P", true],
      ["C", false],
    ] as const) {
      if (prot === "P") expect(await ftp.prot_p()).toBe("200 PROT now Private.");
      if (prot === "C") expect(await ftp.prot_c()).toBe("200 PROT now Clear.");
      const sock = await ftp.transfercmd("nlst");
      expect(sock instanceof SSLSocket).toBe(tls);
      expect(await sock.recv(1024)).toEqual(expected);
      await sock.close();
      expect(await ftp.voidresp()).toBe("226 Transfer complete.");
    }
    expect(server.connections[0]!.data.map((d) => d.tls)).toEqual([false, true, false]);
    expect(server.transcript()).toBe(
      "AUTH TLS\r\nUSER user\r\nPASS pass\r\nPASV\r\nnlst\r\nPBSZ 0\r\nPROT P\r\nPASV\r\nnlst\r\nPROT C\r\nPASV\r\nnlst\r\n",
    );
    await ftp.close();
  });

  it("login() secures the control connection first, once", async () => {
    await using server = await serve({ tls: true });
    const ftp = await tlsClient(server);
    expect(await ftp.login()).toBe("230 Login successful.");
    expect(ftp.sock).toBeInstanceOf(SSLSocket);
    await ftp.login();
    expect(server.transcript()).toBe(
      "AUTH TLS\r\nUSER anonymous\r\nPASS anonymous@\r\nUSER anonymous\r\nPASS anonymous@\r\n",
    );
    await ftp.close();
  });

  it("login(secure=false) stays in clear", async () => {
    await using server = await serve({ tls: true });
    const ftp = await tlsClient(server);
    await ftp.login("user", "pass", "", false);
    expect(ftp.sock).not.toBeInstanceOf(SSLSocket);
    await ftp.close();
  });

  it("auth() twice is a ValueError", async () => {
    await using server = await serve({ tls: true });
    const ftp = await tlsClient(server);
    await ftp.auth();
    await expect(ftp.auth()).rejects.toThrow(new ValueError("Already using TLS"));
    await ftp.close();
  });

  it("context: exclusive with keyfile and certfile; used for control and data connections", async () => {
    const ctx = testContext();
    expect(() => new FTP_TLS({ keyfile: "k", context: ctx })).toThrow(
      new ValueError("context and keyfile arguments are mutually exclusive"),
    );
    expect(() => new FTP_TLS({ certfile: "c", context: ctx })).toThrow(
      new ValueError("context and certfile arguments are mutually exclusive"),
    );
    expect(() => new FTP_TLS({ certfile: "c", keyfile: "k", context: ctx })).toThrow(ValueError);
    await using server = await serve({ tls: true });
    const ftp = await tlsClient(server, { context: ctx });
    await ftp.auth();
    expect((ftp.sock as SSLSocket).context).toBe(ctx);
    await ftp.login("user", "pass");
    await ftp.prot_p();
    const sock = await ftp.transfercmd("list");
    expect(sock).toBeInstanceOf(SSLSocket);
    expect((sock as SSLSocket).context).toBe(ctx);
    await sock.close();
    await ftp.voidresp();
    await ftp.close();
  });

  it("ccc(): ValueError before TLS; on TLS a clear SSLError, nothing sent, the connection still usable", async () => {
    await using server = await serve({ tls: true });
    const ftp = await tlsClient(server);
    await expect(ftp.ccc()).rejects.toThrow(new ValueError("not using TLS"));
    await ftp.login("user", "pass", "", true);
    const err = await ftp.ccc().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SSLError);
    expect((err as Error).message).toMatch(/Node\.js cannot return a TLS connection to clear text/);
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
    expect(server.transcript()).not.toContain("CCC");
    expect(all_errors.some((C) => err instanceof C)).toBe(true);
    await ftp.close();
  });
});

describe("TLS sessions and verification", () => {
  it("data connections resume the control connection's TLS session (require_ssl_reuse)", async () => {
    await using server = await serve({ tls: true, requireSessionReuse: true });
    const ftp = await tlsClient(server);
    await ftp.login("user", "pass");
    await ftp.prot_p();
    const got: Buffer[] = [];
    await ftp.retrbinary("RETR hello.txt", (b) => void got.push(b));
    expect(Buffer.concat(got).toString()).toBe("Hello, world!\r\n");
    await ftp.storbinary("STOR up.bin", Buffer.alloc(100_000, 7));
    ftp.set_pasv(false);
    expect(await ftp.nlst()).toEqual([...LIST_DATA, "up.bin"]);
    expect(server.connections[0]!.data).toEqual([
      { tls: true, sessionReused: true },
      { tls: true, sessionReused: true },
      { tls: true, sessionReused: true },
    ]);
    await ftp.quit();
  });

  it("over IPv6 too, passive and active", async () => {
    await using server = await serve({ host: "::1", tls: true, requireSessionReuse: true });
    const ftp = await tlsClient(server);
    expect(ftp.af).toBe(AF_INET6);
    await ftp.login("user", "pass");
    await ftp.prot_p();
    expect(await ftp.nlst()).toEqual(LIST_DATA);
    ftp.set_pasv(false);
    expect(await ftp.nlst()).toEqual(LIST_DATA);
    expect(server.transcript()).toMatch(/EPSV\r\nNLST\r\nTYPE A\r\nEPRT \|2\|::1\|\d+\|\r\nNLST\r\n$/);
    expect(server.connections[0]!.data.every((d) => d.tls && d.sessionReused)).toBe(true);
    await ftp.quit();
  });

  it("the server's certificate is verified by default: an unknown CA fails auth() and closes the connection", async () => {
    await using server = await serve({ tls: true });
    const ftp = await tlsClient(server, { context: create_default_context() });
    await expect(ftp.auth()).rejects.toThrow(SSLCertVerificationError);
    expect(ftp.sock).toBeNull();
    await ftp.close();
  });

  it("the host name is checked: 'localhost' and the IP address are in the certificate", async () => {
    await using server = await serve({ tls: true });
    const ftp = new FTP_TLS({ timeout: 10, context: testContext() });
    await ftp.connect("localhost", server.port);
    await ftp.login("user", "pass");
    expect(ftp.sock).toBeInstanceOf(SSLSocket);
    await ftp.quit();
  });

  it("what a server sends in clear after its 234 is dropped, never read as a reply", async () => {
    await using server = await serve({
      tls: true,
      handlers: {
        AUTH: async (s) => {
          await s.send("234 Go ahead.\r\n200 injected\r\n");
          await (s as FTPSession).secure();
        },
      },
    });
    const ftp = await tlsClient(server);
    expect(await ftp.auth()).toBe("234 Go ahead.");
    expect(await ftp.sendcmd("NOOP")).toBe("200 NOOP ok.");
    await ftp.close();
  });

  it("a server that demands TLS refuses FTP's login, accepts FTP_TLS's", async () => {
    await using server = await serve({ tls: true, requireTLS: true, requireProtP: true });
    const { ftp: plain } = await client(server);
    await expect(plain.login("user", "pass")).rejects.toThrow(error_perm);
    await plain.close();
    const ftp = await tlsClient(server);
    await ftp.login("user", "pass");
    await expect(ftp.nlst()).rejects.toThrow(new error_perm("521 Data connections must be encrypted."));
    await ftp.prot_p();
    expect(await ftp.nlst()).toEqual(LIST_DATA);
    await ftp.quit();
  });
});

describe("a data connection whose TLS fails", () => {
  it("throws the TLS error, and the server's reply to the transfer is read before the next one", async () => {
    await using server = await serve({
      tls: true,
      handlers: {
        RETR: async (s) => {
          const session = s as FTPSession;
          const data = await session.data.connect(session.view);
          await s.reply("150 Opening.");
          await data.sendall(Buffer.from("this is not TLS\r\n"));
          await data.close();
          await s.reply("522 SSL connection failed.");
        },
      },
    });
    const ftp = await tlsClient(server);
    await ftp.login("user", "pass");
    await ftp.prot_p();
    await expect(ftp.retrbinary("RETR hello.txt", () => {})).rejects.toThrow(SSLError);
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
    await ftp.quit();
  });
});

describe("implicit FTPS", () => {
  it("TLS from the first byte, port 990 by default, no AUTH", async () => {
    expect(new FTP_TLS({ implicit_tls: true }).port).toBe(FTPS_PORT);
    expect(new FTP_TLS().port).toBe(21);
    await using server = await serve({
      tls: true,
      implicitTLS: true,
      tree: new FileTree({ "/f": "implicit\n" }),
    });
    const ftp = await FTP_TLS.open("127.0.0.1", "user", "pass", "", {
      port: server.port,
      implicit_tls: true,
      context: testContext(),
      timeout: 10,
    });
    expect(ftp.sock).toBeInstanceOf(SSLSocket);
    expect(ftp.getwelcome()).toBe("220 inetlib FTP server ready.");
    await ftp.prot_p();
    const lines: string[] = [];
    await ftp.retrlines("RETR f", (l) => void lines.push(l));
    expect(lines).toEqual(["implicit"]);
    expect(server.transcript()).toBe(
      "USER user\r\nPASS pass\r\nPBSZ 0\r\nPROT P\r\nTYPE A\r\nPASV\r\nRETR f\r\n",
    );
    await ftp.quit();
  });

  it("a plain FTP client against an implicit server gets nothing it can read", async () => {
    await using server = await serve({ tls: true, implicitTLS: true });
    await expect(FTP.open("127.0.0.1", "", "", "", { port: server.port, timeout: 0.5 })).rejects.toThrow(
      TimeoutError,
    );
  });
});
