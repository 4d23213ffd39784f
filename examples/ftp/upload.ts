// Uploading: a file with storbinary() as in Python, a generated stream with upload(), then an
// interrupted upload resumed with APPE.
//
//   tsx examples/ftp/upload.ts [ftp://user:password@host/dir]
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type FTPExample, login, runIfMain } from "./site.js";

async function* numbers(lines: number): AsyncGenerator<Buffer> {
  for (let i = 1; i <= lines; i++) yield Buffer.from(`line ${i}\r\n`);
}

export const upload: FTPExample<Record<string, number | null>> = async (site, log) => {
  await using ftp = await login(site, log);
  if (site.path) log(await ftp.cwd(site.path));
  const local = join(await mkdtemp(join(tmpdir(), "ftp-upload-")), "report.txt");
  await writeFile(local, "Quarterly report\r\nAll systems nominal.\r\n");

  // Python: with open(local, "rb") as f: ftp.storbinary("STOR report.txt", f)
  log(await ftp.upload(local, "report.txt"));
  await rm(dirname(local), { recursive: true });
  log(await ftp.storbinary("STOR numbers.txt", numbers(1000)));

  // Half of it arrives, the connection drops, and upload() sends the rest after SIZE.
  const data = Buffer.alloc(200_000, "x");
  log(await ftp.storbinary("STOR resumed.bin", data.subarray(0, 80_000)));
  log(await ftp.upload(data, "resumed.bin", { resume: true }));

  const sizes: Record<string, number | null> = {};
  for (const name of ["report.txt", "numbers.txt", "resumed.bin"]) sizes[name] = await ftp.size(name);
  log("sizes on the server:", JSON.stringify(sizes));
  return sizes;
};

await runIfMain(import.meta.url, upload, "incoming");
