// The epsv option: EPSV before PASV on IPv4 (as basic-ftp), falling back to PASV when the
// server refuses it; golden transcripts of what the client sends.
import { describe, expect, it } from "vitest";
import type { FTP } from "../src/index.js";
import { client, serve } from "./helpers.js";

async function fetch(ftp: FTP, name: string): Promise<string> {
  const got: Buffer[] = [];
  await ftp.retrbinary(`RETR ${name}`, (b) => void got.push(b));
  return Buffer.concat(got).toString();
}

describe("epsv on IPv4", () => {
  it("sends EPSV instead of PASV", async () => {
    await using server = await serve();
    const { ftp } = await client(server, { epsv: true });
    await ftp.login("user", "pass");
    expect(await fetch(ftp, "hello.txt")).toBe("Hello, world!\r\n");
    expect(await ftp.nlst()).toContain("hello.txt");
    await ftp.quit();
    expect(server.transcript()).toBe(
      "USER user\r\nPASS pass\r\nTYPE I\r\nEPSV\r\nRETR hello.txt\r\nTYPE A\r\nEPSV\r\nNLST\r\nQUIT\r\n",
    );
  });

  it("works behind a NAT that names a private address in PASV replies, even when trusted", async () => {
    await using server = await serve({ pasvAddress: "10.255.255.1" });
    const { ftp } = await client(server, { epsv: true, timeout: 5 });
    ftp.trust_server_pasv_ipv4_address = true;
    await ftp.login("user", "pass");
    expect(await fetch(ftp, "hello.txt")).toBe("Hello, world!\r\n");
    await ftp.close();
  });

  it("falls back to PASV when EPSV is refused, for the rest of the connection", async () => {
    await using server = await serve({
      respond: (command) => (command === "EPSV" ? "502 EPSV not implemented." : undefined),
    });
    const { ftp } = await client(server, { epsv: true });
    await ftp.login("user", "pass");
    expect(await fetch(ftp, "hello.txt")).toBe("Hello, world!\r\n");
    expect(await fetch(ftp, "pub/a.txt")).toBe("a\nb\r\nc");
    await ftp.quit();
    expect(server.transcript()).toBe(
      "USER user\r\nPASS pass\r\nTYPE I\r\nEPSV\r\nPASV\r\nRETR hello.txt\r\nTYPE I\r\nPASV\r\nRETR pub/a.txt\r\nQUIT\r\n",
    );
  });

  it("falls back on an unreadable 229, and is off by default (PASV, as Python)", async () => {
    await using server = await serve({
      respond: (command) => (command === "EPSV" ? "229 Entering Extended Passive Mode (garbage)" : undefined),
    });
    {
      const { ftp } = await client(server, { epsv: true });
      await ftp.login("user", "pass");
      expect(await fetch(ftp, "hello.txt")).toBe("Hello, world!\r\n");
      await ftp.close();
      expect(server.transcript()).toContain("EPSV\r\nPASV\r\nRETR hello.txt\r\n");
    }
    {
      const { ftp } = await client(server);
      expect(ftp.epsv).toBe(false);
      await ftp.login("user", "pass");
      expect(await fetch(ftp, "hello.txt")).toBe("Hello, world!\r\n");
      await ftp.close();
      expect(server.transcript()).not.toContain("EPSV");
    }
  });
});
