// FTP with basic-ftp (the Node peer), as its README shows it.
import { readFileSync, statSync } from "node:fs";
import { Writable } from "node:stream";
import { Client } from "basic-ftp";
import { clock, main, params } from "./common.js";
import type { FtpParams } from "./ftp-params.js";

main(async () => {
  const p = params<FtpParams>();
  let bytes = 0;
  let ops = 0;
  // A sink that counts: the other clients discard what they download too.
  const sink = (): Writable =>
    new Writable({
      highWaterMark: p.blocksize,
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done();
      },
    });
  const t0 = clock();
  const client = new Client(120_000);
  if (p.active) throw new Error("basic-ftp has no active mode");
  await client.access({
    host: p.host,
    port: p.port,
    user: p.user,
    password: p.password,
    ...(p.tls ? { secure: true, secureOptions: { ca: readFileSync(p.ca!) } } : {}),
  });
  switch (p.op) {
    case "retr":
      await client.downloadTo(sink(), p.path);
      ops = 1;
      break;
    case "stor":
      await client.uploadFrom(p.local!, p.path);
      bytes = statSync(p.local!).size;
      ops = 1;
      break;
    case "list":
      for (let i = 0; i < p.count!; i++) {
        bytes += (await client.list(p.path)).length;
        ops++;
      }
      break;
    case "nlst":
      throw new Error("basic-ftp has no NLST");
    case "small":
      for (const path of p.paths!) {
        await client.downloadTo(sink(), path);
        ops++;
      }
      break;
  }
  const seconds = clock() - t0;
  client.close();
  return { seconds, bytes, ops };
});
