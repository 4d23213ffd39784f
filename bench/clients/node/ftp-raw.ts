// The floor for FTP on Node: a bare node:net client (USER, PASS, TYPE, then PASV and one
// transfer command per job) whose data connection is read as 'data' events (a new Buffer every
// read, as @inetlib/socket and basic-ftp read) or with `onread` into one reused buffer (as curl
// and a recv_into() loop read). No parsing beyond the reply codes.
import net from "node:net";
import { clock, main, params } from "./common.js";
import { expect, RawConn } from "./common-raw.js";
import type { FtpParams } from "./ftp-params.js";

interface RawFtpParams extends FtpParams {
  reader?: "data" | "onread";
}

main(async () => {
  const p = params<RawFtpParams>();
  const t0 = clock();
  const c = await RawConn.connect(p.host, p.port);
  expect(await c.reply(), "220");
  expect(await c.command(`USER ${p.user}`), "331", "230");
  expect(await c.command(`PASS ${p.password}`), "230");
  expect(await c.command(p.op === "list" || p.op === "nlst" ? "TYPE A" : "TYPE I"), "200");
  const onread = p.reader === "onread";
  // One transfer: PASV, the data connection, the command, then both ends agree it is done.
  const transfer = async (command: string): Promise<number> => {
    const pasv = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(expect(await c.command("PASV"), "227"));
    if (!pasv) throw new Error("no PASV address");
    const port = Number(pasv[5]) * 256 + Number(pasv[6]);
    let bytes = 0;
    const count = (n: number): boolean => {
      bytes += n;
      return true;
    };
    const done = new Promise<void>((resolve, reject) => {
      const data = onread
        ? net.connect({
            port,
            host: p.host,
            onread: { buffer: Buffer.allocUnsafe(64 * 1024), callback: count },
          })
        : net.connect(port, p.host).on("data", (chunk: Buffer) => count(chunk.length));
      data.on("end", resolve);
      data.on("error", reject);
    });
    expect(await c.command(command), "150", "125");
    await done;
    expect(await c.reply(), "226");
    return bytes;
  };
  let bytes = 0;
  let ops = 0;
  if (p.op === "retr") bytes = await transfer(`RETR ${p.path}`);
  else if (p.op === "small") for (const path of p.paths!) bytes += await transfer(`RETR ${path}`);
  else for (let i = 0; i < p.count!; i++) bytes += await transfer(`${p.op.toUpperCase()} ${p.path}`);
  ops = p.op === "retr" ? 1 : p.op === "small" ? p.paths!.length : p.count!;
  const seconds = clock() - t0;
  c.sock.destroy();
  return { seconds, bytes, ops };
});
