// FTP with @inetlib/ftp, written as a Python user would write it with ftplib.
import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import { FTP, FTP_TLS } from "@inetlib/ftp";
import { create_default_context } from "@inetlib/socket";
import { clock, main, params } from "./common.js";
import type { FtpParams } from "./ftp-params.js";

main(async () => {
  const p = params<FtpParams>();
  const t0 = clock();
  const options = { port: p.port, timeout: 120 };
  const ftp = p.tls
    ? await FTP_TLS.open(p.host, p.user, p.password, "", {
        ...options,
        context: create_default_context({ cafile: p.ca! }),
      })
    : await FTP.open(p.host, p.user, p.password, "", options);
  if (ftp instanceof FTP_TLS) await ftp.prot_p();
  if (p.active) ftp.set_pasv(false);
  let bytes = 0;
  let ops = 0;
  const count = (block: Buffer): void => {
    bytes += block.length;
  };
  switch (p.op) {
    case "retr":
      await ftp.retrbinary(`RETR ${p.path}`, count, p.blocksize);
      ops = 1;
      break;
    case "stor": {
      // Python's `with open(local, "rb") as fp: ftp.storbinary(cmd, fp, blocksize)`.
      await using fp = await open(p.local!, "r");
      await ftp.storbinary(`STOR ${p.path}`, fp, p.blocksize);
      bytes = statSync(p.local!).size;
      ops = 1;
      break;
    }
    case "list":
      for (let i = 0; i < p.count!; i++) {
        await ftp.retrlines(`LIST ${p.path}`, (line) => {
          bytes += line.length + 2;
        });
        ops++;
      }
      break;
    case "nlst":
      for (let i = 0; i < p.count!; i++) {
        for (const name of await ftp.nlst(p.path)) bytes += name.length + 2;
        ops++;
      }
      break;
    case "small":
      for (const path of p.paths!) {
        await ftp.retrbinary(`RETR ${path}`, count, p.blocksize);
        ops++;
      }
      break;
  }
  const seconds = clock() - t0;
  await ftp.quit();
  return { seconds, bytes, ops };
});
