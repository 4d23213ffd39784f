// The debug output, line for line as CPython's ftplib prints it for the same session
// (fixtures/python-trace.txt, recorded from Python 3.11 against the same server).
import { readFileSync } from "node:fs";
import { DebugTrace } from "@inetlib/socket";
import { FTPServer } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { FTP } from "../src/index.js";
import { traceTree } from "./fixtures/trace-server.js";

const golden = readFileSync(new URL("./fixtures/python-trace.txt", import.meta.url), "utf8");

describe("set_debuglevel(3)", () => {
  it("prints what Python prints, for the same session", async () => {
    await using server = await FTPServer.open({ tree: traceTree() });
    const out: string[] = [];
    const ftp = new FTP({ debugtrace: new DebugTrace({ sink: (t) => out.push(t) }) });
    ftp.set_debuglevel(3);
    await ftp.connect("127.0.0.1", server.port, 10);
    ftp.getwelcome();
    await ftp.login("user", "pass");
    await ftp.pwd();
    await ftp.cwd("pub");
    await ftp.cwd("..");
    await ftp.cwd("");
    await ftp.size("hello.txt");
    await ftp.retrlines("RETR pub/a.txt", () => {});
    await ftp.retrbinary("RETR hello.txt", () => {}, 8192, 3);
    await ftp.storbinary("STOR x.bin", Buffer.from("abc"));
    await ftp.storlines("STOR y.txt", Buffer.from("l1\nl2\r\nl3"));
    await ftp.nlst("pub");
    await ftp.dir("pub", () => {});
    for await (const _ of ftp.mlsd("pub", ["type", "size"])) void _;
    ftp.set_pasv(false);
    await ftp.nlst("pub");
    ftp.set_pasv(true);
    await ftp.rename("x.bin", "z.bin");
    await ftp.delete("z.bin");
    await ftp.mkd('new "dir"');
    await ftp.rmd('new "dir"');
    await ftp.acct("account");
    await ftp.sendcmd("FEAT");
    await expect(ftp.sendcmd("NOSUCH")).rejects.toThrow("500 Unknown command.");
    await ftp.quit();
    const text = out
      .join("")
      .replace(/\(127,0,0,1,\d+,\d+\)/g, "(127,0,0,1,P,P)")
      .replace(/PORT 127,0,0,1,\d+,\d+/g, "PORT 127,0,0,1,P,P");
    expect(text.split("\n")).toEqual(golden.split("\n"));
  });

  it("level 2 prints ABOR as Python's FTP does (*put urgent*), though it goes in-band", async () => {
    await using server = await FTPServer.open({ tree: traceTree(), users: { user: "secret" } });
    const out: string[] = [];
    const ftp = new FTP({ timeout: 10, debugtrace: new DebugTrace({ sink: (t) => out.push(t) }) });
    await ftp.connect("127.0.0.1", server.port);
    ftp.debug(1);
    await ftp.login("user", "secret");
    expect(out.join("")).toBe(
      "*cmd* 'USER user'\n*resp* '331 Please specify the password.'\n*cmd* 'PASS ******'\n*resp* '230 Login successful.'\n",
    );
    ftp.set_debuglevel(2);
    out.length = 0;
    expect(await ftp.abort()).toBe("225 No transfer to ABOR.");
    expect(out).toEqual(["*put urgent* b'ABOR\\r\\n'\n", "*get* '225 No transfer to ABOR.\\n'\n"]);
    await ftp.close();
  });
});
