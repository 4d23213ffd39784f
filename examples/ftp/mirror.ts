// Mirroring a remote directory tree to a local one: list() each directory, download() each
// file, recurse into subdirectories; files already there with the right size are skipped.
//
//   tsx examples/ftp/mirror.ts [ftp://user:password@host/dir] [local-dir]
import { mkdir, mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FTP } from "@inetlib/ftp";
import { type FTPExample, type Log, login, runIfMain } from "./site.js";

async function mirrorDir(
  ftp: FTP,
  remote: string,
  local: string,
  log: Log,
  count: { files: number; bytes: number },
) {
  await mkdir(local, { recursive: true });
  for (const entry of await ftp.list(remote)) {
    const from = remote ? `${remote}/${entry.name}` : entry.name;
    const to = join(local, entry.name);
    if (entry.type === "dir") {
      await mirrorDir(ftp, from, to, log, count);
    } else if (entry.type === "file") {
      const have = await stat(to).then(
        (s) => s.size,
        () => -1,
      );
      if (have === entry.size) {
        log(`  = ${from}`);
        continue;
      }
      await ftp.download(from, to);
      log(`  + ${from} (${entry.size} bytes)`);
      count.files++;
      count.bytes += entry.size ?? 0;
    }
  }
}

export const mirror: FTPExample<{ local: string; files: number; bytes: number }> = async (site, log) => {
  await using ftp = await login(site, log);
  const local = process.argv[3] ?? (await mkdtemp(join(tmpdir(), "ftp-mirror-")));
  const count = { files: 0, bytes: 0 };
  log(`mirroring /${site.path} into ${local}`);
  await mirrorDir(ftp, site.path, local, log, count);
  log(`${count.files} files, ${count.bytes} bytes`);
  log("again: nothing to do");
  await mirrorDir(ftp, site.path, local, log, count);
  return { local, ...count };
};

await runIfMain(import.meta.url, mirror, "pub");
