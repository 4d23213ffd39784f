// FTPServer as a user's test scripts it: accounts, a scripted reply, an added command, the
// transcript, and the shared pieces (ScriptedSocket, splits, openPair).
import { error_perm, error_temp, FTP } from "@inetlib/ftp";
import { describe, expect, it } from "vitest";
import { FileTree, FTPServer, openPair, ScriptedSocket, splits } from "../src/index.js";

describe("FTPServer", () => {
  it("logs in its users, refuses a wrong password with 530, and records what each client sent", async () => {
    await using server = await FTPServer.open({ users: { ann: "pw" }, anonymous: false });
    await using bad = await FTP.open("127.0.0.1", "", "", "", { port: server.port });
    await expect(bad.login("ann", "nope")).rejects.toBeInstanceOf(error_perm);
    await using ok = await FTP.open("127.0.0.1", "", "", "", { port: server.port });
    expect(await ok.login("ann", "pw")).toMatch(/^230/);
    await using anon = await FTP.open("127.0.0.1", "", "", "", { port: server.port });
    await expect(anon.login()).rejects.toThrow(/^530/); // anonymous: false
    expect(server.transcript(0)).toBe("USER ann\r\nPASS nope\r\n");
  });

  it("replaces a reply with `respond` and adds a command with `handlers`", async () => {
    await using server = await FTPServer.open({
      tree: new FileTree({ "/f.txt": "data" }),
      respond: (command) => (command === "RETR" ? "451 Disk on fire." : undefined),
      handlers: { SITE: async (session, arg) => session.reply(`200 SITE ${arg} in ${session.cwd}`) },
    });
    await using ftp = await FTP.open("127.0.0.1", "", "", "", { port: server.port });
    await ftp.login();
    expect(await ftp.sendcmd("SITE CHMOD 644 f.txt")).toBe("200 SITE CHMOD 644 f.txt in /");
    await expect(ftp.retrbinary("RETR f.txt", () => {})).rejects.toBeInstanceOf(error_temp);
    expect(await ftp.size("/f.txt")).toBe(4);
  });

  it("changes its tree as a client uploads, renames and deletes", async () => {
    const tree = new FileTree({ "/in/": null });
    await using pair = await openPair(
      () => FTPServer.open({ tree }),
      async (server) => {
        const ftp = await FTP.open("127.0.0.1", "", "", "", { port: server.port });
        await ftp.login();
        return ftp;
      },
    );
    const ftp = pair.client;
    await ftp.storbinary("STOR /in/a.txt", Buffer.from("uploaded"));
    await ftp.rename("/in/a.txt", "/in/b.txt");
    expect(tree.list("/in").map(([name]) => name)).toEqual(["b.txt"]);
    await ftp.delete("/in/b.txt");
    expect(tree.list("/in")).toEqual([]);
    expect(pair.server.connections).toHaveLength(1);
  });
});

describe("ScriptedSocket and splits", () => {
  it("hands out scripted bytes in the pieces given, no more than asked, and records what was sent", async () => {
    const sock = new ScriptedSocket([Buffer.from("220 hi\r\n"), Buffer.alloc(0), Buffer.from("250 ok\r\n")]);
    expect((await sock.recv(4)).toString()).toBe("220 ");
    expect((await sock.recv(100)).toString()).toBe("hi\r\n");
    expect((await sock.recv(100)).toString()).toBe("250 ok\r\n");
    expect((await sock.recv(100)).length).toBe(0);
    await sock.sendall(Buffer.from("QUIT\r\n"));
    expect(sock.transcript()).toBe("QUIT\r\n");
    await sock.close();
    await expect(sock.sendall(Buffer.from("x"))).rejects.toThrow("closed");
  });

  it("cuts data at every position, then into single bytes", () => {
    expect(splits(Buffer.from("abc")).map((pieces) => pieces.map(String))).toEqual([
      ["a", "bc"],
      ["ab", "c"],
      ["a", "b", "c"],
    ]);
  });
});
