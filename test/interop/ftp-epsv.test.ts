// ftplib's epsv option against the real FTP servers on IPv4: EPSV is sent instead of PASV and
// the data connection goes to the control connection's peer with the port the 229 names.

import { FTP } from "@inetlib/ftp";
import { DebugTrace } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, ports } from "./env.js";

const servers = [
  ["vsftpd", ports.ftpVsftpd],
  ["pure-ftpd", ports.ftpPureftpd],
  ["proftpd", ports.ftpProftpd],
] as const;

describe("epsv on IPv4", () => {
  for (const [name, port] of servers)
    it(`${name}: RETR and LIST over EPSV`, async () => {
      const out: string[] = [];
      const debugtrace = new DebugTrace({ sink: (text) => out.push(text) });
      await using ftp = await FTP.open(host, "", "", "", { port, timeout: 10, epsv: true, debugtrace });
      await ftp.login();
      ftp.set_debuglevel(1);
      const got: Buffer[] = [];
      await ftp.retrbinary("RETR hello.txt", (b) => void got.push(b));
      expect(Buffer.concat(got).toString()).toBe("Hello, world!\r\n");
      const lines: string[] = [];
      await ftp.retrlines("LIST", (l) => void lines.push(l));
      expect(lines.some((l) => l.endsWith("hello.txt"))).toBe(true);
      const sent = out
        .join("")
        .split("\n")
        .filter((l) => l.startsWith("*cmd*"));
      expect(sent.filter((l) => /EPSV|PASV/.test(l))).toEqual(["*cmd* 'EPSV'", "*cmd* 'EPSV'"]);
    });
});
