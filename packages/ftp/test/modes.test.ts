// Passive (PASV, EPSV) and active (PORT, EPRT) data connections over IPv4 and IPv6, and the
// defences around them.
import { AF_INET, AF_INET6, TimeoutError } from "@inetlib/socket";
import { FileTree } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { error_perm, FTP } from "../src/index.js";
import { client, serve } from "./helpers.js";

const DATA = Buffer.from("abcde\u00B9\u00B2\u00B3\u00A4\u00A6\r\n".repeat(1000));

for (const host of ["127.0.0.1", "::1"]) {
  const v6 = host === "::1";
  describe(`over ${v6 ? "IPv6" : "IPv4"}`, () => {
    for (const passive of [true, false]) {
      it(`${passive ? "passive" : "active"}: retrbinary, storbinary, nlst, with ${v6 ? (passive ? "EPSV" : "EPRT") : passive ? "PASV" : "PORT"}`, async () => {
        await using server = await serve({ host, tree: new FileTree({ "/retr": DATA }) });
        const { ftp } = await client(server);
        try {
          expect(ftp.af).toBe(v6 ? AF_INET6 : AF_INET);
          await ftp.login("user", "pass");
          ftp.set_pasv(passive);
          const got: Buffer[] = [];
          await ftp.retrbinary("RETR retr", (b) => void got.push(b));
          expect(Buffer.concat(got)).toEqual(DATA);
          await ftp.storbinary("STOR copy", DATA);
          expect(await ftp.nlst()).toEqual(["copy", "retr"]);
          const verb = v6 ? (passive ? "EPSV" : "EPRT") : passive ? "PASV" : "PORT";
          const lines = server.transcript().split("\r\n");
          expect(lines.filter((l) => /^(PASV|EPSV|PORT|EPRT)/.test(l)).map((l) => l.slice(0, 4))).toEqual([
            verb,
            verb,
            verb,
          ]);
          if (!passive) {
            const arg = lines.find((l) => l.startsWith(verb))!.slice(5);
            expect(arg).toMatch(v6 ? /^\|2\|::1\|\d+\|$/ : /^127,0,0,1,\d+,\d+$/);
          }
        } finally {
          await ftp.close();
        }
      });
    }

    it("makeport and makepasv", async () => {
      await using server = await serve({ host });
      const { ftp } = await client(server);
      await ftp.login("user", "pass");
      const sock = await ftp.makeport();
      expect((sock.getsockname() as [string, number])[0]).toBe(host);
      await sock.close();
      const [h] = await ftp.makepasv();
      expect(h).toBe(host);
      expect(server.transcript()).toMatch(
        v6 ? /EPRT \|2\|::1\|\d+\|\r\nEPSV\r\n$/ : /PORT 127,0,0,1,\d+,\d+\r\nPASV\r\n$/,
      );
      await ftp.close();
    });
  });
}

describe("defences", () => {
  it("a PASV reply naming a foreign host: the data goes to the control peer all the same", async () => {
    await using server = await serve({ pasvAddress: "10.99.99.99" });
    const { ftp } = await client(server);
    await ftp.login("user", "pass");
    expect(await ftp.nlst()).toEqual(["empty", "hello.txt", "pub"]);
    await ftp.close();
  });

  it("active mode: the accept() waits at most `timeout`, then the reply is still read in turn", async () => {
    await using server = await serve({
      handlers: { RETR: (s) => s.reply("150 Opening, but never connecting.") },
    });
    const { ftp } = await client(server, { timeout: 0.3 });
    await ftp.login("user", "pass");
    ftp.set_pasv(false);
    await expect(ftp.retrbinary("RETR hello.txt", () => {})).rejects.toThrow(TimeoutError);
    await ftp.close();
  });

  it("a server that refuses PORT: error_perm, nothing left listening", async () => {
    await using server = await serve({
      respond: (cmd) => (cmd === "PORT" ? "500 Illegal PORT command." : undefined),
    });
    const { ftp } = await client(server);
    await ftp.login("user", "pass");
    ftp.set_pasv(false);
    await expect(ftp.nlst()).rejects.toThrow(error_perm);
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
    await ftp.close();
  });

  it("the connection's AbortSignal closes everything, pending calls reject", async () => {
    const controller = new AbortController();
    await using server = await serve({ handlers: { SLOW: () => new Promise(() => {}) } });
    const ftp = await FTP.open("127.0.0.1", "user", "pass", "", {
      port: server.port,
      signal: controller.signal,
    });
    const pending = ftp.sendcmd("SLOW");
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await ftp.close();
  });
});
