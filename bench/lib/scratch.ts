// The bench's own files on the daemons' side, made without touching test/daemons (which would
// make up.sh rebuild and restart every daemon): a 1 GiB file in a folder of its own inside the
// anonymous FTP root and the web root, a folder for uploads in the FTP user's home, the SMTP
// message, the curl configurations. Nothing the seed made is changed.
import { execFileSync } from "node:child_process";
import {
  chownSync,
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paths, stateDir, users } from "../../test/interop/env.js";

/** The folder name the bench owns inside each served root. */
export const SCRATCH = "bench-scratch";
/** The 1 GiB file: FTP path (anonymous root), HTTP path, and where it is on disk. */
export const GIB = 1 << 30;
export const gibFtpPath = `/${SCRATCH}/1gib.bin`;
export const gibHttpPath = `/${SCRATCH}/1gib.bin`;
export const gibFile = join(paths.ftpAnon, SCRATCH, "1gib.bin");
/** The seeded 100 MB file on disk (also the upload source). */
export const seedBigFile = join(paths.ftpAnon, "big", "100mb.bin");
/** Where uploads go: relative to the FTP user's login directory, and on disk. */
export const uploadDir = SCRATCH;
export const uploadDirOnDisk = join(paths.systemHome, SCRATCH);

/** ensureGibFile makes the 1 GiB file once (10 copies of the seeded 100 MB file, cut to 1 GiB) and links it into the web root. */
export function ensureGibFile(): boolean {
  const wwwDir = join(paths.www, SCRATCH);
  const wwwFile = join(wwwDir, "1gib.bin");
  if (!existsSync(gibFile) || statSync(gibFile).size !== GIB) {
    mkdirSync(join(paths.ftpAnon, SCRATCH), { recursive: true, mode: 0o755 });
    const src = readFileSync(seedBigFile);
    const tmp = `${gibFile}.tmp`;
    const fd = openSync(tmp, "w", 0o644);
    for (let left = GIB; left > 0; left -= Math.min(left, src.length))
      writeSync(fd, src, 0, Math.min(left, src.length));
    closeSync(fd);
    execFileSync("mv", [tmp, gibFile]);
  }
  mkdirSync(wwwDir, { recursive: true, mode: 0o755 });
  if (!existsSync(wwwFile) || statSync(wwwFile).ino !== statSync(gibFile).ino) {
    rmSync(wwwFile, { force: true });
    linkSync(gibFile, wwwFile);
  }
  return true;
}

/** ensureUploadDir makes the FTP user's upload folder, owned by that user. */
export function ensureUploadDir(): void {
  mkdirSync(uploadDirOnDisk, { recursive: true, mode: 0o755 });
  const id = (flag: string): number =>
    Number(execFileSync("id", [flag, users.system.user]).toString().trim());
  chownSync(uploadDirOnDisk, id("-u"), id("-g"));
}

/** clearUploads removes what the uploads left. */
export function clearUploads(): void {
  if (!existsSync(uploadDirOnDisk)) return;
  for (const f of readdirSync(uploadDirOnDisk)) rmSync(join(uploadDirOnDisk, f), { force: true });
}

/** removeScratch removes every file and folder the bench made on the daemons' side (--clean). */
export function removeScratch(): void {
  rmSync(join(paths.ftpAnon, SCRATCH), { recursive: true, force: true });
  rmSync(join(paths.www, SCRATCH), { recursive: true, force: true });
  rmSync(uploadDirOnDisk, { recursive: true, force: true });
}

/** The envelope sender of the bench's SMTP messages: how the bench finds its own recordings. */
export const SMTP_FROM = "inetlib-bench@inetlib.test";
export const SMTP_HELO = "bench.inetlib.test";

/** clearRecordings deletes the messages the recorder kept from the bench (and only those). */
export function clearRecordings(): number {
  const dir = paths.recorderMessages;
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".json")) continue;
    try {
      const meta = JSON.parse(readFileSync(join(dir, f), "utf8")) as { mail_from?: string; helo?: string };
      if (meta.mail_from !== SMTP_FROM || meta.helo !== SMTP_HELO) continue;
      const base = join(dir, f.slice(0, -".json".length));
      unlinkSync(`${base}.eml`);
      unlinkSync(`${base}.json`);
      n++;
    } catch {
      // Being written or already gone.
    }
  }
  return n;
}

/** A folder of temporary files for one run of the bench (curl configurations, the message). */
export class TempDir {
  readonly dir = mkdtempSync(join(tmpdir(), "inetlib-bench-"));

  write(name: string, content: string | Buffer): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * resetGophernicusThrottle: gophernicus counts each client address's hits in System V shared
 * memory (key 0xbeeb....) and, past 4,096 hits in a 30-minute session, sleeps a second before
 * every answer. Every loopback client is 127.0.0.1, so the bench's thousands of menus would slow
 * every client of the daemon, other tests' too, to one answer a second for half an hour.
 * Removing the segment resets the counters (each gophernicus process creates it again, as after
 * a restart). Returns whether a segment was removed.
 */
export function resetGophernicusThrottle(): boolean {
  let removed = false;
  let table = "";
  try {
    table = execFileSync("ipcs", ["-m"], { encoding: "utf8" });
  } catch {
    return false;
  }
  for (const line of table.split("\n")) {
    const key = /^(0xbeeb[0-9a-f]{4})\s/.exec(line)?.[1];
    if (!key) continue;
    try {
      execFileSync("ipcrm", ["-M", key], { stdio: "ignore" });
      removed = true;
    } catch {
      // Not ours to remove (not root), or gone already.
    }
  }
  return removed;
}

/** The state directory, for messages. */
export { stateDir };
