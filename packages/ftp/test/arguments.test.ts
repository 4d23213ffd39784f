// Every argument of every operation is checked before the operation's first byte (issue 17:
// retrlines("LIST a\rINJECT x") sent TYPE A and PASV before refusing). Golden transcripts:
// nothing at all is sent for a refused call, whatever the operation's first command.
import { ValueError } from "@inetlib/socket";
import { FileTree, type FTPServer } from "@inetlib/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FTP, FTP_TLS, ftpcp } from "../src/index.js";
import { client, serve, transcript } from "./helpers.js";

let server: FTPServer;
let ftp: FTP;
let before: number;

beforeEach(async () => {
  server = await serve({ tree: new FileTree({ "/a": "a\r\n" }) });
  ({ ftp } = await client(server));
  await ftp.login("user", "pass");
  before = transcript(server).length;
});

afterEach(async () => {
  await ftp.close();
  await server.close();
});

const BAD = ["a\rINJECT x", "a\nINJECT x", "a\r\nINJECT x", "a\0b"];
const none = async () => {};

type Call = (ftp: FTP, x: string) => Promise<unknown>;
const CALLS: Record<string, Call> = {
  retrlines: (f, x) => f.retrlines(`LIST ${x}`, none),
  retrbinary: (f, x) => f.retrbinary(`RETR ${x}`, none),
  "retrbinary rest": (f, x) => f.retrbinary("RETR a", none, 8192, x),
  storbinary: (f, x) => f.storbinary(`STOR ${x}`, Buffer.from("x")),
  "storbinary rest": (f, x) => f.storbinary("STOR a", Buffer.from("x"), 8192, null, x),
  storlines: (f, x) => f.storlines(`STOR ${x}`, Buffer.from("x\n")),
  ntransfercmd: (f, x) => f.ntransfercmd(`RETR ${x}`),
  "ntransfercmd rest": (f, x) => f.ntransfercmd("RETR a", x),
  transfercmd: (f, x) => f.transfercmd(`RETR ${x}`),
  iterbinary: async (f, x) => {
    for await (const _ of f.iterbinary(`RETR ${x}`));
  },
  iterlines: async (f, x) => {
    for await (const _ of f.iterlines(`LIST ${x}`));
  },
  nlst: (f, x) => f.nlst(x),
  dir: (f, x) => f.dir(x, () => {}),
  mlsd: async (f, x) => {
    for await (const _ of f.mlsd(x));
  },
  "mlsd facts": async (f, x) => {
    for await (const _ of f.mlsd("", ["type", x]));
  },
  "rename from": (f, x) => f.rename(x, "b"),
  "rename to": (f, x) => f.rename("a", x),
  "login user": (f, x) => f.login(x, "p"),
  "login passwd": (f, x) => f.login("u", x),
  "login acct": (f, x) => f.login("u", "p", x),
  download: (f, x) => f.download(x, "/dev/null"),
  upload: (f, x) => f.upload(Buffer.from("x"), x),
  "upload resume": (f, x) => f.upload(Buffer.from("x"), x, { resume: true }),
  "ftpcp source": (f, x) => ftpcp(f, x, f, "b"),
  "ftpcp target": (f, x) => ftpcp(f, "a", f, x),
  cwd: (f, x) => f.cwd(x),
  size: (f, x) => f.size(x),
  delete: (f, x) => f.delete(x),
  mkd: (f, x) => f.mkd(x),
};

describe("a refused argument sends nothing", () => {
  for (const [name, call] of Object.entries(CALLS))
    it(name, async () => {
      for (const x of BAD) await expect(call(ftp, x)).rejects.toThrow(ValueError);
      expect(transcript(server).slice(before)).toBe("");
      // The connection is in step afterwards.
      expect(await ftp.pwd()).toBe("/");
    });

  it("FTP_TLS.login checks before AUTH TLS", async () => {
    const tls = new FTP_TLS({ timeout: 10 });
    await tls.connect("127.0.0.1", server.port);
    const mark = transcript(server, 1).length;
    await expect(tls.login("u", "p\r\nDELE a")).rejects.toThrow(ValueError);
    expect(transcript(server, 1).slice(mark)).toBe("");
    await tls.close();
  });
});
