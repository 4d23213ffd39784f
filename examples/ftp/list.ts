// Listing a directory three ways: ftplib's docstring example (retrlines("LIST") prints the raw
// lines), nlst() for the names, and list() for parsed entries (MLSD where the server has it).
//
//   tsx examples/ftp/list.ts [ftp://user:password@host/dir]
import type { FileInfo } from "@inetlib/ftp";
import { type FTPExample, login, runIfMain } from "./site.js";

export const listDirectory: FTPExample<FileInfo[]> = async (site, log) => {
  await using ftp = await login(site, log);
  if (site.path) log(await ftp.cwd(site.path));
  log(`${await ftp.pwd()}:`);
  log(await ftp.retrlines("LIST", (line) => log(`  ${line}`)));
  log("names:", (await ftp.nlst()).join(", "));
  const entries = await ftp.list();
  for (const e of entries) {
    const size = e.type === "dir" ? "<dir>" : `${e.size} bytes`;
    log(`  ${e.name.padEnd(12)} ${size.padStart(16)}  ${e.modify?.toISOString() ?? "?"}`);
  }
  return entries;
};

await runIfMain(import.meta.url, listDirectory, "pub");
