// Downloading a file to disk with a progress line, then resuming a partial download (REST).
//
//   tsx examples/ftp/download.ts [ftp://user:password@host/path/to/file]
import { mkdtemp, stat, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { type FTPExample, login, runIfMain } from "./site.js";

export const download: FTPExample<{ path: string; size: number }> = async (site, log) => {
  await using ftp = await login(site, log);
  const remote = site.path;
  const path = join(await mkdtemp(join(tmpdir(), "ftp-download-")), basename(remote));
  let next = 25;
  const progress = ({ bytes, size }: { bytes: number; size: number | null }) => {
    for (const percent = size ? (bytes * 100) / size : 0; percent >= next; next += 25) log(`  ${next}%`);
  };
  log(await ftp.download(remote, path, { progress }));
  const { size } = await stat(path);
  log(`saved ${size} bytes to ${path}`);

  // Cut the file short, as an interrupted download leaves it, and resume.
  await truncate(path, Math.floor(size / 3));
  log(`resuming from ${(await stat(path)).size} bytes`);
  log(await ftp.download(remote, path, { resume: true }));
  log(`now ${(await stat(path)).size} bytes`);
  return { path, size: (await stat(path)).size };
};

await runIfMain(import.meta.url, download, "pub/big/8mib.bin");
