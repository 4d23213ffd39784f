// The floor for an FTP download on Node: a bare node:net client (USER, PASS, TYPE I, PASV,
// RETR) whose data connection is read as 'data' events (a new Buffer every read, as
// @inetlib/socket and basic-ftp read) or with `onread` into one reused buffer (as curl and a
// recv_into() loop read). No parsing beyond the reply codes.
import net from "node:net";
import { clock, main, params } from "./common.js";
import type { FtpParams } from "./ftp-params.js";

interface RawFtpParams extends FtpParams {
  reader: "data" | "onread";
}

main(async () => {
  const p = params<RawFtpParams>();
  const t0 = clock();
  const ctl = net.connect(p.port, p.host);
  ctl.setNoDelay(true);
  let text = "";
  let wake: (() => void) | null = null;
  ctl.setEncoding("latin1");
  ctl.on("data", (s: string) => {
    text += s;
    wake?.();
  });
  // One final reply line ("NNN text"), skipping continuation lines.
  const reply = async (): Promise<string> => {
    for (;;) {
      const m = /^(\d{3}) .*\r\n/m.exec(text);
      if (m) {
        text = text.slice(m.index + m[0].length);
        return m[0].trim();
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };
  const cmd = async (line: string): Promise<string> => {
    ctl.write(`${line}\r\n`);
    return reply();
  };
  await reply();
  await cmd(`USER ${p.user}`);
  await cmd(`PASS ${p.password}`);
  await cmd("TYPE I");
  const pasv = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(await cmd("PASV"));
  if (!pasv) throw new Error("no PASV reply");
  const port = Number(pasv[5]) * 256 + Number(pasv[6]);
  let bytes = 0;
  const count = (n: number): boolean => {
    bytes += n;
    return true;
  };
  const done = new Promise<void>((resolve, reject) => {
    const data =
      p.reader === "onread"
        ? net.connect({
            port,
            host: p.host,
            onread: { buffer: Buffer.allocUnsafe(64 * 1024), callback: count },
          })
        : net.connect(port, p.host).on("data", (chunk: Buffer) => count(chunk.length));
    data.on("end", resolve);
    data.on("error", reject);
  });
  const started = await cmd(`RETR ${p.path}`);
  if (!started.startsWith("150") && !started.startsWith("125")) throw new Error(started);
  await done;
  const final = await reply();
  if (!final.startsWith("226")) throw new Error(final);
  const seconds = clock() - t0;
  ctl.destroy();
  return { seconds, bytes, ops: 1 };
});
