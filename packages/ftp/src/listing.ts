// Listings read into memory (nlst, mlsd, list), bounded so that a hostile server cannot fill it.
import { ResponseTooLarge } from "./errors.js";
import type { FTP } from "./ftp.js";
import { type FileInfo, parseList, parseMlsd } from "./list/index.js";
import type { TransferOptions } from "./transfer.js";

/** ListOptions are list()'s options. */
export interface ListOptions extends TransferOptions {
  /** The time a Unix LIST line without a year is judged against (default: now). */
  now?: Date;
  /** false: always LIST, even where the server has MLSD. */
  mlsd?: boolean;
}

/** collectLines runs retrlines(cmd) into an array of at most `ftp.maxlisting` lines (ResponseTooLarge beyond). */
export async function collectLines(ftp: FTP, cmd: string, options: TransferOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  const max = ftp.maxlisting;
  await ftp.retrlines(
    cmd,
    (line) => {
      if (lines.length >= max) throw new ResponseTooLarge("listing", max, "lines");
      lines.push(line);
    },
    options,
  );
  return lines;
}

/**
 * list reads a directory's entries: with MLSD where the server announces MLST in FEAT (RFC
 * 3659 facts, times in UTC), else with LIST, whose lines are parsed as Unix or DOS listings.
 * The directory itself and its parent ("cdir", "pdir", ".", "..") are left out.
 */
export async function list(ftp: FTP, path: string, options: ListOptions): Promise<FileInfo[]> {
  const { now, mlsd = true, ...transfer } = options;
  const useMlsd = mlsd && (await ftp.features()).some((f) => /^MLST\b/i.test(f));
  if (useMlsd) {
    const lines = await collectLines(ftp, path ? `MLSD ${path}` : "MLSD", transfer);
    return parseMlsd(lines).filter((e) => e.type !== "cdir" && e.type !== "pdir");
  }
  const lines = await collectLines(ftp, path ? `LIST ${path}` : "LIST", transfer);
  return parseList(lines, now).filter((e) => e.name !== "." && e.name !== "..");
}
